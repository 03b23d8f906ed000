use migrate_runtime::model::Model;

#[derive(Model)]
pub struct Line {
    #[column(primary_key)]
    pub id: i64,
    pub price: i64,
    pub quantity: i64,
    #[column(generated = "price * quantity", default = 0)]
    pub total: i64,
}

fn main() {}
