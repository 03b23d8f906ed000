use migrate_runtime::prelude::*;

pub struct Root;

#[migration(revision = "0a0a0a0a0a0a")]
impl Migration for Root {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

pub struct A;

#[migration(revision = "aaaaaaaaaaaa", down = "cccccccccccc")]
impl Migration for A {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

pub struct B;

#[migration(revision = "bbbbbbbbbbbb", down = "aaaaaaaaaaaa")]
impl Migration for B {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

pub struct C;

#[migration(revision = "cccccccccccc", down = "bbbbbbbbbbbb")]
impl Migration for C {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

fn main() {}
