use migrate_runtime::model::Model;

#[derive(Model)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    pub email: String,
    #[column(name = "email")]
    pub address: String,
}

fn main() {}
