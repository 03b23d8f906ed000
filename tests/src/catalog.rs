//! The schema read back from the database's own catalog, in one shape for every backend.

use std::collections::BTreeMap;

use sqlx::{PgConnection, SqliteConnection};

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

/// SQLite: `sqlite_master` and the table pragmas.
pub(crate) async fn read_sqlite(conn: &mut SqliteConnection) -> Schema {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("list tables");
    let mut schema = Schema::default();
    for name in names {
        let columns: Vec<(String, String, i64)> = sqlx::query_as(
            r#"SELECT name, type, "notnull" FROM pragma_table_info(?1) ORDER BY cid"#,
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await
        .expect("list columns");
        let index_list: Vec<(String, i64)> =
            sqlx::query_as(r#"SELECT name, "unique" FROM pragma_index_list(?1)"#)
                .bind(&name)
                .fetch_all(&mut *conn)
                .await
                .expect("list indexes");
        let mut indexes = BTreeMap::new();
        for (index, unique) in index_list {
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
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

/// PostgreSQL: `information_schema.columns` and `pg_index` for schema `public`.
pub(crate) async fn read_postgres(conn: &mut PgConnection) -> Schema {
    let columns: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, \
                format_type(a.atttypid, a.atttypmod), is_nullable::text \
         FROM information_schema.columns c \
         JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass \
                             AND a.attname = c.column_name \
         WHERE c.table_schema = 'public' ORDER BY table_name, ordinal_position",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("list columns");
    let mut schema = Schema::default();
    for (table, column, ty, nullable) in columns {
        let entry = schema.tables.entry(table).or_default();
        entry.columns.push((column, ty, nullable == "YES"));
    }
    let indexes: Vec<(String, String, bool, Vec<String>)> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text, x.indisunique, \
                array_agg(a.attname::text ORDER BY k.ord) \
         FROM pg_index x \
         JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public' \
         CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
         GROUP BY t.relname, i.relname, x.indisunique",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("list indexes");
    for (table, index, unique, columns) in indexes {
        let entry = schema.tables.entry(table).or_default();
        entry.indexes.insert(index, (columns, unique));
    }
    schema
}
