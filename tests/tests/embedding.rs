//! The start-up example of the migrations crate (`src/bin/app.rs`): it upgrades a fresh
//! database before serving, and finds nothing to do the second time.

use std::process::{Command, Output};

use migrate_tests::{TestDb, backend_tests};

fn start_app(db: &TestDb) -> Output {
    Command::new(env!("CARGO_BIN_EXE_example-app"))
        .env("DATABASE_URL", db.url())
        .env_remove("RUST_LOG")
        .output()
        .expect("start the app")
}

async fn the_app_migrates_at_start_up_and_is_idempotent(db: &TestDb) {
    let first = start_app(db);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        "ready: 6 migration(s) applied at start-up\n"
    );
    let logs = String::from_utf8_lossy(&first.stderr);
    assert!(
        logs.contains("Running upgrade <base> -> 3b5e1c9a7f20, initial schema"),
        "{logs}"
    );
    assert!(
        logs.contains("done in"),
        "each step's duration is logged: {logs}"
    );
    assert_eq!(db.versions("migrate_version").await, ["5a0d2e4f6b87"]);

    let second = start_app(db);
    assert_eq!(second.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&second.stdout),
        "ready: 0 migration(s) applied at start-up\n"
    );
    assert_eq!(db.versions("migrate_version").await, ["5a0d2e4f6b87"]);
}

backend_tests!(the_app_migrates_at_start_up_and_is_idempotent);
