//! Statements sent to the database together, one round trip per batch, and what each one is
//! to the step (a statement of the migration, a version-table write, bookkeeping).

use crate::connection::BackendConnection;

use super::{Failure, RunState, StepFailure};
use crate::database;

/// What a statement of a batch is to the step.
#[derive(Debug, Clone, Copy)]
pub(super) enum Entry {
    /// A statement of the migration, listed among those done.
    Statement,
    /// A version-table write that must touch this many rows.
    VersionWrite(u64),
    /// Anything else the step runs for itself.
    Bookkeeping,
}

/// Statements waiting to go to the database together.
#[derive(Default)]
pub(super) struct Batch {
    entries: Vec<(String, String, Entry)>,
    /// The entry that reads the version table, and the revisions it must list (sorted).
    version_check: Option<(usize, Vec<String>)>,
}

impl Batch {
    pub(super) fn push(&mut self, op: &str, sql: &str, entry: Entry) {
        self.entries.push((op.to_owned(), sql.to_owned(), entry));
    }

    /// Read the version table with `select`: the step refuses unless it lists exactly
    /// `expected` (another run moved it meanwhile). Whatever failed after the read in the
    /// same batch is explained by that first.
    pub(super) fn check_versions(&mut self, select: &str, expected: Vec<String>) {
        self.version_check = Some((self.entries.len(), expected));
        self.push("version table", select, Entry::Bookkeeping);
    }

    /// Send the waiting statements in one round trip; the first that fails, or a version
    /// write that touched an unexpected number of rows, is the failure.
    pub(super) async fn run(
        &mut self,
        conn: &mut BackendConnection,
        state: &mut RunState,
    ) -> Result<(), Failure> {
        let entries = std::mem::take(&mut self.entries);
        let version_check = self.version_check.take();
        if entries.is_empty() {
            return Ok(());
        }
        for (_, sql, _) in &entries {
            tracing::debug!("{sql}");
        }
        let statements: Vec<&str> = entries.iter().map(|(_, sql, _)| sql.as_str()).collect();
        let read = version_check.as_ref().map(|(index, _)| *index);
        let database::BatchOutcome {
            affected,
            read: mut versions,
            error,
        } = database::execute_batch(conn, &statements, read).await;
        if let Some((index, expected)) = version_check
            && affected.len() > index
        {
            versions.sort_unstable();
            if versions != expected {
                let (op, sql, _) = &entries[index];
                return Err(Failure::new(op, sql, StepFailure::Moved));
            }
        }
        let done = affected.len().min(entries.len());
        for (_, sql, entry) in &entries[..done] {
            match entry {
                Entry::Statement => state.executed.push(sql.clone()),
                Entry::VersionWrite(_) => {
                    state.executed.push(sql.clone());
                    state.version_written = true;
                }
                Entry::Bookkeeping => {}
            }
        }
        if let Some(error) = error {
            let (op, sql, _) = &entries[done.min(entries.len() - 1)];
            return Err(Failure::new(op, sql, error));
        }
        // Counted from the end, so that a statement the database split in two cannot shift
        // the version writes.
        for ((op, sql, entry), &rows) in entries.iter().rev().zip(affected.iter().rev()) {
            if let Entry::VersionWrite(expected) = *entry
                && rows != expected
            {
                let cause = StepFailure::VersionConflict {
                    expected,
                    affected: rows,
                };
                return Err(Failure::new(op, sql, cause));
            }
        }
        Ok(())
    }
}
