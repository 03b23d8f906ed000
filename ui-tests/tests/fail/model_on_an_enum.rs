use migrate_runtime::model::Model;

#[derive(Model)]
pub enum Status {
    Active,
    Archived,
}

fn main() {}
