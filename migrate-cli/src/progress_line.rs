//! On a terminal, a back-fill's progress as one line that updates in place (indicatif), drawn
//! from the runtime's events on [`PROGRESS_TARGET`]; log lines printed meanwhile go above it.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};

use indicatif::{ProgressBar, ProgressStyle};
use migrate_runtime::PROGRESS_TARGET;
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::Context;

/// The line, while a back-fill runs.
#[derive(Debug, Default, Clone)]
pub(crate) struct ProgressLine {
    bar: Arc<Mutex<Option<ProgressBar>>>,
}

impl ProgressLine {
    fn with_bar<T>(&self, action: impl FnOnce(&mut Option<ProgressBar>) -> T) -> T {
        let mut bar = self.bar.lock().unwrap_or_else(PoisonError::into_inner);
        action(&mut bar)
    }

    /// A writer for log lines that lifts the progress line while it writes.
    pub(crate) fn writer(&self) -> LogWriter {
        LogWriter(self.clone())
    }
}

/// stderr, around the progress line.
pub(crate) struct LogWriter(ProgressLine);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.with_bar(|bar| match bar {
            Some(bar) => bar.suspend(|| io::stderr().write(buf)),
            None => io::stderr().write(buf),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}

/// The fields of a progress event.
#[derive(Default)]
struct Fields {
    message: String,
    done: bool,
}

impl Visit for Fields {
    fn record_bool(&mut self, field: &Field, value: bool) {
        if field.name() == "done" {
            self.done = value;
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.message = format!("{value:?}");
        }
    }
}

impl<S: Subscriber> Layer<S> for ProgressLine {
    fn on_event(&self, event: &Event<'_>, _context: Context<'_, S>) {
        if event.metadata().target() != PROGRESS_TARGET {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        self.with_bar(|bar| match (bar.take(), fields.done) {
            (Some(done), true) => done.finish_and_clear(),
            (None, true) => {}
            (current, false) => {
                let line = current.unwrap_or_else(|| {
                    let line = ProgressBar::new_spinner();
                    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
                        line.set_style(style);
                    }
                    line
                });
                line.set_message(fields.message);
                line.tick();
                *bar = Some(line);
            }
        });
    }
}
