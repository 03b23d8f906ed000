//! Raw SQL, with typed values for its `?` placeholders.

use super::Op;
use crate::schema::Value;

/// One SQL statement, run as written, each `?` placeholder replaced by the next bound value.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Execute {
    pub(crate) sql: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) binds: Vec<Value>,
}

impl Execute {
    pub(crate) fn new(sql: String) -> Self {
        Execute {
            sql,
            binds: Vec::new(),
        }
    }

    /// The value of the next `?` placeholder (outside strings, quoted names and comments).
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.binds.push(value.into());
        self
    }
}

impl From<Execute> for Op {
    fn from(op: Execute) -> Self {
        Op::Execute(op)
    }
}
