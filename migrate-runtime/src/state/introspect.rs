//! The live catalog read into a [`Schema`]: PostgreSQL's `pg_catalog` (the current schema),
//! SQLite's `sqlite_schema` and pragmas, MySQL's `information_schema` (the current
//! database). Types and defaults are kept as the catalog spells them (`Type::Custom`,
//! `DefaultValue::Sql`); [`differences`](super::differences) compares them with the replayed
//! schema in the database's own spelling.

use sqlx::AssertSqlSafe;

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

fn empty_table(name: String, comment: Option<String>) -> Table {
    Table {
        name,
        columns: Vec::new(),
        primary_key: None,
        foreign_keys: Vec::new(),
        uniques: Vec::new(),
        checks: Vec::new(),
        indexes: Vec::new(),
        comment: comment.filter(|text| !text.is_empty()),
    }
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

// ---- PostgreSQL ----

const PG_TABLES: &str = "SELECT c.relname::text, obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1";
const PG_COLUMNS: &str = "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum) FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
const PG_CONSTRAINTS: &str = "SELECT c.conname::text, c.contype::text, ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(num, pos) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.pos), COALESCE(f.relname::text, ''), ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(num, pos) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.pos), c.confdeltype::text, c.confupdtype::text, CASE WHEN c.contype = 'c' THEN pg_get_expr(c.conbin, c.conrelid) ELSE '' END FROM pg_constraint c LEFT JOIN pg_class f ON f.oid = c.confrelid WHERE c.conrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass ORDER BY 1";
const PG_INDEXES: &str = "SELECT i.relname::text, x.indisunique, pg_get_expr(x.indpred, x.indrelid), ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid) ORDER BY 1";
const PG_ENUMS: &str = "SELECT t.typname::text, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema() AND t.typtype = 'e' ORDER BY 1";

async fn read_postgres(conn: &mut BackendConnection) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let tables: Vec<(String, Option<String>)> =
        sqlx::query_as(PG_TABLES).fetch_all(&mut *conn).await?;
    for (name, comment) in tables {
        let mut table = empty_table(name.clone(), comment);
        type ColumnRow = (String, String, bool, Option<String>, Option<String>);
        let columns: Vec<ColumnRow> = sqlx::query_as(PG_COLUMNS)
            .bind(&name)
            .fetch_all(&mut *conn)
            .await?;
        table.columns = columns
            .into_iter()
            .map(|(name, ty, nullable, default, comment)| ColumnState {
                name,
                ty: Type::Custom(ty),
                nullable,
                default: default.map(DefaultValue::Sql),
                comment,
            })
            .collect();
        type ConstraintRow = (
            String,
            String,
            Vec<String>,
            String,
            Vec<String>,
            String,
            String,
            Option<String>,
        );
        let constraints: Vec<ConstraintRow> = sqlx::query_as(PG_CONSTRAINTS)
            .bind(&name)
            .fetch_all(&mut *conn)
            .await?;
        for (name, kind, columns, referred, referred_columns, on_delete, on_update, check) in
            constraints
        {
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
        let indexes: Vec<(String, bool, Option<String>, Vec<String>)> = sqlx::query_as(PG_INDEXES)
            .bind(&name)
            .fetch_all(&mut *conn)
            .await?;
        table.indexes = indexes
            .into_iter()
            .map(|(name, unique, where_sql, columns)| IndexState {
                name,
                columns,
                unique,
                where_sql,
            })
            .collect();
        schema.tables.insert(name, table);
    }
    let enums: Vec<(String, Vec<String>)> = sqlx::query_as(PG_ENUMS).fetch_all(&mut *conn).await?;
    schema.enums = enums.into_iter().collect();
    Ok(schema)
}

// ---- SQLite ----

const SQLITE_TABLES: &str = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";

async fn read_sqlite(conn: &mut BackendConnection) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let tables: Vec<String> = sqlx::query_scalar(SQLITE_TABLES)
        .fetch_all(&mut *conn)
        .await?;
    for name in tables {
        let mut table = empty_table(name.clone(), None);
        let quoted = Dialect::Sqlite.literal(&name);
        let info = format!(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info({quoted}) ORDER BY cid"
        );
        let columns: Vec<(String, String, bool, Option<String>, i64)> =
            sqlx::query_as(AssertSqlSafe(info))
                .fetch_all(&mut *conn)
                .await?;
        let mut key: Vec<(i64, String)> = Vec::new();
        for (column, ty, not_null, default, position) in columns {
            if position > 0 {
                key.push((position, column.clone()));
            }
            table.columns.push(ColumnState {
                name: column,
                ty: Type::Custom(ty),
                nullable: !not_null,
                default: default.map(DefaultValue::Sql),
                comment: None,
            });
        }
        key.sort();
        if !key.is_empty() {
            table.primary_key = Some(PrimaryKey {
                name: None,
                columns: key.into_iter().map(|(_, column)| column).collect(),
            });
        }
        let keys = format!(
            "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list({quoted}) ORDER BY id, seq"
        );
        let keys: Vec<(i64, String, String, Option<String>, String, String)> =
            sqlx::query_as(AssertSqlSafe(keys))
                .fetch_all(&mut *conn)
                .await?;
        let mut last_id = None;
        for (id, referred, from, to, on_update, on_delete) in keys {
            if last_id != Some(id) {
                table.foreign_keys.push(ForeignKeyState {
                    name: None,
                    columns: Vec::new(),
                    referred_table: referred,
                    referred_columns: Vec::new(),
                    on_delete: action(&on_delete),
                    on_update: action(&on_update),
                });
                last_id = Some(id);
            }
            if let Some(key) = table.foreign_keys.last_mut() {
                key.columns.push(from);
                key.referred_columns.extend(to);
            }
        }
        let list = format!(
            "SELECT name, \"unique\", origin FROM pragma_index_list({quoted}) ORDER BY name"
        );
        let indexes: Vec<(String, bool, String)> = sqlx::query_as(AssertSqlSafe(list))
            .fetch_all(&mut *conn)
            .await?;
        for (index, unique, origin) in indexes {
            let quoted_index = Dialect::Sqlite.literal(&index);
            let columns =
                format!("SELECT name FROM pragma_index_info({quoted_index}) ORDER BY seqno");
            let columns: Vec<Option<String>> = sqlx::query_scalar(AssertSqlSafe(columns))
                .fetch_all(&mut *conn)
                .await?;
            let columns: Vec<String> = columns.into_iter().map(Option::unwrap_or_default).collect();
            match origin.as_str() {
                "u" => table.uniques.push(UniqueState {
                    name: None,
                    columns,
                }),
                "c" => {
                    let sql: Option<String> = sqlx::query_scalar(
                        "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?",
                    )
                    .bind(&index)
                    .fetch_optional(&mut *conn)
                    .await?
                    .flatten();
                    table.indexes.push(IndexState {
                        name: index,
                        columns,
                        unique,
                        where_sql: sql.as_deref().and_then(partial_condition),
                    });
                }
                _ => {}
            }
        }
        schema.tables.insert(name, table);
    }
    Ok(schema)
}

/// The `WHERE` condition of a `CREATE INDEX` text.
fn partial_condition(sql: &str) -> Option<String> {
    let upper = sql.to_ascii_uppercase();
    let at = upper.rfind(" WHERE ")?;
    Some(sql[at + " WHERE ".len()..].trim().to_owned())
}

// ---- MySQL ----

const MYSQL_TABLES: &str = "SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME";
const MYSQL_COLUMNS: &str = "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES', COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
const MYSQL_INDEXES: &str = "SELECT INDEX_NAME, NON_UNIQUE = 0, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX";
const MYSQL_KEYS: &str = "SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = ? ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

async fn read_mysql(conn: &mut BackendConnection) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let tables: Vec<(String, String)> = sqlx::query_as(MYSQL_TABLES).fetch_all(&mut *conn).await?;
    for (name, comment) in tables {
        let mut table = empty_table(name.clone(), Some(comment));
        type ColumnRow = (String, String, bool, Option<String>, String, String);
        let columns: Vec<ColumnRow> = sqlx::query_as(MYSQL_COLUMNS)
            .bind(&name)
            .fetch_all(&mut *conn)
            .await?;
        for (column, ty, nullable, default, extra, comment) in columns {
            let ty = match extra.to_ascii_lowercase().contains("auto_increment") {
                true => format!("{ty} auto_increment"),
                false => ty,
            };
            table.columns.push(ColumnState {
                name: column,
                ty: Type::Custom(ty),
                nullable,
                // MariaDB says `NULL` for no default.
                default: default.filter(|d| d != "NULL").map(DefaultValue::Sql),
                comment: Some(comment).filter(|c| !c.is_empty()),
            });
        }
        let keys: Vec<(String, String, String, String, String, String)> =
            sqlx::query_as(MYSQL_KEYS)
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
        for (key, column, referred, referred_column, on_delete, on_update) in keys {
            let same = table
                .foreign_keys
                .last()
                .is_some_and(|last| last.name.as_deref() == Some(key.as_str()));
            if !same {
                table.foreign_keys.push(ForeignKeyState {
                    name: Some(key),
                    columns: Vec::new(),
                    referred_table: referred,
                    referred_columns: Vec::new(),
                    on_delete: action(&on_delete),
                    on_update: action(&on_update),
                });
            }
            if let Some(last) = table.foreign_keys.last_mut() {
                last.columns.push(column);
                last.referred_columns.push(referred_column);
            }
        }
        let indexes: Vec<(String, bool, String)> = sqlx::query_as(MYSQL_INDEXES)
            .bind(&name)
            .fetch_all(&mut *conn)
            .await?;
        for (index, unique, column) in indexes {
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
        schema.tables.insert(name, table);
    }
    Ok(schema)
}
