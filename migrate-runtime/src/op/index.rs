//! Index operations: create, drop.

use std::collections::BTreeMap;

use super::Op;
use crate::schema::KeyOptions;

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
    /// The columns that are not whole and ascending, by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) key_options: BTreeMap<String, KeyOptions>,
    /// Columns stored in the index beside its key (PostgreSQL's `INCLUDE`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) include: Vec<String>,
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
            key_options: BTreeMap::new(),
            include: Vec::new(),
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

    /// Order the column `column` descending.
    ///
    /// ```
    /// # use migrate_runtime::prelude::*;
    /// // CREATE INDEX "ix_latest" ON "versions" ("name", "major" DESC) — on the three databases
    /// let latest = op::create_index("ix_latest", "versions", ["name", "major"]).descending("major");
    /// # let _ = latest;
    /// ```
    pub fn descending(self, column: impl Into<String>) -> Self {
        self.key(column, |key| key.descending = true)
    }

    /// Put the NULLs of `column` first (`true`) or last: PostgreSQL's `NULLS FIRST`/`NULLS
    /// LAST`, left out on MySQL and SQLite, which have no such clause in an index (both sort
    /// NULLs first ascending).
    pub fn nulls_first(self, column: impl Into<String>, first: bool) -> Self {
        self.key(column, |key| key.nulls_first = Some(first))
    }

    /// Index only the first `length` characters of `column` (MySQL's prefix index, for long
    /// strings; the other databases index the whole column).
    ///
    /// ```
    /// # use migrate_runtime::prelude::*;
    /// // MySQL: CREATE INDEX `ix_model` ON `runs` (`model_name`(64))
    /// // PostgreSQL and SQLite: CREATE INDEX "ix_model" ON "runs" ("model_name")
    /// let model = op::create_index("ix_model", "runs", ["model_name"]).prefix("model_name", 64);
    /// # let _ = model;
    /// ```
    pub fn prefix(self, column: impl Into<String>, length: u32) -> Self {
        self.key(column, |key| key.prefix = Some(length))
    }

    /// Store these columns in the index beside its key, for index-only scans (PostgreSQL's
    /// `INCLUDE`; the other databases have no such clause and leave them out).
    pub fn include<C: crate::schema::ColumnNames>(mut self, columns: C) -> Self {
        self.include = columns.into_names();
        self
    }

    fn key(mut self, column: impl Into<String>, change: impl FnOnce(&mut KeyOptions)) -> Self {
        let column = column.into();
        let mut key = self.key_options.remove(&column).unwrap_or_default();
        change(&mut key);
        // Kept as said (a NULLS LAST said before DESC still holds); the schema leaves out
        // what is the order's default.
        if !key.is_plain() {
            self.key_options.insert(column, key);
        }
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
