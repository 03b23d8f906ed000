//! The views, triggers, functions and procedures raw SQL creates, read as whole objects:
//! from the parsed statement, or from its first words where the parser does not read the
//! body (MySQL's trigger bodies, for one).

use sqlparser::ast::Statement;
use sqlparser::dialect::GenericDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::Unread;
use super::definitions::table_name;
use crate::state::{DatabaseObject, ObjectKind};

/// The view, trigger, function or procedure `statement` creates, its definition the
/// statement as the parser writes it back.
pub(super) fn created_object(statement: &Statement) -> Result<DatabaseObject, Unread> {
    let (kind, name, table) = match statement {
        Statement::CreateView(view) => {
            let kind = match view.materialized {
                true => ObjectKind::MaterializedView,
                false => ObjectKind::View,
            };
            (kind, &view.name, None)
        }
        Statement::CreateTrigger(trigger) => (
            ObjectKind::Trigger,
            &trigger.name,
            Some(table_name(&trigger.table_name)?),
        ),
        Statement::CreateFunction(function) => (ObjectKind::Function, &function.name, None),
        Statement::CreateProcedure { name, .. } => (ObjectKind::Procedure, name, None),
        _ => return Err(Unread),
    };
    Ok(DatabaseObject {
        kind,
        name: table_name(name)?,
        table,
        definition: statement.to_string(),
    })
}

/// The object `sql` creates, read from its words alone: `CREATE [OR REPLACE]
/// [DEFINER = …] [MATERIALIZED] VIEW|TRIGGER|FUNCTION|PROCEDURE name`, and a trigger's
/// `ON table`; its definition `sql` as written.
pub(super) fn created_by_words(sql: &str) -> Option<DatabaseObject> {
    let tokens = Tokenizer::new(&GenericDialect {}, sql).tokenize().ok()?;
    let words: Vec<&Token> = tokens
        .iter()
        .filter(|token| !matches!(token, Token::Whitespace(_)))
        .collect();
    let keyword = |token: &Token| match token {
        Token::Word(word) if word.quote_style.is_none() => word.keyword,
        _ => Keyword::NoKeyword,
    };
    if keyword(words.first()?) != Keyword::CREATE {
        return None;
    }
    // The kind is the first of its words; what comes before it (OR REPLACE, DEFINER, …)
    // does not name anything.
    let (at, kind) = words.iter().enumerate().find_map(|(at, token)| {
        let kind = match keyword(token) {
            Keyword::VIEW => ObjectKind::View,
            Keyword::TRIGGER => ObjectKind::Trigger,
            Keyword::FUNCTION => ObjectKind::Function,
            Keyword::PROCEDURE => ObjectKind::Procedure,
            _ => return None,
        };
        Some((at, kind))
    })?;
    let materialized = at > 0 && keyword(words[at - 1]) == Keyword::MATERIALIZED;
    let kind = match (kind, materialized) {
        (ObjectKind::View, true) => ObjectKind::MaterializedView,
        (kind, _) => kind,
    };
    let (name, after) = name_at(&words, at + 1)?;
    let table = match kind {
        ObjectKind::Trigger => {
            let on = (after..words.len()).find(|&i| keyword(words[i]) == Keyword::ON)?;
            Some(name_at(&words, on + 1)?.0)
        }
        _ => None,
    };
    Some(DatabaseObject {
        kind,
        name,
        table,
        definition: sql.trim().trim_end_matches(';').trim_end().to_owned(),
    })
}

/// The name that starts at `words[at]` (its last part, when it is qualified), and where the
/// words after it start.
fn name_at(words: &[&Token], mut at: usize) -> Option<(String, usize)> {
    let mut name = None;
    while let Some(Token::Word(word)) = words.get(at) {
        name = Some(word.value.clone());
        at += 1;
        if words.get(at) != Some(&&Token::Period) {
            break;
        }
        at += 1;
    }
    Some((name?, at))
}
