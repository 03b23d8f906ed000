//! The comparer: two schemas compared as one database keeps them, each item written in that
//! database's normal form ([`forms`]: `VARCHAR(20)` as PostgreSQL's `character varying(20)`,
//! `BOOLEAN` as MySQL's `tinyint(1)`, `'a'::text` as `'a'`, RESTRICT as MySQL's NO ACTION),
//! and a MySQL catalog read through MySQL's own rules ([`super::mysql`]). Drift is the list of
//! forms that differ ([`differences`]); autogenerate asks the same forms whether two items
//! are the same ([`same`]), so that `check` and autogenerate cannot disagree.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::{ColumnState, Schema, Table};

pub(crate) mod condition;
pub(crate) mod forms;
mod objects;
pub(crate) mod same;
pub(crate) mod spelling;

use crate::dialect::Dialect;
use crate::schema::{Identity, Type};
use condition::condition_text;
use forms::{constraint_name, default_form, foreign_key_text, index_text};
use spelling::type_text;

/// One way the database differs from what the history says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Difference {
    /// The table it is in (none for a PostgreSQL enum type).
    pub table: Option<String>,
    /// What differs: `table`, ``column `email` type``, ``index `ix_users_email` ``, …
    pub object: String,
    /// What the history says; none when the history has no such thing.
    pub expected: Option<String>,
    /// What the database has; none when the database has no such thing.
    pub found: Option<String>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(table) = &self.table {
            write!(f, "table `{table}`: ")?;
        }
        match (&self.expected, &self.found) {
            (Some(expected), None) => {
                write!(f, "{} {expected} is missing from the database", self.object)
            }
            (None, Some(found)) => write!(
                f,
                "{} {found} is in the database, not in the history",
                self.object
            ),
            (Some(expected), Some(found)) => write!(
                f,
                "{} is {found} in the database, {expected} in the history",
                self.object
            ),
            (None, None) => write!(f, "{}", self.object),
        }
    }
}

/// How `found` (read from a `dialect` database) differs from `expected` (replayed).
pub fn differences(expected: &Schema, found: &Schema, dialect: Dialect) -> Vec<Difference> {
    let found: Cow<'_, Schema> = match dialect {
        Dialect::MySql => Cow::Owned(super::mysql::without_foreign_key_indexes(found, expected)),
        Dialect::Postgres | Dialect::Sqlite => Cow::Borrowed(found),
    };
    let found = found.as_ref();
    let (expected_schema, found_schema) = (expected, found);
    let expected = View::of(expected, dialect, Side::History);
    let found = View::of(found, dialect, Side::Database);
    let mut out = Vec::new();
    for (name, values) in &expected.enums {
        if found.enums.get(name) != Some(values) {
            out.push(Difference {
                table: None,
                object: format!("enum type `{name}`"),
                expected: Some(values.clone()),
                found: found.enums.get(name).cloned(),
            });
        }
    }
    for (name, values) in &found.enums {
        if !expected.enums.contains_key(name) {
            out.push(Difference {
                table: None,
                object: format!("enum type `{name}`"),
                expected: None,
                found: Some(values.clone()),
            });
        }
    }
    for (name, table) in &expected.tables {
        match found.tables.get(name) {
            None => out.push(Difference {
                table: None,
                object: format!("table `{name}`"),
                expected: Some("(the table)".to_owned()),
                found: None,
            }),
            Some(other) => table.compare(name, other, &mut out),
        }
    }
    for name in found.tables.keys() {
        if !expected.tables.contains_key(name) {
            out.push(Difference {
                table: None,
                object: format!("table `{name}`"),
                expected: None,
                found: Some("(the table)".to_owned()),
            });
        }
    }
    objects::compare(expected_schema, found_schema, dialect, &mut out);
    out
}

/// Which side of the comparison a schema is: typed values from the history are first written
/// as the database writes them.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    History,
    Database,
}

/// A schema as comparable text.
struct View {
    tables: BTreeMap<String, TableView>,
    enums: BTreeMap<String, String>,
}

#[derive(Default)]
struct TableView {
    columns: BTreeMap<String, BTreeMap<&'static str, String>>,
    /// Keys, constraints and indexes, each one line of text, by kind.
    items: BTreeMap<&'static str, BTreeSet<String>>,
    comment: Option<String>,
}

impl View {
    fn of(schema: &Schema, dialect: Dialect, side: Side) -> View {
        let tables = schema
            .tables
            .iter()
            .map(|(name, table)| (name.clone(), TableView::of(table, dialect, side)))
            .collect();
        let enums = match dialect {
            Dialect::Postgres => schema
                .enums
                .iter()
                .map(|(name, values)| (name.clone(), values.join(", ")))
                .collect(),
            // Enums are column types there, compared with the columns.
            Dialect::Sqlite | Dialect::MySql => BTreeMap::new(),
        };
        View { tables, enums }
    }
}

impl TableView {
    fn of(table: &Table, dialect: Dialect, side: Side) -> TableView {
        let mut view = TableView {
            comment: match dialect {
                Dialect::Sqlite => None,
                Dialect::Postgres | Dialect::MySql => table.comment.clone(),
            },
            ..TableView::default()
        };
        for column in &table.columns {
            view.columns
                .insert(column.name.clone(), column_view(column, dialect, side));
        }
        // SQLite keeps a constraint's name only where the SQL gave one: names are not
        // compared there.
        let named = |name: &Option<String>| constraint_name(name.as_deref(), dialect);
        if let Some(key) = &table.primary_key {
            let name = match dialect {
                Dialect::Postgres => named(&key.name),
                Dialect::Sqlite | Dialect::MySql => String::new(),
            };
            view.add("primary key", format!("({}){name}", key.columns.join(", ")));
        }
        for key in &table.foreign_keys {
            view.add(
                "foreign key",
                foreign_key_text(key, dialect, &named(&key.name)),
            );
        }
        for unique in &table.uniques {
            match dialect {
                // A unique constraint is a unique index there, named without case.
                Dialect::MySql => view.add(
                    "index",
                    format!(
                        "unique ({}){}",
                        unique.columns.join(", "),
                        named(&unique.name.as_deref().map(str::to_ascii_lowercase))
                    ),
                ),
                Dialect::Postgres | Dialect::Sqlite => view.add(
                    "unique constraint",
                    format!("({}){}", unique.columns.join(", "), named(&unique.name)),
                ),
            }
        }
        // SQLite's enum column is text with a check of its own.
        if (dialect, side) == (Dialect::Sqlite, Side::History) {
            for column in &table.columns {
                if let Type::Enum { values, .. } = &column.ty {
                    let check =
                        crate::backend::common::ddl::sqlite_enum_check(&column.name, values);
                    view.add("check", condition_text(&check));
                }
            }
        }
        for check in &table.checks {
            let condition = condition_text(&check.condition);
            view.add("check", format!("{condition}{}", named(&check.name)));
        }
        for index in &table.indexes {
            view.add("index", index_text(index, dialect));
        }
        view
    }

    fn add(&mut self, kind: &'static str, text: String) {
        self.items.entry(kind).or_default().insert(text);
    }

    fn compare(&self, table: &str, found: &TableView, out: &mut Vec<Difference>) {
        let difference =
            |object: String, expected: Option<String>, found: Option<String>| Difference {
                table: Some(table.to_owned()),
                object,
                expected,
                found,
            };
        for (name, expected) in &self.columns {
            let Some(actual) = found.columns.get(name) else {
                out.push(difference(
                    format!("column `{name}`"),
                    Some(describe(expected)),
                    None,
                ));
                continue;
            };
            for (property, value) in expected {
                let other = actual.get(property).cloned().unwrap_or_default();
                if *value != other {
                    out.push(difference(
                        format!("column `{name}` {property}"),
                        Some(shown(value)),
                        Some(shown(&other)),
                    ));
                }
            }
        }
        for (name, actual) in &found.columns {
            if !self.columns.contains_key(name) {
                out.push(difference(
                    format!("column `{name}`"),
                    None,
                    Some(describe(actual)),
                ));
            }
        }
        let kinds: BTreeSet<&&str> = self.items.keys().chain(found.items.keys()).collect();
        let none = BTreeSet::new();
        for kind in kinds {
            let expected = self.items.get(*kind).unwrap_or(&none);
            let actual = found.items.get(*kind).unwrap_or(&none);
            for item in expected.difference(actual) {
                out.push(difference((*kind).to_owned(), Some(item.clone()), None));
            }
            for item in actual.difference(expected) {
                out.push(difference((*kind).to_owned(), None, Some(item.clone())));
            }
        }
        if self.comment != found.comment {
            out.push(difference(
                "comment".to_owned(),
                self.comment.clone(),
                found.comment.clone(),
            ));
        }
    }
}

fn shown(value: &str) -> String {
    match value.is_empty() {
        true => "(none)".to_owned(),
        false => value.to_owned(),
    }
}

fn describe(column: &BTreeMap<&'static str, String>) -> String {
    let ty = column.get("type").cloned().unwrap_or_default();
    let null = column.get("nullability").cloned().unwrap_or_default();
    format!("{ty} {null}")
}

/// A column's properties as text of the database's spelling.
fn column_view(
    column: &ColumnState,
    dialect: Dialect,
    side: Side,
) -> BTreeMap<&'static str, String> {
    let (ty, serial) = match (side, &column.ty) {
        (Side::History, ty) => (
            dialect
                .declared_type(ty, column.identity.is_some())
                .unwrap_or_else(|_| format!("{ty:?}")),
            ty.is_auto_increment() || column.identity.is_some(),
        ),
        (Side::Database, Type::Custom(text)) => (text.clone(), false),
        (Side::Database, other) => (format!("{other:?}"), false),
    };
    let mut ty = type_text(dialect, &ty);
    if serial && dialect == Dialect::MySql {
        ty.push_str(" auto_increment");
    }
    let default = (column.default.as_ref()).map(|default| dialect.default_value(default));
    let default = default_form(default.as_deref(), &ty, dialect);
    let mut view = BTreeMap::new();
    view.insert("type", ty);
    // MariaDB takes no nullability on a generated column: not compared there.
    let nullability = match (&column.generated, dialect, column.nullable) {
        (Some(_), Dialect::MySql, _) => "",
        (_, _, true) => "NULL",
        (_, _, false) => "NOT NULL",
    };
    view.insert("nullability", nullability.to_owned());
    let generated = column.generated.as_ref().map(|generated| {
        let kind = if generated.stored {
            "stored"
        } else {
            "virtual"
        };
        format!("({}) {kind}", condition_text(&generated.expression))
    });
    view.insert("generated", generated.unwrap_or_default());
    // MySQL and SQLite number an identity column as a serial one: its type says it there.
    let identity = match (&column.identity, dialect) {
        (Some(identity), Dialect::Postgres) => identity_text(identity),
        _ => String::new(),
    };
    view.insert("identity", identity);
    // SQLite keeps a collation in the table's text, which its rebuild carries as written.
    if dialect != Dialect::Sqlite {
        let collation = column.collation.as_deref().unwrap_or_default();
        view.insert("collation", collation.to_ascii_lowercase());
    }
    view.insert("default", default);
    if dialect != Dialect::Sqlite {
        view.insert("comment", column.comment.clone().unwrap_or_default());
    }
    view
}

/// `by default` or `always`, with the start and increment where they are not 1.
fn identity_text(identity: &Identity) -> String {
    let mut text = match identity.always {
        true => "always".to_owned(),
        false => "by default".to_owned(),
    };
    if let Some(start) = identity.start {
        text.push_str(&format!(" start {start}"));
    }
    if let Some(increment) = identity.increment {
        text.push_str(&format!(" increment {increment}"));
    }
    text
}
