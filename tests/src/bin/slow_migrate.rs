//! A command line over a history made for races: `a…01` creates the table `runs`; `a…02`, not
//! transactional, writes a row to `runs`, waits a moment in a data step and writes another,
//! so that runners started together overlap inside it; `a…03` and `a…04` create a table each.
//! A test may put a statement of its own before `a…04`'s (see [`Fourth`]), or change the
//! first statement of `a…02` (`SLOW_MIGRATE_STEP_ONE`).

use std::process::ExitCode;
use std::time::Duration;

use migrate_runtime::Migrations;
use migrate_runtime::prelude::*;

/// The table every run of the slow migration writes to.
pub struct CreateRuns;

#[migration(revision = "a00000000001", message = "create runs")]
impl Migration for CreateRuns {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("runs").column(Column::new("step", Type::Integer)))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::drop_table("runs"))
    }
}

async fn linger(_: &mut DataContext<'_>) -> Result<(), DataError> {
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

/// Not transactional: each statement commits on its own, so only the migration lock keeps two
/// runners from both running it.
pub struct Slow;

#[migration(
    revision = "a00000000002",
    down = "a00000000001",
    message = "slow",
    transactional = false
)]
impl Migration for Slow {
    fn upgrade(&self) -> Plan {
        // A test changes the first statement, as an edit after an interrupted run would.
        let first = std::env::var("SLOW_MIGRATE_STEP_ONE").unwrap_or_else(|_| "1".to_owned());
        Plan::new()
            .op(op::execute(format!(
                "INSERT INTO runs (step) VALUES ({first})"
            )))
            .data("linger", linger)
            .op(op::execute("INSERT INTO runs (step) VALUES (2)"))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::execute("DELETE FROM runs"))
    }
}

/// A third table.
pub struct Third;

#[migration(revision = "a00000000003", down = "a00000000002", message = "third")]
impl Migration for Third {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_table("third").column(Column::new("id", Type::Integer)))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::drop_table("third"))
    }
}

/// A fourth table; first the statement in `SLOW_MIGRATE_FIRST`, when set (a long one, for
/// the tests that kill a runner while the server executes it).
pub struct Fourth;

#[migration(revision = "a00000000004", down = "a00000000003", message = "fourth")]
impl Migration for Fourth {
    fn upgrade(&self) -> Plan {
        let first = std::env::var("SLOW_MIGRATE_FIRST").ok();
        let plan = first
            .into_iter()
            .fold(Plan::new(), |plan, sql| plan.op(op::execute(sql)));
        plan.op(op::create_table("fourth").column(Column::new("id", Type::Integer)))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::drop_table("fourth"))
    }
}

fn main() -> ExitCode {
    let migrations = Migrations::from_defs([
        &CreateRuns::MIGRATION,
        &Slow::MIGRATION,
        &Third::MIGRATION,
        &Fourth::MIGRATION,
    ]);
    migrate_cli::main(migrations.with_versions_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/bin")))
}
