//! An independent branch (its own base), and a migration of the main branch that depends on it.

use migrate_runtime::prelude::*;

pub struct CreateUsers;

#[migration(revision = "a1a1a1a1a1a1", message = "create users")]
impl Migration for CreateUsers {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("users"))
    }
}

pub struct CreateNetworks;

#[migration(revision = "e1e1e1e1e1e1", message = "networking branch: create networks")]
impl Migration for CreateNetworks {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("networks"))
    }
}

pub struct UserNetworks;

#[migration(
    revision = "b1b1b1b1b1b1",
    down = "a1a1a1a1a1a1",
    depends_on = "e1e1e1e1e1e1",
    message = "users join networks"
)]
impl Migration for UserNetworks {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("user_networks"))
    }
}

fn main() {
    assert_eq!(UserNetworks::MIGRATION.depends_on(), ["e1e1e1e1e1e1"]);
    let graph = migrate_runtime::Migrations::registered().graph();
    assert_eq!(graph.expect("a valid history").head_revisions().len(), 2);
}
