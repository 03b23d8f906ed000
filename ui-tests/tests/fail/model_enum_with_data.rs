use migrate_runtime::model::ModelEnum;

#[derive(ModelEnum)]
pub enum Status {
    Active,
    Archived(String),
}

fn main() {}
