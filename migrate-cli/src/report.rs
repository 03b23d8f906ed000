//! What a command has to say, as a value; `output` prints it as text or JSON.

use std::path::PathBuf;

use migrate_runtime::{Dialect, Edited, HistoryRow, Revision, RunReport, SqlScript};

/// The result of one command.
pub(crate) enum Report {
    /// Migrations ran (their progress was logged), or there was nothing to do; where the
    /// database is afterwards.
    Ran(RunReport),
    /// An offline script.
    Script {
        /// The script.
        script: SqlScript,
        /// Whether statements left out make it fail.
        strict: bool,
    },
    /// One revision with its SQL.
    Show {
        /// The revision.
        revision: Revision,
        /// The dialect of the SQL.
        dialect: Dialect,
        /// Its upgrade.
        upgrade: SqlScript,
        /// Its downgrade.
        downgrade: SqlScript,
    },
    /// The schema at a revision, replayed from the history.
    Schema {
        /// The schema.
        schema: migrate_runtime::state::Schema,
        /// Its DDL, for the text output.
        sql: String,
    },
    /// Where the database is, and (with `-v`) what was edited since it was applied.
    Current {
        /// The current revisions.
        current: Vec<Revision>,
        /// Applied migrations edited since.
        edited: Vec<Edited>,
    },
    /// Revisions, newest first, the database's position when asked for, and (with `-v`) the
    /// steps recorded in the history table.
    History {
        /// The revisions.
        revisions: Vec<Revision>,
        /// Where the database is, to mark.
        current: Vec<Revision>,
        /// The history table's rows.
        applied: Vec<HistoryRow>,
    },
    /// The heads.
    Heads(Vec<Revision>),
    /// Branch points, each with the revisions that follow it.
    Branches(Vec<(Revision, Vec<Revision>)>),
    /// The version table after a stamp.
    Stamped(Vec<Revision>),
    /// The migrations not yet applied, and those edited after they were applied.
    Check {
        /// Not yet applied.
        pending: Vec<Revision>,
        /// Edited since applied.
        edited: Vec<Edited>,
        /// How the database differs from the schema the history says it has; why that
        /// could not be known (raw SQL in the history).
        drift: Result<Vec<migrate_runtime::state::Difference>, String>,
        /// The differences `migrate.toml` accepts, found; and its acceptances that match
        /// none (stale).
        accepted: (Vec<crate::config::Accepted>, Vec<crate::config::Accepted>),
        /// What the tables have that migrate neither describes nor compares, with its SQL.
        not_described: Vec<migrate_runtime::state::NotDescribed>,
        /// What the models change against the head of the history; why they could not be
        /// compared; none when the program declares no models.
        models: Option<Result<Vec<String>, String>>,
    },
    /// A migration file written.
    Written(PathBuf),
    /// `revision --autogenerate`: the changes found, and the file written (none when there
    /// was nothing to write).
    Generated {
        /// The file.
        path: Option<PathBuf>,
        /// The changes in it.
        changes: Vec<migrate_runtime::autogenerate::Change>,
        /// A baseline's: what the database's tables have that migrate does not describe,
        /// which the file lists and does not make.
        not_described: Vec<migrate_runtime::state::NotDescribed>,
        /// A baseline's revision, which the database it was read from is stamped with.
        stamp: Option<String>,
    },
    /// `adopt`: the baseline and models written, and the revision the database is stamped at.
    Adopted {
        /// The baseline's file.
        baseline: PathBuf,
        /// The models' file.
        models: PathBuf,
        /// Crates added to the migrations crate's dependencies for the models' field types.
        dependencies: Vec<String>,
        /// What the baseline makes.
        changes: Vec<migrate_runtime::autogenerate::Change>,
        /// What the tables have that migrate does not describe (listed in the file).
        not_described: Vec<migrate_runtime::state::NotDescribed>,
        /// The baseline's revision, where the database now is.
        revision: String,
        /// Whether the baseline was applied to an empty database and gave the same catalog.
        checked: bool,
    },
    /// `import-alembic`: the files written, and what was not carried.
    Imported {
        /// The files, in upgrade order.
        files: Vec<PathBuf>,
        /// What was not carried, per revision.
        warnings: Vec<String>,
    },
    /// `models --from-database`: the Rust of the models.
    Models(String),
}
