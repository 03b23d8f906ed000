//! Objects held whole (schemas, views, triggers, routines, extensions, sequences, domains and
//! other types, and the indexes and constraints migrate does not describe) compared: by kind, name and table on every
//! database, and by definition where the catalog keeps the statement as it was written
//! (SQLite), word by word so that spacing, quotes and the case of keywords do not count.
//! PostgreSQL and MySQL keep a view's query, a trigger, a function or an index as they
//! rewrite them, so there only whether each is there is compared.

use sqlparser::dialect::SQLiteDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::Difference;
use crate::dialect::Dialect;
use crate::state::{DatabaseObject, Schema};

/// How the objects of `found` differ from those of `expected`, added to `out`.
pub(super) fn compare(
    expected: &Schema,
    found: &Schema,
    dialect: Dialect,
    out: &mut Vec<Difference>,
) {
    let difference =
        |object: &DatabaseObject, expected: Option<String>, found: Option<String>| Difference {
            table: object.table.clone(),
            object: format!("{} `{}`", object.kind.as_str(), object.name),
            expected,
            found,
        };
    let whole = |object: &DatabaseObject| format!("(the {})", object.kind.as_str());
    for object in &expected.objects {
        match found.counterpart(object) {
            None => out.push(difference(object, Some(whole(object)), None)),
            Some(other) if dialect == Dialect::Sqlite => {
                let (a, b) = (
                    definition_text(&object.definition),
                    definition_text(&other.definition),
                );
                if a != b {
                    out.push(difference(object, Some(a), Some(b)));
                }
            }
            Some(_) => {}
        }
    }
    for object in &found.objects {
        if expected.counterpart(object).is_none() {
            out.push(difference(object, None, Some(whole(object))));
        }
    }
}

/// A definition's words as SQLite compares them, read back through the SQL parser where it
/// reads it: names and keywords without quotes and case, spacing and comments left out, and `TEMP` and `IF NOT EXISTS` dropped (SQLite keeps neither
/// in its catalog, and quotes a table's new name in triggers and views after a rename).
fn definition_text(definition: &str) -> String {
    let reprinted = crate::state::replay::statement_text(definition, Dialect::Sqlite);
    let definition = reprinted.as_deref().unwrap_or(definition);
    let tokens = match Tokenizer::new(&SQLiteDialect {}, definition)
        .with_unescape(false)
        .tokenize()
    {
        Ok(tokens) => tokens,
        Err(_) => return definition.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    let mut words: Vec<String> = tokens
        .into_iter()
        .filter(|token| !matches!(token, Token::Whitespace(_)))
        .map(|token| match token {
            Token::Word(word) => word.value.to_lowercase(),
            token => token.to_string(),
        })
        .collect();
    if words.last().is_some_and(|last| last == ";") {
        words.pop();
    }
    if let Some(at) = words.windows(3).position(|w| w == ["if", "not", "exists"]) {
        words.drain(at..at + 3);
    }
    if words
        .get(1)
        .is_some_and(|w| w == "temp" || w == "temporary")
    {
        words.remove(1);
    }
    words.join(" ")
}
