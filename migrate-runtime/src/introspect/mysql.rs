//! MySQL and MariaDB: `information_schema`, one query per kind, for the current database.

use super::{KeyColumn, add_key_columns, table_of};
use crate::backend::mysql;
use crate::connection::BackendConnection;
use crate::schema::{DefaultValue, Generated, KeyOptions, Type};
use crate::state::{CheckState, ColumnState, IndexState, NotDescribed, PrimaryKey, Schema, Table};

/// `only`: the filter bind of [`Tables`](super::Tables), `None` for every table.
pub(super) async fn read(
    conn: &mut BackendConnection,
    only: Option<String>,
) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let tables: Vec<(String, String)> = sqlx::query_as(mysql::catalog::INTROSPECT_TABLES)
        .bind(&only)
        .bind(&only)
        .fetch_all(&mut *conn)
        .await?;
    for (name, comment) in tables {
        schema.tables.insert(
            name.clone(),
            Table::new(name, Some(comment).filter(|text| !text.is_empty())),
        );
    }
    type ColumnRow = (
        String,
        String,
        String,
        bool,
        Option<String>,
        String,
        String,
        Option<String>,
        Option<String>,
    );
    let columns: Vec<ColumnRow> = sqlx::query_as(mysql::catalog::INTROSPECT_COLUMNS)
        .bind(&only)
        .bind(&only)
        .fetch_all(&mut *conn)
        .await?;
    for (table, column, ty, nullable, default, extra, comment, expression, collation) in columns {
        let extra_words = extra.to_ascii_uppercase();
        let generated = expression
            .filter(|_| extra_words.contains("GENERATED"))
            .map(|expression| Generated {
                expression,
                stored: extra_words.contains("STORED") || extra_words.contains("PERSISTENT"),
            });
        let ty = match extra.to_ascii_lowercase().contains("auto_increment") {
            true => format!("{ty} auto_increment"),
            false => ty,
        };
        // A view's columns are listed too: only the tables' are read.
        let Some(table) = schema.tables.get_mut(&table) else {
            continue;
        };
        table.columns.push(ColumnState {
            name: column,
            ty: Type::Custom(ty),
            nullable,
            // MariaDB says `NULL` for no default.
            default: default
                .filter(|d| d != "NULL" && generated.is_none())
                .map(DefaultValue::Sql),
            comment: Some(comment).filter(|c| !c.is_empty()),
            generated,
            identity: None,
            collation,
        });
    }
    type KeyRow = (String, String, String, String, String, String, String);
    let keys: Vec<KeyRow> = sqlx::query_as(mysql::catalog::INTROSPECT_KEYS)
        .bind(&only)
        .bind(&only)
        .fetch_all(&mut *conn)
        .await?;
    let keys = keys.into_iter().map(
        |(table, key, column, referred, referred_column, on_delete, on_update)| KeyColumn {
            table,
            name: Some(key.clone()),
            key,
            referred_table: referred,
            column,
            referred_column: Some(referred_column),
            on_delete,
            on_update,
        },
    );
    add_key_columns(&mut schema, keys);
    let mariadb = mysql::catalog::is_mariadb(&mut *conn).await?;
    type IndexRow = (String, String, bool, String, Option<bool>, Option<i64>);
    let indexes = match mariadb {
        true => mysql::catalog::INTROSPECT_INDEXES,
        false => mysql::catalog::INTROSPECT_INDEXES_MYSQL,
    };
    let indexes: Vec<IndexRow> = sqlx::query_as(indexes)
        .bind(&only)
        .bind(&only)
        .fetch_all(&mut *conn)
        .await?;
    for (table, index, unique, column, descending, prefix) in indexes {
        let table = table_of(&mut schema, &table);
        if index == "PRIMARY" {
            let key = table.primary_key.get_or_insert_with(|| PrimaryKey {
                name: None,
                columns: Vec::new(),
            });
            key.columns.push(column);
            continue;
        }
        let prefix = prefix.and_then(|length| u32::try_from(length).ok());
        let options = KeyOptions {
            descending: descending.unwrap_or(false),
            nulls_first: None,
            prefix: prefix
                .filter(|&length| !shortened_by_the_server(table, &column, length, mariadb)),
        };
        let index = match table.indexes.last_mut() {
            Some(last) if last.name == index => last,
            _ => {
                table.indexes.push(IndexState {
                    name: index,
                    columns: Vec::new(),
                    unique,
                    where_sql: None,
                    key_options: Default::default(),
                    include: Vec::new(),
                });
                let Some(last) = table.indexes.last_mut() else {
                    continue;
                };
                last
            }
        };
        if !options.is_plain() {
            index.key_options.insert(column.clone(), options);
        }
        index.columns.push(column);
    }
    let checks = match mariadb {
        true => mysql::catalog::INTROSPECT_CHECKS_MARIADB,
        false => mysql::catalog::INTROSPECT_CHECKS_MYSQL,
    };
    let checks: Vec<(String, String, String)> = sqlx::query_as(checks)
        .bind(&only)
        .bind(&only)
        .fetch_all(&mut *conn)
        .await?;
    for (table, name, condition) in checks {
        // MariaDB's own check that a JSON column holds JSON, named as the column: the column
        // was declared JSON (which MariaDB keeps as LONGTEXT with that check).
        if condition == format!("json_valid(`{name}`)") {
            let columns = schema.tables.get_mut(&table).map(|t| &mut t.columns);
            let column = columns.and_then(|columns| columns.iter_mut().find(|c| c.name == name));
            if let Some(column) = column {
                column.ty = Type::Custom("json".to_owned());
                column.collation = None;
            }
            continue;
        }
        table_of(&mut schema, &table).checks.push(CheckState {
            name: Some(name),
            condition,
        });
    }
    let not_described: Vec<(String, String, String)> =
        sqlx::query_as(mysql::catalog::INTROSPECT_NOT_DESCRIBED)
            .bind(&only)
            .bind(&only)
            .bind(&only)
            .bind(&only)
            .fetch_all(&mut *conn)
            .await?;
    schema.not_described = not_described.into_iter().map(NotDescribed::from).collect();
    Ok(schema)
}

/// Whether an index prefix of `length` characters on `column` is the one the server gives a
/// whole-column key longer than the 3,072 bytes an index key may hold (768 characters of
/// utf8mb4, 1,024 of utf8mb3): MySQL and MariaDB shorten such a string key themselves (MariaDB
/// a text key too), with a warning, so the index was declared on the whole column and
/// declaring it that way again gives the same catalog.
fn shortened_by_the_server(table: &Table, column: &str, length: u32, mariadb: bool) -> bool {
    let Some(Type::Custom(spelled)) = table.column(column).map(|c| &c.ty) else {
        return false;
    };
    let spelled = spelled.to_ascii_lowercase();
    let declared = |name: &str| -> Option<u32> {
        let rest = spelled.strip_prefix(name)?.strip_prefix('(')?;
        rest.split(')').next()?.parse().ok()
    };
    let longer = match declared("varchar").or_else(|| declared("char")) {
        Some(declared) => declared > length,
        None => mariadb && spelled.ends_with("text"),
    };
    longer && (length * 4 == 3072 || length * 3 == 3072)
}
