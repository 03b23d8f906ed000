//! Progress of a long back-fill, as `tracing` events on the target [`TARGET`]: one per batch
//! at `trace` level (rows done, rows per second) and one every few seconds at `info`, then a
//! summary on `migrate_runtime::backfill`. The command line draws the batch events as a line
//! that updates in place on a terminal, and prints the `info` ones elsewhere; an embedding app
//! routes them wherever its subscriber sends logs.

use std::time::{Duration, Instant};

/// The target of the progress events.
pub const TARGET: &str = "migrate_runtime::progress";

/// How often progress is logged at `info` level while a back-fill runs.
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
        let rate = self.rate(rows);
        let table = &self.table;
        tracing::trace!(target: TARGET, table, rows, rows_per_second = rate, done = false, "back-filling {table:?}: {rows} rows, {rate} rows/s");
        if self.logged.elapsed() >= LOG_EVERY {
            self.logged = Instant::now();
            tracing::info!(target: TARGET, table, rows, rows_per_second = rate, "back-filling {table:?}: {rows} rows, {rate} rows/s");
        }
    }

    /// All `rows` are done.
    pub(crate) fn finish(self, rows: u64) {
        let rate = self.rate(rows);
        let elapsed = self.started.elapsed();
        let table = &self.table;
        tracing::trace!(target: TARGET, table, rows, rows_per_second = rate, done = true, "back-filled {table:?}");
        tracing::info!(
            target: "migrate_runtime::backfill",
            table,
            rows,
            rows_per_second = rate,
            "back-filled {table:?}: {rows} rows in {elapsed:.1?} ({rate} rows/s)"
        );
    }
}
