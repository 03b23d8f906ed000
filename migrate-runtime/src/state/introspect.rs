//! The live catalog read into a [`Schema`]: PostgreSQL's `pg_catalog` (the current schema),
//! SQLite's `sqlite_schema` and pragmas, MySQL's `information_schema` (the current
//! database). Types and defaults are kept as the catalog spells them (`Type::Custom`,
//! `DefaultValue::Sql`); [`differences`](super::differences) compares them with the replayed
//! schema in the database's own spelling.

use super::{
    CheckState, ColumnState, ForeignKeyState, IndexState, PrimaryKey, Schema, Table, UniqueState,
};
use crate::backend::{mysql, postgres, sqlite};
use crate::database::BackendConnection;
use crate::dialect::Dialect;
use crate::schema::{DefaultValue, ReferentialAction, Type};

/// The tables of the database (but those in `skip`, the tool's own), read from its catalog.
pub(crate) async fn read(
    conn: &mut BackendConnection,
    dialect: Dialect,
    skip: &[String],
) -> Result<Schema, sqlx::Error> {
    let mut schema = match dialect {
        Dialect::Postgres => read_postgres(conn).await?,
        Dialect::Sqlite => read_sqlite(conn).await?,
        Dialect::MySql => read_mysql(conn).await?,
    };
    schema.tables.retain(|name, _| !skip.contains(name));
    Ok(schema)
}

fn action(rule: &str) -> Option<ReferentialAction> {
    match rule.to_ascii_uppercase().as_str() {
        "CASCADE" | "C" => Some(ReferentialAction::Cascade),
        "SET NULL" | "N" => Some(ReferentialAction::SetNull),
        "SET DEFAULT" | "D" => Some(ReferentialAction::SetDefault),
        "RESTRICT" | "R" => Some(ReferentialAction::Restrict),
        _ => None,
    }
}

/// The table a catalog row belongs to, created on first sight.
fn table_of<'s>(schema: &'s mut Schema, name: &str) -> &'s mut Table {
    schema
        .tables
        .entry(name.to_owned())
        .or_insert_with(|| Table::new(name, None))
}

// ---- PostgreSQL: one query per kind, for every table of the current schema ----

async fn read_postgres(conn: &mut BackendConnection) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let tables: Vec<(String, Option<String>)> =
        sqlx::query_as(postgres::catalog::INTROSPECT_TABLES)
            .fetch_all(&mut *conn)
            .await?;
    for (name, comment) in tables {
        schema.tables.insert(
            name.clone(),
            Table::new(name, comment.filter(|text| !text.is_empty())),
        );
    }
    type ColumnRow = (String, String, String, bool, Option<String>, Option<String>);
    let columns: Vec<ColumnRow> = sqlx::query_as(postgres::catalog::INTROSPECT_COLUMNS)
        .fetch_all(&mut *conn)
        .await?;
    for (table, name, ty, nullable, default, comment) in columns {
        table_of(&mut schema, &table).columns.push(ColumnState {
            name,
            ty: Type::Custom(ty),
            nullable,
            default: default.map(DefaultValue::Sql),
            comment,
        });
    }
    type ConstraintRow = (
        String,
        String,
        String,
        Vec<String>,
        String,
        Vec<String>,
        String,
        String,
        Option<String>,
    );
    let constraints: Vec<ConstraintRow> = sqlx::query_as(postgres::catalog::INTROSPECT_CONSTRAINTS)
        .fetch_all(&mut *conn)
        .await?;
    for (table, name, kind, columns, referred, referred_columns, on_delete, on_update, check) in
        constraints
    {
        let table = table_of(&mut schema, &table);
        match kind.as_str() {
            "p" => {
                table.primary_key = Some(PrimaryKey {
                    name: Some(name),
                    columns,
                })
            }
            "u" => table.uniques.push(UniqueState {
                name: Some(name),
                columns,
            }),
            "f" => table.foreign_keys.push(ForeignKeyState {
                name: Some(name),
                columns,
                referred_table: referred,
                referred_columns,
                on_delete: action(&on_delete),
                on_update: action(&on_update),
            }),
            "c" => table.checks.push(CheckState {
                name: Some(name),
                condition: check.unwrap_or_default(),
            }),
            _ => {}
        }
    }
    type IndexRow = (String, String, bool, Option<String>, Vec<String>);
    let indexes: Vec<IndexRow> = sqlx::query_as(postgres::catalog::INTROSPECT_INDEXES)
        .fetch_all(&mut *conn)
        .await?;
    for (table, name, unique, where_sql, columns) in indexes {
        table_of(&mut schema, &table).indexes.push(IndexState {
            name,
            columns,
            unique,
            where_sql,
        });
    }
    let enums: Vec<(String, Vec<String>)> = sqlx::query_as(postgres::catalog::INTROSPECT_ENUMS)
        .fetch_all(&mut *conn)
        .await?;
    schema.enums = enums.into_iter().collect();
    Ok(schema)
}

// ---- SQLite: the pragmas as table-valued functions, one query per kind ----

async fn read_sqlite(conn: &mut BackendConnection) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    type ColumnRow = (String, String, String, bool, Option<String>, i64);
    let columns: Vec<ColumnRow> = sqlx::query_as(sqlite::catalog::INTROSPECT_COLUMNS)
        .fetch_all(&mut *conn)
        .await?;
    let mut keys: Vec<(String, i64, String)> = Vec::new();
    for (table, column, ty, not_null, default, position) in columns {
        if position > 0 {
            keys.push((table.clone(), position, column.clone()));
        }
        table_of(&mut schema, &table).columns.push(ColumnState {
            name: column,
            ty: Type::Custom(ty),
            nullable: !not_null,
            default: default.map(DefaultValue::Sql),
            comment: None,
        });
    }
    keys.sort();
    for (table, _, column) in keys {
        let table = table_of(&mut schema, &table);
        let key = table.primary_key.get_or_insert_with(|| PrimaryKey {
            name: None,
            columns: Vec::new(),
        });
        key.columns.push(column);
    }
    // A rowid alias (the one `INTEGER` column of a key) takes no NULL, whatever it declares.
    for table in schema.tables.values_mut() {
        if let Some([key]) = table.primary_key.as_ref().map(|key| key.columns.as_slice())
            && let Some(column) = table.columns.iter_mut().find(|c| c.name == *key)
            && matches!(&column.ty, Type::Custom(ty) if ty.eq_ignore_ascii_case("INTEGER"))
        {
            column.nullable = false;
        }
    }
    type KeyRow = (String, i64, String, String, Option<String>, String, String);
    let foreign_keys: Vec<KeyRow> = sqlx::query_as(sqlite::catalog::INTROSPECT_KEYS)
        .fetch_all(&mut *conn)
        .await?;
    let mut last: Option<(String, i64)> = None;
    for (table, id, referred, from, to, on_update, on_delete) in foreign_keys {
        let same = last.as_ref() == Some(&(table.clone(), id));
        let keys = &mut table_of(&mut schema, &table).foreign_keys;
        if !same {
            keys.push(ForeignKeyState {
                name: None,
                columns: Vec::new(),
                referred_table: referred,
                referred_columns: Vec::new(),
                on_delete: action(&on_delete),
                on_update: action(&on_update),
            });
        }
        if let Some(key) = keys.last_mut() {
            key.columns.push(from);
            key.referred_columns.extend(to);
        }
        last = Some((table, id));
    }
    type IndexRow = (String, String, bool, String, Option<String>, Option<String>);
    let indexes: Vec<IndexRow> = sqlx::query_as(sqlite::catalog::INTROSPECT_INDEXES)
        .fetch_all(&mut *conn)
        .await?;
    let mut last: Option<(String, String)> = None;
    for (table, index, unique, origin, column, sql) in indexes {
        let same = last.as_ref() == Some(&(table.clone(), index.clone()));
        let entry = table_of(&mut schema, &table);
        let column = column.unwrap_or_default();
        match (origin.as_str(), same) {
            ("u", false) => entry.uniques.push(UniqueState {
                name: None,
                columns: vec![column],
            }),
            ("u", true) => {
                if let Some(unique) = entry.uniques.last_mut() {
                    unique.columns.push(column);
                }
            }
            ("c", false) => entry.indexes.push(IndexState {
                name: index.clone(),
                columns: vec![column],
                unique,
                where_sql: sql.as_deref().and_then(partial_condition),
            }),
            ("c", true) => {
                if let Some(last) = entry.indexes.last_mut() {
                    last.columns.push(column);
                }
            }
            _ => {}
        }
        last = Some((table, index));
    }
    Ok(schema)
}

/// The `WHERE` condition of a `CREATE INDEX` text.
fn partial_condition(sql: &str) -> Option<String> {
    let upper = sql.to_ascii_uppercase();
    let at = upper.rfind(" WHERE ")?;
    Some(sql[at + " WHERE ".len()..].trim().to_owned())
}

// ---- MySQL: information_schema, one query per kind, for the current database ----

async fn read_mysql(conn: &mut BackendConnection) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let tables: Vec<(String, String)> = sqlx::query_as(mysql::catalog::INTROSPECT_TABLES)
        .fetch_all(&mut *conn)
        .await?;
    for (name, comment) in tables {
        schema.tables.insert(
            name.clone(),
            Table::new(name, Some(comment).filter(|text| !text.is_empty())),
        );
    }
    type ColumnRow = (String, String, String, bool, Option<String>, String, String);
    let columns: Vec<ColumnRow> = sqlx::query_as(mysql::catalog::INTROSPECT_COLUMNS)
        .fetch_all(&mut *conn)
        .await?;
    for (table, column, ty, nullable, default, extra, comment) in columns {
        let ty = match extra.to_ascii_lowercase().contains("auto_increment") {
            true => format!("{ty} auto_increment"),
            false => ty,
        };
        table_of(&mut schema, &table).columns.push(ColumnState {
            name: column,
            ty: Type::Custom(ty),
            nullable,
            // MariaDB says `NULL` for no default.
            default: default.filter(|d| d != "NULL").map(DefaultValue::Sql),
            comment: Some(comment).filter(|c| !c.is_empty()),
        });
    }
    type KeyRow = (String, String, String, String, String, String, String);
    let keys: Vec<KeyRow> = sqlx::query_as(mysql::catalog::INTROSPECT_KEYS)
        .fetch_all(&mut *conn)
        .await?;
    for (table, key, column, referred, referred_column, on_delete, on_update) in keys {
        let keys = &mut table_of(&mut schema, &table).foreign_keys;
        let same = keys
            .last()
            .is_some_and(|last| last.name.as_deref() == Some(key.as_str()));
        if !same {
            keys.push(ForeignKeyState {
                name: Some(key),
                columns: Vec::new(),
                referred_table: referred,
                referred_columns: Vec::new(),
                on_delete: action(&on_delete),
                on_update: action(&on_update),
            });
        }
        if let Some(last) = keys.last_mut() {
            last.columns.push(column);
            last.referred_columns.push(referred_column);
        }
    }
    let indexes: Vec<(String, String, bool, String)> =
        sqlx::query_as(mysql::catalog::INTROSPECT_INDEXES)
            .fetch_all(&mut *conn)
            .await?;
    for (table, index, unique, column) in indexes {
        let table = table_of(&mut schema, &table);
        if index == "PRIMARY" {
            let key = table.primary_key.get_or_insert_with(|| PrimaryKey {
                name: None,
                columns: Vec::new(),
            });
            key.columns.push(column);
            continue;
        }
        match table.indexes.last_mut() {
            Some(last) if last.name == index => last.columns.push(column),
            _ => table.indexes.push(IndexState {
                name: index,
                columns: vec![column],
                unique,
                where_sql: None,
            }),
        }
    }
    Ok(schema)
}
