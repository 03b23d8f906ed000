use migrate_runtime::prelude::*;

pub struct Init;

#[migration(revision = "0123456789abcdef0123456789abcdef0")]
impl Migration for Init {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

fn main() {}
