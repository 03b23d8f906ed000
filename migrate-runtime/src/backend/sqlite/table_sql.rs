//! The text of a SQLite `CREATE TABLE`, split into its column definitions and table
//! constraints, each kept exactly as written (quotes, comments, CHECKs, COLLATE, …) so that a
//! rebuild changes only what it must.

/// A token of SQLite's syntax, as far as splitting a table definition needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    /// A bare word: keyword, name or number.
    Word(String),
    /// A quoted identifier (`"x"`, `` `x` ``, `[x]`), unquoted.
    Quoted(String),
    /// A string literal, as written.
    Literal(String),
    /// A parenthesised group, as written.
    Group(String),
    /// Any other character.
    Punct(char),
}

/// Split `text` into tokens, each with its byte range; comments and white space are skipped.
pub(super) fn tokens(text: &str) -> Vec<(Token, std::ops::Range<usize>)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let c = bytes[at] as char;
        let token = match c {
            c if c.is_whitespace() => {
                at += 1;
                continue;
            }
            '-' if bytes.get(at + 1) == Some(&b'-') => {
                at = text[at..].find('\n').map_or(bytes.len(), |i| at + i);
                continue;
            }
            '/' if bytes.get(at + 1) == Some(&b'*') => {
                at = text[at + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |i| at + 2 + i + 2);
                continue;
            }
            '\'' => {
                at = skip_quoted(bytes, at, b'\'');
                Token::Literal(text[start..at].to_owned())
            }
            '"' | '`' => {
                at = skip_quoted(bytes, at, c as u8);
                let inner = &text[start + 1..at.saturating_sub(1).max(start + 1)];
                Token::Quoted(inner.replace(&format!("{c}{c}"), &c.to_string()))
            }
            '[' => {
                at = text[at..].find(']').map_or(bytes.len(), |i| at + i + 1);
                Token::Quoted(text[start + 1..at.saturating_sub(1).max(start + 1)].to_owned())
            }
            '(' => {
                at = skip_group(text, at);
                Token::Group(text[start..at].to_owned())
            }
            c if c.is_alphanumeric() || c == '_' || !c.is_ascii() => {
                let end = text[at..]
                    .find(|ch: char| {
                        !(ch.is_alphanumeric() || ch == '_' || ch == '$' || !ch.is_ascii())
                    })
                    .map_or(text.len(), |i| at + i);
                at = end;
                Token::Word(text[start..end].to_owned())
            }
            c => {
                at += c.len_utf8();
                Token::Punct(c)
            }
        };
        found.push((token, start..at));
    }
    found
}

/// Past the closing quote at `start`, a doubled quote standing for itself.
fn skip_quoted(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        if bytes[at] == quote {
            if bytes.get(at + 1) == Some(&quote) {
                at += 2;
                continue;
            }
            return at + 1;
        }
        at += 1;
    }
    bytes.len()
}

/// Past the parenthesis that closes the one at `start`.
fn skip_group(text: &str, start: usize) -> usize {
    let inner = &text[start + 1..];
    let mut depth = 1;
    for (token, range) in tokens_flat(inner) {
        match token {
            Token::Punct('(') => depth += 1,
            Token::Punct(')') => {
                depth -= 1;
                if depth == 0 {
                    return start + 1 + range.end;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// Like [`tokens`], but parentheses as single characters, for matching them.
fn tokens_flat(text: &str) -> Vec<(Token, std::ops::Range<usize>)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        match bytes[at] {
            b'\'' => at = skip_quoted(bytes, at, b'\''),
            b'"' => at = skip_quoted(bytes, at, b'"'),
            b'`' => at = skip_quoted(bytes, at, b'`'),
            b'-' if bytes.get(at + 1) == Some(&b'-') => {
                at = text[at..].find('\n').map_or(bytes.len(), |i| at + i)
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                at = text[at + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |i| at + 2 + i + 2)
            }
            b'(' | b')' => {
                at += 1;
                found.push((Token::Punct(bytes[start] as char), start..at));
            }
            _ => at += 1,
        }
    }
    found
}

pub(super) fn is_word(token: &Token, word: &str) -> bool {
    matches!(token, Token::Word(w) if w.eq_ignore_ascii_case(word))
}

/// The name a token stands for, quoted or not.
pub(super) fn name_of(token: &Token) -> Option<&str> {
    match token {
        Token::Word(word) | Token::Quoted(word) => Some(word),
        _ => None,
    }
}

/// One part of the definition between the parentheses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// A column definition.
    Column {
        /// The column's name, unquoted.
        name: String,
        /// The definition as written.
        text: String,
    },
    /// A table constraint.
    Constraint {
        /// Its name, when given with `CONSTRAINT name`.
        name: Option<String>,
        /// The constraint as written.
        text: String,
    },
}

impl Item {
    fn parse(text: &str) -> Item {
        let text = text.trim().to_owned();
        let tokens = tokens(&text);
        let first = tokens.first().map(|(t, _)| t);
        let keywords = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];
        let is_constraint = matches!(first, Some(Token::Word(w)) if keywords.iter().any(|k| w.eq_ignore_ascii_case(k)));
        if is_constraint {
            let name = match first {
                Some(t) if is_word(t, "CONSTRAINT") => tokens
                    .get(1)
                    .and_then(|(t, _)| name_of(t))
                    .map(str::to_owned),
                _ => None,
            };
            return Item::Constraint { name, text };
        }
        let name = first.and_then(name_of).unwrap_or_default().to_owned();
        Item::Column { name, text }
    }

    /// The text as written.
    pub(crate) fn text(&self) -> &str {
        match self {
            Item::Column { text, .. } | Item::Constraint { text, .. } => text,
        }
    }
}

/// A `CREATE TABLE` statement in parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableDefinition {
    /// Column definitions and table constraints, in order.
    pub(crate) items: Vec<Item>,
    /// What follows the closing parenthesis (`WITHOUT ROWID`, `STRICT`), as written.
    pub(crate) options: String,
}

impl TableDefinition {
    /// Split the text of a `CREATE TABLE … (…) …` statement; `None` if it has no column list.
    pub(crate) fn parse(create: &str) -> Option<TableDefinition> {
        let (group, range) = tokens(create)
            .into_iter()
            .find(|(token, _)| matches!(token, Token::Group(_)))?;
        let Token::Group(group) = group else {
            return None;
        };
        let inner = &group[1..group.len().saturating_sub(1)];
        let mut items = Vec::new();
        let mut item_start = 0;
        for (token, range) in tokens(inner) {
            if token == Token::Punct(',') {
                items.push(Item::parse(&inner[item_start..range.start]));
                item_start = range.end;
            }
        }
        items.push(Item::parse(&inner[item_start..]));
        Some(TableDefinition {
            items,
            options: create[range.end..].trim().to_owned(),
        })
    }

    /// `CREATE TABLE "name" (…)` from the parts.
    pub(crate) fn render(&self, quoted_name: &str) -> String {
        let items: Vec<&str> = self.items.iter().map(Item::text).collect();
        let mut sql = format!(
            "CREATE TABLE {quoted_name} (\n    {}\n)",
            items.join(",\n    ")
        );
        if !self.options.is_empty() {
            sql.push(' ');
            sql.push_str(&self.options);
        }
        sql
    }
}

/// The clauses of a column definition: its name and type, then one entry per constraint
/// clause (`NOT NULL`, `DEFAULT …`, `CHECK (…)`, `REFERENCES …`, …), each as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnClauses {
    /// The name as written.
    pub(crate) name: String,
    /// The type as written (may be empty).
    pub(crate) ty: String,
    /// The constraint clauses, as written.
    pub(crate) clauses: Vec<String>,
}

const CLAUSE_KEYWORDS: [&str; 11] = [
    "CONSTRAINT",
    "PRIMARY",
    "NOT",
    "NULL",
    "UNIQUE",
    "CHECK",
    "DEFAULT",
    "COLLATE",
    "REFERENCES",
    "GENERATED",
    "AS",
];

impl ColumnClauses {
    /// Split a column definition into name, type and constraint clauses.
    pub(crate) fn parse(text: &str) -> ColumnClauses {
        let tokens = tokens(text);
        let Some((_, name_range)) = tokens.first() else {
            return ColumnClauses {
                name: String::new(),
                ty: String::new(),
                clauses: Vec::new(),
            };
        };
        let mut starts = Vec::new();
        let mut previous: Option<&Token> = None;
        let mut after_constraint_name = false;
        for (index, (token, range)) in tokens.iter().enumerate().skip(1) {
            let keyword = CLAUSE_KEYWORDS.iter().any(|k| is_word(token, k));
            let next = tokens.get(index + 1).map(|(t, _)| t);
            let continues = previous.is_some_and(|p| is_word(p, "SET") || is_word(p, "NOT"))
                || (is_word(token, "NOT") && !next.is_some_and(|n| is_word(n, "NULL")))
                || after_constraint_name;
            after_constraint_name = false;
            if keyword && !continues {
                starts.push(range.start);
                after_constraint_name = is_word(token, "CONSTRAINT");
            } else if previous.is_some_and(|p| is_word(p, "CONSTRAINT")) {
                after_constraint_name = true;
            }
            previous = Some(token);
        }
        let type_end = starts.first().copied().unwrap_or(text.len());
        let mut clauses = Vec::new();
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            clauses.push(text[start..end].trim().to_owned());
        }
        ColumnClauses {
            name: text[..name_range.end].trim().to_owned(),
            ty: text[name_range.end..type_end].trim().to_owned(),
            clauses,
        }
    }

    /// The name of a clause `CONSTRAINT name …`, unquoted.
    pub(crate) fn clause_name(clause: &str) -> Option<String> {
        let tokens = tokens(clause);
        let (first, _) = tokens.first()?;
        if !is_word(first, "CONSTRAINT") {
            return None;
        }
        tokens
            .get(1)
            .and_then(|(t, _)| name_of(t))
            .map(str::to_owned)
    }

    /// Whether a clause begins with `word` (after an optional `CONSTRAINT name`).
    pub(crate) fn clause_is(clause: &str, word: &str) -> bool {
        let tokens = tokens(clause);
        let skip = if tokens
            .first()
            .is_some_and(|(t, _)| is_word(t, "CONSTRAINT"))
        {
            2
        } else {
            0
        };
        tokens.get(skip).is_some_and(|(t, _)| is_word(t, word))
    }

    /// The definition from the parts.
    pub(crate) fn render(&self) -> String {
        let mut parts = vec![self.name.clone()];
        if !self.ty.is_empty() {
            parts.push(self.ty.clone());
        }
        parts.extend(self.clauses.iter().cloned());
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CREATE: &str = r#"CREATE TABLE "order items" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "note, with comma" TEXT DEFAULT 'a, (b)' /* kept */ CHECK (length("note, with comma") < 10),
    "ref" INTEGER REFERENCES "orders" ("id") ON DELETE SET NULL NOT DEFERRABLE,
    CONSTRAINT "ck_id" CHECK ("id" > 0),
    UNIQUE ("ref")
) STRICT"#;

    #[test]
    fn splits_columns_and_constraints_keeping_their_text() {
        let table = TableDefinition::parse(CREATE).unwrap();
        let columns: Vec<&str> = table
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Column { name, .. } => Some(name.as_str()),
                Item::Constraint { .. } => None,
            })
            .collect();
        assert_eq!(columns, ["id", "note, with comma", "ref"]);
        assert_eq!(table.options, "STRICT");
        assert!(matches!(&table.items[3], Item::Constraint { name: Some(n), .. } if n == "ck_id"));
        assert!(
            matches!(&table.items[4], Item::Constraint { name: None, text } if text == "UNIQUE (\"ref\")")
        );
        let reparsed = TableDefinition::parse(&table.render("\"order items\"")).unwrap();
        assert_eq!(reparsed, table);
    }

    #[test]
    fn splits_a_column_into_clauses() {
        let table = TableDefinition::parse(CREATE).unwrap();
        let note = ColumnClauses::parse(table.items[1].text());
        assert_eq!(note.name, "\"note, with comma\"");
        assert_eq!(note.ty, "TEXT");
        assert_eq!(
            note.clauses,
            [
                "DEFAULT 'a, (b)' /* kept */",
                "CHECK (length(\"note, with comma\") < 10)"
            ]
        );
        let reference = ColumnClauses::parse(table.items[2].text());
        assert_eq!(
            reference.clauses,
            [r#"REFERENCES "orders" ("id") ON DELETE SET NULL NOT DEFERRABLE"#]
        );
        let id = ColumnClauses::parse("id INTEGER CONSTRAINT nn NOT NULL PRIMARY KEY");
        assert_eq!(id.clauses, ["CONSTRAINT nn NOT NULL", "PRIMARY KEY"]);
        assert!(ColumnClauses::clause_is(&id.clauses[0], "NOT"));
    }
}
