//! What in a SQLite table's definition uses a column, read from its `CREATE TABLE` text:
//! foreign keys, key constraints' column lists, and words of checks, indexes and triggers.

use super::table_sql::{ColumnClauses, Item, TableDefinition};

/// Whether a foreign key uses `column`: its own `REFERENCES` clause or a table constraint.
pub(super) fn has_foreign_key(definition: &TableDefinition, column: &str) -> bool {
    definition.items.iter().any(|item| match item {
        Item::Column { name, text } => {
            name == column
                && ColumnClauses::parse(text)
                    .clauses
                    .iter()
                    .any(|c| ColumnClauses::clause_is(c, "REFERENCES"))
        }
        Item::Constraint { text, .. } => {
            is_foreign_key(text) && constraint_columns(text).iter().any(|c| c == column)
        }
    })
}

/// Whether a table constraint is a foreign key (after its optional `CONSTRAINT name`).
pub(super) fn is_foreign_key(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    let body = match upper.strip_prefix("CONSTRAINT") {
        Some(rest) => rest
            .trim_start()
            .split_once(char::is_whitespace)
            .map_or("", |(_, b)| b),
        None => upper.as_str(),
    };
    body.trim_start().starts_with("FOREIGN")
}

/// The columns of a table constraint's first parenthesised list, unquoted.
pub(super) fn constraint_columns(text: &str) -> Vec<String> {
    let Some((_, rest)) = text.split_once('(') else {
        return Vec::new();
    };
    let list = rest.split_once(')').map_or(rest, |(list, _)| list);
    list.split(',')
        .map(|c| c.trim().trim_matches(['"', '`', '[', ']']).to_owned())
        .collect()
}

/// Whether `sql` (an index or trigger) names `column` as a word of its own.
pub(super) fn mentions(sql: &str, column: &str) -> bool {
    sql.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|word| word.eq_ignore_ascii_case(column))
}
