//! Autogenerate: the ops that bring the history's schema at head to the schema the models
//! declare ([`crate::model`]), found by comparing typed values offline, and written out as a
//! migration's Rust source.
//!
//! ```
//! use migrate_runtime::autogenerate::{self, Renames};
//! use migrate_runtime::prelude::*;
//! use migrate_runtime::state::Schema;
//! use migrate_runtime::Dialect;
//!
//! let mut history = Schema::default();
//! history.apply(&op::create_table("users").column(Column::new("id", Type::BigSerial).primary_key()).into()).unwrap();
//! let mut models = history.clone();
//! models.apply(&op::add_column("users", Column::new("phone", Type::Text)).into()).unwrap();
//!
//! let changes = autogenerate::changes(&history, &models, &Renames::default(), Dialect::Postgres, &mut |_| None).unwrap();
//! assert_eq!(changes[0].summary, "added column `users.phone`");
//! ```

mod diff;
mod field_types;
mod models_source;
mod rows_source;
mod source;

use std::fmt;

pub use diff::{RenameDecider, changes};
pub use models_source::models_source;
pub use rows_source::{UnwritableValue, rows_change};
pub use source::plan_source;

use crate::model::{ModelError, Models};
use crate::op::Op;
use crate::state::ReplayError;

/// One change autogenerate found, as the op that makes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The op.
    pub op: Op,
    /// What it does, one line: ``added column `users.phone` ``.
    pub summary: String,
    /// Whether it can lose data: a dropped table or column, a narrowed type.
    pub destructive: bool,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary)
    }
}

/// A table or column that is gone and another of the same shape that is new: a rename, or a
/// drop and an add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameCandidate {
    /// The table of the two columns; none for two tables.
    pub table: Option<String>,
    /// The name the history has.
    pub dropped: String,
    /// The name the models have.
    pub added: String,
}

impl fmt::Display for RenameCandidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.table {
            Some(table) => write!(
                f,
                "column `{table}.{}` is gone from the models and `{table}.{}` is new, of the same type",
                self.dropped, self.added
            ),
            None => write!(
                f,
                "table `{}` is gone from the models and `{}` is new, with the same columns",
                self.dropped, self.added
            ),
        }
    }
}

/// The earlier names the models declare (`renamed_from`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// `(name in the models, earlier name)` of tables.
    pub tables: Vec<(String, String)>,
    /// `(table, column, earlier name)`, the table by its name in the models.
    pub columns: Vec<(String, String, String)>,
}

impl Renames {
    /// The renames `models` declare.
    pub fn of(models: &Models) -> Self {
        let mut renames = Renames::default();
        for table in models.tables() {
            if let Some(earlier) = &table.renamed_from {
                renames
                    .tables
                    .push((table.name().to_owned(), earlier.clone()));
            }
            for (column, earlier) in &table.renamed_columns {
                renames
                    .columns
                    .push((table.name().to_owned(), column.clone(), earlier.clone()));
            }
        }
        renames
    }

    fn columns_of<'a>(&'a self, table: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.columns
            .iter()
            .filter(move |(of, _, _)| of == table)
            .map(|(_, column, earlier)| (column.as_str(), earlier.as_str()))
    }
}

/// Why autogenerate found no changes to write.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AutogenerateError {
    /// A drop and an add that may be a rename, and nobody said which.
    #[error(
        "{0}: if it was renamed, add `renamed_from = \"{dropped}\"` to the {what}'s attribute; \
         otherwise say that the one is dropped and the other added",
        dropped = .0.dropped,
        what = if .0.table.is_some() { "field" } else { "model" }
    )]
    Ambiguous(RenameCandidate),
    /// The models do not make a schema.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A change found does not fit the schema: a defect of migrate.
    #[error(
        "the change `{op}` does not fit the schema ({cause}); this is a defect of migrate, \
         please report it"
    )]
    Inconsistent {
        /// The op.
        op: String,
        /// Why it does not fit.
        cause: ReplayError,
    },
    /// A change autogenerate does not write: what to write by hand instead.
    #[error("{0}")]
    Unsupported(String),
    /// The history has several heads: the new migration would not know which to follow.
    #[error(
        "the history has several heads ({}): merge them into one first",
        .0.join(", ")
    )]
    SeveralHeads(Vec<String>),
}
