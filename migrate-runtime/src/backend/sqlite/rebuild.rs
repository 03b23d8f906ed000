//! SQLite's table rebuild (Alembic's "batch" mode): SQLite cannot alter a column or add or
//! drop a constraint, so the table is created anew with the change, its rows copied, the old
//! table dropped, the new one renamed, and its indexes and triggers recreated, all inside the
//! migration's transaction. The new definition is the old one's text with only the change
//! made, so CHECKs, collations, comments and `AUTOINCREMENT` are kept as written.

use std::fmt;

use super::column_users::{constraint_columns, has_foreign_key, is_foreign_key, mentions};
use super::table_sql::{ColumnClauses, Item, TableDefinition};
use crate::backend::common::ddl;
use crate::backend::{Dialect, RebuildObstacle, Unsupported};
use crate::op::AlterColumn;
use crate::schema::Type;

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
    /// The constraint without a name on exactly these columns goes: a foreign key, or else a
    /// unique constraint or primary key.
    DropUnnamed {
        /// Whether it is a foreign key.
        foreign_key: bool,
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
                foreign_key,
                columns,
            } => {
                let mut dropped = false;
                definition.items.retain(|item| match item {
                    Item::Constraint { name: None, text }
                        if !dropped
                            && is_foreign_key(text) == *foreign_key
                            && !ColumnClauses::clause_is(text, "CHECK")
                            && constraint_columns(text) == *columns =>
                    {
                        dropped = true;
                        false
                    }
                    _ => true,
                });
                // Or an unnamed clause of the column itself: `"c" INTEGER REFERENCES …`,
                // `"c" TEXT UNIQUE`.
                let kinds: &[&str] = match foreign_key {
                    true => &["REFERENCES"],
                    false => &["UNIQUE", "PRIMARY"],
                };
                for item in &mut definition.items {
                    let Item::Column { name, text } = item else {
                        continue;
                    };
                    if dropped || [name.as_str()] != columns.as_slice() {
                        continue;
                    }
                    let mut column = ColumnClauses::parse(text);
                    let at = column.clauses.iter().position(|clause| {
                        ColumnClauses::clause_name(clause).is_none()
                            && kinds
                                .iter()
                                .any(|kind| ColumnClauses::clause_is(clause, kind))
                    });
                    if let Some(at) = at {
                        column.clauses.remove(at);
                        *text = column.render();
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
mod tests {
    use super::*;
    use crate::op;

    fn expand(create: &str, change: TableChange) -> Result<Vec<String>, Unsupported> {
        let table = ReflectedTable {
            create_sql: create.to_owned(),
            dependents_sql: vec!["CREATE INDEX ix ON t (b)".to_owned()],
        };
        Rebuild::new("t", change).expand(table)
    }

    #[test]
    fn alters_one_column_and_keeps_everything_else_as_written() {
        let create = "CREATE TABLE t (a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT DEFAULT 'x' CHECK (b <> ''), c AS (a + 1))";
        let alter = op::alter_column("t", "b").nullable(false).default("y");
        let sql = expand(create, TableChange::AlterColumn(Box::new(alter))).unwrap();
        assert_eq!(
            sql[1],
            "CREATE TABLE \"_migrate_rebuild_t\" (\n    a INTEGER PRIMARY KEY AUTOINCREMENT,\n    b TEXT NOT NULL CHECK (b <> '') DEFAULT 'y',\n    c AS (a + 1)\n)"
        );
        assert_eq!(
            sql[2],
            "INSERT INTO \"_migrate_rebuild_t\" (\"a\", \"b\") SELECT \"a\", \"b\" FROM \"t\""
        );
        assert_eq!(sql[5], "CREATE INDEX ix ON t (b)");
    }

    #[test]
    fn adds_and_drops_named_constraints() {
        let create = "CREATE TABLE t (a INTEGER, CONSTRAINT ck_a CHECK (a > 0))";
        let sql = expand(create, TableChange::DropConstraint("ck_a".into())).unwrap();
        assert_eq!(
            sql[1],
            "CREATE TABLE \"_migrate_rebuild_t\" (\n    a INTEGER\n)"
        );
        let missing = expand(create, TableChange::DropConstraint("nope".into()));
        assert!(matches!(
            missing,
            Err(Unsupported::Rebuild {
                what: RebuildObstacle::NoSuchConstraint(_),
                ..
            })
        ));
        let add = TableChange::AddConstraint {
            sql: "CONSTRAINT uq UNIQUE (a)".into(),
            primary_key: false,
        };
        assert!(expand(create, add).unwrap()[1].ends_with("CONSTRAINT uq UNIQUE (a)\n)"));
        let second_key = TableChange::AddConstraint {
            sql: "PRIMARY KEY (a)".into(),
            primary_key: true,
        };
        let keyed = "CREATE TABLE t (a INTEGER PRIMARY KEY)";
        assert!(expand(keyed, second_key).is_err());
    }

    #[test]
    fn drops_a_column_with_its_foreign_keys_and_in_place_without() {
        let create = "CREATE TABLE t (a INTEGER, p INTEGER REFERENCES parents (id), q INTEGER, CONSTRAINT fk_q FOREIGN KEY (q) REFERENCES parents (id))";
        let table = |dependents: &[&str]| ReflectedTable {
            create_sql: create.to_owned(),
            dependents_sql: dependents.iter().map(|d| (*d).to_owned()).collect(),
        };
        let drop = |column: &str| Rebuild::new("t", TableChange::DropColumn(column.into()));
        let sql = drop("q").expand(table(&[])).unwrap();
        assert_eq!(
            sql[1],
            "CREATE TABLE \"_migrate_rebuild_t\" (\n    a INTEGER,\n    p INTEGER REFERENCES parents (id)\n)"
        );
        assert_eq!(
            sql[2],
            "INSERT INTO \"_migrate_rebuild_t\" (\"a\", \"p\") SELECT \"a\", \"p\" FROM \"t\""
        );
        let sql = drop("p").expand(table(&[])).unwrap();
        assert!(sql[1].contains("CONSTRAINT fk_q"), "{}", sql[1]);
        assert_eq!(
            drop("a").expand(table(&[])).unwrap(),
            ["ALTER TABLE \"t\" DROP COLUMN \"a\""],
            "no key: SQLite's own DROP COLUMN"
        );
        let indexed = drop("q").expand(table(&["CREATE INDEX ix ON t (q)"]));
        assert!(matches!(
            indexed,
            Err(Unsupported::Rebuild {
                what: RebuildObstacle::ColumnInUse { .. },
                ..
            })
        ));
    }

    #[test]
    fn drops_an_unnamed_constraint_by_its_columns() {
        let create = "CREATE TABLE t (a INTEGER REFERENCES p (id), b TEXT UNIQUE, c INTEGER, d INTEGER, UNIQUE (c, d), FOREIGN KEY (c) REFERENCES q (id))";
        let unnamed = |foreign_key: bool, columns: &[&str]| TableChange::DropUnnamed {
            foreign_key,
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        };
        let table = |sql: Vec<String>| sql[1].split_once('(').map(|(_, rest)| rest.to_owned());
        let cases = [
            (unnamed(true, &["a"]), "a INTEGER,"),
            (unnamed(false, &["b"]), "b TEXT,"),
            (
                unnamed(false, &["c", "d"]),
                "d INTEGER,\n    FOREIGN KEY (c)",
            ),
            (unnamed(true, &["c"]), "UNIQUE (c, d)\n)"),
        ];
        for (change, wanted) in cases {
            let sql = table(expand(create, change).unwrap()).unwrap();
            assert!(sql.contains(wanted), "{sql}");
        }
        let missing = expand(create, unnamed(true, &["b"]));
        assert!(missing.is_err(), "{missing:?}");
    }

    #[test]
    fn drops_a_named_clause_of_a_column() {
        let create =
            "CREATE TABLE t (a INTEGER, p INTEGER CONSTRAINT \"t_p_fkey\" REFERENCES parents (id))";
        let sql = expand(create, TableChange::DropConstraint("t_p_fkey".into())).unwrap();
        assert_eq!(
            sql[1],
            "CREATE TABLE \"_migrate_rebuild_t\" (\n    a INTEGER,\n    p INTEGER\n)"
        );
        let checked = "CREATE TABLE t (a INTEGER, q INTEGER, CHECK (q > a))";
        let drop = Rebuild::new("t", TableChange::DropColumn("q".into()));
        let table = ReflectedTable {
            create_sql: checked.replace("q INTEGER", "q INTEGER REFERENCES p (id)"),
            dependents_sql: Vec::new(),
        };
        let error = drop.expand(table).unwrap_err().to_string();
        assert!(error.contains("CHECK (q > a)"), "{error}");
    }
}
