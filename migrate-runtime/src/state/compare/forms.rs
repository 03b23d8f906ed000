//! Each item of a table written in one normal form per database: what the database keeps of
//! it, spelled as the database spells it. Drift lists the forms that differ; autogenerate
//! changes what they say differs. Two items are the same exactly when their forms are equal.

use super::condition::{condition_text, index_key_text};
use super::spelling::{default_text, is_number_type};
use crate::backend::common::index_ddl::key_options_sql;
use crate::dialect::Dialect;
use crate::schema::{KeyOptions, ReferentialAction};
use crate::state::{ForeignKeyState, IndexState};

/// A name as `dialect` keeps it for a constraint: ` `name`` on PostgreSQL and MySQL, nothing
/// on SQLite (which keeps a constraint's name only where the SQL gave one) or without a name.
pub(super) fn constraint_name(name: Option<&str>, dialect: Dialect) -> String {
    match (dialect, name) {
        (Dialect::Sqlite, _) | (_, None) => String::new(),
        (_, Some(name)) => format!(" `{name}`"),
    }
}

/// What an index column's options mean on `dialect`, as its DDL writes them, in lower case:
/// ` desc`, MySQL's prefix `(64)`, the place of NULLs where the database has a clause for it.
fn key_text(options: Option<&KeyOptions>, dialect: Dialect) -> String {
    options.map_or(String::new(), |options| {
        key_options_sql(dialect, options).to_ascii_lowercase()
    })
}

/// A foreign key: columns, referred table and columns, actions (MySQL's RESTRICT is its NO
/// ACTION), deferral (MySQL has none), and `name` as [`constraint_name`] gives it.
pub(super) fn foreign_key_text(key: &ForeignKeyState, dialect: Dialect, name: &str) -> String {
    let action = |action: Option<ReferentialAction>| match action {
        Some(ReferentialAction::Cascade) => "cascade",
        Some(ReferentialAction::SetNull) => "set null",
        Some(ReferentialAction::SetDefault) => "set default",
        Some(ReferentialAction::Restrict) if dialect != Dialect::MySql => "restrict",
        _ => "no action",
    };
    let deferrable = match (key.deferrable, dialect) {
        (_, Dialect::MySql) | (None, _) => "",
        (Some(true), _) => " deferrable initially deferred",
        (Some(false), _) => " deferrable initially immediate",
    };
    format!(
        "({}) references {} ({}) on delete {} on update {}{deferrable}{name}",
        key.columns.join(", "),
        key.referred_table,
        key.referred_columns.join(", "),
        action(key.on_delete),
        action(key.on_update),
    )
}

/// An index: uniqueness, keys by meaning (a column by its name, an expression by what it
/// computes) with their options, PostgreSQL's `INCLUDE`, its name (without case on MySQL,
/// whose index names are its tables' own) and its `WHERE`.
pub(super) fn index_text(index: &IndexState, dialect: Dialect) -> String {
    let keys: Vec<String> = (index.columns.iter())
        .map(|c| index_key_text(c) + &key_text(index.key_options.get(c), dialect))
        .collect();
    let include = match (dialect, index.include.is_empty()) {
        (Dialect::Postgres, false) => format!(" include ({})", index.include.join(", ")),
        _ => String::new(),
    };
    let condition = (index.where_sql.as_deref())
        .map(|sql| format!(" where {}", condition_text(sql)))
        .unwrap_or_default();
    let unique = if index.unique { "unique " } else { "" };
    let name = match dialect {
        Dialect::MySql => index.name.to_ascii_lowercase(),
        Dialect::Postgres | Dialect::Sqlite => index.name.clone(),
    };
    format!("{unique}({}){include} `{name}`{condition}", keys.join(", "))
}

/// A column's default as `dialect` keeps it, on a column of the type `dialect` spells as
/// `ty`: a sequence's default left to the type that makes it (a catalog does not say whether
/// a sequence is the column's own, a serial's, or one the column shares), a number (quoted or not) on a
/// number column as that number. `sql` is the default as the database writes it.
pub(super) fn default_form(sql: Option<&str>, ty: &str, dialect: Dialect) -> String {
    let Some(sql) = sql else {
        return String::new();
    };
    let text = default_text(dialect, sql);
    if text.starts_with("nextval(") {
        return String::new();
    }
    let unquoted = text.strip_prefix('\'').and_then(|d| d.strip_suffix('\''));
    match unquoted.unwrap_or(&text) {
        number if is_number_type(ty) => (number.parse::<rust_decimal::Decimal>())
            .map_or(text.clone(), |number| number.normalize().to_string()),
        _ => text,
    }
}

/// The sequence of PostgreSQL's `nextval('name'::regclass)` (or as written, `nextval('name')`):
/// its name without the current schema or quotes.
pub(crate) fn nextval_sequence(sql: &str) -> Option<String> {
    let quoted = sql.trim().strip_prefix("nextval('")?.split('\'').next()?;
    let name = quoted.strip_prefix("public.").unwrap_or(quoted);
    Some(name.trim_matches('"').replace("\"\"", "\""))
}
