//! `--lock-timeout 0` means "do not wait" for the migration lock on every database with a
//! session lock: a second runner gives up at once while the first holds the lock.

use std::time::Duration;

use migrate_runtime::prelude::*;
use migrate_runtime::{Error, LockError, Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb, backend_tests};

/// One migration that holds the lock for `seconds` while the server sleeps.
fn sleeping(sleep: &str) -> Migrations {
    Migrations::from_defs([leak(
        "a10000000001",
        &[],
        Fixed {
            upgrade: Plan::new().op(op::execute(sleep)),
            downgrade: Some(Plan::new()),
        },
    )])
}

async fn a_zero_lock_timeout_does_not_wait(db: &TestDb) {
    let (sleep, sleeping_now) = match db.backend() {
        Backend::Postgres => (
            "SELECT pg_sleep(8)",
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(8)%' AND pid <> pg_backend_pid()",
        ),
        Backend::MySql => (
            "SELECT SLEEP(8)",
            "SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%SLEEP(8)%' AND ID <> CONNECTION_ID()",
        ),
        // SQLite takes its write lock per migration, at `BEGIN IMMEDIATE`.
        Backend::Sqlite => return,
    };
    let migrations = sleeping(sleep);
    let holder = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let holding = tokio::spawn(async move { holder.upgrade("head").await });
    // The holder owns the lock once its migration runs.
    for _ in 0..200 {
        if db.count(sleeping_now).await > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        db.count(sleeping_now).await > 0,
        "the holder's migration runs"
    );
    let waiter = Migrator::with_migrations(db.url(), &migrations)
        .expect("history")
        .lock_timeout(Some(Duration::ZERO));
    // A guard against waiting for the holder (which sleeps about 8 s more), not a timing.
    let attempt = tokio::time::timeout(Duration::from_secs(5), waiter.upgrade("head")).await;
    let error = attempt
        .expect("gives up at once instead of waiting for the lock")
        .expect_err("the lock is held");
    assert!(
        matches!(error, Error::Lock(LockError::TimedOut(_))),
        "{error}"
    );
    let ran = holding
        .await
        .expect("the holder's task")
        .expect("the holder's upgrade");
    assert_eq!(ran.len(), 1, "the holder ran the migration once");
    assert_eq!(db.versions("migrate_version").await, ["a10000000001"]);
}

backend_tests!(a_zero_lock_timeout_does_not_wait);
