//! What a run reports: the steps it ran and where it left the database.

use std::time::Duration;

use migrate_graph::{Direction, Revision};

/// What an `upgrade` or `downgrade` did, and where it left the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunReport {
    /// The migrations that ran, in order; none when there was nothing to do (the database
    /// was at or past the target already, as Alembic allows).
    pub steps: Vec<StepReport>,
    /// The revisions the database is at afterwards: none at base, one per applied branch head.
    pub current: Vec<Revision>,
}

/// One migration that ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepReport {
    /// Its revision.
    pub revision: String,
    /// Which way it ran.
    pub direction: Direction,
    /// How long it took, transaction included.
    pub duration: Duration,
}
