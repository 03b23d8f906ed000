//! Table-level operations: create, drop, rename.

use super::Op;
use crate::schema::{CheckConstraint, Column, ColumnNames, ForeignKey, UniqueConstraint};

/// `CREATE TABLE`: columns plus table-level constraints.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CreateTable {
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) columns: Vec<Column>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) primary_key: Vec<String>,
    /// The primary key's name, given by the naming convention.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) primary_key_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) uniques: Vec<UniqueConstraint>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) foreign_keys: Vec<ForeignKey>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) checks: Vec<CheckConstraint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) comment: Option<String>,
}

impl CreateTable {
    pub(crate) fn new(name: String) -> Self {
        CreateTable {
            name,
            columns: Vec::new(),
            primary_key: Vec::new(),
            primary_key_name: None,
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            comment: None,
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
        C: ColumnNames,
    {
        self.primary_key = columns.into_names();
        self
    }

    /// Name the primary key (a column's `.primary_key()` or [`primary_key`](Self::primary_key))
    /// instead of letting the naming convention name it: a database adopted from another
    /// tool keeps its names.
    ///
    /// ```
    /// # use migrate_runtime::prelude::*;
    /// // PostgreSQL and MySQL: CREATE TABLE "tags" (… CONSTRAINT "tag_pk" PRIMARY KEY ("key", "run_uuid"))
    /// // SQLite: the same; MySQL ignores the name (every primary key is `PRIMARY`)
    /// let create = op::create_table("tags")
    ///     .column(Column::new("key", Type::Varchar(250)))
    ///     .column(Column::new("run_uuid", Type::Varchar(32)))
    ///     .primary_key(["key", "run_uuid"])
    ///     .primary_key_name("tag_pk");
    /// # let _ = create;
    /// ```
    pub fn primary_key_name(mut self, name: impl Into<String>) -> Self {
        self.primary_key_name = Some(name.into());
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

    /// A `CHECK` constraint.
    pub fn check(mut self, check: CheckConstraint) -> Self {
        self.checks.push(check);
        self
    }

    /// Describe the table in the database's catalog.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// The names of the PostgreSQL enum types it creates for its columns.
    pub(crate) fn enum_types(&self) -> Vec<String> {
        let created = self.columns.iter().filter(|c| !c.existing_type);
        let types = created.filter_map(|c| match &c.ty {
            crate::schema::Type::Enum { name, .. } => Some(name.clone()),
            _ => None,
        });
        types.collect()
    }
}

impl From<CreateTable> for Op {
    fn from(op: CreateTable) -> Self {
        Op::CreateTable(op)
    }
}

/// `DROP TABLE`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DropTable {
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) enum_types: Vec<String>,
}

impl DropTable {
    pub(crate) fn new(name: String) -> Self {
        DropTable {
            name,
            enum_types: Vec::new(),
        }
    }

    /// Drop the PostgreSQL enum type `name` after the table (elsewhere enums live in the
    /// column and go with it).
    pub fn drop_enum_type(mut self, name: impl Into<String>) -> Self {
        self.enum_types.push(name.into());
        self
    }
}

impl From<DropTable> for Op {
    fn from(op: DropTable) -> Self {
        Op::DropTable(op)
    }
}

/// A table's comment set, or taken away (`None`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CommentOnTable {
    pub(crate) table: String,
    pub(crate) comment: Option<String>,
}

impl From<CommentOnTable> for Op {
    fn from(op: CommentOnTable) -> Self {
        Op::CommentOnTable(op)
    }
}

/// `ALTER TABLE from RENAME TO to`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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
