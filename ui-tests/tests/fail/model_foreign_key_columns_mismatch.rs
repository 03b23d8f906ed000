use migrate_runtime::model::Model;

#[derive(Model)]
#[model(foreign_key(team_id, references = "teams(id, region)"))]
pub struct Member {
    #[column(primary_key)]
    pub id: i64,
    pub team_id: i64,
}

fn main() {}
