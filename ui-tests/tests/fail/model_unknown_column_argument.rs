use migrate_runtime::model::Model;

#[derive(Model)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    #[column(lenght = 40)]
    pub name: String,
}

fn main() {}
