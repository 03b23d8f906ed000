//! What goes wrong when an op cannot be expressed on a database.

use migrate_graph::portability::{self, NotPortable};

use super::Dialect;

/// An op that a dialect cannot render.
#[derive(Debug, thiserror::Error)]
#[error("`{op}` cannot run on {dialect}: {reason}")]
pub struct RenderError {
    /// The op, as written in the migration.
    pub op: String,
    /// The database it was rendered for.
    pub dialect: Dialect,
    /// What is missing, and what to do instead.
    pub reason: Unsupported,
}

/// The feature a database lacks, with the alternative to use.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Unsupported {
    /// A column type with no equivalent.
    #[error("it has no `{type_name}` type; use {alternative} instead")]
    Type {
        /// The type asked for.
        type_name: &'static str,
        /// What to use instead.
        alternative: &'static str,
    },
    /// A feature of the op that this database lacks.
    #[error("it has no {feature}; {alternative}")]
    Feature {
        /// What is missing.
        feature: &'static str,
        /// What to do instead.
        alternative: &'static str,
    },
    /// `execute` with a different number of `?` placeholders and bound values.
    #[error("the SQL has {placeholders} `?` placeholder(s) but {values} value(s) are bound")]
    BindCount {
        /// Placeholders in the SQL.
        placeholders: usize,
        /// Values bound.
        values: usize,
    },
    /// A `bulk_insert` row of the wrong width.
    #[error("row {row} has {values} value(s) for {columns} column(s)")]
    RowWidth {
        /// The row's index.
        row: usize,
        /// Its values.
        values: usize,
        /// The columns.
        columns: usize,
    },
    /// SQLite's ADD COLUMN cannot add a primary key or unique column.
    #[error(
        "ADD COLUMN cannot add a {constraint} column; add the column, then create a unique index"
    )]
    AddColumnConstraint {
        /// `PRIMARY KEY` or `UNIQUE`.
        constraint: &'static str,
    },
    /// `op::update` or `op::delete` without a filter.
    #[error(
        "`{op}` without `.filter(…)` would change every row of the table; filter it, or write the statement with `op::execute` where it shows"
    )]
    Unfiltered {
        /// `update` or `delete`.
        op: &'static str,
    },
    /// A NUL character (`\0`) in SQL text or in a text value where the database cannot take
    /// one.
    #[error(
        "a value or the SQL holds a NUL character (\\0), which this database cannot store in text; store such data as bytes (`Value::Bytes`, a BLOB/BYTEA column)"
    )]
    NulCharacter,
    /// A name longer than the database keeps.
    #[error("the name `{name}` is too long: {reason}; choose a shorter one")]
    NameTooLong {
        /// The name.
        name: String,
        /// The database's limit.
        reason: &'static str,
    },
    /// MySQL's DROP INDEX names the table.
    #[error("DROP INDEX needs the table; write `op::drop_index(name).on(table)`")]
    DropIndexNeedsTable,
    /// The column to alter is not in the table.
    #[error("table `{table}` has no column `{column}`")]
    NoSuchColumn {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// A table rebuild found something it cannot carry over.
    #[error("table `{table}` cannot be rebuilt: {what}")]
    Rebuild {
        /// The table.
        table: String,
        /// What stands in the way.
        what: RebuildObstacle,
    },
}

/// Why a SQLite table rebuild cannot go ahead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RebuildObstacle {
    /// The table is not in the database.
    #[error("no such table")]
    NoSuchTable,
    /// The altered column is not in the table.
    #[error("it has no column `{0}`")]
    NoSuchColumn(String),
    /// The table's SQL could not be split into columns and constraints.
    #[error("its CREATE TABLE statement could not be read")]
    Unreadable,
    /// The constraint to drop is not in the table.
    #[error(
        "it has no constraint named `{0}` (SQLite knows only constraints named with CONSTRAINT)"
    )]
    NoSuchConstraint(String),
    /// A column to add that the table has already.
    #[error("it has a column `{0}` already")]
    ColumnExists(String),
    /// A column to drop that something else of the table uses.
    #[error("column `{column}` is used by `{by}`; drop or change that first")]
    ColumnInUse {
        /// The column.
        column: String,
        /// What uses it, as written.
        by: String,
    },
    /// A second primary key.
    #[error("it has a primary key already")]
    PrimaryKeyExists,
    /// A rebuild reached a database other than SQLite, which alters in place.
    #[error("only SQLite tables are rebuilt")]
    NotSqlite,
}

/// A builder call some databases cannot run, in the words the `#[migration]` macro refuses it
/// with where a crate declares such a database.
impl From<NotPortable> for Unsupported {
    fn from(call: NotPortable) -> Self {
        Unsupported::Feature {
            feature: call.feature,
            alternative: call.alternative,
        }
    }
}

impl Unsupported {
    /// A change to a column's identity, which only PostgreSQL makes in place.
    pub(crate) fn identity_change() -> Self {
        portability::IDENTITY_CHANGE.into()
    }

    /// Values added to an enum type without the lists that MySQL and SQLite write on each
    /// column.
    pub(crate) fn enum_values_per_column() -> Self {
        Unsupported::Feature {
            feature: "enum types of its own (it keeps the values on each column)",
            alternative: "name the values the type has with `.existing([…])` and each of its columns with `.column(table, column)` (`revision --autogenerate` writes them)",
        }
    }

    /// A constraint without a name, which SQLite alone keeps.
    pub(crate) fn unnamed_constraint() -> Self {
        portability::UNNAMED_CONSTRAINT.into()
    }
}

#[cfg(test)]
mod tests {
    use migrate_graph::portability::{NOT_PORTABLE, NotPortable};

    use super::Unsupported;
    use crate::dialect::Dialect;
    use crate::op::{self, Op};
    use crate::schema::{Column, ConstraintKind, Identity, Type};

    /// An op made with the call `entry` names.
    fn made_with(entry: &NotPortable) -> Op {
        let alter = || op::alter_column("t", "a");
        match (entry.root, entry.method) {
            ("op::create_index", Some("where_sql")) => {
                op::create_index("ix", "t", ["a"]).where_sql("a > 0").into()
            }
            ("op::create_index", Some("concurrently")) => {
                op::create_index("ix", "t", ["a"]).concurrently().into()
            }
            ("op::drop_index", Some("concurrently")) => {
                op::drop_index("ix").on("t").concurrently().into()
            }
            ("op::alter_column", Some("add_identity")) => {
                alter().add_identity(Identity::default()).into()
            }
            ("op::alter_column", Some("set_identity")) => {
                alter().set_identity(Identity::default()).into()
            }
            ("op::alter_column", Some("drop_identity")) => alter().drop_identity().into(),
            ("op::alter_column", Some("comment")) => alter().comment(Some("why")).into(),
            ("op::drop_unnamed_constraint", None) => {
                op::drop_unnamed_constraint("t", ConstraintKind::Unique, ["a"]).into()
            }
            ("op::drop_unnamed_check", None) => op::drop_unnamed_check("t", "a > 0").into(),
            ("Column::new", Some("generated_virtual")) => {
                let column = Column::new("b", Type::Integer).generated_virtual("a + 1");
                op::add_column("t", column).into()
            }
            other => unreachable!("an op made with {other:?}"),
        }
    }

    #[test]
    fn each_call_the_macro_refuses_is_refused_by_exactly_those_databases_in_its_words() {
        for entry in &NOT_PORTABLE {
            let op = made_with(entry);
            for dialect in [Dialect::Postgres, Dialect::MySql, Dialect::Sqlite] {
                let rendered = dialect.render(&op);
                match entry.refused_by.contains(&dialect.feature()) {
                    true => assert_eq!(
                        rendered.map_err(|error| error.reason).err(),
                        Some(Unsupported::from(*entry)),
                        "{op} on {dialect}"
                    ),
                    false => assert!(rendered.is_ok(), "{op} on {dialect}: {rendered:?}"),
                }
            }
        }
    }
}
