//! Constraints added to or dropped from an existing table.

use super::Op;
use crate::schema::{
    CheckConstraint, ConstraintKind, ForeignKey, ReferentialAction, UniqueConstraint,
};

/// `ALTER TABLE … ADD CONSTRAINT …`: any kind of table constraint, named.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AddConstraint {
    pub(crate) table: String,
    pub(crate) constraint: TableConstraint,
}

/// A named table constraint.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum TableConstraint {
    /// A foreign key.
    ForeignKey(ForeignKey),
    /// A unique constraint.
    Unique(UniqueConstraint),
    /// A check.
    Check(CheckConstraint),
    /// A primary key, named, over its columns.
    PrimaryKey {
        /// The constraint's name.
        name: String,
        /// The key's columns.
        columns: Vec<String>,
    },
}

impl TableConstraint {
    /// The constraint's name.
    pub(crate) fn name(&self) -> &str {
        let name = match self {
            TableConstraint::ForeignKey(key) => key.name.as_deref(),
            TableConstraint::Unique(unique) => unique.name.as_deref(),
            TableConstraint::Check(check) => check.name.as_deref(),
            TableConstraint::PrimaryKey { name, .. } => Some(name.as_str()),
        };
        name.unwrap_or_default()
    }

    /// Its kind.
    pub(crate) fn kind(&self) -> ConstraintKind {
        match self {
            TableConstraint::ForeignKey(_) => ConstraintKind::ForeignKey,
            TableConstraint::Unique(_) => ConstraintKind::Unique,
            TableConstraint::Check(_) => ConstraintKind::Check,
            TableConstraint::PrimaryKey { .. } => ConstraintKind::PrimaryKey,
        }
    }
}

impl AddConstraint {
    pub(crate) fn new(table: String, constraint: TableConstraint) -> Self {
        AddConstraint { table, constraint }
    }

    /// For a foreign key: what happens to referencing rows when the referenced row is deleted.
    pub fn on_delete(mut self, action: ReferentialAction) -> Self {
        if let TableConstraint::ForeignKey(key) = &mut self.constraint {
            key.on_delete = Some(action);
        }
        self
    }

    /// For a foreign key: what happens to referencing rows when the referenced key changes.
    pub fn on_update(mut self, action: ReferentialAction) -> Self {
        if let TableConstraint::ForeignKey(key) = &mut self.constraint {
            key.on_update = Some(action);
        }
        self
    }

    /// For a foreign key: checked when each statement ends unless the transaction defers it
    /// (see [`ForeignKey::deferrable`]).
    ///
    /// ```
    /// # use migrate_runtime::prelude::*;
    /// // PostgreSQL: ALTER TABLE "orders" ADD CONSTRAINT "fk_orders_user" FOREIGN KEY ("user_id")
    /// //             REFERENCES "users" ("id") DEFERRABLE INITIALLY IMMEDIATE
    /// // SQLite: the table rebuilt with the key; MySQL: the key without the clause
    /// let key = op::create_foreign_key("fk_orders_user", "orders", ["user_id"], "users", ["id"])
    ///     .deferrable();
    /// # let _ = key;
    /// ```
    pub fn deferrable(mut self) -> Self {
        if let TableConstraint::ForeignKey(key) = self.constraint {
            self.constraint = TableConstraint::ForeignKey(key.deferrable());
        }
        self
    }

    /// For a foreign key: checked when the transaction commits (see
    /// [`ForeignKey::initially_deferred`]).
    pub fn initially_deferred(mut self) -> Self {
        if let TableConstraint::ForeignKey(key) = self.constraint {
            self.constraint = TableConstraint::ForeignKey(key.initially_deferred());
        }
        self
    }
}

impl From<AddConstraint> for Op {
    fn from(op: AddConstraint) -> Self {
        Op::AddConstraint(op)
    }
}

/// `ALTER TABLE … DROP CONSTRAINT name`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DropConstraint {
    pub(crate) table: String,
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) kind: Option<ConstraintKind>,
    /// A constraint without a name (SQLite keeps those): the columns that tell it among the
    /// table's unnamed ones of its kind.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) columns: Vec<String>,
    /// A check without a name: its condition, as the database keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) condition: Option<String>,
    /// Undoing `create_foreign_key`: on MySQL, also drop the index it created for the key.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) with_implicit_index: bool,
}

impl DropConstraint {
    pub(crate) fn new(table: String, name: String) -> Self {
        DropConstraint {
            table,
            name,
            kind: None,
            columns: Vec::new(),
            condition: None,
            with_implicit_index: false,
        }
    }

    /// Say what kind of constraint it is, which MySQL needs to drop it.
    pub fn kind(mut self, kind: ConstraintKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Whether it is a constraint without a name, told by its kind and columns (a check by
    /// its condition).
    pub(crate) fn is_unnamed(&self) -> bool {
        self.name.is_empty()
    }
}

impl From<DropConstraint> for Op {
    fn from(op: DropConstraint) -> Self {
        Op::DropConstraint(op)
    }
}
