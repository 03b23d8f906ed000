use migrate_runtime::prelude::*;

pub struct Init;

#[migration(revision = "A1-B2")]
impl Migration for Init {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }

    fn downgrade(&self) -> Plan {
        Plan::new()
    }
}

fn main() {}
