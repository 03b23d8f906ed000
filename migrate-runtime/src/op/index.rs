//! Index operations: create, drop.

use super::Op;

/// `CREATE [UNIQUE] INDEX name ON table (columns)`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateIndex {
    pub(crate) name: String,
    pub(crate) table: String,
    pub(crate) columns: Vec<String>,
    pub(crate) unique: bool,
}

impl CreateIndex {
    pub(crate) fn new(name: String, table: String, columns: Vec<String>) -> Self {
        CreateIndex {
            name,
            table,
            columns,
            unique: false,
        }
    }

    /// Make it a unique index.
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
}

impl From<CreateIndex> for Op {
    fn from(op: CreateIndex) -> Self {
        Op::CreateIndex(op)
    }
}

/// `DROP INDEX name` (on MySQL, `DROP INDEX name ON table`).
#[derive(Debug, Clone, PartialEq)]
pub struct DropIndex {
    pub(crate) name: String,
    pub(crate) table: Option<String>,
}

impl DropIndex {
    pub(crate) fn new(name: String) -> Self {
        DropIndex { name, table: None }
    }

    /// The table the index is on, which MySQL needs to drop it.
    pub fn on(mut self, table: impl Into<String>) -> Self {
        self.table = Some(table.into());
        self
    }
}

impl From<DropIndex> for Op {
    fn from(op: DropIndex) -> Self {
        Op::DropIndex(op)
    }
}
