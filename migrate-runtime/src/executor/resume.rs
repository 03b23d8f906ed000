//! Interrupted migrations: each statement of a `transactional = false` migration commits on
//! its own, and so does every statement of a MySQL migration from its first DDL statement on,
//! so the history table gets a `partial` row (the statement's fingerprint) as each one
//! commits. A rerun after a kill or a failure finds those rows: when the migration's first
//! statements are still the ones committed, it resumes after them; otherwise it refuses and
//! lists what the interrupted run committed.

use sha2::{Digest, Sha256};

use crate::backend::Statement;
use crate::history::HistoryRow;

/// The history direction of a row recording one committed statement.
pub(crate) const PARTIAL: &str = "partial";

/// The history direction of a row recording a MySQL DDL statement about to be sent.
pub(crate) const RUNNING: &str = "running";

/// The fingerprint of a statement as the history table records it: SHA-256 of its text, hex.
pub(crate) fn fingerprint(statement: &Statement) -> String {
    let digest = Sha256::digest(statement.to_string().as_bytes());
    hex::encode(digest)
}

/// The rows since `revision` last completed a step, or since a stamp or a downgrade of any
/// revision: those make earlier `partial` and `running` rows stale (what they made may be
/// gone: a downgrade of the revision below drops its table).
fn since_last_step<'a>(rows: &'a [HistoryRow], revision: &str) -> &'a [HistoryRow] {
    rows.iter()
        .rposition(|row| {
            matches!(row.direction.as_str(), "stamp" | "downgrade")
                || (row.revision == revision
                    && !matches!(row.direction.as_str(), PARTIAL | RUNNING))
        })
        .map_or(rows, |last| &rows[last + 1..])
}

/// The fingerprints of the statements an interrupted run of `revision` committed: its
/// `partial` rows since it last completed a step, oldest first.
pub(crate) fn committed<'a>(rows: &'a [HistoryRow], revision: &str) -> Vec<&'a str> {
    let since = since_last_step(rows, revision);
    since
        .iter()
        .filter(|row| row.revision == revision && row.direction == PARTIAL)
        .map(|row| row.checksum.as_str())
        .collect()
}

/// The fingerprint of the statement an interrupted run of `revision` had sent when it
/// stopped, not knowing whether it committed: its last `running` row with no `partial` row
/// after it (counted as [`committed`] counts).
pub(crate) fn in_flight<'a>(rows: &'a [HistoryRow], revision: &str) -> Option<&'a str> {
    let since = since_last_step(rows, revision);
    let last = since.iter().rfind(|row| {
        row.revision == revision && matches!(row.direction.as_str(), PARTIAL | RUNNING)
    })?;
    (last.direction == RUNNING).then_some(last.checksum.as_str())
}

/// Where a rerun starts: after the committed statements when the plan still begins with
/// them; otherwise the index of the first one that differs (or is missing).
pub(crate) fn resume_point(committed: &[&str], plan: &[String]) -> Result<usize, usize> {
    match committed
        .iter()
        .zip(plan.iter().map(String::as_str).chain(std::iter::repeat("")))
        .position(|(done, now)| *done != now)
    {
        None => Ok(committed.len()),
        Some(differs) => Err(differs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(revision: &str, direction: &str, checksum: &str) -> HistoryRow {
        HistoryRow {
            revision: revision.into(),
            direction: direction.into(),
            checksum: checksum.into(),
            started_at: String::new(),
            finished_at: String::new(),
            duration_ms: 0,
            applied_by: String::new(),
        }
    }

    #[test]
    fn partial_rows_count_since_the_revisions_last_completed_step() {
        let rows = [
            row("a", PARTIAL, "old"),
            row("a", "upgrade", "plan"),
            row("b", PARTIAL, "x"),
            row("a", "downgrade", "plan"),
            row("a", PARTIAL, "s1"),
            row("a", PARTIAL, "s2"),
        ];
        assert_eq!(committed(&rows, "a"), ["s1", "s2"]);
        assert!(
            committed(&rows, "b").is_empty(),
            "a downgrade since may have taken away what they made"
        );
        let later = [row("a", "downgrade", "plan"), row("b", PARTIAL, "x")];
        assert_eq!(committed(&later, "b"), ["x"]);
        let stamped = [row("a", PARTIAL, "s1"), row("base", "stamp", "")];
        assert!(
            committed(&stamped, "a").is_empty(),
            "a stamp says where the database is"
        );
    }

    #[test]
    fn a_rerun_resumes_only_where_the_plan_still_begins_with_what_committed() {
        let plan = ["s1".to_owned(), "s2".to_owned(), "s3".to_owned()];
        assert_eq!(resume_point(&["s1", "s2"], &plan), Ok(2));
        assert_eq!(resume_point(&[], &plan), Ok(0));
        assert_eq!(resume_point(&["s1", "changed"], &plan), Err(1));
        assert_eq!(resume_point(&["s1", "s2", "s3", "s4"], &plan), Err(3));
    }
}
