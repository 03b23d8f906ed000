//! SQLite's table rebuild (Alembic's "batch" mode): SQLite cannot alter a column or add or
//! drop a constraint, so the table is created anew with the change, its rows copied, the old
//! table dropped, the new one renamed, and its indexes and triggers recreated, all inside the
//! migration's transaction. The new definition is the old one's text with only the change
//! made, so CHECKs, collations, comments and `AUTOINCREMENT` are kept as written.

use std::fmt;

use super::column_users::{constraint_columns, has_foreign_key, is_foreign_key, mentions};
use super::declared::{DeclaredKind, declared};
use super::table_sql::{ColumnClauses, Item, TableDefinition};
use crate::backend::common::ddl;
use crate::backend::{Dialect, RebuildObstacle, Unsupported};
use crate::op::AlterColumn;
use crate::schema::{ConstraintKind, Type};

const DIALECT: Dialect = Dialect::Sqlite;

/// A table as SQLite stores it: its `CREATE TABLE` text, and the `CREATE INDEX` and
/// `CREATE TRIGGER` texts of what goes with it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReflectedTable {
    /// `sqlite_master.sql` of the table.
    pub(crate) create_sql: String,
    /// `sqlite_master.sql` of its explicit indexes and its triggers.
    pub(crate) dependents_sql: Vec<String>,
}

/// What a rebuild changes.
#[derive(Debug, Clone, PartialEq)]
pub enum TableChange {
    /// A column's type, nullability or default.
    AlterColumn(Box<AlterColumn>),
    /// A new table constraint, as SQL.
    AddConstraint {
        /// The constraint as it stands in `CREATE TABLE`.
        sql: String,
        /// Whether it is the primary key, of which a table has one.
        primary_key: bool,
    },
    /// The constraint of that name goes.
    DropConstraint(String),
    /// The constraint without a name of this kind (a foreign key, unique constraint or
    /// primary key) on exactly these columns goes.
    DropUnnamed {
        /// Its kind.
        kind: ConstraintKind,
        /// A check's condition, as the table's text has it.
        condition: Option<String>,
        /// Its columns.
        columns: Vec<String>,
    },
    /// A column added, written as in `CREATE TABLE`: for what ADD COLUMN refuses (a
    /// computed default on a table with rows).
    AddColumn {
        /// Its name.
        name: String,
        /// Its definition.
        sql: String,
    },
    /// The column goes, with the foreign keys on it. SQLite's own `DROP COLUMN` refuses a
    /// column a foreign key uses; a column without one is dropped with it, in place.
    DropColumn(String),
}

/// A change that SQLite can only make by rebuilding the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Rebuild {
    table: String,
    change: TableChange,
}

impl Rebuild {
    pub(crate) fn new(table: &str, change: TableChange) -> Self {
        Rebuild {
            table: table.to_owned(),
            change,
        }
    }

    /// The table to rebuild.
    pub(crate) fn table(&self) -> &str {
        &self.table
    }

    /// What an offline script holds for it: SQLite's own `DROP COLUMN` for a column drop
    /// (right unless a foreign key uses the column); nothing for the rest, which reads the
    /// table first.
    pub(crate) fn offline_sql(&self) -> Option<String> {
        match &self.change {
            TableChange::DropColumn(column) => Some(ddl::drop_column(DIALECT, &self.table, column)),
            TableChange::AlterColumn(_)
            | TableChange::AddConstraint { .. }
            | TableChange::DropConstraint(_)
            | TableChange::DropUnnamed { .. }
            | TableChange::AddColumn { .. } => None,
        }
    }

    fn obstacle(&self, what: RebuildObstacle) -> Unsupported {
        Unsupported::Rebuild {
            table: self.table.clone(),
            what,
        }
    }

    /// The statements that rebuild the table with the change made.
    pub(crate) fn expand(&self, table: ReflectedTable) -> Result<Vec<String>, Unsupported> {
        let mut definition = TableDefinition::parse(&table.create_sql)
            .ok_or_else(|| self.obstacle(RebuildObstacle::Unreadable))?;
        if let TableChange::DropColumn(column) = &self.change {
            if !has_foreign_key(&definition, column) {
                return Ok(vec![ddl::drop_column(DIALECT, &self.table, column)]);
            }
            let dependent = table
                .dependents_sql
                .iter()
                .find(|sql| mentions(sql, column));
            if let Some(dependent) = dependent {
                return Err(self.obstacle(RebuildObstacle::ColumnInUse {
                    column: column.clone(),
                    by: dependent.clone(),
                }));
            }
        }
        // The rows carry the columns that were there and still are.
        let before = copied_columns(&definition);
        self.apply(&mut definition)?;
        let copied: Vec<String> = copied_columns(&definition)
            .into_iter()
            .filter(|c| before.contains(c))
            .collect();
        let temporary = format!("_migrate_rebuild_{}", self.table);
        let columns = copied
            .iter()
            .map(|c| DIALECT.quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let mut sql = vec![
            // Renaming must not rewrite views and triggers that name the table.
            "PRAGMA legacy_alter_table = ON".to_owned(),
            definition.render(&DIALECT.quote(&temporary)),
            format!(
                "INSERT INTO {} ({columns}) SELECT {columns} FROM {}",
                DIALECT.quote(&temporary),
                DIALECT.quote(&self.table)
            ),
            ddl::drop_table(DIALECT, &self.table),
            ddl::rename_table(DIALECT, &temporary, &self.table),
        ];
        sql.extend(table.dependents_sql);
        sql.push("PRAGMA legacy_alter_table = OFF".to_owned());
        Ok(sql)
    }

    fn apply(&self, definition: &mut TableDefinition) -> Result<(), Unsupported> {
        match &self.change {
            TableChange::AlterColumn(alter) => {
                let item = definition
                    .items
                    .iter_mut()
                    .find(|item| matches!(item, Item::Column { name, .. } if *name == alter.column))
                    .ok_or_else(|| {
                        self.obstacle(RebuildObstacle::NoSuchColumn(alter.column.clone()))
                    })?;
                let Item::Column { text, .. } = item else {
                    return Ok(());
                };
                *text = altered_column(text, alter)?;
            }
            TableChange::AddConstraint { sql, primary_key } => {
                if *primary_key && has_primary_key(definition) {
                    return Err(self.obstacle(RebuildObstacle::PrimaryKeyExists));
                }
                definition.items.push(Item::Constraint {
                    name: None,
                    text: sql.clone(),
                });
            }
            TableChange::AddColumn { name, sql } => {
                let exists = definition
                    .items
                    .iter()
                    .any(|item| matches!(item, Item::Column { name: n, .. } if n == name));
                if exists {
                    return Err(self.obstacle(RebuildObstacle::ColumnExists(name.clone())));
                }
                let columns = definition
                    .items
                    .iter()
                    .rposition(|item| matches!(item, Item::Column { .. }))
                    .map_or(0, |last| last + 1);
                definition.items.insert(
                    columns,
                    Item::Column {
                        name: name.clone(),
                        text: sql.clone(),
                    },
                );
            }
            TableChange::DropColumn(column) => {
                let before = definition.items.len();
                definition
                    .items
                    .retain(|item| !matches!(item, Item::Column { name, .. } if name == column));
                if definition.items.len() == before {
                    return Err(self.obstacle(RebuildObstacle::NoSuchColumn(column.clone())));
                }
                let key = definition.items.iter().find_map(|item| match item {
                    Item::Constraint { text, .. }
                        if !is_foreign_key(text) && constraint_columns(text).contains(column) =>
                    {
                        Some(text.clone())
                    }
                    _ => None,
                });
                if let Some(key) = key {
                    return Err(self.obstacle(RebuildObstacle::ColumnInUse {
                        column: column.clone(),
                        by: key,
                    }));
                }
                definition.items.retain(|item| match item {
                    Item::Constraint { text, .. } => {
                        !(is_foreign_key(text) && constraint_columns(text).contains(column))
                    }
                    Item::Column { .. } => true,
                });
                // A check or a generated column that still names it would break the new table
                // (a foreign key's referred columns are another table's).
                let uses = |clause: &str| {
                    ["CHECK", "GENERATED", "AS"]
                        .iter()
                        .any(|word| ColumnClauses::clause_is(clause, word))
                        && mentions(clause, column)
                };
                let user = definition.items.iter().find_map(|item| match item {
                    Item::Constraint { text, .. } => uses(text).then(|| text.clone()),
                    Item::Column { text, .. } => ColumnClauses::parse(text)
                        .clauses
                        .iter()
                        .any(|c| uses(c))
                        .then(|| text.clone()),
                });
                if let Some(user) = user {
                    return Err(self.obstacle(RebuildObstacle::ColumnInUse {
                        column: column.clone(),
                        by: user,
                    }));
                }
            }
            TableChange::DropConstraint(name) => {
                let before = definition.items.len();
                definition.items.retain(
                    |item| !matches!(item, Item::Constraint { name: Some(n), .. } if n == name),
                );
                // Or a named clause of a column: `"c" INTEGER CONSTRAINT "n" REFERENCES …`, as
                // `add_column` writes a foreign key.
                let mut found = definition.items.len() < before;
                for item in &mut definition.items {
                    if let Item::Column { text, .. } = item {
                        let mut column = ColumnClauses::parse(text);
                        let clauses = column.clauses.len();
                        column
                            .clauses
                            .retain(|c| ColumnClauses::clause_name(c).as_deref() != Some(name));
                        if column.clauses.len() < clauses {
                            *text = column.render();
                            found = true;
                        }
                    }
                }
                if !found {
                    return Err(self.obstacle(RebuildObstacle::NoSuchConstraint(name.clone())));
                }
            }
            TableChange::DropUnnamed {
                kind: ConstraintKind::Check,
                condition,
                ..
            } => {
                let wanted = condition.as_deref().unwrap_or_default();
                let is_it = |clause: &str| {
                    let declared = declared(clause);
                    declared.name.is_none()
                        && matches!(&declared.kind, DeclaredKind::Check(found) if found.trim() == wanted.trim())
                };
                let mut dropped = false;
                definition.items.retain(|item| match item {
                    Item::Constraint { text, .. } if !dropped && is_it(text) => {
                        dropped = true;
                        false
                    }
                    _ => true,
                });
                for item in &mut definition.items {
                    let Item::Column { text, .. } = item else {
                        continue;
                    };
                    let mut column = ColumnClauses::parse(text);
                    if let Some(at) = column.clauses.iter().position(|c| !dropped && is_it(c)) {
                        column.clauses.remove(at);
                        *text = column.render();
                        dropped = true;
                    }
                }
                if !dropped {
                    let what = format!("without a name: CHECK ({wanted})");
                    return Err(self.obstacle(RebuildObstacle::NoSuchConstraint(what)));
                }
            }
            TableChange::DropUnnamed { kind, columns, .. } => {
                // The word that opens the constraint, at table level and on its column.
                let (table_word, column_word) = match kind {
                    ConstraintKind::ForeignKey => ("FOREIGN", "REFERENCES"),
                    ConstraintKind::Unique => ("UNIQUE", "UNIQUE"),
                    ConstraintKind::PrimaryKey | ConstraintKind::Check => ("PRIMARY", "PRIMARY"),
                };
                // Names without case, and a key column without `DESC` or `COLLATE …`.
                let same_columns = |found: Vec<String>| {
                    found.len() == columns.len()
                        && found.iter().zip(columns).all(|(found, column)| {
                            let name = found.split_whitespace().next().unwrap_or_default();
                            name.trim_matches(['"', '`', '[', ']'])
                                .eq_ignore_ascii_case(column)
                        })
                };
                let mut dropped = false;
                definition.items.retain(|item| match item {
                    Item::Constraint { name: None, text }
                        if !dropped
                            && ColumnClauses::clause_is(text, table_word)
                            && same_columns(constraint_columns(text)) =>
                    {
                        dropped = true;
                        false
                    }
                    _ => true,
                });
                // Or an unnamed clause of the column itself: `"c" INTEGER REFERENCES …`,
                // `"c" TEXT UNIQUE`.
                for item in &mut definition.items {
                    let Item::Column { name, text } = item else {
                        continue;
                    };
                    if dropped || !same_columns(vec![name.clone()]) {
                        continue;
                    }
                    let mut column = ColumnClauses::parse(text);
                    let at = column.clauses.iter().position(|clause| {
                        ColumnClauses::clause_name(clause).is_none()
                            && ColumnClauses::clause_is(clause, column_word)
                    });
                    if let Some(at) = at {
                        column.clauses.remove(at);
                        *text = column.render();
                        dropped = true;
                    }
                }
                // Or the one constraint on those columns that a name was given to where the
                // history did not name it (migrate names such constraints by its convention).
                if !dropped {
                    let named = |item: &Item| match item {
                        Item::Constraint {
                            name: Some(_),
                            text,
                        } => {
                            ColumnClauses::clause_is(text, table_word)
                                && same_columns(constraint_columns(text))
                        }
                        _ => false,
                    };
                    if definition.items.iter().filter(|item| named(item)).count() == 1 {
                        definition.items.retain(|item| !named(item));
                        dropped = true;
                    }
                }
                if !dropped {
                    let what = format!("without a name on ({})", columns.join(", "));
                    return Err(self.obstacle(RebuildObstacle::NoSuchConstraint(what)));
                }
            }
        }
        Ok(())
    }
}

/// The columns whose values are copied: all but generated ones.
fn copied_columns(definition: &TableDefinition) -> Vec<String> {
    let columns = definition.items.iter().filter_map(|item| match item {
        Item::Column { name, text } => {
            let clauses = ColumnClauses::parse(text).clauses;
            let generated = clauses.iter().any(|c| {
                ColumnClauses::clause_is(c, "GENERATED") || ColumnClauses::clause_is(c, "AS")
            });
            (!generated).then(|| name.clone())
        }
        Item::Constraint { .. } => None,
    });
    columns.collect()
}

fn has_primary_key(definition: &TableDefinition) -> bool {
    definition.items.iter().any(|item| match item {
        Item::Column { text, .. } => ColumnClauses::parse(text)
            .clauses
            .iter()
            .any(|c| ColumnClauses::clause_is(c, "PRIMARY")),
        Item::Constraint { text, .. } => ColumnClauses::clause_is(text, "PRIMARY"),
    })
}

/// A column definition with the type, nullability and default changed as asked.
fn altered_column(text: &str, alter: &AlterColumn) -> Result<String, Unsupported> {
    let mut column = ColumnClauses::parse(text);
    if let Some(ty) = &alter.ty {
        column.ty = DIALECT.column_type(ty)?;
        // An enum column's check of its values goes with its type.
        let enum_check = format!("CHECK ({} IN ", DIALECT.quote(&alter.column));
        column
            .clauses
            .retain(|clause| !clause.starts_with(&enum_check));
        if let Type::Enum { values, .. } = ty {
            column.clauses.push(format!(
                "CHECK ({})",
                ddl::sqlite_enum_check(&alter.column, values)
            ));
        }
    }
    if let Some(nullable) = alter.nullable {
        column.clauses.retain(|c| {
            !(ColumnClauses::clause_is(c, "NOT") || ColumnClauses::clause_is(c, "NULL"))
        });
        if !nullable {
            column.clauses.insert(0, "NOT NULL".to_owned());
        }
    }
    if let Some(default) = &alter.default {
        column
            .clauses
            .retain(|c| !ColumnClauses::clause_is(c, "DEFAULT"));
        if let Some(value) = default {
            column
                .clauses
                .push(format!("DEFAULT {}", DIALECT.default_value(value)));
        }
    }
    Ok(column.render())
}

impl fmt::Display for Rebuild {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.change {
            TableChange::AlterColumn(alter) => {
                format!("column {} altered", DIALECT.quote(&alter.column))
            }
            TableChange::AddConstraint { sql, .. } => format!("{sql} added"),
            TableChange::DropConstraint(name) => {
                format!("constraint {} dropped", DIALECT.quote(name))
            }
            TableChange::DropUnnamed { columns, .. } => {
                format!(
                    "constraint without a name on ({}) dropped",
                    columns.join(", ")
                )
            }
            TableChange::AddColumn { sql, .. } => format!("column {sql} added"),
            TableChange::DropColumn(column) => {
                return write!(
                    f,
                    "-- drop column {} of {}: in place, or by a rebuild of the table when a foreign key uses it",
                    DIALECT.quote(column),
                    DIALECT.quote(&self.table)
                );
            }
        };
        write!(
            f,
            "-- rebuild table {} with {what}: create a copy, copy the rows, drop, rename, recreate indexes and triggers",
            DIALECT.quote(&self.table)
        )
    }
}

#[cfg(test)]
mod tests;
