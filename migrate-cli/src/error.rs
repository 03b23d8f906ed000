//! The errors the command line can end with: the runtime's, and its own (settings, files).

use std::path::PathBuf;

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
    /// A new migration file cannot be written.
    #[error("cannot write a migration file into `{}`", folder.display())]
    Write {
        /// The versions folder.
        folder: PathBuf,
        /// What the system said.
        #[source]
        cause: std::io::Error,
    },
    /// `--rev-id` names an id that cannot be used.
    #[error("`--rev-id {id}` cannot be used: {reason}")]
    RevisionId {
        /// The id given.
        id: String,
        /// Why not.
        reason: String,
    },
}

impl CliError {
    /// The process exit code: 1 when a command ran and found a problem, 2 for bad input.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Runtime(error) => error.exit_code(),
            CliError::Config(_)
            | CliError::NoDatabase { .. }
            | CliError::Write { .. }
            | CliError::RevisionId { .. } => 2,
        }
    }

    /// What to do about it, where there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            CliError::Runtime(error) => error.help(),
            CliError::Config(error) => error.help(),
            CliError::NoDatabase { .. } => Some(
                "add `database_url = \"…\"` to the file (or its `[env.NAME]` section), or set `DATABASE_URL`"
                    .to_owned(),
            ),
            CliError::Write { .. } | CliError::RevisionId { .. } => None,
        }
    }
}
