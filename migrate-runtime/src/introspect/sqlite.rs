//! SQLite: the pragmas as table-valued functions, one query per kind.

use sqlparser::ast::{Expr, Statement};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::Parser;

use super::{KeyColumn, add_key_columns, table_of};
use crate::backend::sqlite;
use crate::backend::sqlite::declared::{Declared, DeclaredKind, declared};
use crate::backend::sqlite::table_sql::{ColumnClauses, Item, TableDefinition};
use crate::connection::BackendConnection;
use crate::schema::{DefaultValue, Generated, KeyOptions, Type};
use crate::state::{
    CheckState, ColumnState, IndexState, NotDescribed, PrimaryKey, Schema, Table, UniqueState,
};

/// `only`: the filter bind of [`Tables`](super::Tables), `None` for every table.
pub(super) async fn read(
    conn: &mut BackendConnection,
    only: Option<String>,
) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    type ColumnRow = (String, String, String, i64, Option<String>, i64);
    let columns: Vec<ColumnRow> = rows(conn, sqlite::catalog::INTROSPECT_COLUMNS, &only).await?;
    let mut keys: Vec<(String, i64, String)> = Vec::new();
    for (table, column, ty, not_null, default, position) in columns {
        let not_null = not_null != 0;
        if position > 0 {
            keys.push((table.clone(), position, column.clone()));
        }
        table_of(&mut schema, &table).columns.push(ColumnState {
            name: column,
            ty: Type::Custom(ty),
            nullable: !not_null,
            default: default.map(DefaultValue::Sql),
            comment: None,
            // Read from the table's text below.
            generated: None,
            identity: None,
            collation: None,
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
    // A key's columns read as NOT NULL, as on the other databases: a rowid alias takes no
    // NULL whatever it declares, and SQLite's acceptance of NULL in other key columns is a
    // compatibility quirk its documentation calls a bug, not a schema anyone means.
    for table in schema.tables.values_mut() {
        let key: Vec<String> = table
            .primary_key
            .iter()
            .flat_map(|k| k.columns.clone())
            .collect();
        for column in table.columns.iter_mut().filter(|c| key.contains(&c.name)) {
            column.nullable = false;
        }
    }
    type KeyRow = (String, i64, String, String, Option<String>, String, String);
    let foreign_keys: Vec<KeyRow> = rows(conn, sqlite::catalog::INTROSPECT_KEYS, &only).await?;
    // Names and deferrable keys are read from the table's text below.
    let keys =
        foreign_keys
            .into_iter()
            .map(
                |(table, id, referred, from, to, on_update, on_delete)| KeyColumn {
                    table,
                    key: id.to_string(),
                    name: None,
                    referred_table: referred,
                    column: from,
                    referred_column: to,
                    on_delete,
                    on_update,
                },
            );
    add_key_columns(&mut schema, keys);
    type IndexRow = (
        String,
        String,
        i64,
        String,
        Option<String>,
        Option<String>,
        i64,
    );
    let indexes: Vec<IndexRow> = rows(conn, sqlite::catalog::INTROSPECT_INDEXES, &only).await?;
    let mut last: Option<(String, String)> = None;
    for (table, index, unique, origin, column, sql, descending) in indexes {
        let (unique, descending) = (unique != 0, descending != 0);
        let same = last.as_ref() == Some(&(table.clone(), index.clone()));
        let entry = table_of(&mut schema, &table);
        // A key on an expression has no column name: the expression as the index says it.
        let position = match (same, entry.indexes.last()) {
            (true, Some(last)) => last.columns.len(),
            _ => 0,
        };
        let column = column
            .or_else(|| expression_key(sql.as_deref()?, position))
            .unwrap_or_default();
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
                columns: vec![column.clone()],
                unique,
                where_sql: sql.as_deref().and_then(partial_condition),
                key_options: descending_key(&column, descending).into_iter().collect(),
                include: Vec::new(),
            }),
            ("c", true) => {
                if let Some(last) = entry.indexes.last_mut() {
                    last.key_options.extend(descending_key(&column, descending));
                    last.columns.push(column);
                }
            }
            _ => {}
        }
        last = Some((table, index));
    }
    let tables: Vec<(String, String)> =
        rows(conn, sqlite::catalog::INTROSPECT_TABLE_SQL, &only).await?;
    for (table, sql) in tables {
        let definition = TableDefinition::parse(&sql);
        if let Some(item) = not_described(&table, &sql, definition.as_ref()) {
            schema.not_described.push(item);
        }
        if let Some(definition) = &definition {
            read_table_text(table_of(&mut schema, &table), definition);
        }
    }
    Ok(schema)
}

/// The rows of a catalog query that gives them as one JSON array (SQLite's driver hands each
/// row over from its own thread, which costs more than reading it), bound to `only`.
async fn rows<T: serde::de::DeserializeOwned>(
    conn: &mut BackendConnection,
    query: &'static str,
    only: &Option<String>,
) -> Result<Vec<T>, sqlx::Error> {
    let json: String = sqlx::query_scalar(query)
        .bind(only)
        .fetch_one(&mut *conn)
        .await?;
    serde_json::from_str(&json).map_err(|error| sqlx::Error::Decode(Box::new(error)))
}

/// What the table's text `sql` (parsed: `definition`) says that migrate does not describe: a
/// virtual table (its module and arguments), or the table's options (`WITHOUT ROWID`,
/// `STRICT`).
fn not_described(
    table: &str,
    sql: &str,
    definition: Option<&TableDefinition>,
) -> Option<NotDescribed> {
    let words: Vec<String> = (sql.split_whitespace().take(3))
        .map(str::to_ascii_uppercase)
        .collect();
    if words == ["CREATE", "VIRTUAL", "TABLE"] {
        return Some(NotDescribed {
            table: table.to_owned(),
            what: "virtual table".to_owned(),
            sql: sql.to_owned(),
        });
    }
    let options = &definition?.options;
    (!options.is_empty()).then(|| NotDescribed {
        table: table.to_owned(),
        what: "table options".to_owned(),
        sql: options.clone(),
    })
}

/// The checks and constraint names of the table's `CREATE TABLE` text (the pragmas give
/// neither).
fn read_table_text(table: &mut Table, definition: &TableDefinition) {
    for item in &definition.items {
        match item {
            Item::Column { name, text } => {
                for clause in ColumnClauses::parse(text).clauses {
                    if let Some(generated) = generated(&clause)
                        && let Some(column) = table.columns.iter_mut().find(|c| c.name == *name)
                    {
                        column.generated = Some(generated);
                        continue;
                    }
                    note(table, declared(&clause), Some(name));
                }
            }
            Item::Constraint { text, .. } => note(table, declared(text), None),
        }
    }
}

/// One declared constraint; `column` is the column it was declared on.
fn note(table: &mut Table, declared: Declared, column: Option<&str>) {
    let own = |columns: Vec<String>| match (columns.is_empty(), column) {
        (true, Some(column)) => vec![column.to_owned()],
        _ => columns,
    };
    match declared.kind {
        DeclaredKind::Check(condition) => table.checks.push(CheckState {
            name: declared.name,
            condition,
        }),
        DeclaredKind::Unique(columns) if declared.name.is_some() => {
            let columns = own(columns);
            if let Some(unique) = table.uniques.iter_mut().find(|u| u.columns == columns) {
                unique.name = declared.name;
            }
        }
        DeclaredKind::ForeignKey(columns, deferrable) => {
            let columns = own(columns);
            if let Some(key) = table.foreign_keys.iter_mut().find(|k| k.columns == columns) {
                key.name = declared.name.or(key.name.take());
                key.deferrable = deferrable;
            }
        }
        DeclaredKind::PrimaryKey if declared.name.is_some() => {
            if let Some(key) = &mut table.primary_key {
                key.name = declared.name;
            }
        }
        _ => {}
    }
}

/// The options of a descending key column.
fn descending_key(column: &str, descending: bool) -> Option<(String, KeyOptions)> {
    let options = KeyOptions {
        descending,
        ..KeyOptions::default()
    };
    descending.then(|| (column.to_owned(), options))
}

/// A `GENERATED ALWAYS AS (…) STORED` or `AS (…) [VIRTUAL]` clause, read.
fn generated(clause: &str) -> Option<Generated> {
    let upper = clause.trim_start().to_ascii_uppercase();
    if !(upper.starts_with("GENERATED") || upper.starts_with("AS")) {
        return None;
    }
    let (open, close) = (clause.find('(')?, clause.rfind(')')?);
    let expression = clause.get(open + 1..close)?.trim().to_owned();
    let stored = clause[close + 1..].trim().eq_ignore_ascii_case("STORED");
    Some(Generated { expression, stored })
}

/// The key at `position` of a `CREATE INDEX` text, as the SQL parser writes it back.
fn expression_key(sql: &str, position: usize) -> Option<String> {
    let statements = Parser::parse_sql(&SQLiteDialect {}, sql).ok()?;
    let [Statement::CreateIndex(index)] = statements.as_slice() else {
        return None;
    };
    let text = match &index.columns.get(position)?.column.expr {
        Expr::Nested(inner) => inner.to_string(),
        expr => expr.to_string(),
    };
    // An expression key holds parentheses, so that it is not taken for a column's name.
    Some(match crate::schema::is_expression_key(&text) {
        true => text,
        false => format!("({text})"),
    })
}

/// The `WHERE` condition of a `CREATE INDEX` text.
fn partial_condition(sql: &str) -> Option<String> {
    let upper = sql.to_ascii_uppercase();
    let at = upper.rfind(" WHERE ")?;
    Some(sql[at + " WHERE ".len()..].trim().to_owned())
}
