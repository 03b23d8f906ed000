//! The history table (`migrate_history` beside `migrate_version`): every applied or reverted
//! step with the checksum of its rendered plan, its times and who ran it, so that a migration
//! edited after it was applied can be told.

use std::collections::{HashMap, HashSet};

/// One row of the history table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    /// The migration.
    pub revision: String,
    /// `upgrade`, `downgrade` or `stamp`.
    pub direction: String,
    /// SHA-256 of the plan as rendered for the database, hex.
    pub checksum: String,
    /// When the step started, UTC, ISO 8601.
    pub started_at: String,
    /// When it finished, UTC, ISO 8601.
    pub finished_at: String,
    /// How long it took.
    pub duration_ms: i64,
    /// `user@host` of the process that ran it.
    pub applied_by: String,
}

/// A migration whose plan no longer renders to what was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    /// The migration.
    pub revision: String,
    /// When it was applied.
    pub applied_at: String,
    /// The checksum recorded then.
    pub recorded: String,
    /// The checksum of its upgrade now.
    pub current: String,
}

impl std::fmt::Display for Edited {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "migration `{}` was edited after it was applied on {}",
            self.revision, self.applied_at
        )
    }
}

/// The history table that goes with a version table: `migrate_version` → `migrate_history`.
pub(crate) fn table_for(version_table: &str) -> String {
    let stem = version_table
        .strip_suffix("_version")
        .unwrap_or(version_table);
    format!("{stem}_history")
}

/// The checksum of the history rows of a plain `stamp`, which kept the version rows unrelated
/// to its target (a `stamp --purge` row has `purge`: the table was emptied first).
pub(crate) const STAMP_KEEPS: &str = "keeps";

/// The checksum of the history rows of `stamp --purge`.
pub(crate) const STAMP_PURGES: &str = "purge";

/// The revisions the history table records as run: upgraded and not downgraded since,
/// counting from the last `stamp`, which says where the database is instead (as Alembic's
/// stamp does, it may take back a migration that ran: the next upgrade runs it again).
pub(crate) fn applied(rows: &[HistoryRow]) -> HashSet<&str> {
    let since_stamp = rows
        .iter()
        .rposition(|row| row.direction == "stamp")
        .map_or(rows, |last| &rows[last + 1..]);
    let mut applied = HashSet::new();
    for row in since_stamp {
        match row.direction.as_str() {
            "upgrade" => applied.insert(row.revision.as_str()),
            "downgrade" => applied.remove(row.revision.as_str()),
            _ => false,
        };
    }
    applied
}

/// `user@host` of this process.
pub(crate) fn applied_by() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_owned());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "unknown".to_owned());
    format!("{user}@{host}")
}

/// The migrations among `applied` whose last recorded upgrade does not match the checksum of
/// their upgrade now, which `now(revision, recorded)` takes in the recorded checksum's form.
pub(crate) fn edited<'a, E>(
    rows: &[HistoryRow],
    applied: impl IntoIterator<Item = &'a str>,
    mut now: impl FnMut(&str, &str) -> Result<String, E>,
) -> Result<Vec<Edited>, E> {
    // The last upgrade of each revision: later rows replace earlier ones.
    let last_upgrades: HashMap<&str, &HistoryRow> = rows
        .iter()
        .filter(|row| row.direction == "upgrade")
        .map(|row| (row.revision.as_str(), row))
        .collect();
    let mut edited = Vec::new();
    for revision in applied {
        let Some(last) = last_upgrades.get(revision) else {
            continue;
        };
        let current = now(revision, &last.checksum)?;
        if last.checksum != current {
            edited.push(Edited {
                revision: revision.to_owned(),
                applied_at: last.finished_at.clone(),
                recorded: last.checksum.clone(),
                current,
            });
        }
    }
    Ok(edited)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_table_goes_with_the_version_table() {
        assert_eq!(table_for("migrate_version"), "migrate_history");
        assert_eq!(table_for("alembic_version"), "alembic_history");
        assert_eq!(table_for("versions"), "versions_history");
    }

    #[test]
    fn only_a_changed_last_upgrade_counts_as_edited() {
        let row = |revision: &str, direction: &str, checksum: &str| HistoryRow {
            revision: revision.into(),
            direction: direction.into(),
            checksum: checksum.into(),
            started_at: "t0".into(),
            finished_at: "t1".into(),
            duration_ms: 1,
            applied_by: "me@here".into(),
        };
        let rows = [
            row("a", "upgrade", "old"),
            row("a", "downgrade", "x"),
            row("a", "upgrade", "new"),
            row("b", "upgrade", "b1"),
        ];
        let now = |revision: &str, _: &str| {
            Ok::<_, ()>(match revision {
                "a" => "new".to_owned(),
                "b" => "b2".to_owned(),
                _ => "c1".to_owned(),
            })
        };
        let edited = edited(&rows, ["a", "b", "c"], now).unwrap();
        assert_eq!(edited.len(), 1);
        assert_eq!(
            (edited[0].revision.as_str(), edited[0].recorded.as_str()),
            ("b", "b1")
        );
    }
}
