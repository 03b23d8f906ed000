//! One runner at a time: a lock per database and version table, held by the connection of
//! every command that writes, for the whole run. Many app instances calling `upgrade` at
//! start-up then apply each migration once; the others wait, and find nothing to do.
//!
//! - PostgreSQL: `pg_advisory_lock` on a key derived from the version table's name;
//! - MySQL and MariaDB: `GET_LOCK` on a name derived from the database and the version table;
//! - SQLite: no session lock exists; each migration takes the write lock with
//!   `BEGIN IMMEDIATE` (waiting up to the busy timeout) and checks, inside it, that the version
//!   table is still what its route expected (see the executor).
//!
//! A session lock is released when the connection closes, so a failure or a crash cannot leave
//! it held.

use std::time::Duration;

use sqlx::AnyConnection;

use crate::backend::{mysql, postgres, sqlite};
use crate::database::{self, Said};
use crate::dialect::Dialect;

/// The lock could not be had in time.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LockError {
    /// Another run held it longer than the timeout.
    #[error("another migrate run has held the migration lock for more than {} s; it is still running, or its connection is stuck", .0.as_secs_f64())]
    TimedOut(Duration),
    /// The database refused the lock statement.
    #[error("taking the migration lock failed: {}", Said(.0))]
    Failed(sqlx::Error),
}

/// Take the lock for `version_table`, waiting at most `timeout` (for ever when `None`).
pub(crate) async fn acquire(
    conn: &mut AnyConnection,
    dialect: Dialect,
    version_table: &str,
    timeout: Option<Duration>,
) -> Result<(), LockError> {
    let got = match dialect {
        Dialect::Postgres => lock_postgres(conn, version_table, timeout).await,
        Dialect::MySql => {
            let got: Result<Option<i64>, _> = sqlx::query_scalar(mysql::session::LOCK)
                .bind(version_table)
                .bind(mysql::session::lock_wait(timeout))
                .fetch_one(conn)
                .await;
            got.map(|got| got == Some(1))
        }
        Dialect::Sqlite => {
            // Waiting for the write lock is SQLite's busy timeout; none is as long as it goes.
            let wait = timeout.unwrap_or(Duration::from_millis(i32::MAX.unsigned_abs().into()));
            let pragma = sqlite::session::busy_timeout(wait);
            database::execute(conn, &pragma).await.map(|_| true)
        }
    };
    match got.map_err(LockError::Failed)? {
        true => Ok(()),
        false => Err(LockError::TimedOut(timeout.unwrap_or_default())),
    }
}

/// `pg_advisory_lock`, bounded by `lock_timeout` (which the session keeps for the DDL that
/// follows); whether it was had in time.
async fn lock_postgres(
    conn: &mut AnyConnection,
    version_table: &str,
    timeout: Option<Duration>,
) -> Result<bool, sqlx::Error> {
    if let Some(timeout) = timeout {
        database::execute(conn, &postgres::session::lock_timeout(timeout)).await?;
    }
    let key = postgres::session::lock_key(version_table);
    if timeout == Some(Duration::ZERO) {
        let query = sqlx::query_scalar(postgres::session::TRY_LOCK).bind(key);
        return query.fetch_one(conn).await;
    }
    match sqlx::query(postgres::session::LOCK)
        .bind(key)
        .execute(conn)
        .await
    {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(error))
            if error.code().as_deref() == Some(postgres::session::LOCK_NOT_AVAILABLE) =>
        {
            Ok(false)
        }
        Err(error) => Err(error),
    }
}

/// Bound each statement to `timeout` where the database can (PostgreSQL's
/// `statement_timeout`, MariaDB's `max_statement_time`, MySQL's `max_execution_time`).
pub(crate) async fn bound_statements(
    conn: &mut AnyConnection,
    dialect: Dialect,
    timeout: Duration,
) -> Result<(), sqlx::Error> {
    let sql = match dialect {
        Dialect::Postgres => postgres::session::statement_timeout(timeout),
        Dialect::MySql => {
            let mariadb = mysql::catalog::is_mariadb(&mut *conn).await?;
            mysql::session::statement_timeout(mariadb, timeout)
        }
        Dialect::Sqlite => {
            tracing::warn!("SQLite has no statement timeout; --statement-timeout is ignored");
            return Ok(());
        }
    };
    database::execute(conn, &sql).await.map(drop)
}

/// On PostgreSQL, keep notices out of the logs of every start-up.
pub(crate) async fn quiet_notices(
    conn: &mut AnyConnection,
    dialect: Dialect,
) -> Result<(), sqlx::Error> {
    match dialect {
        Dialect::Postgres => database::execute(conn, postgres::session::QUIET_NOTICES)
            .await
            .map(drop),
        Dialect::MySql | Dialect::Sqlite => Ok(()),
    }
}

/// On MySQL, also bound waits for metadata locks (`lock_wait_timeout`) by `timeout`.
pub(crate) async fn bound_lock_waits(
    conn: &mut AnyConnection,
    dialect: Dialect,
    timeout: Duration,
) -> Result<(), sqlx::Error> {
    match dialect {
        Dialect::MySql => {
            let sql = mysql::session::lock_wait_timeout(timeout);
            database::execute(conn, &sql).await.map(drop)
        }
        Dialect::Postgres | Dialect::Sqlite => Ok(()),
    }
}
