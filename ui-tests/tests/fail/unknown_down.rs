use migrate_runtime::prelude::*;

pub struct CreateUsers;

#[migration(revision = "ae1027a6acf0", message = "create users")]
impl Migration for CreateUsers {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("users"))
    }
}

pub struct AddEmail;

#[migration(revision = "27c6a30d7c24", down = "ae1027a6acf9", message = "add email")]
impl Migration for AddEmail {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::add_column("users", Column::new("email", Type::Text)))
    }
}

fn main() {}
