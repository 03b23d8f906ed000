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

use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::database;
use crate::dialect::Dialect;

/// The lock could not be had in time.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another run held it longer than the timeout.
    #[error("another migrate run has held the migration lock for more than {} s; it is still running, or its connection is stuck", .0.as_secs_f64())]
    TimedOut(Duration),
    /// The database refused the lock statement.
    #[error("taking the migration lock failed: {0}")]
    Failed(#[source] sqlx::Error),
}

/// The PostgreSQL advisory-lock key of a version table: 64 bits of its name's SHA-256.
fn key(version_table: &str) -> i64 {
    let digest = Sha256::digest(format!("migrate:{version_table}").as_bytes());
    let mut bytes = [0_u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

/// Take the lock for `version_table`, waiting at most `timeout` (for ever when `None`).
pub(crate) async fn acquire(
    conn: &mut AnyConnection,
    dialect: Dialect,
    version_table: &str,
    timeout: Option<Duration>,
) -> Result<(), LockError> {
    match dialect {
        Dialect::Postgres => {
            // `lock_timeout` bounds the wait; the session keeps it for the DDL that follows.
            if let Some(timeout) = timeout {
                let set = format!("SET lock_timeout = '{}ms'", timeout.as_millis());
                database::execute(conn, &set)
                    .await
                    .map_err(LockError::Failed)?;
            }
            // language=SQL
            let sql = "SELECT pg_advisory_lock($1)";
            let locked = sqlx::query(sql)
                .bind(key(version_table))
                .execute(conn)
                .await;
            match locked {
                Ok(_) => Ok(()),
                Err(sqlx::Error::Database(error)) if error.code().as_deref() == Some("55P03") => {
                    Err(LockError::TimedOut(timeout.unwrap_or_default()))
                }
                Err(error) => Err(LockError::Failed(error)),
            }
        }
        Dialect::MySql => {
            // No timeout means a year: MariaDB answers NULL to MySQL's "negative waits for ever".
            let wait = timeout.unwrap_or(Duration::from_secs(365 * 86_400));
            let seconds = i64::try_from(wait.as_secs().max(1)).unwrap_or(i64::MAX);
            // language=SQL
            let sql = "SELECT CAST(GET_LOCK(CONCAT('migrate:', LEFT(SHA1(CONCAT(DATABASE(), ':', ?)), 40)), ?) AS SIGNED)";
            let got: Option<i64> = sqlx::query_scalar(sql)
                .bind(version_table)
                .bind(seconds)
                .fetch_one(conn)
                .await
                .map_err(LockError::Failed)?;
            match got {
                Some(1) => Ok(()),
                _ => Err(LockError::TimedOut(timeout.unwrap_or_default())),
            }
        }
        Dialect::Sqlite => {
            // Waiting for the write lock is SQLite's busy timeout.
            let wait = timeout.unwrap_or(Duration::from_secs(600));
            let pragma = format!("PRAGMA busy_timeout = {}", wait.as_millis());
            database::execute(conn, &pragma)
                .await
                .map(drop)
                .map_err(LockError::Failed)
        }
    }
}

/// Bound each statement to `timeout` where the database can (PostgreSQL's
/// `statement_timeout`, MariaDB's `max_statement_time`, MySQL's `max_execution_time`).
pub(crate) async fn bound_statements(
    conn: &mut AnyConnection,
    dialect: Dialect,
    timeout: Duration,
) -> Result<(), sqlx::Error> {
    let millis = timeout.as_millis();
    let sql = match dialect {
        Dialect::Postgres => format!("SET statement_timeout = '{millis}ms'"),
        Dialect::MySql => {
            let version: String = sqlx::query_scalar("SELECT VERSION()")
                .fetch_one(&mut *conn)
                .await?;
            match version.contains("MariaDB") {
                true => format!("SET SESSION max_statement_time = {}", timeout.as_secs_f64()),
                false => format!("SET SESSION max_execution_time = {millis}"),
            }
        }
        Dialect::Sqlite => {
            tracing::warn!("SQLite has no statement timeout; --statement-timeout is ignored");
            return Ok(());
        }
    };
    database::execute(conn, &sql).await.map(drop)
}

/// On MySQL, also bound waits for metadata locks (`lock_wait_timeout`) by `timeout`.
pub(crate) async fn bound_lock_waits(
    conn: &mut AnyConnection,
    dialect: Dialect,
    timeout: Duration,
) -> Result<(), sqlx::Error> {
    if dialect != Dialect::MySql {
        return Ok(());
    }
    let seconds = timeout.as_secs().max(1);
    database::execute(conn, &format!("SET SESSION lock_wait_timeout = {seconds}"))
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_follows_the_version_table() {
        assert_eq!(key("migrate_version"), key("migrate_version"));
        assert_ne!(key("migrate_version"), key("alembic_version"));
    }
}
