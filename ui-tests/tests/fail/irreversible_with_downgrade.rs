use migrate_runtime::prelude::*;

pub struct Backfill;

#[migration(revision = "ae1027a6acf0", irreversible)]
impl Migration for Backfill {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::execute("UPDATE users SET status = 'active'"))
    }

    fn downgrade(&self) -> Plan {
        Plan::new()
    }
}

fn main() {}
