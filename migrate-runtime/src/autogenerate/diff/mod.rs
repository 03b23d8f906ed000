//! The ops that take one schema to another, found by asking the comparer whether two items
//! are the same ([`crate::state`]'s `same_*`): tables, columns (type, nullability, default,
//! comment), keys, unique and check constraints, indexes, enums, objects. Each op is applied
//! to a working copy of the starting schema as it is found, so the list is one the replay
//! accepts, in a safe order: renames ([`renames`]); the foreign keys, then the other
//! constraints and indexes that go ([`constraints`]); new extensions and sequences
//! ([`objects`]); new and changed columns ([`columns`]); new tables, a table before those
//! whose keys refer to it ([`tables`]); new keys and constraints, then foreign keys, then
//! indexes; the columns and the tables that go; last the new views, triggers and routines.

mod columns;
mod constraints;
mod objects;
mod renames;
mod tables;

use super::{AutogenerateError, Change, RenameCandidate, Renames};
use crate::dialect::Dialect;
use crate::op::{self, Op};
use crate::schema::{ConstraintKind, Type};
use crate::state::Schema;

/// Decides whether a dropped and an added table or column of the same shape are a rename:
/// `Some(true)` rename, `Some(false)` drop and add, `None` refuse.
pub type RenameDecider<'a> = dyn FnMut(&RenameCandidate) -> Option<bool> + 'a;

/// The changes that take `from` to `to`, read as `dialect` reads them; `decide` says whether
/// a dropped and an added table or column of the same shape that `renames` does not mention
/// are a rename (`Some(true)`), a drop and an add (`Some(false)`), or not known (`None`: an
/// error that names them).
pub fn changes(
    from: &Schema,
    to: &Schema,
    renames: &Renames,
    dialect: Dialect,
    decide: &mut RenameDecider<'_>,
) -> Result<Vec<Change>, AutogenerateError> {
    let mut current = from.clone();
    if dialect == Dialect::MySql {
        current = crate::state::without_foreign_key_indexes(&current, to);
        crate::state::align_unique_spellings(&mut current, to);
    }
    let mut differ = Differ {
        current,
        to,
        dialect,
        changes: Vec::new(),
    };
    differ.rename_tables(renames, decide)?;
    differ.rename_columns(renames, decide)?;
    differ.drop_outdated_keys()?;
    differ.drop_outdated_constraints()?;
    differ.create_objects(true)?;
    differ.add_and_alter_columns()?;
    differ.comment_tables()?;
    differ.create_tables()?;
    differ.add_constraints()?;
    differ.drop_columns()?;
    differ.drop_tables()?;
    differ.create_objects(false)?;
    Ok(differ.changes)
}

/// The changes found so far, and the schema they leave.
struct Differ<'a> {
    /// The schema as the changes found so far leave it.
    current: Schema,
    to: &'a Schema,
    dialect: Dialect,
    changes: Vec<Change>,
}

impl Differ<'_> {
    fn push(
        &mut self,
        op: impl Into<Op>,
        summary: String,
        destructive: bool,
    ) -> Result<(), AutogenerateError> {
        let op = op.into();
        self.current.apply_for(&op, self.dialect).map_err(|cause| {
            AutogenerateError::Inconsistent {
                op: op.to_string(),
                cause,
            }
        })?;
        self.changes.push(Change {
            op,
            summary,
            destructive,
        });
        Ok(())
    }

    /// Tables in both schemas (by their names in `to`).
    fn common_tables(&self) -> Vec<String> {
        self.to
            .tables
            .keys()
            .filter(|name| self.current.tables.contains_key(*name))
            .cloned()
            .collect()
    }

    /// Columns whose PostgreSQL enum type exists already (another table's) say so, so that
    /// their op does not create it again.
    fn mark_existing_types(&self, columns: &mut [crate::schema::Column]) {
        for column in columns {
            if let Type::Enum { name, .. } = &column.ty
                && self.current.enums.contains_key(name)
            {
                *column = column.clone().existing_type();
            }
        }
    }

    /// Drop a constraint of `table`: by its name, or, without one (SQLite keeps those), by
    /// its kind and `columns`.
    fn drop_constraint(
        &mut self,
        table: &str,
        name: Option<&str>,
        kind: ConstraintKind,
        columns: &[String],
        condition: Option<&str>,
    ) -> Result<(), AutogenerateError> {
        let what = match kind {
            ConstraintKind::ForeignKey => "foreign key",
            ConstraintKind::Unique => "unique constraint",
            ConstraintKind::Check => "check constraint",
            ConstraintKind::PrimaryKey => "primary key",
        };
        let (drop, summary) = match name {
            Some(name) => (
                op::drop_constraint(name, table).kind(kind),
                format!("dropped {what} `{name}` of `{table}`"),
            ),
            None if kind == ConstraintKind::Check && condition.is_some() => (
                op::drop_unnamed_check(table, condition.unwrap_or_default()),
                format!(
                    "dropped check constraint without a name of `{table}`: {}",
                    condition.unwrap_or_default()
                ),
            ),
            None if kind == ConstraintKind::Check || columns.is_empty() => {
                return Err(AutogenerateError::Unsupported(format!(
                    "a {what} without a name of `{table}` is to be dropped, and no op can name \
                     it: write that migration by hand (on SQLite, `op::execute` of a table \
                     rebuild, or give the constraint a name first)"
                )));
            }
            None => (
                op::drop_unnamed_constraint(table, kind, columns.to_vec()),
                format!(
                    "dropped {what} without a name on ({}) of `{table}`",
                    columns.join(", ")
                ),
            ),
        };
        self.push(drop, summary, false)
    }

    fn type_text(&self, ty: &Type) -> String {
        self.dialect
            .column_type(ty)
            .unwrap_or_else(|_| format!("{ty:?}"))
    }
}
