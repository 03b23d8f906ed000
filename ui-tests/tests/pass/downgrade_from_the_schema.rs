//! Drops and column changes need no written downgrade: the runner derives it from the schema
//! the history built before the migration.

use migrate_runtime::prelude::*;
use migrate_runtime::{Dialect, Migrations, Migrator};

pub struct CreateUsers;

#[migration(revision = "c1c1c1c1c1c1", message = "create users")]
impl Migration for CreateUsers {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("users")
            .column(Column::new("id", Type::BigSerial).primary_key())
            .column(Column::new("email", Type::Varchar(80)).not_null())
            .column(Column::new("nickname", Type::Text)))
    }
}

pub struct Trim;

#[migration(revision = "d1d1d1d1d1d1", down = "c1c1c1c1c1c1", message = "trim users")]
impl Migration for Trim {
    fn upgrade(&self) -> Plan {
        Plan::new()
            .op(op::drop_column("users", "nickname"))
            .op(op::alter_column("users", "email").ty(Type::Text))
    }
}

fn main() {
    let migrations = Migrations::from_defs([&CreateUsers::MIGRATION, &Trim::MIGRATION]);
    let migrator = Migrator::with_migrations("sqlite::memory:", &migrations).expect("history");
    let (_, _, downgrade) = migrator.show("d1d1d1d1d1d1", Dialect::Postgres).expect("show");
    assert!(downgrade.text.contains("ADD COLUMN \"nickname\" TEXT"), "{}", downgrade.text);
    assert!(
        downgrade.text.contains("ALTER COLUMN \"email\" TYPE VARCHAR(80)"),
        "{}",
        downgrade.text
    );
}
