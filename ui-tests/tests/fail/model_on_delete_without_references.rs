use migrate_runtime::model::Model;

#[derive(Model)]
pub struct Order {
    #[column(primary_key)]
    pub id: i64,
    #[column(on_delete = "cascade")]
    pub user_id: i64,
}

fn main() {}
