use migrate_runtime::prelude::*;

pub struct CreateUsers;

#[migration(revision = "ae1027a6acf0", message = "create users")]
impl Migration for CreateUsers {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("users"))
    }
}

/// Copied from the file above, revision kept.
pub struct CreateAccounts;

#[migration(revision = "ae1027a6acf0", message = "create accounts")]
impl Migration for CreateAccounts {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("accounts"))
    }
}

fn main() {}
