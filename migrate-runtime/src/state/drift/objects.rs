//! Views, triggers, functions and procedures compared: by kind and name on every database, and
//! by definition where the catalog keeps the statement as it was written (SQLite), each read
//! back through the SQL parser so that spacing and the case of keywords do not count. PostgreSQL and
//! MySQL keep a view's query, a trigger and a function as they rewrite them, so there only
//! whether each is there is compared.

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
        match found.object(object.kind, &object.name) {
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
        if expected.object(object.kind, &object.name).is_none() {
            out.push(difference(object, None, Some(whole(object))));
        }
    }
}

/// A definition as the SQL parser writes it back (its words as written, spaced alike); its
/// words spaced alike where the parser does not read it.
fn definition_text(definition: &str) -> String {
    crate::state::replay::statement_text(definition, Dialect::Sqlite)
        .unwrap_or_else(|| definition.split_whitespace().collect::<Vec<_>>().join(" "))
}
