//! Back-filling a large table in batches.

use super::Op;

/// `UPDATE table SET … WHERE …`, run in batches of `batch_size` rows walking a key of any
/// orderable type, one column or several (keyset pagination), with progress reported as it
/// goes; in a `transactional = false` migration each batch commits on its own. Rows whose key
/// is NULL are updated last, in one statement.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Backfill {
    pub(crate) table: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) key: Vec<String>,
    pub(crate) set: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) where_sql: Option<String>,
    pub(crate) batch_size: u32,
}

impl Backfill {
    pub(crate) fn new(table: String, key: Vec<String>) -> Self {
        Backfill {
            table,
            key,
            set: String::new(),
            where_sql: None,
            batch_size: 10_000,
        }
    }

    /// The assignments, as SQL: `"status = 'active'"`.
    pub fn set(mut self, assignments: impl Into<String>) -> Self {
        self.set = assignments.into();
        self
    }

    /// Only the rows where `condition` (SQL) holds, such as `"status IS NULL"`.
    pub fn where_sql(mut self, condition: impl Into<String>) -> Self {
        self.where_sql = Some(condition.into());
        self
    }

    /// Rows per batch (10 000 unless told).
    pub fn batch_size(mut self, rows: u32) -> Self {
        self.batch_size = rows.max(1);
        self
    }
}

impl From<Backfill> for Op {
    fn from(op: Backfill) -> Self {
        Op::Backfill(op)
    }
}
