//! PostgreSQL session settings: the migration lock (`pg_advisory_lock`) and the timeouts.

use std::time::Duration;

use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::database;

/// The advisory-lock key of a version table: 64 bits of its name's SHA-256.
fn key(version_table: &str) -> i64 {
    let digest = Sha256::digest(format!("migrate:{version_table}").as_bytes());
    let mut bytes = [0_u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

/// Take the advisory lock of `version_table`, waiting at most `timeout` (for ever when
/// `None`); whether it was had in time. `lock_timeout` bounds the wait, and the session keeps
/// it for the DDL that follows.
pub(crate) async fn lock(
    conn: &mut AnyConnection,
    version_table: &str,
    timeout: Option<Duration>,
) -> Result<bool, sqlx::Error> {
    if let Some(timeout) = timeout {
        database::execute(conn, &lock_timeout(timeout)).await?;
    }
    // language=SQL
    let sql = "SELECT pg_advisory_lock($1)";
    match sqlx::query(sql)
        .bind(key(version_table))
        .execute(conn)
        .await
    {
        Ok(_) => Ok(true),
        // lock_not_available: `lock_timeout` ran out.
        Err(sqlx::Error::Database(error)) if error.code().as_deref() == Some("55P03") => Ok(false),
        Err(error) => Err(error),
    }
}

/// Bound waits for locks, the migration lock and table locks taken by DDL alike.
fn lock_timeout(timeout: Duration) -> String {
    format!("SET lock_timeout = '{}ms'", timeout.as_millis())
}

/// Cancel statements running longer than `timeout`.
pub(crate) fn statement_timeout(timeout: Duration) -> String {
    format!("SET statement_timeout = '{}ms'", timeout.as_millis())
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
