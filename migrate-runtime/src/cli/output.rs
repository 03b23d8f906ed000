//! What the command line prints: results on stdout in Alembic's shapes, logs and errors on
//! stderr.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::debug_fn;

use std::process::ExitCode;

use crate::dialect::Dialect;
use crate::error::Error;
use crate::offline::SqlScript;
use crate::revision_info::Revision;

/// Log progress to stderr: `info` by default, `debug` (every statement) with `-v`, errors
/// only with `-q`; `RUST_LOG` overrides.
pub(super) fn init_logging(verbose: bool, quiet: bool) {
    let level = match (verbose, quiet) {
        (true, _) => "migrate_runtime=debug",
        (_, true) => "migrate_runtime=error",
        _ => "migrate_runtime=info",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    // The message alone: the fields repeat it for structured subscribers of embedding apps.
    let message_only = debug_fn(|writer, field, value| match field.name() {
        "message" => write!(writer, "{value:?}"),
        _ => Ok(()),
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .without_time()
        .with_target(false)
        .fmt_fields(message_only)
        .init();
}

/// `error: …` then `help: …`, on stderr.
pub(super) fn print_error(error: &Error) {
    eprintln!("error: {error}");
    if let Some(help) = error.help() {
        eprintln!("help: {help}");
    }
}

/// One line per current revision, or a line saying there is none.
pub(super) fn print_current(current: &[Revision], verbose: bool) {
    if current.is_empty() {
        println!("<base> (no migration applied)");
    }
    for revision in current {
        print_revision(revision, &[], verbose);
    }
}

/// Every revision, newest first.
pub(super) fn print_history(revisions: &[Revision], current: &[Revision], verbose: bool) {
    for revision in revisions {
        print_revision(revision, current, verbose);
    }
}

/// The head revisions.
pub(super) fn print_heads(heads: &[Revision], verbose: bool) {
    for revision in heads {
        print_revision(revision, &[], verbose);
    }
}

/// `down -> rev (head) (current), message`, with its file and parents under `-v`.
fn print_revision(revision: &Revision, current: &[Revision], verbose: bool) {
    let mut marks = String::new();
    if revision.is_head {
        marks.push_str(" (head)");
    }
    if current.iter().any(|c| c.revision == revision.revision) {
        marks.push_str(" (current)");
    }
    if revision.is_branch_point {
        marks.push_str(" (branchpoint)");
    }
    if revision.is_merge_point {
        marks.push_str(" (mergepoint)");
    }
    let down = match revision.down {
        [] => "<base>".to_owned(),
        [one] => (*one).to_owned(),
        several => format!("({})", several.join(", ")),
    };
    if verbose {
        println!("Rev: {}{marks}", revision.revision);
        println!("Parent: {down}");
        println!("Path: {}", revision.source);
        println!();
        println!("    {}", revision.message);
        println!();
    } else {
        println!(
            "{down} -> {}{marks}, {}",
            revision.revision, revision.message
        );
    }
}

/// An offline script on stdout; what it left out on stderr, and exit 1 for it under `--strict`.
pub(super) fn print_script(script: &SqlScript, strict: bool) -> ExitCode {
    print!("{}", script.text);
    if script.unrendered.is_empty() {
        return ExitCode::SUCCESS;
    }
    let level = if strict { "error" } else { "warning" };
    eprintln!(
        "{level}: {} statement(s) need the live database and are comments in the script: {}",
        script.unrendered.len(),
        script.unrendered.join(", ")
    );
    eprintln!("help: run these migrations online, or write them with ops that render offline");
    if strict {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `show`: the header, then the upgrade and downgrade SQL.
pub(super) fn print_show(
    revision: &Revision,
    dialect: Dialect,
    upgrade: &SqlScript,
    downgrade: &SqlScript,
) {
    print_revision(revision, &[], true);
    println!("-- upgrade ({dialect})");
    print!("{}", upgrade.text.trim_start());
    println!();
    println!("-- downgrade ({dialect})");
    print!("{}", downgrade.text.trim_start());
}
