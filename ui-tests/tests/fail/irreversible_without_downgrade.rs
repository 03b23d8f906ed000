use migrate_runtime::prelude::*;

pub struct Backfill;

#[migration(revision = "ae1027a6acf0")]
impl Migration for Backfill {
    fn upgrade(&self) -> Plan {
        Plan::new()
            .op(op::add_column("users", Column::new("status", Type::Text)))
            .op(op::execute("UPDATE users SET status = 'active'"))
    }
}

fn main() {}
