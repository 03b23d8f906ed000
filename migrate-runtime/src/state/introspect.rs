//! The live catalog read into a [`Schema`]: PostgreSQL's `pg_catalog` (the current schema),
//! SQLite's `sqlite_schema` and pragmas, MySQL's `information_schema` (the current
//! database). Types and defaults are kept as the catalog spells them (`Type::Custom`,
//! `DefaultValue::Sql`); [`differences`](super::differences) compares them with the replayed
//! schema in the database's own spelling.

use super::{
    CheckState, ColumnState, ForeignKeyState, IndexState, PrimaryKey, Schema, Table, UniqueState,
};
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

const PG_TABLES: &str = "SELECT c.relname::text, obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1";
const PG_COLUMNS: &str = "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum";
const PG_CONSTRAINTS: &str = "SELECT t.relname::text, c.conname::text, c.contype::text, ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(num, pos) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.pos), COALESCE(f.relname::text, ''), ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(num, pos) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.pos), c.confdeltype::text, c.confupdtype::text, CASE WHEN c.contype = 'c' THEN pg_get_expr(c.conbin, c.conrelid) ELSE '' END FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_class f ON f.oid = c.confrelid WHERE n.nspname = current_schema() ORDER BY 1, 2";
const PG_INDEXES: &str = "SELECT t.relname::text, i.relname::text, x.indisunique, pg_get_expr(x.indpred, x.indrelid), ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid) ORDER BY 1, 2";
const PG_ENUMS: &str = "SELECT t.typname::text, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema() AND t.typtype = 'e' ORDER BY 1";

async fn read_postgres(conn: &mut BackendConnection) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let tables: Vec<(String, Option<String>)> =
        sqlx::query_as(PG_TABLES).fetch_all(&mut *conn).await?;
    for (name, comment) in tables {
        schema.tables.insert(
            name.clone(),
            Table::new(name, comment.filter(|text| !text.is_empty())),
        );
    }
    type ColumnRow = (String, String, String, bool, Option<String>, Option<String>);
    let columns: Vec<ColumnRow> = sqlx::query_as(PG_COLUMNS).fetch_all(&mut *conn).await?;
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
    let constraints: Vec<ConstraintRow> =
        sqlx::query_as(PG_CONSTRAINTS).fetch_all(&mut *conn).await?;
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
    let indexes: Vec<IndexRow> = sqlx::query_as(PG_INDEXES).fetch_all(&mut *conn).await?;
    for (table, name, unique, where_sql, columns) in indexes {
        table_of(&mut schema, &table).indexes.push(IndexState {
            name,
            columns,
            unique,
            where_sql,
        });
    }
    let enums: Vec<(String, Vec<String>)> = sqlx::query_as(PG_ENUMS).fetch_all(&mut *conn).await?;
    schema.enums = enums.into_iter().collect();
    Ok(schema)
}

// ---- SQLite: the pragmas as table-valued functions, one query per kind ----

const SQLITE_COLUMNS: &str = "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid";
const SQLITE_KEYS: &str = "SELECT m.name, p.id, p.\"table\", p.\"from\", p.\"to\", p.on_update, p.on_delete FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.id, p.seq";
const SQLITE_INDEXES: &str = "SELECT m.name, l.name, l.\"unique\", l.origin, i.name, s.sql FROM sqlite_schema m JOIN pragma_index_list(m.name) l JOIN pragma_index_info(l.name) i LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = l.name WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, l.name, i.seqno";

async fn read_sqlite(conn: &mut BackendConnection) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    type ColumnRow = (String, String, String, bool, Option<String>, i64);
    let columns: Vec<ColumnRow> = sqlx::query_as(SQLITE_COLUMNS).fetch_all(&mut *conn).await?;
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
    type KeyRow = (String, i64, String, String, Option<String>, String, String);
    let foreign_keys: Vec<KeyRow> = sqlx::query_as(SQLITE_KEYS).fetch_all(&mut *conn).await?;
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
    let indexes: Vec<IndexRow> = sqlx::query_as(SQLITE_INDEXES).fetch_all(&mut *conn).await?;
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

const MYSQL_TABLES: &str = "SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME";
const MYSQL_COLUMNS: &str = "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES', COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION";
const MYSQL_INDEXES: &str = "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE = 0, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";
const MYSQL_KEYS: &str = "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME WHERE k.TABLE_SCHEMA = DATABASE() ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

async fn read_mysql(conn: &mut BackendConnection) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let tables: Vec<(String, String)> = sqlx::query_as(MYSQL_TABLES).fetch_all(&mut *conn).await?;
    for (name, comment) in tables {
        schema.tables.insert(
            name.clone(),
            Table::new(name, Some(comment).filter(|text| !text.is_empty())),
        );
    }
    type ColumnRow = (String, String, String, bool, Option<String>, String, String);
    let columns: Vec<ColumnRow> = sqlx::query_as(MYSQL_COLUMNS).fetch_all(&mut *conn).await?;
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
    let keys: Vec<KeyRow> = sqlx::query_as(MYSQL_KEYS).fetch_all(&mut *conn).await?;
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
        sqlx::query_as(MYSQL_INDEXES).fetch_all(&mut *conn).await?;
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
