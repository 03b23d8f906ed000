//! What real Alembic did, replayed through migrate: `tests/data/alembic_oracle.jsonl` holds
//! random revision graphs (branches, merges, labels, `depends_on`, ids sharing prefixes) and
//! the `upgrade` / `downgrade` / `stamp` commands Alembic 1.20 ran on each, with whether it
//! succeeded and the version table it left (`oracle/record.py` wrote it). Every command must
//! succeed or fail as it did under Alembic and leave the same version rows.

use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, define};
use migrate_tests::{Backend, TestDb, block_on};
use serde::Deserialize;

const RECORDED: &str = include_str!("../data/alembic_oracle.jsonl");

#[derive(Deserialize)]
struct Case {
    graph: Vec<Node>,
    commands: Vec<Command>,
}

#[derive(Deserialize)]
struct Node {
    revision: String,
    down: Vec<String>,
    depends_on: Vec<String>,
    labels: Vec<String>,
}

#[derive(Deserialize)]
struct Command {
    command: String,
    target: String,
    ok: bool,
    error: Option<String>,
    rows: Vec<String>,
}

fn strs(items: &[String]) -> Vec<&str> {
    items.iter().map(String::as_str).collect()
}

impl Case {
    fn migrations(&self) -> Migrations {
        Migrations::from_defs(self.graph.iter().map(|node| {
            let empty = Fixed {
                upgrade: migrate_runtime::Plan::new(),
                downgrade: None,
            };
            define(
                &node.revision,
                &strs(&node.down),
                &strs(&node.depends_on),
                &strs(&node.labels),
                empty,
            )
        }))
    }
}

/// Alembic's own defects on record: it refuses a command with a `CommandError` saying why;
/// anything else is Alembic crashing on its own `assert` (`REV+N` from a revision that is
/// not an ancestor of the current heads, `AssertionError`) or a lookup (`KeyError`).
fn alembic_crashed(command: &Command) -> bool {
    command
        .error
        .as_deref()
        .is_some_and(|e| !e.starts_with("CommandError"))
}

/// `downgrade -N` from several version rows: Alembic counts from the first row its `SELECT`
/// returns (warning that this will be refused in a future release), and that order comes
/// from the order of its step's writes, which follows Python's per-process randomized set
/// order at merges. migrate counts from its own first row; the two can differ.
fn counts_from_first_row(command: &Command, rows_before: &[String]) -> bool {
    command.command == "downgrade" && command.target.starts_with('-') && rows_before.len() > 1
}

async fn rows(db: &TestDb) -> Vec<String> {
    match db.try_count("SELECT COUNT(*) FROM migrate_version").await {
        Ok(_) => db.versions("migrate_version").await,
        Err(_) => Vec::new(),
    }
}

/// Put the database where Alembic left it, so one disagreement is counted once (the history
/// goes too: it would contradict the version table set by hand).
async fn follow_alembic(db: &TestDb, migrator: &Migrator, expected: &[String]) {
    migrator.stamp("base", true).await.expect("a version table");
    db.execute("DELETE FROM migrate_history").await;
    for row in expected {
        let insert = format!("INSERT INTO migrate_version (version_num) VALUES ('{row}')");
        db.execute(&insert).await;
    }
}

#[test]
fn every_recorded_alembic_command_ends_as_it_did_under_alembic() {
    block_on(async {
        let mut disagreements = Vec::new();
        let (mut compared, mut crashed, mut first_row_counts) = (0, 0, 0);
        for (number, line) in RECORDED.lines().enumerate() {
            let case: Case = serde_json::from_str(line).expect("a recorded case");
            let Some(db) = TestDb::create(Backend::Sqlite).await else {
                return;
            };
            let migrator = match Migrator::with_migrations(db.url(), &case.migrations()) {
                Ok(migrator) => migrator,
                Err(error) => {
                    disagreements.push(format!("case {number}: graph refused: {error}"));
                    continue;
                }
            };
            for (step, command) in case.commands.iter().enumerate() {
                if alembic_crashed(command) {
                    crashed += 1;
                    follow_alembic(&db, &migrator, &command.rows).await;
                    continue;
                }
                let rows_before = rows(&db).await;
                if counts_from_first_row(command, &rows_before) {
                    first_row_counts += 1;
                    let outcome = migrator.downgrade(&command.target).await;
                    if outcome.is_ok() != command.ok || rows(&db).await != command.rows {
                        follow_alembic(&db, &migrator, &command.rows).await;
                    }
                    continue;
                }
                compared += 1;
                let outcome = match command.command.as_str() {
                    "upgrade" => migrator.upgrade(&command.target).await.map(drop),
                    "downgrade" => migrator.downgrade(&command.target).await.map(drop),
                    _ => migrator.stamp(&command.target, false).await.map(drop),
                };
                let found = rows(&db).await;
                if outcome.is_ok() != command.ok || found != command.rows {
                    let said = match &outcome {
                        Ok(()) => "ok".to_owned(),
                        Err(error) => format!("error: {error}"),
                    };
                    let alembic = match &command.error {
                        None => "ok".to_owned(),
                        Some(error) => format!("error: {error}"),
                    };
                    disagreements.push(format!(
                        "case {number} command {step}: `{} {}`\n  alembic: {alembic}, rows {:?}\n  migrate: {said}, rows {found:?}",
                        command.command, command.target, command.rows
                    ));
                    follow_alembic(&db, &migrator, &command.rows).await;
                }
            }
        }
        println!(
            "{compared} commands compared, {crashed} where Alembic crashed, {first_row_counts} counted from a first row"
        );
        assert!(
            compared > 1_000 && first_row_counts * 50 < compared,
            "{compared} commands compared, {first_row_counts} counted from a first row"
        );
        assert!(
            disagreements.is_empty(),
            "{} of {compared} recorded commands end differently under migrate:\n{}",
            disagreements.len(),
            disagreements.join("\n")
        );
    });
}
