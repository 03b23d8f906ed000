//! The schema read back from the database's own catalog, in one shape for every backend.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::AnyConnection;

use crate::Backend;

/// Every table of the database (PostgreSQL: of schema `public`), by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// The tables.
    pub tables: BTreeMap<String, Table>,
}

/// A column as the catalog describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    /// Its name.
    pub name: String,
    /// Its type, as the catalog spells it.
    pub ty: String,
    /// Whether it accepts NULL.
    pub nullable: bool,
    /// Its default, as the catalog spells it.
    pub default: Option<String>,
    /// Its comment (PostgreSQL, MySQL).
    pub comment: Option<String>,
}

/// A table's columns, indexes and constraints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The columns, in order.
    pub columns: Vec<ColumnInfo>,
    /// Index name → `(columns, unique)`.
    pub indexes: BTreeMap<String, (Vec<String>, bool)>,
    /// Named constraints as `(name, kind)` (PostgreSQL, MySQL).
    pub constraints: BTreeSet<(String, String)>,
    /// The table's comment (PostgreSQL, MySQL).
    pub comment: Option<String>,
    /// The table's `CREATE TABLE` text (SQLite), which holds its checks and foreign keys,
    /// white space removed: SQLite's own ALTERs lay the text out differently.
    pub sql: Option<String>,
}

impl Schema {
    /// The table names, sorted.
    pub fn table_names(&self) -> Vec<&str> {
        self.tables.keys().map(String::as_str).collect()
    }

    /// The user's tables: the version and history tables removed, and SQLite's table texts
    /// (its own ALTERs lay a table out differently from a fresh `CREATE TABLE`).
    pub fn user_tables(mut self) -> Schema {
        self.tables.remove("migrate_version");
        self.tables.remove("migrate_history");
        for table in self.tables.values_mut() {
            table.sql = None;
        }
        self
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
        self.column_info(name).map(|c| (c.ty.as_str(), c.nullable))
    }

    /// Everything the catalog says of column `name`, if it exists.
    pub fn column_info(&self, name: &str) -> Option<&ColumnInfo> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// An index over exactly `columns`, with its uniqueness, if one exists.
    pub fn index_on(&self, columns: &[&str]) -> Option<bool> {
        self.indexes
            .values()
            .find(|(cols, _)| cols.iter().map(String::as_str).eq(columns.iter().copied()))
            .map(|(_, unique)| *unique)
    }

    /// Whether a constraint of that name is recorded: in the catalog (PostgreSQL, MySQL) or in
    /// the table's SQL (SQLite).
    pub fn has_constraint(&self, name: &str) -> bool {
        self.constraints.iter().any(|(n, _)| n == name)
            || self.sql.as_deref().is_some_and(|sql| sql.contains(name))
    }
}

/// A row of a columns query: table, column, type, nullable, default, comment.
type ColumnRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// Catalog queries of a server backend.
struct Queries {
    backend: Backend,
    /// `(table, column, type, "YES"/"NO", default, comment)` in column order.
    columns: &'static str,
    /// `(table, index, unique as 0/1, "col1,col2")`.
    indexes: &'static str,
    /// `(table, constraint, kind)`.
    constraints: &'static str,
    /// `(table, comment)`.
    comments: &'static str,
}

const QUERIES: [Queries; 2] = [
    Queries {
        backend: Backend::Postgres,
        columns: "SELECT c.table_name::text, c.column_name::text, \
                  format_type(a.atttypid, a.atttypmod), c.is_nullable::text, \
                  c.column_default::text, col_description(a.attrelid, a.attnum) \
                  FROM information_schema.columns c \
                  JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass \
                                      AND a.attname = c.column_name \
                  WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position",
        indexes: "SELECT t.relname::text, i.relname::text, x.indisunique::int::int8, \
                  string_agg(a.attname::text, ',' ORDER BY k.ord) \
                  FROM pg_index x \
                  JOIN pg_class i ON i.oid = x.indexrelid \
                  JOIN pg_class t ON t.oid = x.indrelid \
                  JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public' \
                  CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) \
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
                  GROUP BY t.relname, i.relname, x.indisunique",
        constraints: "SELECT t.relname::text, c.conname::text, c.contype::text \
                      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
                      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'",
        comments: "SELECT c.relname::text, obj_description(c.oid, 'pg_class') FROM pg_class c \
                   JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public' \
                   WHERE c.relkind = 'r'",
    },
    Queries {
        backend: Backend::MySql,
        columns: "SELECT TABLE_NAME, COLUMN_NAME, CAST(COLUMN_TYPE AS CHAR), IS_NULLABLE, \
                  CAST(COLUMN_DEFAULT AS CHAR), NULLIF(COLUMN_COMMENT, '') \
                  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
                  ORDER BY TABLE_NAME, ORDINAL_POSITION",
        indexes: "SELECT TABLE_NAME, INDEX_NAME, CAST(NON_UNIQUE = 0 AS SIGNED), \
                  CAST(GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS CHAR) \
                  FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
                  GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE",
        constraints: "SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE \
                      FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()",
        comments: "SELECT TABLE_NAME, NULLIF(TABLE_COMMENT, '') FROM information_schema.TABLES \
                   WHERE TABLE_SCHEMA = DATABASE()",
    },
];

/// Read the schema of the database behind `conn`.
pub(crate) async fn read(backend: Backend, conn: &mut AnyConnection) -> Schema {
    if backend == Backend::Sqlite {
        return read_sqlite(conn).await;
    }
    let Some(queries) = QUERIES.iter().find(|q| q.backend == backend) else {
        unreachable!("every server backend has catalog queries");
    };
    let mut schema = Schema::default();
    let columns: Vec<ColumnRow> = sqlx::query_as(queries.columns)
        .fetch_all(&mut *conn)
        .await
        .expect("list columns");
    for (table, name, ty, nullable, default, comment) in columns {
        let nullable = nullable == "YES";
        let column = ColumnInfo {
            name,
            ty,
            nullable,
            default,
            comment,
        };
        schema.tables.entry(table).or_default().columns.push(column);
    }
    let indexes: Vec<(String, String, i64, String)> = sqlx::query_as(queries.indexes)
        .fetch_all(&mut *conn)
        .await
        .expect("list indexes");
    for (table, index, unique, columns) in indexes {
        let columns = columns.split(',').map(str::to_owned).collect();
        let entry = schema.tables.entry(table).or_default();
        entry.indexes.insert(index, (columns, unique != 0));
    }
    let constraints: Vec<(String, String, String)> = sqlx::query_as(queries.constraints)
        .fetch_all(&mut *conn)
        .await
        .expect("list constraints");
    for (table, name, kind) in constraints {
        schema
            .tables
            .entry(table)
            .or_default()
            .constraints
            .insert((name, kind));
    }
    let comments: Vec<(String, Option<String>)> = sqlx::query_as(queries.comments)
        .fetch_all(&mut *conn)
        .await
        .expect("list comments");
    for (table, comment) in comments {
        if let Some(entry) = schema.tables.get_mut(&table) {
            entry.comment = comment;
        }
    }
    schema
}

/// SQLite: `sqlite_master` and the table pragmas.
async fn read_sqlite(conn: &mut AnyConnection) -> Schema {
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("list tables");
    let mut schema = Schema::default();
    for (name, sql) in tables {
        let columns: Vec<(String, String, i64, Option<String>)> = sqlx::query_as(
            r#"SELECT name, type, "notnull", dflt_value FROM pragma_table_info(?) ORDER BY cid"#,
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
            // An expression key has no column name: the index's own text tells it.
            let columns: Vec<String> = sqlx::query_scalar(
                "SELECT coalesce(name, (SELECT sql FROM sqlite_master WHERE name = ?1)) FROM pragma_index_info(?1) ORDER BY seqno",
            )
            .bind(&index)
            .fetch_all(&mut *conn)
            .await
            .expect("list index columns");
            indexes.insert(index, (columns, unique != 0));
        }
        let columns = columns
            .into_iter()
            .map(|(name, ty, not_null, default)| ColumnInfo {
                name,
                ty,
                nullable: not_null == 0,
                default,
                comment: None,
            })
            .collect();
        let table = Table {
            columns,
            indexes,
            sql: Some(sql.split_whitespace().collect()),
            ..Table::default()
        };
        schema.tables.insert(name, table);
    }
    schema
}
