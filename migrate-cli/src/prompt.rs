//! Questions asked on a terminal, and only there: scripts and CI are never asked.

use std::io::IsTerminal;

/// Whether a person can answer: standard input and standard error are both a terminal.
pub(crate) fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Ask `question` on standard error; the answer, trimmed and in lower case (none when
/// standard input cannot be read).
pub(crate) fn ask(question: &str) -> Option<String> {
    eprint!("{question} ");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).ok()?;
    Some(answer.trim().to_ascii_lowercase())
}
