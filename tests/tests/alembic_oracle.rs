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

async fn rows(db: &TestDb) -> Vec<String> {
    match db.try_count("SELECT COUNT(*) FROM migrate_version").await {
        Ok(_) => db.versions("migrate_version").await,
        Err(_) => Vec::new(),
    }
}

/// Put the database where Alembic left it, so one disagreement is counted once (the history
/// goes too: it would contradict the version table set by hand).
async fn follow_alembic(db: &TestDb, expected: &[String]) {
    let mut script = String::from("DELETE FROM migrate_history; DELETE FROM migrate_version;");
    for row in expected {
        script.push_str(&format!(
            "INSERT INTO migrate_version (version_num) VALUES ('{row}');"
        ));
    }
    if db.try_execute(&script).await.is_err() {
        // No version table yet: the next command makes it.
    }
}

#[test]
fn every_recorded_alembic_command_ends_as_it_did_under_alembic() {
    block_on(async {
        let mut disagreements = Vec::new();
        let mut compared = 0;
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
                    follow_alembic(&db, &command.rows).await;
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
                    follow_alembic(&db, &command.rows).await;
                }
            }
        }
        assert!(
            disagreements.is_empty(),
            "{} of {compared} recorded commands end differently under migrate:\n{}",
            disagreements.len(),
            disagreements.join("\n")
        );
    });
}
