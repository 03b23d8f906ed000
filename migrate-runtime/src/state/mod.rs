//! The schema as a value: what the typed history says the database holds at a revision,
//! known without a database by replaying the ops ([`Schema::apply`]), printable as JSON or as
//! the DDL of each dialect.
//!
//! ```
//! use migrate_runtime::prelude::*;
//! use migrate_runtime::state::Schema;
//!
//! let mut schema = Schema::default();
//! let users = op::create_table("users")
//!     .column(Column::new("id", Type::BigSerial).primary_key())
//!     .column(Column::new("email", Type::Text).not_null());
//! schema.apply(&users.into()).unwrap();
//! assert_eq!(schema.table("users").unwrap().columns.len(), 2);
//! // A second column of the same name is refused, as the database would.
//! let again = op::add_column("users", Column::new("email", Type::Text));
//! assert!(schema.apply(&again.into()).is_err());
//! ```

mod compare;
mod complete;
mod convert;
mod ddl;
mod filter;
mod mysql;
mod not_described;
mod objects;
mod portable;
mod replay;
mod reverse;

use std::collections::BTreeMap;

use crate::schema::{DefaultValue, Generated, Identity, KeyOptions, ReferentialAction, Type};

pub(crate) use compare::condition::condition_text;
pub(crate) use compare::same::{
    same_check, same_default, same_index, same_key, same_shape, same_type, same_unique,
    without_sequence,
};
pub use compare::{Difference, differences};
pub use filter::{OTHER_TOOLS_TABLES, PatternError, TableFilter};
pub(crate) use mysql::{align_unique_spellings, serves_a_key, without_foreign_key_indexes};
pub use not_described::NotDescribed;
pub use objects::{DatabaseObject, ObjectKind};
pub use replay::ReplayError;
pub(crate) use replay::UnnamedConstraint;

/// The tables and enum types of a database, as the history builds them.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Schema {
    /// The tables, by name.
    pub tables: BTreeMap<String, Table>,
    /// PostgreSQL's enum types, by name: their values in order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub enums: BTreeMap<String, Vec<String>>,
    /// Views, triggers, functions and procedures, held whole, in the order they were made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<DatabaseObject>,
    /// What a catalog read found that migrate neither describes nor holds whole (a table's
    /// partitioning, a storage engine): listed, never compared. Empty in a replay.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_described: Vec<NotDescribed>,
}

impl Schema {
    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }
}

/// A table: its columns in order, its keys and constraints, and its indexes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Table {
    /// Its name.
    pub name: String,
    /// Its columns, in order.
    pub columns: Vec<ColumnState>,
    /// Its primary key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    /// Its foreign keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKeyState>,
    /// Its unique constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<UniqueState>,
    /// Its check constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckState>,
    /// Its indexes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<IndexState>,
    /// Its comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Table {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnState> {
        self.columns.iter().find(|column| column.name == name)
    }
}

/// A column: name, type, nullability, default and comment.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ColumnState {
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Whether it takes NULL.
    pub nullable: bool,
    /// Its server default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// Its comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// How the database computes it, for a generated column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    /// How the database numbers it, for an identity column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// Its collation, where it is not the table's or the database's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

/// A primary key.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PrimaryKey {
    /// Its name, where one was given or the naming convention gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its columns, in order.
    pub columns: Vec<String>,
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ForeignKeyState {
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The referring columns.
    pub columns: Vec<String>,
    /// The referred table.
    pub referred_table: String,
    /// The referred columns.
    pub referred_columns: Vec<String>,
    /// What a delete of the referred row does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<ReferentialAction>,
    /// What an update of the referred key does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<ReferentialAction>,
    /// `DEFERRABLE`: `Some(true)` initially deferred, `Some(false)` initially immediate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<bool>,
}

/// A unique constraint.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UniqueState {
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its columns.
    pub columns: Vec<String>,
}

/// A check constraint.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CheckState {
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its condition, as SQL.
    pub condition: String,
}

/// An index.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndexState {
    /// Its name.
    pub name: String,
    /// Its columns (or expressions), in order.
    pub columns: Vec<String>,
    /// Whether it is unique.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    /// Its `WHERE` condition, for a partial index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub where_sql: Option<String>,
    /// The columns that are not whole and ascending, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub key_options: BTreeMap<String, KeyOptions>,
    /// The columns stored beside the key (PostgreSQL's `INCLUDE`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
}
