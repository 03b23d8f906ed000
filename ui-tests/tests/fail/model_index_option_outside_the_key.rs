use migrate_runtime::model::Model;

#[derive(Model)]
#[model(index(email, desc(id)))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    pub email: String,
}

fn main() {}
