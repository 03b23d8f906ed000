use migrate_runtime::prelude::*;

pub struct Concurrent;

#[migration(revision = "a1b2c3d4e5f6", transactional = "no")]
impl Migration for Concurrent {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

fn main() {}
