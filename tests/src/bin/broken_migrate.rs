//! A command line over a two-migration history whose second migration fails half way, so
//! that tests can watch a failure from the outside: exit code, message, database untouched.

use std::process::ExitCode;

use migrate_runtime::Migrations;
use migrate_runtime::prelude::*;

/// A first migration that succeeds.
pub struct CreateAccounts;

#[migration(revision = "aa11bb22cc33", message = "create accounts")]
impl Migration for CreateAccounts {
    fn upgrade(&self) -> Plan {
        let accounts =
            op::create_table("accounts").column(Column::new("id", Type::Integer).primary_key());
        Plan::new().op(accounts)
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::drop_table("accounts"))
    }
}

/// Its first statement succeeds, its second is invalid.
pub struct FailsHalfWay;

#[migration(
    revision = "dd44ee55ff66",
    down = "aa11bb22cc33",
    message = "fails half way"
)]
impl Migration for FailsHalfWay {
    fn upgrade(&self) -> Plan {
        let ledger =
            op::create_table("ledger").column(Column::new("id", Type::Integer).primary_key());
        Plan::new()
            .op(ledger)
            .op(op::execute("INSERT INTO no_such_table VALUES (1)"))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::drop_table("ledger"))
    }
}

fn main() -> ExitCode {
    let migrations = Migrations::from_defs([&CreateAccounts::MIGRATION, &FailsHalfWay::MIGRATION]);
    migrate_cli::main(migrations.with_versions_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/bin")))
}
