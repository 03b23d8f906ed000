//! Generated Rust as `cargo fmt` leaves it: the templates are laid out as rustfmt would, and
//! the text goes through `rustfmt` too when it is installed.

use std::io::Write as _;
use std::process::{Command, Stdio};

/// `source` through `rustfmt --edition 2024` when rustfmt runs and accepts it, else as is.
pub(crate) fn rust(source: &str) -> String {
    rustfmt(source).unwrap_or_else(|| source.to_owned())
}

fn rustfmt(source: &str) -> Option<String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(source.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.is_empty()).then_some(text)
}
