//! Index operations: create, drop.

use super::Op;

/// `CREATE [UNIQUE] INDEX name ON table (columns)`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CreateIndex {
    pub(crate) name: String,
    pub(crate) table: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) columns: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) unique: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) where_sql: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) concurrently: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) if_not_exists: bool,
}

impl CreateIndex {
    pub(crate) fn new(name: String, table: String, columns: Vec<String>) -> Self {
        CreateIndex {
            name,
            table,
            columns,
            unique: false,
            where_sql: None,
            concurrently: false,
            if_not_exists: false,
        }
    }

    /// Make it a unique index.
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    /// A partial index over the rows where `condition` (SQL) holds (PostgreSQL, SQLite).
    pub fn where_sql(mut self, condition: impl Into<String>) -> Self {
        self.where_sql = Some(condition.into());
        self
    }

    /// Build without locking out writes (PostgreSQL's `CONCURRENTLY`; the migration must be
    /// `transactional = false`).
    pub fn concurrently(mut self) -> Self {
        self.concurrently = true;
        self
    }

    /// Do nothing if an index of that name exists.
    pub fn if_not_exists(mut self) -> Self {
        self.if_not_exists = true;
        self
    }
}

impl From<CreateIndex> for Op {
    fn from(op: CreateIndex) -> Self {
        Op::CreateIndex(op)
    }
}

/// `DROP INDEX name` (on MySQL, `DROP INDEX name ON table`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DropIndex {
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) table: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) if_exists: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) concurrently: bool,
}

impl DropIndex {
    pub(crate) fn new(name: String) -> Self {
        DropIndex {
            name,
            table: None,
            if_exists: false,
            concurrently: false,
        }
    }

    /// Do nothing if no index of that name exists.
    pub fn if_exists(mut self) -> Self {
        self.if_exists = true;
        self
    }

    /// Drop without locking out writes (PostgreSQL's `CONCURRENTLY`).
    pub fn concurrently(mut self) -> Self {
        self.concurrently = true;
        self
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
