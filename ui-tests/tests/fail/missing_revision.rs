use migrate_runtime::prelude::*;

pub struct Init;

#[migration(down = "a1b2c3d4e5f6")]
impl Migration for Init {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }

    fn downgrade(&self) -> Plan {
        Plan::new()
    }
}

fn main() {}
