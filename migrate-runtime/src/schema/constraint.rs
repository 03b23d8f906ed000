//! Table constraints: foreign keys and unique constraints.

use super::names::ColumnNames;

/// What a foreign key does when the row it references is deleted or its key updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReferentialAction {
    /// Refuse the change while referencing rows exist, checked at the end of the statement.
    NoAction,
    /// Refuse the change while referencing rows exist, checked at once.
    Restrict,
    /// Delete or update the referencing rows too.
    Cascade,
    /// Set the referencing columns to NULL.
    SetNull,
    /// Set the referencing columns to their defaults.
    SetDefault,
}

/// A foreign key from `columns` of one table to `referred_columns` of `referred_table`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ForeignKey {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) columns: Vec<String>,
    pub(crate) referred_table: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) referred_columns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) on_delete: Option<ReferentialAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) on_update: Option<ReferentialAction>,
    /// `DEFERRABLE`: `Some(true)` initially deferred, `Some(false)` initially immediate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) deferrable: Option<bool>,
}

impl ForeignKey {
    /// A foreign key from `columns` to `referred_columns` of `referred_table`.
    pub fn new<C, R>(columns: C, referred_table: impl Into<String>, referred_columns: R) -> Self
    where
        C: ColumnNames,
        R: ColumnNames,
    {
        ForeignKey {
            name: None,
            columns: columns.into_names(),
            referred_table: referred_table.into(),
            referred_columns: referred_columns.into_names(),
            on_delete: None,
            on_update: None,
            deferrable: None,
        }
    }

    /// Name the constraint (`CONSTRAINT name FOREIGN KEY …`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// What happens to referencing rows when the referenced row is deleted.
    pub fn on_delete(mut self, action: ReferentialAction) -> Self {
        self.on_delete = Some(action);
        self
    }

    /// What happens to referencing rows when the referenced key is updated.
    pub fn on_update(mut self, action: ReferentialAction) -> Self {
        self.on_update = Some(action);
        self
    }

    /// Checked when each statement ends, unless a transaction says `SET CONSTRAINTS … DEFERRED`
    /// (`DEFERRABLE INITIALLY IMMEDIATE` on PostgreSQL and SQLite; MySQL has no deferred keys
    /// and checks at once).
    pub fn deferrable(mut self) -> Self {
        self.deferrable.get_or_insert(false);
        self
    }

    /// Checked when the transaction commits (`DEFERRABLE INITIALLY DEFERRED` on PostgreSQL and
    /// SQLite; MySQL checks at once): rows may refer to each other in any order within it.
    pub fn initially_deferred(mut self) -> Self {
        self.deferrable = Some(true);
        self
    }
}

/// A `UNIQUE` constraint over one or more columns.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UniqueConstraint {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) columns: Vec<String>,
}

impl UniqueConstraint {
    /// A unique constraint over `columns`.
    pub fn new<C>(columns: C) -> Self
    where
        C: ColumnNames,
    {
        UniqueConstraint {
            name: None,
            columns: columns.into_names(),
        }
    }

    /// Name the constraint.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// A `CHECK` constraint: a SQL condition every row must meet.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckConstraint {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    pub(crate) condition: String,
}

impl CheckConstraint {
    /// A check of `condition`, SQL used as written (such as `"price >= 0"`).
    pub fn new(condition: impl Into<String>) -> Self {
        CheckConstraint {
            name: None,
            condition: condition.into(),
        }
    }

    /// Name the constraint.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// The kinds of table constraint, which MySQL needs to drop one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ConstraintKind {
    /// `FOREIGN KEY`.
    ForeignKey,
    /// `UNIQUE`.
    Unique,
    /// `CHECK`.
    Check,
    /// `PRIMARY KEY`.
    PrimaryKey,
}
