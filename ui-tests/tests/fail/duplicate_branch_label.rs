use migrate_runtime::prelude::*;

pub struct Base;

#[migration(revision = "a1a1a1a1a1a1")]
impl Migration for Base {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

pub struct Billing;

#[migration(revision = "b1b1b1b1b1b1", down = "a1a1a1a1a1a1", branch_labels = "billing")]
impl Migration for Billing {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

pub struct Invoices;

#[migration(revision = "c1c1c1c1c1c1", down = "a1a1a1a1a1a1", branch_labels = ["invoices", "billing"])]
impl Migration for Invoices {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

fn main() {}
