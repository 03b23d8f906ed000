//! The command line's arguments, as clap parses them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Schema migrations written as compiled Rust.
#[derive(Debug, Parser)]
#[command(name = "migrate", version)]
pub(super) struct Args {
    /// Database URL [default: sqlite://migrate.db, or `database_url` in migrate.toml]
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub(super) database_url: Option<String>,

    /// Name of the version table [default: migrate_version, or `version_table` in migrate.toml]
    #[arg(long, global = true)]
    pub(super) version_table: Option<String>,

    /// Settings file
    #[arg(long, global = true, default_value = "migrate.toml")]
    pub(super) config: PathBuf,

    /// Show more: every SQL statement as it runs, and details of each revision
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub(super) verbose: bool,

    /// Show only errors
    #[arg(short, long, global = true)]
    pub(super) quiet: bool,

    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Apply migrations up to TARGET
    Upgrade {
        /// `head`, `heads`, a revision or unique prefix, `+N`, or `REV+N`
        #[arg(default_value = "head", allow_hyphen_values = true)]
        target: String,
    },
    /// Revert migrations down to TARGET
    Downgrade {
        /// `base`, a revision or unique prefix, `-N`, or `REV-N`
        #[arg(allow_hyphen_values = true)]
        target: String,
    },
    /// Show the revision(s) the database is at
    Current,
    /// List the revisions, newest first
    History {
        /// Mark the revision(s) the database is at (connects to the database)
        #[arg(short, long)]
        indicate_current: bool,
    },
    /// Show the head revision(s)
    Heads,
}
