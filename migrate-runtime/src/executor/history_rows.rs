//! The history rows a step writes: one for the step at its end, and on MySQL one for each
//! statement as it is sent (`running`) and once it committed (`partial`).

use std::time::Duration;

use super::PreparedStep;
use super::batch::{Batch, Entry};
use crate::clock;
use crate::history::HistoryRow;

impl PreparedStep {
    /// Add to `batch` the history row of one statement of this step (by its fingerprint):
    /// `partial` once it committed, `running` as it is sent.
    pub(super) fn record(
        &self,
        batch: &mut Batch,
        direction: &str,
        fingerprint: String,
        started_at: String,
        took: Duration,
    ) {
        let row = self.history_row(direction, fingerprint, started_at, took);
        let insert = self.dialect.insert_history(&self.history.table, &row);
        batch.push("history table", &insert, Entry::Bookkeeping);
    }

    /// A history row of this step, finished now, its duration rounded up to the millisecond.
    pub(super) fn history_row(
        &self,
        direction: &str,
        checksum: String,
        started_at: String,
        took: Duration,
    ) -> HistoryRow {
        HistoryRow {
            revision: self.def.revision().to_owned(),
            direction: direction.to_owned(),
            checksum,
            started_at,
            finished_at: clock::now(),
            duration_ms: i64::try_from(took.as_micros().div_ceil(1000)).unwrap_or(i64::MAX),
            applied_by: self.history.applied_by.clone(),
        }
    }
}
