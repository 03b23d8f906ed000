//! The errors a command can end with, and the exit code and help each one carries.

use crate::backend::RenderError;
use crate::database::{ConnectError, UrlError};
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
    /// The migrations do not form a valid history.
    #[error(transparent)]
    Graph(#[from] GraphError),
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
    #[error("the version table cannot be read or created: {cause}\n  sql: {sql}")]
    VersionTable {
        /// The statement.
        sql: String,
        /// What the database said.
        cause: sqlx::Error,
    },
    /// The migration lock could not be had.
    #[error(transparent)]
    Lock(#[from] crate::lock::LockError),
    /// A session setting (a timeout) was refused.
    #[error("the database refused a session setting: {cause}")]
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
    /// No migration is registered: the migrations crate is probably not linked in.
    #[error("there are no migrations to run: none is registered in this program")]
    NoMigrations,
}

fn edited_text(edited: &[crate::history::Edited]) -> String {
    let lines: Vec<String> = edited
        .iter()
        .map(|e| {
            format!(
                "migration `{}` was edited after it was applied on {}",
                e.revision, e.applied_at
            )
        })
        .collect();
    lines.join("\nerror: ")
}

impl From<MigrationError> for Error {
    fn from(error: MigrationError) -> Self {
        Error::Migration(Box::new(error))
    }
}

impl Error {
    /// The process exit code: 1 when a command ran and found a problem, 2 for bad input.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Render(_)
            | Error::Lock(_)
            | Error::Session { .. }
            | Error::Edited(_)
            | Error::Irreversible { .. }
            | Error::Migration(_)
            | Error::VersionTable { .. } => 1,
            Error::Url(_)
            | Error::Connect(_)
            | Error::Graph(_)
            | Error::Target(_)
            | Error::UnknownVersion { .. }
            | Error::NoMigrations => 2,
        }
    }

    /// What to do about it, where there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            Error::Graph(error) => error.help(),
            Error::Target(error) => error.help(),
            Error::UnknownVersion { .. } => Some(
                "the database is ahead of this code, or a migration was deleted; run a build that has the migration, or `migrate stamp --purge` to reset the version table"
                    .to_owned(),
            ),
            Error::Edited(_) => Some(
                "a migration that ran must not change; put the change in a new migration, or pass `--allow-changed` if the edit is harmless"
                    .to_owned(),
            ),
            Error::NoMigrations => Some(
                "the migrations crate is not linked into this program: pass `migrations::migrations()` (the function of your migrations crate) to `Migrator::with_migrations` or `migrate_cli::main`; for a new history, write the first one with `migrate revision -m MESSAGE`"
                    .to_owned(),
            ),
            Error::Connect(_) => {
                Some("check the URL given by --database-url, DATABASE_URL or migrate.toml".to_owned())
            }
            _ => None,
        }
    }
}
