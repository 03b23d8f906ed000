//! The errors the command line can end with: the runtime's, and its own (settings, files).

use std::path::PathBuf;

use migrate_runtime::autogenerate::AutogenerateError;
use migrate_runtime::{Error, ErrorKind, StepFailure};

use crate::config::ConfigError;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// The runtime refused or failed.
    #[error(transparent)]
    Runtime(#[from] migrate_runtime::Error),
    /// The configuration cannot be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A configuration file (or its named environment) that names no database, with no
    /// `--database-url` or `DATABASE_URL` either: never fall back to the embedded default.
    #[error("{} sets no `database_url`, and neither `--database-url` nor `DATABASE_URL` is given", match environment {
        Some(name) => format!("the environment `{name}` of `{}`", file.display()),
        None => format!("`{}`", file.display()),
    })]
    NoDatabase {
        /// The configuration file.
        file: PathBuf,
        /// The environment chosen, if any.
        environment: Option<String>,
    },
    /// An environment named while `DATABASE_URL` is set: which database is meant is unclear.
    #[error(
        "the environment `{environment}` is named and `DATABASE_URL` is set too; it is unclear which database is meant"
    )]
    EnvironmentAndVariable {
        /// The environment named.
        environment: String,
    },
    /// A new migration file cannot be written.
    #[error("cannot write a migration file into `{}`", folder.display())]
    Write {
        /// The versions folder.
        folder: PathBuf,
        /// What the system said.
        #[source]
        cause: std::io::Error,
    },
    /// `revision` without `--head` where the history has several heads.
    #[error("there are several heads, and a new migration follows one: {}", heads.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", "))]
    WhichHead {
        /// The heads.
        heads: Vec<String>,
    },
    /// `--rev-id` that is no revision id.
    #[error("`--rev-id {id}` is not a revision id: {cause}")]
    MalformedRevisionId {
        /// The id given.
        id: String,
        /// What is wrong with it.
        cause: migrate_graph::RevisionIdError,
    },
    /// `migrate.toml`'s `databases` names something else.
    #[error("migrate.toml's `databases`: {0}")]
    Databases(migrate_runtime::UnknownDatabase),
    /// `revision --autogenerate` wrote an op that a database the history declares cannot run.
    #[error("not written: {error}, and the history declares it runs there")]
    NotOnDeclared {
        /// The op, the database and why.
        error: migrate_runtime::backend::RenderError,
    },
    /// `revision --autogenerate` in a program that registers no models.
    #[error(
        "no models are registered: `revision --autogenerate` compares `#[derive(Model)]` structs with the history"
    )]
    NoModels,
    /// A downgrade that the user did not confirm on the terminal.
    #[error("downgrade not confirmed: nothing was reverted")]
    NotConfirmed,
    /// `adopt` on a database whose version table already holds a revision.
    #[error(
        "the database is already at revision `{revision}`: it is managed by migrate; adopt takes over a database migrate does not manage yet"
    )]
    AlreadyAdopted {
        /// The revision it is at.
        revision: String,
    },
    /// `adopt` found nothing the history does not already make.
    #[error("nothing to adopt: the head of the history already makes this database's tables")]
    NothingToAdopt,
    /// The baseline applied to an empty database did not give the adopted catalog.
    #[error("the baseline does not make this database: applied to an empty database it gives a different catalog; nothing was written or stamped:\n  {}", differences.join("\n  "))]
    BaselineDiffers {
        /// How the catalogs differ.
        differences: Vec<String>,
    },
    /// `--with-data` naming a table the database does not have (or the filter leaves out).
    #[error("`--with-data {table}`: the database has no such table (among those compared)")]
    NoSuchTable {
        /// The table.
        table: String,
    },
    /// `--with-data` on a table with a value no literal writes.
    #[error("{error}")]
    UnwritableRows {
        /// Which value.
        error: migrate_runtime::autogenerate::UnwritableValue,
    },
    /// `import-alembic` into a history that has migrations.
    #[error("the history has migrations already; an Alembic history is imported into an empty one")]
    ImportIntoHistory,
    /// Alembic could not be run, or said something unreadable.
    #[error("cannot run the Alembic history: {reason}")]
    Alembic {
        /// Why.
        reason: String,
    },
    /// A revision's `upgrade()` failed on the empty database.
    #[error(
        "Alembic's upgrade of `{revision}` failed on an empty database; nothing was written:\n{traceback}"
    )]
    AlembicRevisionFailed {
        /// The revision.
        revision: String,
        /// Python's traceback.
        traceback: String,
    },
    /// The models file holds models of the user's.
    #[error("`{}` holds models already; adopt writes the database's models in place of init's example only", path.display())]
    ModelsFileTaken {
        /// The file.
        path: std::path::PathBuf,
    },
    /// The models file or the crate's manifest could not be written.
    #[error("cannot write `{}`: {cause}", path.display())]
    WriteModels {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// `--rev-id` that a migration has already.
    #[error("`--rev-id {id}` is taken: a migration with this revision exists")]
    TakenRevisionId {
        /// The id given.
        id: String,
    },
}

/// What to do about a runtime error, in the command line's words.
fn runtime_help(error: &Error) -> Option<String> {
    let text = match error {
        Error::Graph(error) => return error.help(),
        Error::Target(error) => return error.help(),
        Error::UnknownVersion { .. } => {
            "the database is ahead of this code, or a migration was deleted; run a build that has the migration, or `migrate stamp --purge` to reset the version table"
        }
        Error::Edited(_) => {
            "a migration that ran must not change; put the change in a new migration, or pass `--allow-changed` if the edit is harmless"
        }
        Error::RecordedAsApplied { .. } => {
            "the version table was changed by hand, or a migration's `down` was edited; find where the database really is and say so with `migrate stamp --purge REV` (it runs nothing)"
        }
        Error::StaleVersion { .. } | Error::DuplicateVersion { .. } => {
            "find where the database really is, then repair the version table with `migrate stamp --purge REV` (it runs nothing)"
        }
        Error::Irreversible { .. } => {
            "write a `downgrade` for it, or move the version table past it with `migrate stamp REV` (nothing runs)"
        }
        Error::NoSuchSchema { .. } => {
            "create it first, or name a version table without a schema (`--version-table` or `version_table` in migrate.toml)"
        }
        Error::NotAVersionTable { .. } => {
            "name another table with `--version-table` (or `version_table` in migrate.toml); migrate never changes a table it did not create"
        }
        Error::Interrupted { .. } => {
            "`migrate history -v` lists the `partial` rows of what committed; undo those statements by hand (or finish the migration by hand and `migrate stamp` it), then `migrate stamp` to where the database is, or restore the migration's code as it ran"
        }
        Error::RouteGrew { .. } => {
            "see where the database is now with `migrate current`, then downgrade again; every migrate run takes the migration lock, so this means something else changed the version table"
        }
        Error::Autogenerate(AutogenerateError::Ambiguous(_)) => {
            "to drop the one and add the other, answer the question on a terminal or pass `--drop-and-add`"
        }
        Error::Autogenerate(AutogenerateError::SeveralHeads(_)) => {
            "`migrate merge -m MESSAGE heads` writes the migration that joins them"
        }
        Error::Migration(error)
            if matches!(
                error.cause,
                StepFailure::Drifted(_) | StepFailure::InFlight(_)
            ) =>
        {
            "`migrate check` lists all drift"
        }
        Error::Lock(migrate_runtime::LockError::TimedOut { .. }) => {
            "let that run finish, or wait longer with `--lock-timeout SECONDS`; a crashed run's lock is released when its connection or process ends"
        }
        Error::NoMigrations => {
            "for a new history, write the first migration with `migrate revision -m MESSAGE`"
        }
        Error::Scratch(_) => {
            "the check needs to create (and then drop) a database on the same server: let the user do that (PostgreSQL: `ALTER ROLE … CREATEDB`; MySQL: `GRANT CREATE, DROP ON *.* TO …`), or pass `adopt --no-check` to adopt without it (`import-alembic` needs it)"
        }
        Error::Connect(_) => "check the URL given by --database-url, DATABASE_URL or migrate.toml",
        _ => return None,
    };
    Some(text.to_owned())
}

impl CliError {
    /// The process exit code: 1 when a command ran and found a problem, 2 for bad input, 130
    /// when it was stopped (Ctrl-C).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Runtime(error) => match error.kind() {
                ErrorKind::Refused => 2,
                ErrorKind::Stopped => 130,
                // Failed, and any kind a later runtime adds.
                _ => 1,
            },
            CliError::Config(_)
            | CliError::NoDatabase { .. }
            | CliError::EnvironmentAndVariable { .. }
            | CliError::Write { .. }
            | CliError::MalformedRevisionId { .. }
            | CliError::TakenRevisionId { .. }
            | CliError::NoModels
            | CliError::Databases(_)
            | CliError::NotOnDeclared { .. }
            | CliError::NotConfirmed
            | CliError::AlreadyAdopted { .. }
            | CliError::NothingToAdopt
            | CliError::ModelsFileTaken { .. }
            | CliError::NoSuchTable { .. }
            | CliError::UnwritableRows { .. }
            | CliError::ImportIntoHistory
            | CliError::WhichHead { .. } => 2,
            CliError::Alembic { .. } | CliError::AlembicRevisionFailed { .. } => 1,
            CliError::BaselineDiffers { .. } | CliError::WriteModels { .. } => 1,
        }
    }

    /// What to do about it, where there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            CliError::Runtime(error) => runtime_help(error),
            CliError::Config(error) => error.help(),
            CliError::NoDatabase {
                environment: Some(name),
                ..
            } => Some(format!(
                "add `database_url = \"…\"` to `[env.{name}]`, or pass `--database-url`"
            )),
            CliError::NoDatabase {
                environment: None, ..
            } => Some(
                "add `database_url = \"…\"` to the file, or set `DATABASE_URL`".to_owned(),
            ),
            CliError::EnvironmentAndVariable { .. } => Some(
                "unset `DATABASE_URL` to use the environment's URL, or pass `--database-url` to override it"
                    .to_owned(),
            ),
            CliError::WhichHead { heads } => Some(format!(
                "say which with `--head {}` (or `--head LABEL@head`), or join them first with `migrate merge -m MESSAGE heads`",
                heads.first().map_or("REV", String::as_str)
            )),
            CliError::NotOnDeclared { .. } => Some(
                "change the model so that every declared database can run it, write this step by hand for each database (an `op::execute` per database in its own migration), or declare fewer databases (`databases` in migrate.toml, `Migrations::with_databases`)"
                    .to_owned(),
            ),
            CliError::NoModels => Some(
                "derive `Model` on the structs of your tables, in the migrations crate or a crate it depends on and calls into (see the README's \"Autogenerate\")"
                    .to_owned(),
            ),
            CliError::NotConfirmed => Some(
                "name the full revision to go to, or pass `--yes` to revert without being asked"
                    .to_owned(),
            ),
            CliError::AlreadyAdopted { .. } => Some(
                "`migrate check` compares it with the history; write new migrations with `migrate revision --autogenerate`"
                    .to_owned(),
            ),
            CliError::NothingToAdopt => Some(
                "if the database is where the head is, say so with `migrate stamp heads` (it runs nothing)".to_owned(),
            ),
            CliError::BaselineDiffers { .. } => Some(
                "what differs is something migrate cannot yet make as the database holds it; write the baseline with `migrate revision --autogenerate --from-database URL -m baseline`, adjust it by hand, and `migrate stamp` it; or pass `--no-check` to adopt anyway"
                    .to_owned(),
            ),
            CliError::ImportIntoHistory => Some(
                "import into a new migrations crate (`cargo migrate init`), or move its migrations aside first".to_owned(),
            ),
            CliError::Alembic { .. } => Some(
                "run it with the Python that runs the application (`--python PATH`, a virtualenv's `bin/python`), with alembic, sqlalchemy and the database's driver installed (or `--sqlalchemy-scheme` naming the driver installed, such as `postgresql+psycopg`)".to_owned(),
            ),
            CliError::AlembicRevisionFailed { .. } => Some(
                "the revision must run on an empty database; fix it in the Alembic history (or run its Python part only when there are rows) and import again".to_owned(),
            ),
            CliError::UnwritableRows { .. } => Some(
                "leave the table out of `--with-data` and insert its rows in a migration of their own (`op::bulk_insert` with typed values, or a data step)".to_owned(),
            ),
            CliError::ModelsFileTaken { .. } => Some(
                "pass `--models-file PATH` to write them to another file (and `pub mod` it in the crate's lib.rs)".to_owned(),
            ),
            CliError::WriteModels { .. }
            | CliError::NoSuchTable { .. }
            | CliError::Write { .. }
            | CliError::MalformedRevisionId { .. }
            | CliError::TakenRevisionId { .. }
            | CliError::Databases(_) => None,
        }
    }
}
