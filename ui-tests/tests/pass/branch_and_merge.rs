//! Two branches from one base, joined by a merge migration.

use migrate_runtime::prelude::*;

pub struct Base;

#[migration(revision = "a1a1a1a1a1a1", message = "base")]
impl Migration for Base {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("accounts"))
    }
}

pub struct Billing;

#[migration(revision = "b1b1b1b1b1b1", down = "a1a1a1a1a1a1", message = "billing")]
impl Migration for Billing {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("invoices"))
    }
}

pub struct Search;

#[migration(revision = "c1c1c1c1c1c1", down = "a1a1a1a1a1a1", message = "search")]
impl Migration for Search {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_index("ix_accounts_name", "accounts", ["name"]))
    }
}

pub struct Merge;

#[migration(revision = "d1d1d1d1d1d1", down = ["b1b1b1b1b1b1", "c1c1c1c1c1c1"], message = "merge")]
impl Migration for Merge {
    fn upgrade(&self) -> Plan {
        Plan::new()
    }
}

fn main() {
    let graph = migrate_runtime::Migrations::registered().graph();
    let heads = graph.expect("a valid history").head_revisions();
    assert_eq!(heads.iter().map(|r| r.revision).collect::<Vec<_>>(), ["d1d1d1d1d1d1"]);
}
