//! The live catalog read into a [`Schema`]: PostgreSQL's `pg_catalog` (the current schema),
//! SQLite's `sqlite_schema` and pragmas, MySQL's `information_schema` (the current
//! database). Types and defaults are kept as the catalog spells them (`Type::Custom`,
//! `DefaultValue::Sql`); [`differences`](super::differences) compares them with the replayed
//! schema in the database's own spelling.

mod mysql;
mod postgres;
mod sqlite;

use super::{Schema, Table};
use crate::database::BackendConnection;
use crate::dialect::Dialect;
use crate::schema::ReferentialAction;

/// The tables of the database (but those in `skip`, the tool's own), read from its catalog.
pub(crate) async fn read(
    conn: &mut BackendConnection,
    dialect: Dialect,
    skip: &[String],
) -> Result<Schema, sqlx::Error> {
    let mut schema = match dialect {
        Dialect::Postgres => postgres::read(conn).await?,
        Dialect::Sqlite => sqlite::read(conn).await?,
        Dialect::MySql => mysql::read(conn).await?,
    };
    schema.tables.retain(|name, _| !skip.contains(name));
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

/// The table a catalog row belongs to, created on first sight.
pub(super) fn table_of<'s>(schema: &'s mut Schema, name: &str) -> &'s mut Table {
    schema
        .tables
        .entry(name.to_owned())
        .or_insert_with(|| Table::new(name, None))
}
