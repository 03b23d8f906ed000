use migrate_runtime::model::Model;

#[derive(Model)]
#[model(index(expr = "lower(email)"))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    pub email: String,
}

fn main() {}
