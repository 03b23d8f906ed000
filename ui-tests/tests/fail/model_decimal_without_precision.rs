use migrate_runtime::model::Model;

#[derive(Model)]
pub struct Invoice {
    #[column(primary_key)]
    pub id: i64,
    pub total: rust_decimal::Decimal,
}

fn main() {}
