use migrate_runtime::model::Model;

#[derive(Model)]
#[model(primary_key(id))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

fn main() {}
