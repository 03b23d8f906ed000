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

/// The session holding the advisory lock whose key halves are the binds (high, low): its
/// process id, user, application, client address and connection time.
// language=SQL
pub(crate) const LOCK_HOLDER: &str = "SELECT a.pid::bigint, coalesce(a.usename::text, ''), \
coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'an address not shown'), \
coalesce(to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') \
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 \
AND l.classid::bigint = $1 AND l.objid::bigint = $2 \
AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1";

/// How `pg_locks` shows a bigint advisory key: its high half as `classid`, its low half as
/// `objid`, each an unsigned 32-bit number.
pub(crate) fn lock_halves(key: i64) -> (i64, i64) {
    let bits = key.cast_unsigned();
    (i64::from((bits >> 32) as u32), i64::from(bits as u32))
}

/// Keep the server's notices (`relation … already exists, skipping` on every start-up) off the
/// app's logs; warnings and errors still come through.
// language=SQL
pub(crate) const QUIET_NOTICES: &str = "SET client_min_messages = warning";

/// How often the server checks, while it runs a statement, that the client is still there
/// (PostgreSQL 14 and later, on Linux): a runner killed during a long statement has its
/// statement cancelled and the migration lock released within this bound, instead of when
/// the statement ends.
pub(crate) const CLIENT_CHECK_INTERVAL: Duration = Duration::from_secs(2);

/// Check every [`CLIENT_CHECK_INTERVAL`] that the client is there while a statement runs.
pub(crate) fn check_client() -> String {
    format!(
        "SET client_connection_check_interval = '{}ms'",
        CLIENT_CHECK_INTERVAL.as_millis()
    )
}

/// The SQLSTATE of a lock wait that `lock_timeout` ended (`lock_not_available`).
pub(crate) const LOCK_NOT_AVAILABLE: &str = "55P03";

/// The advisory-lock key of a version table: 64 bits of the SHA-256 of its name without the
/// schema, so that `v` and `public.v` are one lock (tables of one name in two schemas share
/// it: their runs take turns).
pub(crate) fn lock_key(version_table: &str) -> i64 {
    let (_, table) = crate::dialect::split_table(version_table);
    let digest = Sha256::digest(format!("migrate:{table}").as_bytes());
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
        assert_eq!(
            lock_key("public.migrate_version"),
            lock_key("migrate_version")
        );
    }
}
