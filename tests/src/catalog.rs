//! The schema read back from the database's own catalog, in one shape for every backend.

use std::collections::BTreeMap;

use sqlx::AnyConnection;

use crate::Backend;

/// Every table of the database (PostgreSQL: of schema `public`), by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// The tables.
    pub tables: BTreeMap<String, Table>,
}

/// A table's columns and indexes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// `(name, declared type, nullable)` in column order.
    pub columns: Vec<(String, String, bool)>,
    /// Index name → `(columns, unique)`.
    pub indexes: BTreeMap<String, (Vec<String>, bool)>,
}

impl Schema {
    /// The table names, sorted.
    pub fn table_names(&self) -> Vec<&str> {
        self.tables.keys().map(String::as_str).collect()
    }

    /// The table `name`; panics with the known tables when it is missing.
    pub fn table(&self, name: &str) -> &Table {
        self.tables
            .get(name)
            .unwrap_or_else(|| panic!("no table {name}; tables: {:?}", self.table_names()))
    }
}

impl Table {
    /// The column `name`'s `(type, nullable)`, if it exists.
    pub fn column(&self, name: &str) -> Option<(&str, bool)> {
        self.columns
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, ty, nullable)| (ty.as_str(), *nullable))
    }

    /// An index over exactly `columns`, with its uniqueness, if one exists.
    pub fn index_on(&self, columns: &[&str]) -> Option<bool> {
        self.indexes
            .values()
            .find(|(cols, _)| cols.iter().map(String::as_str).eq(columns.iter().copied()))
            .map(|(_, unique)| *unique)
    }
}

/// `(table, column, type, nullable "YES"/"NO")` in column order; then
/// `(table, index, unique, "col1,col2")`.
const COLUMNS_AND_INDEXES: [(Backend, &str, &str); 2] = [
    (
        Backend::Postgres,
        "SELECT c.table_name::text, c.column_name::text, \
                format_type(a.atttypid, a.atttypmod), c.is_nullable::text \
         FROM information_schema.columns c \
         JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass \
                             AND a.attname = c.column_name \
         WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position",
        "SELECT t.relname::text, i.relname::text, x.indisunique::int::int8, \
                string_agg(a.attname::text, ',' ORDER BY k.ord) \
         FROM pg_index x \
         JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public' \
         CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
         GROUP BY t.relname, i.relname, x.indisunique",
    ),
    (
        Backend::MySql,
        "SELECT TABLE_NAME, COLUMN_NAME, CAST(COLUMN_TYPE AS CHAR), IS_NULLABLE \
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
         ORDER BY TABLE_NAME, ORDINAL_POSITION",
        "SELECT TABLE_NAME, INDEX_NAME, CAST(NON_UNIQUE = 0 AS SIGNED), \
                CAST(GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS CHAR) \
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
         GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE",
    ),
];

/// Read the schema of the database behind `conn`.
pub(crate) async fn read(backend: Backend, conn: &mut AnyConnection) -> Schema {
    if backend == Backend::Sqlite {
        return read_sqlite(conn).await;
    }
    let Some((_, columns_sql, indexes_sql)) =
        COLUMNS_AND_INDEXES.iter().find(|(b, _, _)| *b == backend)
    else {
        unreachable!("every server backend has catalog queries");
    };
    let columns: Vec<(String, String, String, String)> = sqlx::query_as(*columns_sql)
        .fetch_all(&mut *conn)
        .await
        .expect("list columns");
    let mut schema = Schema::default();
    for (table, column, ty, nullable) in columns {
        let entry = schema.tables.entry(table).or_default();
        entry.columns.push((column, ty, nullable == "YES"));
    }
    let indexes: Vec<(String, String, i64, String)> = sqlx::query_as(*indexes_sql)
        .fetch_all(&mut *conn)
        .await
        .expect("list indexes");
    for (table, index, unique, columns) in indexes {
        let columns = columns.split(',').map(str::to_owned).collect();
        schema
            .tables
            .entry(table)
            .or_default()
            .indexes
            .insert(index, (columns, unique != 0));
    }
    schema
}

/// SQLite: `sqlite_master` and the table pragmas.
async fn read_sqlite(conn: &mut AnyConnection) -> Schema {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("list tables");
    let mut schema = Schema::default();
    for name in names {
        let columns: Vec<(String, String, i64)> = sqlx::query_as(
            r#"SELECT name, type, "notnull" FROM pragma_table_info(?) ORDER BY cid"#,
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await
        .expect("list columns");
        let index_list: Vec<(String, i64)> =
            sqlx::query_as(r#"SELECT name, "unique" FROM pragma_index_list(?)"#)
                .bind(&name)
                .fetch_all(&mut *conn)
                .await
                .expect("list indexes");
        let mut indexes = BTreeMap::new();
        for (index, unique) in index_list {
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(&mut *conn)
                    .await
                    .expect("list index columns");
            indexes.insert(index, (columns, unique != 0));
        }
        let columns = columns
            .into_iter()
            .map(|(n, t, nn)| (n, t, nn == 0))
            .collect();
        schema.tables.insert(name, Table { columns, indexes });
    }
    schema
}
