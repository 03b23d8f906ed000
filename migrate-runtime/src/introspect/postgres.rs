//! PostgreSQL: `pg_catalog`, one query per kind, for every table of the current schema.

use super::{action, table_of};
use crate::backend::postgres;
use crate::connection::BackendConnection;
use crate::schema::{DefaultValue, Generated, Identity, KeyOptions, Type};
use crate::state::{
    CheckState, ColumnState, ForeignKeyState, IndexState, NotDescribed, PrimaryKey, Schema, Table,
    UniqueState,
};

/// `only`: the filter bind of [`Tables`](super::Tables), `None` for every table.
pub(super) async fn read(
    conn: &mut BackendConnection,
    only: Option<String>,
) -> Result<Schema, sqlx::Error> {
    let mut schema = Schema::default();
    let tables: Vec<(String, Option<String>)> =
        sqlx::query_as(postgres::catalog::INTROSPECT_TABLES)
            .bind(&only)
            .fetch_all(&mut *conn)
            .await?;
    for (name, comment) in tables {
        schema.tables.insert(
            name.clone(),
            Table::new(name, comment.filter(|text| !text.is_empty())),
        );
    }
    type ColumnRow = (
        String,
        String,
        String,
        bool,
        Option<String>,
        Option<String>,
        bool,
        String,
        Option<Vec<i64>>,
        Option<String>,
    );
    let columns: Vec<ColumnRow> = sqlx::query_as(postgres::catalog::INTROSPECT_COLUMNS)
        .bind(&only)
        .fetch_all(&mut *conn)
        .await?;
    for (table, name, ty, nullable, default, comment, generated, identity, sequence, collation) in
        columns
    {
        // A generated column's expression is kept where a default would be.
        let (default, generated) = match generated {
            true => (
                None,
                default.map(|expression| Generated {
                    expression,
                    stored: true,
                }),
            ),
            false => (default.map(DefaultValue::Sql), None),
        };
        table_of(&mut schema, &table).columns.push(ColumnState {
            name,
            ty: Type::Custom(ty),
            nullable,
            default,
            comment,
            generated,
            identity: identity_of(&identity, sequence.as_deref()),
            collation,
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
        Option<bool>,
    );
    let constraints: Vec<ConstraintRow> = sqlx::query_as(postgres::catalog::INTROSPECT_CONSTRAINTS)
        .bind(&only)
        .fetch_all(&mut *conn)
        .await?;
    for (
        table,
        name,
        kind,
        columns,
        referred,
        referred_columns,
        on_delete,
        on_update,
        check,
        deferrable,
    ) in constraints
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
                deferrable,
            }),
            "c" => table.checks.push(CheckState {
                name: Some(name),
                condition: check.unwrap_or_default(),
            }),
            _ => {}
        }
    }
    type IndexRow = (
        String,
        String,
        bool,
        Option<String>,
        Vec<String>,
        Vec<i32>,
        Vec<String>,
    );
    let indexes: Vec<IndexRow> = sqlx::query_as(postgres::catalog::INTROSPECT_INDEXES)
        .bind(&only)
        .fetch_all(&mut *conn)
        .await?;
    for (table, name, unique, where_sql, columns, options, include) in indexes {
        let key_options = columns
            .iter()
            .zip(options)
            .map(|(column, option)| {
                let key = KeyOptions {
                    descending: option & 1 != 0,
                    nulls_first: Some(option & 2 != 0),
                    prefix: None,
                };
                (column.clone(), key.normalized())
            })
            .filter(|(_, key)| !key.is_plain())
            .collect();
        table_of(&mut schema, &table).indexes.push(IndexState {
            name,
            columns,
            unique,
            where_sql,
            key_options,
            include,
        });
    }
    let enums: Vec<(String, Vec<String>)> = sqlx::query_as(postgres::catalog::INTROSPECT_ENUMS)
        .fetch_all(&mut *conn)
        .await?;
    schema.enums = enums.into_iter().collect();
    let not_described: Vec<(String, String, String)> =
        sqlx::query_as(postgres::catalog::INTROSPECT_NOT_DESCRIBED)
            .bind(&only)
            .fetch_all(&mut *conn)
            .await?;
    schema.not_described = not_described.into_iter().map(NotDescribed::from).collect();
    Ok(schema)
}

/// An identity column as `pg_attribute.attidentity` (`a` always, `d` by default) and its
/// sequence's start and increment tell it, without the defaults.
fn identity_of(kind: &str, sequence: Option<&[i64]>) -> Option<Identity> {
    let always = match kind {
        "a" => true,
        "d" => false,
        _ => return None,
    };
    let option = |index: usize| sequence.and_then(|s| s.get(index).copied());
    let identity = Identity {
        always,
        start: option(0),
        increment: option(1),
    };
    Some(identity.canonical())
}
