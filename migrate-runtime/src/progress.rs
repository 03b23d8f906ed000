//! Progress of a long back-fill: rows done and rows per second, as `tracing` events every few
//! seconds and once at the end. The command line shows them on stderr; an embedding app routes
//! them wherever its subscriber sends logs.

use std::time::{Duration, Instant};

/// How often progress is logged while a back-fill runs.
const LOG_EVERY: Duration = Duration::from_secs(2);

/// The progress of one back-fill.
pub(crate) struct Progress {
    table: String,
    started: Instant,
    logged: Instant,
}

impl Progress {
    /// Start counting for `table`.
    pub(crate) fn start(table: &str) -> Self {
        Progress {
            table: table.to_owned(),
            started: Instant::now(),
            logged: Instant::now(),
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
        if self.logged.elapsed() >= LOG_EVERY {
            self.logged = Instant::now();
            let rate = self.rate(rows);
            tracing::info!(table = %self.table, rows, rows_per_second = rate, "back-filling {:?}: {rows} rows, {rate} rows/s", self.table);
        }
    }

    /// All `rows` are done.
    pub(crate) fn finish(self, rows: u64) {
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
