//! Progress of a long back-fill: rows done and rows per second, as `tracing` events and, on a
//! terminal, a progress line.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// How often progress is logged when no progress line is drawn.
const LOG_EVERY: Duration = Duration::from_secs(2);

/// The progress of one back-fill.
pub(crate) struct Progress {
    table: String,
    started: Instant,
    logged: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Start counting for `table`; a progress line when stderr is a terminal.
    pub(crate) fn start(table: &str) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            table: table.to_owned(),
            started: Instant::now(),
            logged: Instant::now(),
            bar,
        }
    }

    fn rate(&self, rows: u64) -> u64 {
        let seconds = self.started.elapsed().as_secs_f64();
        if seconds > 0.0 {
            (rows as f64 / seconds) as u64
        } else {
            0
        }
    }

    /// `rows` are done so far.
    pub(crate) fn update(&mut self, rows: u64) {
        let rate = self.rate(rows);
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "back-filling {:?}: {rows} rows, {rate} rows/s",
                self.table
            ));
            bar.tick();
        } else if self.logged.elapsed() >= LOG_EVERY {
            self.logged = Instant::now();
            tracing::info!(table = %self.table, rows, rows_per_second = rate, "back-filling {:?}: {rows} rows, {rate} rows/s", self.table);
        }
    }

    /// All `rows` are done.
    pub(crate) fn finish(self, rows: u64) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let rate = self.rate(rows);
        let elapsed = self.started.elapsed();
        tracing::info!(
            table = %self.table,
            rows,
            rows_per_second = rate,
            "back-filled {:?}: {rows} rows in {elapsed:.1?} ({rate} rows/s)",
            self.table
        );
    }
}
