//! SQL for the version table: Alembic's layout, one `version_num` row per applied head.

use crate::backend::Dialect;
use crate::dialect::split_table;
use migrate_graph::VersionChange;

/// The columns of a version table, in order.
pub(crate) const VERSION_COLUMNS: &[&str] = &["version_num"];

/// A write to the version table and how many rows it must touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VersionWrite {
    pub(crate) sql: String,
    pub(crate) expected_rows: u64,
}

impl Dialect {
    /// `CREATE TABLE IF NOT EXISTS` for the version table `table`.
    pub(crate) fn create_version_table(self, table: &str) -> String {
        format!(
            "CREATE TABLE IF NOT EXISTS {} (version_num VARCHAR(32) NOT NULL, CONSTRAINT {} PRIMARY KEY (version_num))",
            self.quote_table(table),
            self.quote(&format!("{}_pkc", split_table(table).1))
        )
    }

    /// Every row of the version table.
    pub(crate) fn select_versions(self, table: &str) -> String {
        format!("SELECT version_num FROM {}", self.quote_table(table))
    }

    /// Every row of the version table removed, for `stamp`.
    pub(crate) fn delete_versions(self, table: &str) -> String {
        format!("DELETE FROM {}", self.quote_table(table))
    }

    /// The writes for one step: an `UPDATE` where one row replaces another, as Alembic does,
    /// else `DELETE`s and `INSERT`s.
    pub(crate) fn version_writes(self, table: &str, change: &VersionChange) -> Vec<VersionWrite> {
        let table = self.quote_table(table);
        let write = |sql| VersionWrite {
            sql,
            expected_rows: 1,
        };
        if let ([from], [to]) = (change.delete.as_slice(), change.insert.as_slice()) {
            return vec![write(format!(
                "UPDATE {table} SET version_num = {} WHERE version_num = {}",
                self.literal(to),
                self.literal(from)
            ))];
        }
        let deletes = change.delete.iter().map(|revision| {
            write(format!(
                "DELETE FROM {table} WHERE version_num = {}",
                self.literal(revision)
            ))
        });
        let inserts = change.insert.iter().map(|revision| {
            write(format!(
                "INSERT INTO {table} (version_num) VALUES ({})",
                self.literal(revision)
            ))
        });
        deletes.chain(inserts).collect()
    }
}
