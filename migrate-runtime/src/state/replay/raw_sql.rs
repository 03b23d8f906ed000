//! Reading a little of raw SQL: whether a statement only touches rows, whether a condition
//! names a column.

/// Whether `sql` names `word` as a whole word.
pub(super) fn mentions_word(sql: &str, word: &str) -> bool {
    // Outside string literals: `'deleted'` names no column.
    let code: String = sql.split('\'').step_by(2).collect::<Vec<_>>().join(" ");
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|token| token == word)
}

/// Whether raw SQL only reads or changes rows (its first keyword says so).
pub(super) fn changes_no_schema(sql: &str) -> bool {
    let mut text = sql.trim_start();
    // Leading comments.
    loop {
        if let Some(rest) = text.strip_prefix("--") {
            text = rest
                .split_once('\n')
                .map_or("", |(_, rest)| rest)
                .trim_start();
        } else if let Some(rest) = text.strip_prefix("/*") {
            text = rest
                .split_once("*/")
                .map_or("", |(_, rest)| rest)
                .trim_start();
        } else {
            break;
        }
    }
    let keyword: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase();
    matches!(
        keyword.as_str(),
        "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "WITH" | "VALUES" | "SET" | "ANALYZE"
    )
}

/// The first line of `sql`, for a message.
pub(super) fn first_line(sql: &str) -> String {
    let line = sql.trim().lines().next().unwrap_or_default();
    match line.chars().count() > 80 {
        true => format!("{}…", line.chars().take(80).collect::<String>()),
        false => line.to_owned(),
    }
}
