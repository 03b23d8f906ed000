use migrate_runtime::model::Model;

#[derive(Model)]
pub struct Job {
    #[column(primary_key)]
    pub id: i64,
    pub timeout: std::time::Duration,
}

fn main() {}
