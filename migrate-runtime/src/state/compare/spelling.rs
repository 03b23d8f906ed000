//! Types, defaults and conditions written as each database's catalog writes them, so that
//! the history's spelling and the catalog's compare equal when they mean the same.

use crate::dialect::Dialect;

/// A type as the database's catalog writes it, names the database stores alike one name
/// (SQLite's `DATETIME` is `TIMESTAMP`): for comparing.
pub(crate) fn type_text(dialect: Dialect, sql: &str) -> String {
    spelled_type(dialect, sql, true)
}

/// A type as the database's catalog writes it, each name as itself: for reading a catalog's
/// type as the one migrate renders alike.
pub(crate) fn exact_type_text(dialect: Dialect, sql: &str) -> String {
    spelled_type(dialect, sql, false)
}

fn spelled_type(dialect: Dialect, sql: &str, synonyms: bool) -> String {
    let lower = sql.trim().to_ascii_lowercase().replace('"', "");
    let squeezed = squeeze(&lower);
    let (text, array) = match squeezed.strip_suffix("[]") {
        Some(element) => (element.to_owned(), "[]"),
        None => (squeezed, ""),
    };
    let (base, params) = match text.split_once('(') {
        Some((base, rest)) => (base.trim().to_owned(), format!("({rest}")),
        None => (text.clone(), String::new()),
    };
    let base = match dialect {
        Dialect::Postgres => match base.as_str() {
            "int" | "int4" | "serial" | "serial4" => "integer",
            "int8" | "bigserial" | "serial8" => "bigint",
            "int2" | "smallserial" => "smallint",
            "bool" => "boolean",
            "float8" => "double precision",
            "float4" => "real",
            "varchar" => "character varying",
            "char" | "bpchar" => "character",
            "decimal" => "numeric",
            "timestamptz" => "timestamp with time zone",
            "timestamp" => "timestamp without time zone",
            "time" => "time without time zone",
            other => other,
        }
        .to_owned(),
        Dialect::MySql => match base.as_str() {
            "integer" => "int",
            "bool" | "boolean" => return "tinyint(1)".to_owned(),
            "numeric" => "decimal",
            // MariaDB's JSON is LONGTEXT.
            "json" => "longtext",
            other => other,
        }
        .to_owned(),
        // Names SQLite stores alike (one affinity, one storage) that other tools write.
        Dialect::Sqlite if !synonyms => base,
        Dialect::Sqlite => match base.as_str() {
            "datetime" => "timestamp",
            "decimal" => "numeric",
            "float" | "double precision" | "real" => "double",
            other => other,
        }
        .to_owned(),
    };
    let params = match (dialect, base.as_str()) {
        // Display widths of MySQL integers (MariaDB shows `int(11)`) mean nothing.
        (Dialect::MySql, "tinyint") if params == "(1)" => params,
        (Dialect::MySql, "tinyint" | "smallint" | "mediumint" | "int" | "bigint") => {
            match params.find(')') {
                Some(end) => params[end + 1..].to_owned(),
                None => params,
            }
        }
        _ => params,
    };
    format!("{base}{params}{array}")
}

/// Text with single spaces, none after a comma or an opening parenthesis nor before a
/// parenthesis.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        let after_opening = out.ends_with(',') || out.ends_with('(');
        if space && !after_opening && c != '(' && c != ')' {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// A default as comparable text: a literal as itself (casts dropped), an expression in
/// lower case without the parentheses around it.
pub(crate) fn default_text(dialect: Dialect, sql: &str) -> String {
    let text = without_outer_parentheses(sql);
    let text = text.as_str();
    if let Some((literal, rest)) = leading_literal(dialect, text)
        && without_casts(rest).trim().is_empty()
    {
        // A quoted number cast to a number type is that number: PostgreSQL keeps a default
        // written `'0'` on a `bigint` as `'0'::bigint`.
        let number_cast = rest.trim().strip_prefix("::").is_some_and(is_number_type);
        let number = literal[1..literal.len() - 1].parse::<rust_decimal::Decimal>();
        return match (number_cast, number) {
            (true, Ok(value)) => value.normalize().to_string(),
            _ => literal,
        };
    }
    // PostgreSQL's casts, wherever it writes them (`0::numeric`, `timezone('utc'::text, …)`).
    let expression = without_outer_parentheses(&squeeze(&without_casts(text).to_ascii_lowercase()));
    match (dialect, expression.as_str()) {
        // MySQL writes the precision of the column (`current_timestamp(6)`).
        (Dialect::MySql, now)
            if now.starts_with("current_timestamp") || now.starts_with("now(") =>
        {
            "current_timestamp".to_owned()
        }
        (Dialect::MySql, "true") => "1".to_owned(),
        (Dialect::MySql, "false") => "0".to_owned(),
        (Dialect::MySql, "curdate()") => "current_date".to_owned(),
        // The same function on PostgreSQL.
        (Dialect::Postgres, "current_timestamp" | "now()") => "current_timestamp".to_owned(),
        // A number as its value: MySQL writes a decimal column's scale (`0.00` for `0`).
        (_, number) => match number.parse::<rust_decimal::Decimal>() {
            Ok(value) => value.normalize().to_string(),
            Err(_) => expression,
        },
    }
}

/// The quoted literal at the start of `text`, as `'value'`, whatever cast follows it: its
/// value with `''` read as one quote and, on MySQL, backslash escapes read as MySQL does
/// (MariaDB's catalog writes `'it\'s'` for what was written `'it''s'`).
fn leading_literal(dialect: Dialect, text: &str) -> Option<(String, &str)> {
    let rest = text.strip_prefix('\'')?;
    let mut value = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\'' if chars.peek().map(|&(_, next)| next) == Some('\'') => {
                chars.next();
                value.push('\'');
            }
            '\'' => return Some((format!("'{value}'"), &rest[at + 1..])),
            '\\' if dialect == Dialect::MySql => value.push(match chars.next()?.1 {
                '0' => '\0',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'b' => '\u{8}',
                'Z' => '\u{1a}',
                other => other,
            }),
            c => value.push(c),
        }
    }
    None
}

/// Whether a type (`bigint`, `numeric(10,2)`, `double precision`, MySQL's `int(11)`) is a
/// number.
pub(super) fn is_number_type(ty: &str) -> bool {
    let base = ty.trim().to_ascii_lowercase();
    let base = base.split('(').next().unwrap_or_default().trim();
    matches!(
        base,
        "smallint"
            | "integer"
            | "int"
            | "int2"
            | "int4"
            | "int8"
            | "bigint"
            | "numeric"
            | "decimal"
            | "real"
            | "float4"
            | "float8"
            | "double precision"
            // SQLite and MySQL keep a boolean as the number 0 or 1.
            | "boolean"
            | "bool"
            | "tinyint"
    )
}

/// `sql` without its `::type` casts (outside string literals): the type's words, a quoted
/// name, sizes in parentheses and `[]`.
fn without_casts(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if quoted || c != ':' || chars.peek() != Some(&':') {
            out.push(c);
            continue;
        }
        chars.next();
        // The type: words (`character varying`), a quoted name, `(n)`, `[]`.
        let mut in_quotes = false;
        while let Some(&next) = chars.peek() {
            // An array type's `[]`, not the `]` that closes `ARRAY[…]`.
            let array = next == '[' && chars.clone().nth(1) == Some(']');
            if array {
                chars.nth(1);
                continue;
            }
            let part_of_type = in_quotes
                || next.is_ascii_alphanumeric()
                || matches!(next, '_' | '"' | '.')
                || (next == ' ' && type_word_follows(chars.clone()));
            if next == '(' {
                // A size: `(10)`, `(10, 2)`.
                let size: String = chars.clone().take_while(|&c| c != ')').collect();
                if size[1..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == ' ')
                {
                    chars.nth(size.chars().count());
                    continue;
                }
                break;
            }
            if !part_of_type {
                break;
            }
            if next == '"' {
                in_quotes = !in_quotes;
            }
            chars.next();
        }
    }
    out
}

/// Whether the words after a space continue a type name of several words (`character
/// varying`, `timestamp with time zone`, `double precision`).
fn type_word_follows(mut rest: std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    rest.next();
    let word: String = rest
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "varying" | "precision" | "with" | "without" | "time" | "zone"
    )
}

/// `sql` without parentheses that hold the whole of it: `(a - b)` is `a - b`, `(a) - (b)`
/// stays.
pub(in crate::state) fn without_outer_parentheses(sql: &str) -> String {
    let mut text = sql.trim();
    while let Some(inner) = text
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
    {
        // The first parenthesis must close at the very end (those in strings do not count).
        let mut depth = 0usize;
        let mut quoted = false;
        let closes_early = inner.chars().any(|c| {
            match c {
                '\'' => quoted = !quoted,
                '(' if !quoted => depth += 1,
                ')' if !quoted && depth == 0 => return true,
                ')' if !quoted => depth -= 1,
                _ => {}
            }
            false
        });
        if closes_early {
            break;
        }
        text = inner.trim();
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_are_single_and_none_around_parentheses_or_after_commas() {
        assert_eq!(squeeze("  numeric ( 10,  2 )  "), "numeric(10,2)");
        assert_eq!(squeeze("double\tprecision"), "double precision");
        assert_eq!(squeeze("a , b ( c )"), "a ,b(c)");
        assert_eq!(squeeze(""), "");
    }

    #[test]
    fn only_parentheses_around_the_whole_expression_go() {
        assert_eq!(without_outer_parentheses("((a - b))"), "a - b");
        assert_eq!(without_outer_parentheses("(a) - (b)"), "(a) - (b)");
        assert_eq!(
            without_outer_parentheses("(a = '(') or (b = 1)"),
            "(a = '(') or (b = 1)"
        );
    }

    #[test]
    fn casts_are_left_out_wherever_postgresql_writes_them() {
        let written = "timezone('utc'::text, CURRENT_TIMESTAMP)";
        assert_eq!(
            default_text(Dialect::Postgres, written),
            default_text(Dialect::Postgres, "TIMEZONE('utc', CURRENT_TIMESTAMP)")
        );
        assert_eq!(default_text(Dialect::Postgres, "(0)::numeric"), "0");
        assert_eq!(
            default_text(Dialect::Postgres, "'a'::character varying || 'b::c'::text"),
            "'a' || 'b::c'"
        );
        assert_eq!(
            default_text(Dialect::Postgres, "'{}'::character varying(10)[]"),
            "'{}'"
        );
        assert_eq!(
            default_text(Dialect::Postgres, "now() - '1 day'::interval"),
            "now() - '1 day'"
        );
        assert_eq!(
            default_text(Dialect::Postgres, "ARRAY['a'::text, 'b'::text]"),
            default_text(Dialect::Postgres, "ARRAY['a', 'b']")
        );
    }

    #[test]
    fn a_quoted_number_cast_to_a_number_type_is_the_number() {
        let pg = Dialect::Postgres;
        assert_eq!(default_text(pg, "'0'::bigint"), default_text(pg, "0"));
        assert_eq!(default_text(pg, "'1.50'::numeric(10,2)"), "1.5");
        // A string that happens to hold digits stays a string.
        assert_eq!(default_text(pg, "'0'::character varying"), "'0'");
        assert_eq!(default_text(pg, "'abc'::bigint"), "'abc'");
    }
}
