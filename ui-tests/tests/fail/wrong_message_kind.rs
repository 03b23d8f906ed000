use migrate_runtime::prelude::*;

pub struct Init;

#[migration(revision = "a1b2c3d4e5f6", message = 5)]
impl Migration for Init {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

fn main() {}
