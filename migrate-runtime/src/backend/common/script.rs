//! The lines of an offline script, the same for every database: a statement ends with `;`, a
//! note is a `--` comment.

/// `sql` as a line of a script.
pub(crate) fn statement(sql: &str) -> String {
    format!("{sql};\n")
}

/// `text` as a comment line of a script (one line: line breaks become spaces).
pub(crate) fn comment(text: &str) -> String {
    format!("-- {}\n", text.replace('\n', " "))
}
