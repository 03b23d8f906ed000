//! Raw SQL.

use super::Op;

/// One SQL statement, run exactly as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Execute {
    pub(crate) sql: String,
}

impl Execute {
    pub(crate) fn new(sql: String) -> Self {
        Execute { sql }
    }
}

impl From<Execute> for Op {
    fn from(op: Execute) -> Self {
        Op::Execute(op)
    }
}
