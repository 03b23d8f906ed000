//! `--lock-timeout 0` means "do not wait" for the migration lock on every database: a second
//! runner gives up at once while the first holds the lock, and says who holds it.

use std::time::Duration;

use migrate_runtime::prelude::*;
use migrate_runtime::{Error, LockError, Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb, backend_tests};

/// One migration that holds the lock while the server sleeps (SQLite: a data step sleeps).
fn sleeping(sleep: Option<&str>) -> Migrations {
    let plan = match sleep {
        Some(sleep) => Plan::new().op(op::execute(sleep)),
        None => Plan::new().data("sleep", sleep_in_rust),
    };
    Migrations::from_defs([leak(
        "a10000000001",
        &[],
        Fixed {
            upgrade: plan,
            downgrade: Some(Plan::new()),
        },
    )])
}

async fn sleep_in_rust(_: &mut DataContext<'_>) -> Result<(), DataError> {
    tokio::time::sleep(Duration::from_secs(8)).await;
    Ok(())
}

/// Whether a migrate run holds the lock of `db`: its session is in the server's activity, or
/// (SQLite) the lock file beside the database is locked.
async fn lock_held(db: &TestDb) -> bool {
    match db.backend() {
        Backend::Postgres => {
            db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(8)%' AND pid <> pg_backend_pid()").await > 0
        }
        Backend::MySql => {
            db.count("SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE '%SLEEP(8)%' AND ID <> CONNECTION_ID()").await > 0
        }
        Backend::Sqlite => {
            let path = db.url().trim_start_matches("sqlite://");
            let path = path.split('?').next().unwrap_or(path);
            let lock = std::fs::File::open(format!("{path}-migrate-lock"));
            lock.is_ok_and(|file| matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)))
        }
    }
}

/// What the server's sessions are doing, to explain a holder that never started.
async fn sessions(db: &TestDb) -> Vec<String> {
    match db.backend() {
        Backend::Postgres => db.strings("SELECT concat_ws(' ', pid, datname, state, wait_event_type, wait_event, left(query, 80)) FROM pg_stat_activity").await,
        Backend::MySql => db.strings("SELECT CONCAT_WS(' ', ID, DB, COMMAND, TIME, STATE, LEFT(INFO, 80)) FROM information_schema.PROCESSLIST").await,
        Backend::Sqlite => Vec::new(),
    }
}

/// While a holder runs a migration, a second run configured by `configure` gives up instead
/// of waiting for it; its error.
async fn a_second_run_gives_up(db: &TestDb, configure: impl Fn(Migrator) -> Migrator) -> Error {
    let sleep = match db.backend() {
        Backend::Postgres => Some("SELECT pg_sleep(8)"),
        Backend::MySql => Some("SELECT SLEEP(8)"),
        Backend::Sqlite => None,
    };
    let migrations = sleeping(sleep);
    let holder = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let holding = tokio::spawn(async move { holder.upgrade("head").await });
    // The holder owns the lock once its migration runs (a loaded server may take a while).
    for _ in 0..1200 {
        if lock_held(db).await {
            break;
        }
        if holding.is_finished() {
            let ran = holding.await.expect("the holder's task");
            panic!("the holder ended before a second run could wait for it: {ran:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        lock_held(db).await,
        "the holder's migration runs; the server's sessions: {:#?}",
        sessions(db).await
    );
    let waiter = configure(Migrator::with_migrations(db.url(), &migrations).expect("history"));
    // A guard against waiting for the holder (which sleeps about 8 s more), not a timing.
    let attempt = tokio::time::timeout(Duration::from_secs(5), waiter.upgrade("head")).await;
    let error = attempt
        .expect("gives up instead of waiting for the lock")
        .expect_err("the lock is held");
    let ran = holding
        .await
        .expect("the holder's task")
        .expect("the holder's upgrade");
    assert_eq!(ran.steps.len(), 1, "the holder ran the migration once");
    assert_eq!(db.versions("migrate_version").await, ["a10000000001"]);
    error
}

async fn a_zero_lock_timeout_does_not_wait(db: &TestDb) {
    let error = a_second_run_gives_up(db, |m| m.lock_timeout(Some(Duration::ZERO))).await;
    assert!(
        matches!(error, Error::Lock(LockError::TimedOut { .. })),
        "{error}"
    );
    // The message names the holder as the database tells it.
    let holder = match db.backend() {
        Backend::Postgres => "held by server process",
        Backend::MySql => "held by connection",
        Backend::Sqlite => "held by process",
    };
    assert!(error.to_string().contains(holder), "{error}");
}

/// `migrate_version` and the same table named with its schema (`public.` on PostgreSQL, the
/// database on MySQL, `main.` on SQLite) are one migration lock.
async fn a_qualified_and_a_plain_version_table_name_share_the_lock(db: &TestDb) {
    let schema = match db.backend() {
        Backend::Postgres => "public".to_owned(),
        Backend::MySql => db.strings("SELECT DATABASE()").await.remove(0),
        Backend::Sqlite => "main".to_owned(),
    };
    let qualified = format!("{schema}.migrate_version");
    let error = a_second_run_gives_up(db, |m| {
        m.version_table(qualified.clone())
            .lock_timeout(Some(Duration::ZERO))
    })
    .await;
    assert!(
        matches!(error, Error::Lock(LockError::TimedOut { .. })),
        "{error}"
    );
}

/// A statement timeout bounds the wait for the lock too: PostgreSQL and MySQL cancel the
/// lock's statement, SQLite (which has no statement timeout) waits no longer than it.
async fn a_statement_timeout_bounds_the_wait_for_the_lock(db: &TestDb) {
    let error =
        a_second_run_gives_up(db, |m| m.statement_timeout(Some(Duration::from_secs(1)))).await;
    assert!(matches!(error, Error::Lock(_)), "{error}");
}

backend_tests!(
    a_qualified_and_a_plain_version_table_name_share_the_lock,
    a_zero_lock_timeout_does_not_wait,
    a_statement_timeout_bounds_the_wait_for_the_lock,
);
