//! The SQL of a batched back-fill: where the next batch ends, and the update of one batch.

use std::fmt;

use crate::backend::Dialect;
use crate::op::Backfill;

/// A back-fill rendered for one database.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchedUpdate {
    dialect: Dialect,
    op: Backfill,
}

impl BatchedUpdate {
    pub(crate) fn new(dialect: Dialect, op: Backfill) -> Self {
        BatchedUpdate { dialect, op }
    }

    /// The table.
    pub(crate) fn table(&self) -> &str {
        &self.op.table
    }

    /// The key that ends the batch starting after `last`, or no row when fewer remain.
    pub(crate) fn boundary(&self, last: Option<i64>) -> String {
        let dialect = self.dialect;
        let key = dialect.quote(&self.op.key);
        let integer = match dialect {
            Dialect::MySql => "SIGNED",
            Dialect::Postgres | Dialect::Sqlite => "BIGINT",
        };
        let after = last
            .map(|last| format!(" WHERE {key} > {last}"))
            .unwrap_or_default();
        format!(
            "SELECT CAST({key} AS {integer}) FROM {}{after} ORDER BY {key} LIMIT 1 OFFSET {}",
            dialect.quote(&self.op.table),
            self.op.batch_size - 1
        )
    }

    /// The update of the rows after `last` up to `boundary` (to the end when `None`).
    pub(crate) fn batch(&self, last: Option<i64>, boundary: Option<i64>) -> String {
        let key = self.dialect.quote(&self.op.key);
        let mut conditions = Vec::new();
        conditions.extend(last.map(|last| format!("{key} > {last}")));
        conditions.extend(boundary.map(|boundary| format!("{key} <= {boundary}")));
        conditions.extend(self.op.where_sql.as_ref().map(|c| format!("({c})")));
        self.update(&conditions)
    }

    /// The whole back-fill as one statement, for offline SQL.
    pub(crate) fn single(&self) -> String {
        self.update(
            &self
                .op
                .where_sql
                .iter()
                .map(|c| format!("({c})"))
                .collect::<Vec<_>>(),
        )
    }

    fn update(&self, conditions: &[String]) -> String {
        let mut sql = format!(
            "UPDATE {} SET {}",
            self.dialect.quote(&self.op.table),
            self.op.set
        );
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql
    }
}

impl fmt::Display for BatchedUpdate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.single())
    }
}
