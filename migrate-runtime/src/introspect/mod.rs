//! The live catalog read into a [`Schema`]: PostgreSQL's `pg_catalog` (the current schema),
//! SQLite's `sqlite_schema` and pragmas, MySQL's `information_schema` (the current
//! database). Types and defaults are kept as the catalog spells them (`Type::Custom`,
//! `DefaultValue::Sql`); [`differences`](crate::state::differences) compares them with the replayed
//! schema in the database's own spelling.

mod mysql;
mod objects;
mod postgres;
mod sqlite;

use crate::connection::BackendConnection;
use crate::dialect::Dialect;
use crate::schema::ReferentialAction;
use crate::state::{DatabaseObject, ForeignKeyState, ObjectKind, Schema, Table};

/// The names of migrate's own tables: the version table `version_table` and its history.
pub(crate) fn own_tables(version_table: &str) -> Vec<String> {
    let tables = [
        version_table.to_owned(),
        crate::history::table_for(version_table),
    ];
    // Read as `schema.table` from another PostgreSQL schema, bare from the current one.
    let bare = tables
        .iter()
        .map(|name| crate::dialect::split_table(name).1.to_owned());
    let mut own: Vec<String> = bare.collect();
    own.extend(tables.iter().filter(|name| name.contains('.')).cloned());
    own
}

/// Which tables a catalog read covers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Tables<'a> {
    /// Every table but these (migrate's own).
    AllBut(&'a [String]),
    /// Only these: the tables a step reads or changes, so that a step on a large schema
    /// does not read all of it.
    Only(&'a [String]),
}

impl Tables<'_> {
    /// The bind of the introspection queries' table filter: a JSON array of the names to
    /// read, or `NULL` for every table.
    fn filter(self) -> Option<String> {
        match self {
            Tables::AllBut(_) => None,
            Tables::Only(names) => serde_json::to_string(names).ok(),
        }
    }
}

/// The tables of the database that `tables` covers, read from its catalog (PostgreSQL's enum
/// types all, whatever the tables).
pub(crate) async fn read(
    conn: &mut BackendConnection,
    dialect: Dialect,
    tables: Tables<'_>,
) -> Result<Schema, sqlx::Error> {
    let filter = tables.filter();
    let mut schema = match dialect {
        Dialect::Postgres => postgres::read(conn, filter).await?,
        Dialect::Sqlite => sqlite::read(conn, filter).await?,
        Dialect::MySql => mysql::read(conn, filter).await?,
    };
    // Views, triggers and routines are read with the whole database, not with some tables.
    if let Tables::AllBut(skip) = tables {
        schema.tables.retain(|name, _| !skip.contains(name));
        schema.objects = objects::read(conn, dialect).await?;
        let on_skipped = |object: &DatabaseObject| {
            object
                .table
                .as_ref()
                .is_some_and(|table| skip.contains(table))
        };
        schema.objects.retain(|object| !on_skipped(object));
        // The schema that holds migrate's own tables (`--version-table vt.migrate_version`).
        let own_schema = |object: &DatabaseObject| {
            object.kind == ObjectKind::Schema
                && (skip.iter()).any(|t| crate::dialect::split_table(t).0 == Some(&object.name))
        };
        schema.objects.retain(|object| !own_schema(object));
    }
    Ok(schema)
}

pub(super) fn action(rule: &str) -> Option<ReferentialAction> {
    match rule.to_ascii_uppercase().as_str() {
        "CASCADE" | "C" => Some(ReferentialAction::Cascade),
        "SET NULL" | "N" => Some(ReferentialAction::SetNull),
        "SET DEFAULT" | "D" => Some(ReferentialAction::SetDefault),
        "RESTRICT" | "R" => Some(ReferentialAction::Restrict),
        _ => None,
    }
}

/// One column of a foreign key, as catalogs that list keys column by column give it.
pub(super) struct KeyColumn {
    pub(super) table: String,
    /// What tells the rows of one key of the table from the next (its name, SQLite's id).
    pub(super) key: String,
    pub(super) name: Option<String>,
    pub(super) referred_table: String,
    pub(super) column: String,
    /// `None` where the key refers to the referred table's primary key without naming it.
    pub(super) referred_column: Option<String>,
    pub(super) on_delete: String,
    pub(super) on_update: String,
}

/// Foreign keys read column by column (in key order), folded into the keys of their tables.
pub(super) fn add_key_columns(schema: &mut Schema, rows: impl IntoIterator<Item = KeyColumn>) {
    let mut last: Option<(String, String)> = None;
    for row in rows {
        let same = last
            .as_ref()
            .is_some_and(|(table, key)| *table == row.table && *key == row.key);
        let keys = &mut table_of(schema, &row.table).foreign_keys;
        if !same {
            keys.push(ForeignKeyState {
                name: row.name,
                columns: Vec::new(),
                referred_table: row.referred_table,
                referred_columns: Vec::new(),
                on_delete: action(&row.on_delete),
                on_update: action(&row.on_update),
                deferrable: None,
            });
        }
        if let Some(key) = keys.last_mut() {
            key.columns.push(row.column);
            key.referred_columns.extend(row.referred_column);
        }
        last = Some((row.table, row.key));
    }
}

/// The table a catalog row belongs to, created on first sight.
pub(super) fn table_of<'s>(schema: &'s mut Schema, name: &str) -> &'s mut Table {
    schema
        .tables
        .entry(name.to_owned())
        .or_insert_with(|| Table::new(name, None))
}
