//! Rows inserted as part of a migration, typed in Rust.

use super::Op;
use crate::schema::{IntoRow, Value};

/// `INSERT INTO table (columns) VALUES (…), (…)`, in batches.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BulkInsert {
    pub(crate) table: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) columns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) rows: Vec<Vec<Value>>,
}

impl BulkInsert {
    pub(crate) fn new(table: String, columns: Vec<String>) -> Self {
        BulkInsert {
            table,
            columns,
            rows: Vec::new(),
        }
    }

    /// Add one row: a tuple of values in column order, such as `("a-1", "Anvil", 12.5)`.
    pub fn row(mut self, row: impl IntoRow) -> Self {
        self.rows.push(row.into_row());
        self
    }

    /// Add many rows.
    pub fn rows<R: IntoRow>(mut self, rows: impl IntoIterator<Item = R>) -> Self {
        self.rows.extend(rows.into_iter().map(IntoRow::into_row));
        self
    }
}

impl From<BulkInsert> for Op {
    fn from(op: BulkInsert) -> Self {
        Op::BulkInsert(op)
    }
}
