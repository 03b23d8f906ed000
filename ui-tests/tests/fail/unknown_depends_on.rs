use migrate_runtime::prelude::*;

pub struct CreateUsers;

#[migration(revision = "ae1027a6acf0", depends_on = ["c0ffee000000"])]
impl Migration for CreateUsers {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("users"))
    }
}

fn main() {}
