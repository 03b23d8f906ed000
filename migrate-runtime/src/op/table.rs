//! Table-level operations: create, drop, rename.

use super::Op;
use crate::schema::{Column, ForeignKey, UniqueConstraint};

/// `CREATE TABLE`: columns plus table-level constraints.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateTable {
    pub(crate) name: String,
    pub(crate) columns: Vec<Column>,
    pub(crate) primary_key: Vec<String>,
    pub(crate) uniques: Vec<UniqueConstraint>,
    pub(crate) foreign_keys: Vec<ForeignKey>,
}

impl CreateTable {
    pub(crate) fn new(name: String) -> Self {
        CreateTable {
            name,
            columns: Vec::new(),
            primary_key: Vec::new(),
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
        }
    }

    /// Add a column.
    pub fn column(mut self, column: Column) -> Self {
        self.columns.push(column);
        self
    }

    /// A primary key over several columns (`PRIMARY KEY (a, b)`); its columns become NOT NULL.
    pub fn primary_key<C>(mut self, columns: C) -> Self
    where
        C: IntoIterator,
        C::Item: Into<String>,
    {
        self.primary_key = columns.into_iter().map(Into::into).collect();
        self
    }

    /// A unique constraint over one or more columns.
    pub fn unique(mut self, constraint: UniqueConstraint) -> Self {
        self.uniques.push(constraint);
        self
    }

    /// A foreign key over one or more columns.
    pub fn foreign_key(mut self, key: ForeignKey) -> Self {
        self.foreign_keys.push(key);
        self
    }
}

impl From<CreateTable> for Op {
    fn from(op: CreateTable) -> Self {
        Op::CreateTable(op)
    }
}

/// `DROP TABLE`.
#[derive(Debug, Clone, PartialEq)]
pub struct DropTable {
    pub(crate) name: String,
}

impl DropTable {
    pub(crate) fn new(name: String) -> Self {
        DropTable { name }
    }
}

impl From<DropTable> for Op {
    fn from(op: DropTable) -> Self {
        Op::DropTable(op)
    }
}

/// `ALTER TABLE from RENAME TO to`.
#[derive(Debug, Clone, PartialEq)]
pub struct RenameTable {
    pub(crate) from: String,
    pub(crate) to: String,
}

impl RenameTable {
    pub(crate) fn new(from: String, to: String) -> Self {
        RenameTable { from, to }
    }
}

impl From<RenameTable> for Op {
    fn from(op: RenameTable) -> Self {
        Op::RenameTable(op)
    }
}
