//! The start-up example of the migrations crate (`examples/app.rs`): it upgrades a fresh
//! database before serving, and finds nothing to do the second time; a migrator made from an
//! app's own pool; none without migrations.

use std::process::{Command, Output};

use migrate_runtime::{Migrations, Migrator};
use migrate_tests::{Backend, TestDb, backend_tests};

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

/// An app that already has a sqlx pool hands it over; the migrator connects with its options.
async fn a_migrator_is_made_from_the_apps_own_pool(db: &TestDb) {
    let migrations = migrations::migrations();
    let migrator = match db.backend() {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(db.url()).await.expect("pool");
            Migrator::from_pool(&pool, &migrations)
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(db.url()).await.expect("pool");
            Migrator::from_pool(&pool, &migrations)
        }
        Backend::MySql => {
            let pool = sqlx::MySqlPool::connect(db.url()).await.expect("pool");
            Migrator::from_pool(&pool, &migrations)
        }
    };
    let ran = migrator.expect("a migrator").upgrade("head").await;
    assert_eq!(ran.expect("upgrade").steps.len(), 6);
    assert_eq!(db.versions("migrate_version").await, ["5a0d2e4f6b87"]);
}

/// An app still on sqlx 0.8 hands its pool over too (migrate-runtime's `sqlx-08` feature).
#[tokio::test]
async fn a_migrator_is_made_from_a_pool_of_sqlx_08() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let pool = sqlx_08::PgPool::connect_lazy(db.url()).expect("a lazy pool");
    let migrations = migrations::migrations();
    let migrator = Migrator::from_pool(&pool, &migrations).expect("a migrator");
    let ran = migrator.upgrade("head").await.expect("upgrade");
    assert_eq!(ran.steps.len(), 6);
    assert_eq!(db.versions("migrate_version").await, ["5a0d2e4f6b87"]);
}

backend_tests!(
    the_app_migrates_at_start_up_and_is_idempotent,
    a_migrator_is_made_from_the_apps_own_pool,
);

#[test]
fn a_migrator_without_migrations_is_an_error_naming_the_likely_cause() {
    let error = Migrator::with_migrations("sqlite::memory:", &Migrations::default())
        .expect_err("no migrations");
    assert_eq!(error.kind(), migrate_runtime::ErrorKind::Refused);
    let message = error.to_string();
    assert!(
        message.starts_with("there are no migrations to run: none is registered in this program; pass `migrations::migrations()`"),
        "{message}"
    );
}
