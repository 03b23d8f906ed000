//! What a constraint of a SQLite `CREATE TABLE` text declares (SQLite's pragmas give neither
//! checks nor constraint names): read from its tokens, for the catalog read back.

use super::table_sql::{Token, is_word, name_of, tokens};

/// A constraint clause: its name, when given with `CONSTRAINT name`, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Declared {
    pub(crate) name: Option<String>,
    pub(crate) kind: DeclaredKind,
}

/// The kind of a constraint, with what identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DeclaredKind {
    PrimaryKey,
    /// Its columns; none for a column's own `UNIQUE`.
    Unique(Vec<String>),
    /// Its columns (none for a column's own `REFERENCES`), and whether it is `DEFERRABLE`
    /// (`Some(true)`: initially deferred).
    ForeignKey(Vec<String>, Option<bool>),
    /// Its condition, as written.
    Check(String),
    /// `NOT NULL`, `DEFAULT`, `COLLATE`, …
    Other,
}

/// Read a table constraint or a column's constraint clause.
pub(crate) fn declared(clause: &str) -> Declared {
    let tokens = tokens(clause);
    let (name, rest) = match tokens.first() {
        Some((first, _)) if is_word(first, "CONSTRAINT") => (
            tokens
                .get(1)
                .and_then(|(t, _)| name_of(t))
                .map(str::to_owned),
            &tokens[2.min(tokens.len())..],
        ),
        _ => (None, &tokens[..]),
    };
    let group = |from: usize| {
        rest.iter().skip(from).find_map(|(token, _)| match token {
            Token::Group(group) => Some(group.as_str()),
            _ => None,
        })
    };
    let keyword = rest.first().map(|(token, _)| token);
    let kind = match keyword {
        Some(word) if is_word(word, "PRIMARY") => DeclaredKind::PrimaryKey,
        Some(word) if is_word(word, "UNIQUE") => {
            DeclaredKind::Unique(group(1).map(column_names).unwrap_or_default())
        }
        Some(word) if is_word(word, "FOREIGN") => DeclaredKind::ForeignKey(
            group(1).map(column_names).unwrap_or_default(),
            deferrable(rest),
        ),
        Some(word) if is_word(word, "REFERENCES") => {
            DeclaredKind::ForeignKey(Vec::new(), deferrable(rest))
        }
        Some(word) if is_word(word, "CHECK") => match group(1) {
            Some(group) => DeclaredKind::Check(inner(group).trim().to_owned()),
            None => DeclaredKind::Other,
        },
        _ => DeclaredKind::Other,
    };
    Declared { name, kind }
}

/// A parenthesised group without its parentheses.
fn inner(group: &str) -> &str {
    &group[1..group.len().saturating_sub(1).max(1)]
}

/// The first name of each comma-separated part of `(a, "b" COLLATE NOCASE)`.
fn column_names(group: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut expecting = true;
    for (token, _) in tokens(inner(group)) {
        match token {
            Token::Punct(',') => expecting = true,
            token if expecting => {
                if let Some(name) = name_of(&token) {
                    names.push(name.to_owned());
                }
                expecting = false;
            }
            _ => {}
        }
    }
    names
}

/// Whether a foreign key clause says `DEFERRABLE` (not `NOT DEFERRABLE`): `Some(true)` when
/// `INITIALLY DEFERRED` too.
fn deferrable(tokens: &[(Token, std::ops::Range<usize>)]) -> Option<bool> {
    let words: Vec<&Token> = tokens.iter().map(|(token, _)| token).collect();
    let at = words.iter().position(|word| is_word(word, "DEFERRABLE"))?;
    if at > 0 && is_word(words[at - 1], "NOT") {
        return None;
    }
    let deferred = words
        .windows(2)
        .any(|pair| is_word(pair[0], "INITIALLY") && is_word(pair[1], "DEFERRED"));
    Some(deferred)
}

#[cfg(test)]
mod tests {
    use super::{Declared, DeclaredKind, declared};

    #[test]
    fn constraints_read_with_their_names() {
        let read = |clause| declared(clause);
        assert_eq!(
            read(r#"CONSTRAINT "uq_a" UNIQUE ("a", b COLLATE NOCASE)"#),
            Declared {
                name: Some("uq_a".into()),
                kind: DeclaredKind::Unique(vec!["a".into(), "b".into()])
            }
        );
        assert_eq!(
            read("CONSTRAINT fk FOREIGN KEY (x) REFERENCES t (id) ON DELETE CASCADE").kind,
            DeclaredKind::ForeignKey(vec!["x".into()], None)
        );
        assert_eq!(
            read("CHECK (price > 0 AND note <> ')')"),
            Declared {
                name: None,
                kind: DeclaredKind::Check("price > 0 AND note <> ')'".into())
            }
        );
        assert_eq!(read("NOT NULL").kind, DeclaredKind::Other);
        assert_eq!(
            read("CONSTRAINT pk PRIMARY KEY").name.as_deref(),
            Some("pk")
        );
    }
}
