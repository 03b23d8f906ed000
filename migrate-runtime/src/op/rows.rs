//! Rows changed as part of a migration, typed in Rust: `op::update` and `op::delete`, the
//! values written as literals escaped by the dialect (so `--sql` shows exactly what runs).
//!
//! ```
//! use migrate_runtime::prelude::*;
//! use migrate_runtime::Dialect;
//!
//! let retire = op::update("plans").set("active", false).filter("code", "legacy");
//! let unseed = op::delete("roles").filter("name", "guest");
//! let plan = Plan::new().op(retire).op(unseed);
//! let sql = plan.render(Dialect::Postgres).unwrap();
//! assert_eq!(sql[0].statements[0].to_string(), r#"UPDATE "plans" SET "active" = FALSE WHERE "code" = 'legacy'"#);
//! assert_eq!(sql[1].statements[0].to_string(), r#"DELETE FROM "roles" WHERE "name" = 'guest'"#);
//! ```
//!
//! Neither has a derived downgrade (the old values are not known): a migration with one
//! writes its `downgrade`. Neither runs without a filter: an unfiltered change of every row is
//! written with `op::execute`, where it shows.

use super::Op;
use crate::schema::Value;

/// `UPDATE table SET column = value, … WHERE column = value AND …`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Update {
    pub(crate) table: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) set: Vec<(String, Value)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) filter: Vec<(String, Value)>,
}

impl Update {
    pub(crate) fn new(table: String) -> Self {
        Update {
            table,
            set: Vec::new(),
            filter: Vec::new(),
        }
    }

    /// Set `column` to `value` (`Value::Null`, or `None::<T>`, for NULL).
    pub fn set(mut self, column: impl Into<String>, value: impl Into<Value>) -> Self {
        self.set.push((column.into(), value.into()));
        self
    }

    /// Only the rows whose `column` is `value` (`Value::Null` or `None::<T>`: IS NULL);
    /// several filters all apply. On MySQL, text compares by the column's collation
    /// (`'legacy'` matches `LEGACY` under the default one).
    pub fn filter(mut self, column: impl Into<String>, value: impl Into<Value>) -> Self {
        self.filter.push((column.into(), value.into()));
        self
    }
}

/// `DELETE FROM table WHERE column = value AND …`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Delete {
    pub(crate) table: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) filter: Vec<(String, Value)>,
}

impl Delete {
    pub(crate) fn new(table: String) -> Self {
        Delete {
            table,
            filter: Vec::new(),
        }
    }

    /// Only the rows whose `column` is `value` (`Value::Null` or `None::<T>`: IS NULL);
    /// several filters all apply. On MySQL, text compares by the column's collation
    /// (`'legacy'` matches `LEGACY` under the default one).
    pub fn filter(mut self, column: impl Into<String>, value: impl Into<Value>) -> Self {
        self.filter.push((column.into(), value.into()));
        self
    }
}

impl From<Update> for Op {
    fn from(op: Update) -> Self {
        Op::Update(op)
    }
}

impl From<Delete> for Op {
    fn from(op: Delete) -> Self {
        Op::Delete(op)
    }
}
