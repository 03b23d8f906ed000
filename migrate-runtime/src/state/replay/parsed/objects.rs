//! The views, triggers, functions and procedures raw SQL creates, read as whole objects:
//! from the parsed statement, or from its first words where the parser does not read the
//! body (MySQL's trigger bodies, for one).

use sqlparser::ast::{self, Statement};
use sqlparser::dialect::GenericDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::Unread;
use super::definitions::table_name;
use crate::dialect::Dialect;
use crate::state::{DatabaseObject, ObjectKind, Schema};

impl Schema {
    /// Apply `statement` when it makes or drops a view, trigger, routine, or (`postgres`) an
    /// extension or sequence: whether it was one.
    pub(super) fn apply_object_statement(
        &mut self,
        statement: &Statement,
        postgres: bool,
    ) -> Result<bool, Unread> {
        Ok(match statement {
            Statement::CreateView(_)
            | Statement::CreateTrigger(_)
            | Statement::CreateFunction(_)
            | Statement::CreateProcedure { .. } => {
                self.put_object(created_object(statement)?);
                true
            }
            // A sequence a column owns (`OWNED BY t.c`) is that column's, as a serial's is.
            Statement::CreateSequence {
                temporary: false,
                name,
                sequence_options,
                ..
            } if postgres
                && !(sequence_options.iter())
                    .any(|option| matches!(option, ast::SequenceOptions::OwnedBy(Some(_)))) =>
            {
                self.put_object(DatabaseObject {
                    kind: ObjectKind::Sequence,
                    name: table_name(name)?,
                    table: None,
                    definition: statement.to_string(),
                });
                true
            }
            Statement::CreateSchema {
                schema_name:
                    ast::SchemaName::Simple(name) | ast::SchemaName::NamedAuthorization(name, _),
                ..
            } if postgres => {
                let name = table_name(name)?;
                self.put_object(DatabaseObject {
                    kind: ObjectKind::Schema,
                    definition: format!("CREATE SCHEMA {}", Dialect::Postgres.quote(&name)),
                    name,
                    table: None,
                });
                true
            }
            Statement::CreateDomain(create) if postgres => {
                self.put_object(DatabaseObject {
                    kind: ObjectKind::Domain,
                    name: table_name(&create.name)?,
                    table: None,
                    definition: statement.to_string(),
                });
                true
            }
            Statement::CreateType {
                name,
                representation:
                    Some(
                        ast::UserDefinedTypeRepresentation::Composite { .. }
                        | ast::UserDefinedTypeRepresentation::Range { .. },
                    ),
            } if postgres => {
                self.put_object(DatabaseObject {
                    kind: ObjectKind::Type,
                    name: table_name(name)?,
                    table: None,
                    definition: statement.to_string(),
                });
                true
            }
            // With CASCADE, the columns of the domain's type go too: not read.
            Statement::DropDomain(drop)
                if postgres && !matches!(drop.drop_behavior, Some(ast::DropBehavior::Cascade)) =>
            {
                self.drop_object(ObjectKind::Domain, &table_name(&drop.name)?, None);
                true
            }
            // PostgreSQL makes `plpgsql` in every database; it is not compared.
            Statement::CreateExtension(create) if postgres && create.name.value == "plpgsql" => {
                true
            }
            Statement::CreateExtension(create) if postgres => {
                self.put_object(DatabaseObject {
                    kind: ObjectKind::Extension,
                    name: create.name.value.clone(),
                    table: None,
                    definition: statement.to_string(),
                });
                true
            }
            // With CASCADE, what uses the extension goes too: not read.
            Statement::DropExtension(drop)
                if postgres
                    && !matches!(
                        drop.cascade_or_restrict,
                        Some(ast::ReferentialAction::Cascade)
                    ) =>
            {
                for name in &drop.names {
                    self.drop_object(ObjectKind::Extension, &name.value, None);
                }
                true
            }
            Statement::DropTrigger(drop) => {
                let table = drop.table_name.as_ref().map(table_name).transpose()?;
                let name = table_name(&drop.trigger_name)?;
                self.drop_object(ObjectKind::Trigger, &name, table.as_deref());
                true
            }
            // With CASCADE, what uses the function goes too: not read.
            Statement::DropFunction(drop)
                if !matches!(drop.drop_behavior, Some(ast::DropBehavior::Cascade)) =>
            {
                for function in &drop.func_desc {
                    self.drop_object(ObjectKind::Function, &table_name(&function.name)?, None);
                }
                true
            }
            Statement::DropProcedure { proc_desc, .. } => {
                for procedure in proc_desc {
                    self.drop_object(ObjectKind::Procedure, &table_name(&procedure.name)?, None);
                }
                true
            }
            _ => false,
        })
    }
}

/// The view, trigger, function or procedure `statement` creates, its definition the
/// statement as the parser writes it back.
fn created_object(statement: &Statement) -> Result<DatabaseObject, Unread> {
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
/// [DEFINER = …] [MATERIALIZED] VIEW|TRIGGER|FUNCTION|PROCEDURE [IF NOT EXISTS] name`, and a
/// trigger's `ON table`, or MySQL's `CREATE FULLTEXT|SPATIAL INDEX name ON table`; its
/// definition `sql` as written. `sql` must be that one statement
/// (a `;` outside the body's `BEGIN … END` ends it); names are folded to lower case unless
/// quoted on PostgreSQL.
pub(super) fn created_by_words(sql: &str, dialect: Option<Dialect>) -> Option<DatabaseObject> {
    let mut tokens = Tokenizer::new(&GenericDialect {}, sql).tokenize().ok()?;
    if dialect == Some(Dialect::Postgres) {
        for token in &mut tokens {
            if let Token::Word(word) = token
                && word.quote_style.is_none()
            {
                word.value = word.value.to_lowercase();
            }
        }
    }
    let words: Vec<&Token> = tokens
        .iter()
        .filter(|token| !matches!(token, Token::Whitespace(_)))
        .collect();
    if !one_statement(&words) {
        return None;
    }
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
            // An index migrate's index does not describe; a plain one the parser reads.
            Keyword::INDEX
                if at > 0
                    && matches!(keyword(words[at - 1]), Keyword::FULLTEXT | Keyword::SPATIAL) =>
            {
                ObjectKind::Index
            }
            _ => return None,
        };
        Some((at, kind))
    })?;
    // What names another kind before it (`CREATE EVENT TRIGGER`, `CREATE TABLE … AS` a view's
    // words) is not one of these.
    let other_kind = words[..at].iter().any(|word| {
        matches!(
            keyword(word),
            Keyword::EVENT | Keyword::TABLE | Keyword::INDEX
        )
    });
    if other_kind {
        return None;
    }
    let materialized = at > 0 && keyword(words[at - 1]) == Keyword::MATERIALIZED;
    let kind = match (kind, materialized) {
        (ObjectKind::View, true) => ObjectKind::MaterializedView,
        (kind, _) => kind,
    };
    let if_not_exists = [Keyword::IF, Keyword::NOT, Keyword::EXISTS];
    let named_at = match (at + 1..at + 4)
        .map(|i| words.get(i).map(|w| keyword(w)))
        .eq(if_not_exists.map(Some))
    {
        true => at + 4,
        false => at + 1,
    };
    let (name, after) = name_at(&words, named_at)?;
    let table = match kind {
        ObjectKind::Trigger | ObjectKind::Index => {
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

/// Whether `words` are one statement: no `;` outside a `BEGIN … END` or `CASE … END` block
/// is followed by more words. (`END IF`, `END LOOP`, … close blocks that do not open with
/// `BEGIN`, and are not counted.)
fn one_statement(words: &[&Token]) -> bool {
    let word = |token: Option<&&Token>| match token {
        Some(Token::Word(word)) if word.quote_style.is_none() => word.value.to_ascii_uppercase(),
        _ => String::new(),
    };
    let mut depth = 0usize;
    for (at, token) in words.iter().enumerate() {
        match word(Some(token)).as_str() {
            // `END CASE` closes a block; it opens none.
            "CASE" if at > 0 && word(words.get(at - 1)) == "END" => {}
            "BEGIN" | "CASE" => depth += 1,
            "END" => {
                let closes_other = matches!(
                    word(words.get(at + 1)).as_str(),
                    "IF" | "LOOP" | "WHILE" | "REPEAT" | "FOR"
                );
                if !closes_other {
                    depth = depth.saturating_sub(1);
                }
            }
            _ if **token == Token::SemiColon && depth == 0 => {
                return words[at + 1..]
                    .iter()
                    .all(|rest| **rest == Token::SemiColon);
            }
            _ => {}
        }
    }
    true
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
