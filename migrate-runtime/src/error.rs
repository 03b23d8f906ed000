//! The errors a command can end with, each of a kind: what went wrong, bad input, or a stop.

use crate::backend::RenderError;
use crate::database::Said;
use crate::database::{ConnectError, UrlError};
use crate::dialect::Dialect;
use crate::executor::MigrationError;
use crate::plan::Irreversible;
use migrate_graph::{GraphError, TargetError};

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database URL cannot be used.
    #[error(transparent)]
    Url(#[from] UrlError),
    /// The database cannot be reached.
    #[error(transparent)]
    Connect(#[from] ConnectError),
    /// No empty database could be made to check on.
    #[error(transparent)]
    Scratch(#[from] crate::database::ScratchError),
    /// The migrations do not form a valid history.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// The naming convention has a template that cannot be used.
    #[error(transparent)]
    Naming(#[from] crate::schema::NamingError),
    /// The target cannot be understood or reached.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// A migration asks for something the database cannot do.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A downgrade would pass through a migration that cannot be downgraded.
    #[error("cannot downgrade `{revision}`: {reason}; nothing was run")]
    Irreversible {
        /// The migration.
        revision: String,
        /// Why it has no downgrade.
        reason: Irreversible,
    },
    /// Applied migrations were edited since: their plans render differently now.
    #[error("{}", edited_text(.0))]
    Edited(Vec<crate::history::Edited>),
    /// A migration failed and was rolled back.
    #[error(transparent)]
    Migration(Box<MigrationError>),
    /// Reading or creating the version table failed.
    #[error(
        "the version table cannot be read or created: {} (statement: `{sql}`)",
        Said(cause)
    )]
    VersionTable {
        /// The statement.
        sql: String,
        /// What the database said.
        cause: sqlx::Error,
    },
    /// The migration lock could not be had.
    #[error(transparent)]
    Lock(#[from] crate::lock::LockError),
    /// Replaying the history offline met an op that does not fit the schema built so far.
    #[error("the history cannot be replayed at `{revision}`, in `{op}`: {cause}")]
    Replay {
        /// The migration.
        revision: String,
        /// The op, as written.
        op: String,
        /// Why it does not fit.
        cause: crate::state::ReplayError,
    },
    /// Autogenerate could not compare the models with the history.
    #[error(transparent)]
    Autogenerate(#[from] crate::autogenerate::AutogenerateError),
    /// The database's catalog could not be read.
    #[error("the database's catalog cannot be read: {}", Said(cause))]
    Catalog {
        /// What the database said.
        cause: sqlx::Error,
    },
    /// A table's rows could not be read.
    #[error("the rows of `{table}` cannot be read: {}", Said(cause))]
    ReadRows {
        /// The table.
        table: String,
        /// What the database said.
        cause: sqlx::Error,
    },
    /// A session setting (a timeout) was refused.
    #[error("the database refused a session setting: {}", Said(cause))]
    Session {
        /// What the database said.
        cause: sqlx::Error,
    },
    /// The version table names a revision that no migration declares.
    #[error("the database is at revision `{revision}`, which no migration declares")]
    UnknownVersion {
        /// The revision in the version table.
        revision: String,
    },
    /// A migration the history table records as applied, which the version table does not
    /// list: running it again would apply it twice.
    #[error(
        "migration `{revision}` would run a second time: the history table records it as applied, but the version table does not list it"
    )]
    RecordedAsApplied {
        /// The migration.
        revision: String,
    },
    /// A version table name that cannot be used.
    #[error("the version table name `{name}` cannot be used: {reason}")]
    VersionTableName {
        /// The name given (or the history table's, derived from it).
        name: String,
        /// Why not.
        reason: &'static str,
    },
    /// A version table named in a schema the database does not have.
    #[error("the version table `{table}` is in `{schema}`, but {}", match dialect {
        Dialect::Postgres => "this PostgreSQL database has no such schema",
        Dialect::MySql => "this MySQL server has no such database (a schema is a database there)",
        Dialect::Sqlite => "no database is attached to this SQLite connection by that name (only `main` and `temp` are there)",
    })]
    NoSuchSchema {
        /// The version or history table's name as given.
        table: String,
        /// The schema it names.
        schema: String,
        /// The database.
        dialect: Dialect,
    },
    /// A table where the version or history table should be, with other columns: a data
    /// table named by mistake, or another tool's table.
    #[error(
        "the table `{table}` is not a migrate {kind} table: its columns are `{}`, where a {kind} table has {expected}",
        columns.join("`, `")
    )]
    NotAVersionTable {
        /// `version` or `history`.
        kind: &'static str,
        /// The table.
        table: String,
        /// Its columns.
        columns: Vec<String>,
        /// The columns such a table has.
        expected: String,
    },
    /// The version table lists a revision more than once (a table made without its key).
    #[error(
        "the version table lists `{revision}` more than once ({}); it should list each head once",
        rows.join(", ")
    )]
    DuplicateVersion {
        /// The revision listed twice.
        revision: String,
        /// Every row of the version table.
        rows: Vec<String>,
    },
    /// The version table lists a revision and one that follows it: a stale row.
    #[error(
        "the version table lists `{stale}` and a revision that follows it ({}); it should list only the heads",
        rows.join(", ")
    )]
    StaleVersion {
        /// The row that another row follows.
        stale: String,
        /// Every row of the version table.
        rows: Vec<String>,
    },
    /// An interrupted run of a non-transactional migration committed statements that the
    /// migration no longer begins with: it cannot resume after them.
    #[error(
        "migration `{revision}` was interrupted after committing {committed} statement(s), and its code has changed since: {}",
        interrupted_text(*committed, same)
    )]
    Interrupted {
        /// The migration.
        revision: String,
        /// How many statements the interrupted run committed.
        committed: usize,
        /// The first of them, which the migration still begins with.
        same: Vec<String>,
    },
    /// Another run changed the version table while a downgrade ran, so that going on would
    /// revert what that run applied.
    #[error(
        "another run changed the version table during this downgrade; going on would also revert `{revision}`, which it applied, so this run stopped"
    )]
    RouteGrew {
        /// The first migration the downgrade would now revert too.
        revision: String,
    },
    /// No migration is registered: the migrations crate is probably not linked in.
    #[error(
        "there are no migrations to run: none is registered in this program; pass `migrations::migrations()` (your migrations crate's function, which also links it in) to the migrator"
    )]
    NoMigrations,
}

/// Which of an interrupted run's committed statements are still known, and which changed.
fn interrupted_text(committed: usize, same: &[String]) -> String {
    let first_changed = same.len() + 1;
    let known = match same {
        [] => String::new(),
        same => format!(
            "the first {} were `{}`; ",
            same.len(),
            same.iter()
                .map(|s| s.lines().next().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("`, `")
        ),
    };
    format!("{known}statement {first_changed} of the {committed} is no longer the one that ran")
}

/// One line: the first edited migration, and how many more there are.
fn edited_text(edited: &[crate::history::Edited]) -> String {
    match edited {
        [] => "no migration was edited".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first}; and {} more", rest.len()),
    }
}

impl From<MigrationError> for Error {
    fn from(error: MigrationError) -> Self {
        Error::Migration(Box::new(error))
    }
}

/// What kind of an end an [`Error`] is: what a caller does about it (a command line's exit
/// code, an app's retry or alert).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The work ran and found a problem: a failed statement, an edited migration, a lock
    /// held by another run, drift.
    Failed,
    /// What was asked cannot be done as given: a bad URL or target, a broken history, a
    /// version table that is not what its name says. Nothing ran.
    Refused,
    /// The run was stopped from outside (Ctrl-C) between or inside migrations.
    Stopped,
}

impl Error {
    /// The kind of this error.
    ///
    /// ```
    /// use migrate_runtime::{Error, ErrorKind};
    /// assert_eq!(Error::NoMigrations.kind(), ErrorKind::Refused);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Migration(error)
                if matches!(error.cause, crate::executor::StepFailure::Interrupted) =>
            {
                ErrorKind::Stopped
            }
            Error::Render(_)
            | Error::Lock(_)
            | Error::Session { .. }
            | Error::Edited(_)
            | Error::Irreversible { .. }
            | Error::Migration(_)
            | Error::RouteGrew { .. }
            | Error::Interrupted { .. }
            | Error::Replay { .. }
            | Error::Autogenerate(_)
            | Error::Catalog { .. }
            | Error::Scratch(_)
            | Error::ReadRows { .. }
            | Error::VersionTable { .. } => ErrorKind::Failed,
            Error::Url(_)
            | Error::Connect(_)
            | Error::Graph(_)
            | Error::Naming(_)
            | Error::Target(_)
            | Error::UnknownVersion { .. }
            | Error::StaleVersion { .. }
            | Error::DuplicateVersion { .. }
            | Error::VersionTableName { .. }
            | Error::NoSuchSchema { .. }
            | Error::NotAVersionTable { .. }
            | Error::RecordedAsApplied { .. }
            | Error::NoMigrations => ErrorKind::Refused,
        }
    }
}
