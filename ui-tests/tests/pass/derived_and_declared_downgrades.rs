//! A downgrade derived from a reversible upgrade, and a migration declared irreversible.

use migrate_runtime::prelude::*;

pub struct CreateUsers;

#[migration(revision = "a1a1a1a1a1a1", message = "create users")]
impl Migration for CreateUsers {
    fn upgrade(&self) -> Plan {
        Plan::new()
            .op(op::create_table("users").column(Column::new("id", Type::BigSerial).primary_key()))
            .op(op::add_column("users", Column::new("email", Type::Text)))
    }
}

pub struct PurgeTestUsers;

#[migration(revision = "b1b1b1b1b1b1", down = "a1a1a1a1a1a1", irreversible, transactional = false)]
impl Migration for PurgeTestUsers {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::execute("DELETE FROM users WHERE email LIKE '%@test.invalid'"))
    }
}

fn main() {
    let downgrade = CreateUsers::MIGRATION.downgrade();
    // The column added to the table the migration creates goes with the table.
    let expected = Plan::new().op(op::drop_table("users"));
    assert_eq!(downgrade, expected);
    assert!(PurgeTestUsers::MIGRATION.downgrade().irreversible().is_some());
    assert!(!PurgeTestUsers::MIGRATION.is_transactional());
    assert!(CreateUsers::MIGRATION.is_transactional());
}
