//! What a command has to say, and where it goes: results on stdout as text or JSON, logs and
//! errors on stderr.

use std::io::IsTerminal;
use std::process::ExitCode;

use migrate_runtime::PROGRESS_TARGET;
use tracing::Level;
use tracing_subscriber::filter::{EnvFilter, Targets, filter_fn};
use tracing_subscriber::fmt::format::debug_fn;
use tracing_subscriber::prelude::*;

use migrate_runtime::Error;

use crate::args::Format;
use crate::error::CliError;
use crate::progress_line::ProgressLine;

/// `check`'s exit code when the database is at head but differs from its history.
const DRIFTED: u8 = 3;
/// `check`'s exit code when the models (`#[derive(Model)]`) differ from the head of the
/// history (a model changed without its migration), or cannot be compared with it.
const MODELS_DIFFER: u8 = 4;
use crate::report::Report;
use crate::{json, text};

impl Report {
    /// Print the report; the exit code it calls for.
    pub(crate) fn print(&self, format: Format, verbose: bool) -> ExitCode {
        match format {
            Format::Text => text::print(self, verbose),
            Format::Json => println!("{}", json::render(self)),
        }
        match self {
            Report::Check {
                pending, edited, ..
            } if !pending.is_empty() || !edited.is_empty() => ExitCode::from(1),
            Report::Check {
                drift: Ok(drift), ..
            } if !drift.is_empty() => ExitCode::from(DRIFTED),
            Report::Check {
                models: Some(Ok(changes)),
                ..
            } if !changes.is_empty() => ExitCode::from(MODELS_DIFFER),
            // Models that cannot be compared (one refers to a table none declares) are not a
            // pass.
            Report::Check {
                models: Some(Err(_)),
                ..
            } => ExitCode::from(MODELS_DIFFER),
            Report::Script { script, strict } if !script.unrendered.is_empty() => {
                eprintln!(
                    "{}: {} statement(s) need the live database and are comments in the script: {}",
                    if *strict { "error" } else { "warning" },
                    script.unrendered.len(),
                    script.unrendered.join(", ")
                );
                eprintln!(
                    "help: run these migrations online, or write them with ops that render offline"
                );
                if *strict {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            _ => ExitCode::SUCCESS,
        }
    }
}

/// Log progress to stderr: `info` by default, `debug` (every statement) with `-v`, errors
/// only with `-q`; `RUST_LOG` overrides. On a terminal a back-fill's progress is one line that
/// updates in place; elsewhere a line every few seconds.
pub(crate) fn init_logging(verbose: bool, quiet: bool) {
    let level = match (verbose, quiet) {
        (true, _) => "migrate_runtime=debug",
        (_, true) => "migrate_runtime=error",
        _ => "migrate_runtime=info",
    };
    let terminal = std::io::stderr().is_terminal();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    // The message alone: the fields repeat it for structured subscribers of embedding apps.
    let message_only = debug_fn(|writer, field, value| match field.name() {
        "message" => write!(writer, "{value:?}"),
        _ => Ok(()),
    });
    let line = ProgressLine::default();
    let writer = line.clone();
    let logs = tracing_subscriber::fmt::layer()
        .with_writer(move || writer.writer())
        .with_ansi(terminal)
        .without_time()
        .with_target(false)
        .fmt_fields(message_only)
        .with_filter(filter)
        .with_filter(filter_fn(move |metadata| {
            !(terminal && metadata.target() == PROGRESS_TARGET)
        }));
    let drawn = (terminal && !quiet)
        .then(|| line.with_filter(Targets::new().with_target(PROGRESS_TARGET, Level::TRACE)));
    tracing_subscriber::registry().with(logs).with(drawn).init();
}

/// `error: …` with its causes, then `help: …`, on stderr; a history with several
/// problems, or several edited migrations, one `error:` line each.
pub(crate) fn print_error(error: &CliError) {
    let each: Vec<String> = match error {
        CliError::Runtime(Error::Graph(graph)) => {
            graph.problems.iter().map(ToString::to_string).collect()
        }
        CliError::Runtime(Error::Edited(edited)) => {
            edited.iter().map(ToString::to_string).collect()
        }
        _ => Vec::new(),
    };
    if each.len() > 1 {
        for line in &each {
            eprintln!("error: {line}");
        }
        if let Some(help) = error.help() {
            eprintln!("help: {help}");
        }
        return;
    }
    // Each error carries its cause in its message or as its source, never both.
    let mut message = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(next) = cause {
        message.push_str(": ");
        message.push_str(&next.to_string());
        cause = next.source();
    }
    eprintln!("error: {message}");
    if let Some(help) = error.help() {
        eprintln!("help: {help}");
    }
}
