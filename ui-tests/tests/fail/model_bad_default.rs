use migrate_runtime::model::Model;

#[derive(Model)]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    #[column(default = today)]
    pub joined: String,
}

fn main() {}
