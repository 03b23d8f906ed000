use migrate_runtime::prelude::*;

pub struct Init;

#[migration(revision = "")]
impl Migration for Init {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

fn main() {}
