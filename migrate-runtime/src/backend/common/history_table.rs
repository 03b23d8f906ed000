//! SQL for the history table.

/// The columns of a history table, in order.
pub(crate) const HISTORY_COLUMNS: &[&str] = &[
    "id",
    "revision",
    "direction",
    "checksum",
    "started_at",
    "finished_at",
    "duration_ms",
    "applied_by",
];

use crate::backend::Dialect;
use crate::history::HistoryRow;

impl Dialect {
    /// `CREATE TABLE IF NOT EXISTS` for the history table `table`.
    pub(crate) fn create_history_table(self, table: &str) -> String {
        let id = match self {
            Dialect::Postgres => "id BIGSERIAL PRIMARY KEY",
            Dialect::Sqlite => "id INTEGER PRIMARY KEY",
            Dialect::MySql => "id BIGINT AUTO_INCREMENT PRIMARY KEY",
        };
        format!(
            "CREATE TABLE IF NOT EXISTS {} ({id}, revision VARCHAR(32) NOT NULL, \
             direction VARCHAR(10) NOT NULL, checksum VARCHAR(64) NOT NULL, \
             started_at VARCHAR(32) NOT NULL, finished_at VARCHAR(32) NOT NULL, \
             duration_ms BIGINT NOT NULL, applied_by VARCHAR(255) NOT NULL)",
            self.quote_table(table)
        )
    }

    /// The `INSERT` of one row.
    pub(crate) fn insert_history(self, table: &str, row: &HistoryRow) -> String {
        let text = [
            &row.revision,
            &row.direction,
            &row.checksum,
            &row.started_at,
            &row.finished_at,
        ];
        let text: Vec<String> = text.iter().map(|v| self.literal(v)).collect();
        format!(
            "INSERT INTO {} (revision, direction, checksum, started_at, finished_at, duration_ms, applied_by) \
             VALUES ({}, {}, {})",
            self.quote_table(table),
            text.join(", "),
            row.duration_ms,
            self.literal(&row.applied_by)
        )
    }

    /// The `DELETE` of the `partial` and `running` rows of `revision`: once its step
    /// completes, the row of the step says it all.
    pub(crate) fn delete_partial_history(self, table: &str, revision: &str) -> String {
        format!(
            "DELETE FROM {} WHERE revision = {} AND direction IN ('partial', 'running')",
            self.quote_table(table),
            self.literal(revision)
        )
    }

    /// Every row, oldest first, columns in [`HistoryRow`]'s order.
    pub(crate) fn select_history(self, table: &str) -> String {
        format!(
            "SELECT revision, direction, checksum, started_at, finished_at, duration_ms, applied_by FROM {} ORDER BY id",
            self.quote_table(table)
        )
    }
}
