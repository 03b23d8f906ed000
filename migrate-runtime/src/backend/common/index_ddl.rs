//! Index DDL that the three databases spell alike: `CREATE INDEX` with its key options,
//! `DROP INDEX`, and the refusal of PostgreSQL's `CONCURRENTLY` elsewhere.

use super::ddl::column_list;
use crate::backend::{Dialect, Unsupported};
use crate::op::{CreateIndex, DropIndex};
use crate::schema::KeyOptions;

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] "name" ON "table" (…) [WHERE …]`;
/// each dialect refuses the options it lacks before calling this.
pub(crate) fn create_index(dialect: Dialect, index: &CreateIndex) -> String {
    let mut sql = String::from("CREATE ");
    if index.unique {
        sql.push_str("UNIQUE ");
    }
    sql.push_str("INDEX ");
    if index.concurrently {
        sql.push_str("CONCURRENTLY ");
    }
    if index.if_not_exists {
        sql.push_str("IF NOT EXISTS ");
    }
    let key: Vec<String> = index
        .columns
        .iter()
        .map(|column| key_part(dialect, column, index.key_options.get(column)))
        .collect();
    sql.push_str(&format!(
        "{} ON {} ({})",
        dialect.quote(&index.name),
        dialect.quote_table(&index.table),
        key.join(", ")
    ));
    if !index.include.is_empty() && dialect == Dialect::Postgres {
        sql.push_str(&format!(
            " INCLUDE {}",
            column_list(dialect, &index.include)
        ));
    }
    if let Some(condition) = &index.where_sql {
        sql.push_str(" WHERE ");
        sql.push_str(condition);
    }
    sql
}

/// One column of an index key: `"name"`, or an expression (a key with parentheses, such as
/// `lower(email)`) in parentheses as written; with MySQL's prefix `(64)`, ` DESC` and
/// ` NULLS FIRST`/`LAST` (PostgreSQL) as `options` say.
fn key_part(dialect: Dialect, column: &str, options: Option<&KeyOptions>) -> String {
    let mut part = match crate::schema::is_expression_key(column) {
        true => format!("({column})"),
        false => dialect.quote(column),
    };
    if let Some(options) = options {
        part.push_str(&key_options_sql(dialect, options));
    }
    part
}

/// What follows an index key for its options on `dialect`: MySQL's prefix `(64)`, ` DESC`,
/// and where NULLs go (only PostgreSQL's indexes say it; SQLite refuses it in an index).
pub(crate) fn key_options_sql(dialect: Dialect, options: &KeyOptions) -> String {
    let mut sql = String::new();
    if let (Some(length), Dialect::MySql) = (options.prefix, dialect) {
        sql.push_str(&format!("({length})"));
    }
    if options.descending {
        sql.push_str(" DESC");
    }
    match (options.nulls_first, dialect) {
        (Some(true), Dialect::Postgres) => sql.push_str(" NULLS FIRST"),
        (Some(false), Dialect::Postgres) => sql.push_str(" NULLS LAST"),
        _ => {}
    }
    sql
}

/// `DROP INDEX [CONCURRENTLY] [IF EXISTS] "name"`; `"schema"."name"` for an index on a table
/// of another schema (PostgreSQL keeps an index in its table's schema).
pub(crate) fn drop_index(dialect: Dialect, index: &DropIndex) -> String {
    let mut sql = String::from("DROP INDEX ");
    if index.concurrently {
        sql.push_str("CONCURRENTLY ");
    }
    if index.if_exists {
        sql.push_str("IF EXISTS ");
    }
    // MySQL names an index per table (`DROP INDEX ix ON t`): only PostgreSQL's is in a schema.
    let schema = (index.table.as_deref())
        .and_then(|t| crate::dialect::split_table(t).0)
        .filter(|_| dialect == Dialect::Postgres);
    match schema {
        Some(schema) => sql.push_str(&dialect.quote_table(&format!("{schema}.{}", index.name))),
        None => sql.push_str(&dialect.quote(&index.name)),
    }
    sql
}

/// `CONCURRENTLY` is PostgreSQL's alone.
pub(crate) fn refuse_concurrently(concurrently: bool) -> Result<(), Unsupported> {
    if concurrently {
        return Err(migrate_graph::portability::CONCURRENT_INDEX.into());
    }
    Ok(())
}
