//! MySQL and MariaDB session settings: the migration lock (`GET_LOCK`) and the timeouts.

use std::time::Duration;

use sqlx::AnyConnection;

use super::catalog;
use crate::database;

/// Take the named lock of the current database and `version_table`, waiting at most `timeout`
/// (for ever when `None`); whether it was had in time.
pub(crate) async fn lock(
    conn: &mut AnyConnection,
    version_table: &str,
    timeout: Option<Duration>,
) -> Result<bool, sqlx::Error> {
    // No timeout means a year: MariaDB answers NULL to MySQL's "negative waits for ever".
    let wait = timeout.unwrap_or(Duration::from_secs(365 * 86_400));
    let seconds = i64::try_from(wait.as_secs().max(1)).unwrap_or(i64::MAX);
    // language=SQL
    let sql = "SELECT CAST(GET_LOCK(CONCAT('migrate:', LEFT(SHA1(CONCAT(DATABASE(), ':', ?)), 40)), ?) AS SIGNED)";
    let got: Option<i64> = sqlx::query_scalar(sql)
        .bind(version_table)
        .bind(seconds)
        .fetch_one(conn)
        .await?;
    Ok(got == Some(1))
}

/// Cancel statements running longer than `timeout`: MariaDB's `max_statement_time`, MySQL's
/// `max_execution_time`.
pub(crate) async fn bound_statements(
    conn: &mut AnyConnection,
    timeout: Duration,
) -> Result<(), sqlx::Error> {
    let sql = match catalog::is_mariadb(&mut *conn).await? {
        true => format!("SET SESSION max_statement_time = {}", timeout.as_secs_f64()),
        false => format!("SET SESSION max_execution_time = {}", timeout.as_millis()),
    };
    database::execute(conn, &sql).await.map(drop)
}

/// Bound waits for metadata locks (`lock_wait_timeout`, whole seconds).
pub(crate) fn lock_wait_timeout(timeout: Duration) -> String {
    format!(
        "SET SESSION lock_wait_timeout = {}",
        timeout.as_secs().max(1)
    )
}
