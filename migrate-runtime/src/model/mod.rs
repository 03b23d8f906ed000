//! Models: the schema declared in Rust. `#[derive(Model)]` on a struct declares a table (its
//! fields are the columns) and registers it like a migration; [`Models::schema`] builds the
//! [`Schema`] they declare, which autogenerate compares with the history's.
//!
//! ```
//! use migrate_runtime::model::{Model, Models};
//! use migrate_runtime::{Dialect, NamingConvention};
//!
//! #[derive(Model)]
//! #[model(table = "users")]
//! struct User {
//!     #[column(primary_key)]
//!     id: i64,
//!     #[column(len = 255, unique)]
//!     email: String,
//!     nickname: Option<String>,
//! }
//!
//! let models = Models::from_tables([User::table()]);
//! let schema = models.schema(&NamingConvention::default(), Dialect::Postgres).unwrap();
//! let users = schema.table("users").unwrap();
//! assert_eq!(users.columns.len(), 3);
//! assert!(users.column("nickname").unwrap().nullable);
//! ```

mod column_type;

use std::collections::BTreeSet;

pub use column_type::{ColumnType, TypeOptions, auto_increment, field_column};
pub use migrate_macros::{Model, ModelEnum};

use crate::dialect::Dialect;
use crate::op::{CreateIndex, CreateTable, OnlyOn, Op};
use crate::schema::NamingConvention;
use crate::state::{ReplayError, Schema};

/// A struct whose fields are the columns of a table; `#[derive(Model)]` implements it.
pub trait Model {
    /// The table the model declares.
    fn table() -> ModelTable;
}

/// A model's registration, submitted to `inventory` by `#[derive(Model)]`.
#[derive(Debug)]
pub struct ModelDef {
    name: &'static str,
    table: fn() -> ModelTable,
}

inventory::collect!(ModelDef);

impl ModelDef {
    /// The registration of the model `name` (the struct's name), whose table `table` builds.
    pub const fn new(name: &'static str, table: fn() -> ModelTable) -> Self {
        ModelDef { name, table }
    }

    /// The struct's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The table it declares.
    pub fn table(&self) -> ModelTable {
        (self.table)()
    }
}

/// A table as a model declares it: the `create_table` that builds it, its indexes, and the
/// names it and its columns had before (`renamed_from`).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelTable {
    pub(crate) model: String,
    pub(crate) create: CreateTable,
    /// Each `create_index`, `.only_on(…)` where the model says so.
    pub(crate) indexes: Vec<Op>,
    pub(crate) renamed_from: Option<String>,
    /// `(column, its earlier name)`.
    pub(crate) renamed_columns: Vec<(String, String)>,
}

impl ModelTable {
    /// The table `create` builds, declared by the model `model`.
    pub fn new(model: impl Into<String>, create: CreateTable) -> Self {
        ModelTable {
            model: model.into(),
            create,
            indexes: Vec::new(),
            renamed_from: None,
            renamed_columns: Vec::new(),
        }
    }

    /// An index on the table: a `create_index`, possibly for some databases only
    /// (`.only_on([…])`).
    pub fn index(mut self, index: impl Into<Op>) -> Self {
        self.indexes.push(index.into());
        self
    }

    /// The indexes declared for some databases only.
    pub(crate) fn indexes_only_on(&self) -> impl Iterator<Item = (&CreateIndex, &OnlyOn)> {
        self.indexes.iter().filter_map(|index| match index {
            Op::OnlyOn(only) => match &*only.op {
                Op::CreateIndex(create) => Some((create, only)),
                _ => None,
            },
            _ => None,
        })
    }

    /// The table was called `earlier` in the history: autogenerate renames it.
    pub fn renamed_from(mut self, earlier: impl Into<String>) -> Self {
        self.renamed_from = Some(earlier.into());
        self
    }

    /// The column `column` was called `earlier` in the history: autogenerate renames it.
    pub fn column_renamed_from(
        mut self,
        column: impl Into<String>,
        earlier: impl Into<String>,
    ) -> Self {
        self.renamed_columns.push((column.into(), earlier.into()));
        self
    }

    /// The table's name.
    pub fn name(&self) -> &str {
        &self.create.name
    }
}

/// Why the models do not make a schema: two models of one table, a key to a table no model
/// declares, an index on a column the table lacks.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("model `{model}` (table `{table}`): {cause}")]
pub struct ModelError {
    /// The struct.
    pub model: String,
    /// Its table.
    pub table: String,
    /// What does not fit.
    pub cause: ReplayError,
}

/// The models of a program.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Models {
    tables: Vec<ModelTable>,
}

impl Models {
    /// Every model registered with `#[derive(Model)]` in the crates linked into this program.
    pub fn registered() -> Self {
        Models::from_tables(inventory::iter::<ModelDef>.into_iter().map(ModelDef::table))
    }

    /// Exactly the given tables.
    pub fn from_tables(tables: impl IntoIterator<Item = ModelTable>) -> Self {
        let mut tables: Vec<ModelTable> = tables.into_iter().collect();
        tables.sort_by(|a, b| a.name().cmp(b.name()));
        Models { tables }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    /// The tables.
    pub fn tables(&self) -> &[ModelTable] {
        &self.tables
    }

    /// The schema the models declare, its unnamed constraints named by `convention` as the
    /// history names them, read as `dialect` reads it.
    pub fn schema(
        &self,
        convention: &NamingConvention,
        dialect: Dialect,
    ) -> Result<Schema, ModelError> {
        let mut schema = Schema::default();
        let mut deferred = Vec::new();
        for table in self.in_creation_order() {
            let failed = |cause| ModelError {
                model: table.model.clone(),
                table: table.name().to_owned(),
                cause,
            };
            // A key to a table not created yet (a cycle) is added once every table is.
            let mut create = table.create.clone();
            let mut later = Vec::new();
            for column in &mut create.columns {
                let refers_later = column.references.as_ref().is_some_and(|key| {
                    key.referred_table != table.name()
                        && schema.table(&key.referred_table).is_none()
                });
                if refers_later && let Some(mut key) = column.references.take() {
                    key.columns = vec![column.name.clone()];
                    later.push(key);
                }
            }
            let (now, deferred_keys): (Vec<_>, Vec<_>) = std::mem::take(&mut create.foreign_keys)
                .into_iter()
                .partition(|key| {
                    key.referred_table == create.name || schema.table(&key.referred_table).is_some()
                });
            create.foreign_keys = now;
            later.extend(deferred_keys);
            let op = Op::from(create);
            schema
                .apply_for(&op.named(convention), dialect)
                .map_err(failed)?;
            // Named now, as the naming convention names a key of `create_table`.
            let columns: Vec<&str> = table
                .create
                .columns
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            let mut taken: Vec<String> = schema
                .table(table.name())
                .map(|created| {
                    created
                        .constraints()
                        .iter()
                        .map(|c| c.name().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            for key in later {
                let mut key = crate::op::TableConstraint::ForeignKey(key);
                key.name_unnamed(table.name(), &columns, convention, |name| {
                    taken.iter().any(|t| t == name)
                });
                taken.push(key.name().to_owned());
                let add = crate::op::AddConstraint::new(table.name().to_owned(), key);
                deferred.push((table, Op::from(add)));
            }
            for index in &table.indexes {
                deferred.push((table, index.clone()));
            }
        }
        for (table, op) in deferred {
            schema
                .apply_for(&op.named(convention), dialect)
                .map_err(|cause| ModelError {
                    model: table.model.clone(),
                    table: table.name().to_owned(),
                    cause,
                })?;
        }
        Ok(schema)
    }

    /// The tables, each after those its foreign keys refer to where the keys allow it.
    fn in_creation_order(&self) -> Vec<&ModelTable> {
        let mut ordered: Vec<&ModelTable> = Vec::new();
        let mut placed: BTreeSet<&str> = BTreeSet::new();
        let declared: BTreeSet<&str> = self.tables.iter().map(ModelTable::name).collect();
        while ordered.len() < self.tables.len() {
            let unplaced = || self.tables.iter().filter(|t| !placed.contains(t.name()));
            let ready = unplaced().find(|table| {
                referred_tables(&table.create)
                    .all(|to| to == table.name() || placed.contains(to) || !declared.contains(to))
            });
            let Some(next) = ready.or_else(|| unplaced().next()) else {
                break;
            };
            placed.insert(next.name());
            ordered.push(next);
        }
        ordered
    }
}

/// The tables the keys of `create` refer to, its columns' included.
fn referred_tables(create: &CreateTable) -> impl Iterator<Item = &str> {
    let of_columns = create
        .columns
        .iter()
        .filter_map(|column| column.references.as_ref());
    create
        .foreign_keys
        .iter()
        .chain(of_columns)
        .map(|key| key.referred_table.as_str())
}
