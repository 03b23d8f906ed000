//! PostgreSQL session statements: the migration lock (`pg_advisory_lock`) and the timeouts.

use std::time::Duration;

use sha2::{Digest, Sha256};

/// Take the advisory lock whose key is the one bind; waits, bounded by `lock_timeout`.
// language=SQL
pub(crate) const LOCK: &str = "SELECT pg_advisory_lock($1)";

/// Take the advisory lock whose key is the one bind if it is free, without waiting: true
/// when had.
// language=SQL
pub(crate) const TRY_LOCK: &str = "SELECT pg_try_advisory_lock($1)";

/// Keep the server's notices (`relation … already exists, skipping` on every start-up) off the
/// app's logs; warnings and errors still come through.
// language=SQL
pub(crate) const QUIET_NOTICES: &str = "SET client_min_messages = warning";

/// The SQLSTATE of a lock wait that `lock_timeout` ended (`lock_not_available`).
pub(crate) const LOCK_NOT_AVAILABLE: &str = "55P03";

/// The advisory-lock key of a version table: 64 bits of its name's SHA-256.
pub(crate) fn lock_key(version_table: &str) -> i64 {
    let digest = Sha256::digest(format!("migrate:{version_table}").as_bytes());
    let mut bytes = [0_u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

/// Bound waits for locks, the migration lock and table locks taken by DDL alike (at least
/// 1 ms: PostgreSQL reads 0 as "wait for ever").
pub(crate) fn lock_timeout(timeout: Duration) -> String {
    format!("SET lock_timeout = '{}ms'", timeout.as_millis().max(1))
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
        assert_eq!(lock_key("migrate_version"), lock_key("migrate_version"));
        assert_ne!(lock_key("migrate_version"), lock_key("alembic_version"));
    }
}
