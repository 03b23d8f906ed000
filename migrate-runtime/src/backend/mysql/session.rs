//! MySQL and MariaDB session statements: the migration lock (`GET_LOCK`) and the timeouts.

use std::time::Duration;

/// The name of the migration lock of the version table's database (the first bind; empty for
/// the current one) and the table (the second), so that `v` and `db.v` are one lock.
macro_rules! lock_name {
    () => {
        "CONCAT('migrate:', LEFT(SHA1(CONCAT(COALESCE(NULLIF(?, ''), DATABASE()), ':', ?)), 40))"
    };
}

/// Take the named lock of the version table (binds: its database, empty for the current one,
/// and its name), waiting at most the third bind's seconds; 1 when had.
// language=SQL
pub(crate) const LOCK: &str = concat!("SELECT CAST(GET_LOCK(", lock_name!(), ", ?) AS SIGNED)");

/// The connection holding the lock of the version table (binds: its database, empty for the
/// current one, and its name): its id, user, host and the seconds it has been in its current
/// state.
// language=SQL
pub(crate) const LOCK_HOLDER: &str = concat!(
    "SELECT CAST(ID AS SIGNED), USER, HOST, CAST(TIME AS SIGNED) FROM information_schema.PROCESSLIST WHERE ID = IS_USED_LOCK(",
    lock_name!(),
    ")"
);

/// The wait of `LOCK` in whole seconds: `timeout` rounded up (0 does not wait), or a year for
/// none (MariaDB answers NULL to MySQL's "negative waits for ever").
pub(crate) fn lock_wait(timeout: Option<Duration>) -> i64 {
    let wait = timeout.unwrap_or(Duration::from_secs(365 * 86_400));
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    i64::try_from(seconds).unwrap_or(i64::MAX)
}

/// Cancel statements running longer than `timeout`: MariaDB's `max_statement_time`, MySQL's
/// `max_execution_time`.
pub(crate) fn statement_timeout(mariadb: bool, timeout: Duration) -> String {
    match mariadb {
        true => format!("SET SESSION max_statement_time = {}", timeout.as_secs_f64()),
        false => format!("SET SESSION max_execution_time = {}", timeout.as_millis()),
    }
}

/// Bound waits for metadata locks (`lock_wait_timeout`, whole seconds).
pub(crate) fn lock_wait_timeout(timeout: Duration) -> String {
    format!(
        "SET SESSION lock_wait_timeout = {}",
        timeout.as_secs().max(1)
    )
}
