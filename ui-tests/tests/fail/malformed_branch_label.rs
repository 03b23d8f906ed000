use migrate_runtime::prelude::*;

pub struct Base;

#[migration(revision = "a1a1a1a1a1a1", branch_labels = "Billing Team")]
impl Migration for Base {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

fn main() {}
