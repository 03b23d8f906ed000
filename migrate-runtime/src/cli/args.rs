//! The command line's arguments, as clap parses them.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

use crate::dialect::Dialect;

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

    /// Wait at most this many seconds for another run's migration lock, and for table locks
    /// taken by DDL [default: wait]
    #[arg(long, global = true, value_name = "SECONDS")]
    pub(super) lock_timeout: Option<f64>,

    /// Cancel any statement running longer than this many seconds
    #[arg(long, global = true, value_name = "SECONDS")]
    pub(super) statement_timeout: Option<f64>,

    /// How read commands print their results
    #[arg(long, global = true, value_enum, default_value = "text")]
    pub(super) format: Format,

    #[command(subcommand)]
    pub(super) command: Command,
}

/// Output formats of the read commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// Lines as Alembic prints them
    Text,
    /// One JSON document on stdout
    Json,
}

/// The databases SQL can be rendered for.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum DialectArg {
    /// PostgreSQL
    Postgres,
    /// SQLite
    Sqlite,
    /// MySQL and MariaDB
    Mysql,
}

impl From<DialectArg> for Dialect {
    fn from(dialect: DialectArg) -> Self {
        match dialect {
            DialectArg::Postgres => Dialect::Postgres,
            DialectArg::Sqlite => Dialect::Sqlite,
            DialectArg::Mysql => Dialect::MySql,
        }
    }
}

/// Offline mode: print the SQL instead of running it.
#[derive(Debug, ClapArgs)]
pub(super) struct Offline {
    /// Print the SQL (transactions and version-table statements included) without connecting;
    /// TARGET may be a range `FROM:TO`
    #[arg(long)]
    pub(super) sql: bool,

    /// The database to render SQL for [default: the one of the database URL]
    #[arg(long, value_enum)]
    pub(super) dialect: Option<DialectArg>,

    /// With --sql, exit 1 when a statement needs the live database and is left out
    #[arg(long, requires = "sql")]
    pub(super) strict: bool,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Apply migrations up to TARGET
    Upgrade {
        /// `head`, `heads`, a revision or unique prefix, `+N`, or `REV+N`; with --sql,
        /// `FROM:TO`
        #[arg(default_value = "head", allow_hyphen_values = true)]
        target: String,
        #[command(flatten)]
        offline: Offline,
        /// Run even when an applied migration was edited since it was applied
        #[arg(long)]
        allow_changed: bool,
    },
    /// Revert migrations down to TARGET
    Downgrade {
        /// `base`, a revision or unique prefix, `-N`, or `REV-N`; with --sql, `FROM:TO`
        #[arg(allow_hyphen_values = true)]
        target: String,
        #[command(flatten)]
        offline: Offline,
    },
    /// Show one revision: its header, and its upgrade and downgrade as SQL
    Show {
        /// A revision or unique prefix
        revision: String,
        /// The database to render SQL for [default: the one of the database URL]
        #[arg(long, value_enum)]
        dialect: Option<DialectArg>,
    },
    /// Show the revision(s) the database is at
    Current,
    /// List the revisions, newest first
    History {
        /// Only the revisions of a range `A:B` (either side may be left out; `current` is
        /// the database's position)
        #[arg(short = 'r', long, allow_hyphen_values = true)]
        rev_range: Option<String>,
        /// Mark the revision(s) the database is at (connects to the database)
        #[arg(short, long)]
        indicate_current: bool,
    },
    /// Show the head revision(s)
    Heads,
    /// Show the branch points and the revisions that follow each
    Branches,
    /// Set the version table to TARGET without running migrations
    Stamp {
        /// `head`, `heads`, `base`, a revision or unique prefix, `label@head`, …
        #[arg(allow_hyphen_values = true)]
        target: String,
        /// Empty the version table first, whatever it holds
        #[arg(long)]
        purge: bool,
    },
    /// Exit 1 when the database is not at the head(s), listing what would run
    Check,
    /// Write a new migration file following the current head
    Revision {
        /// The migration's message
        #[arg(short, long)]
        message: String,
        /// The revision to follow: a revision, `label@head`, `REV@head`, or `base` for a new
        /// root [default: the single head]
        #[arg(long)]
        head: Option<String>,
        /// A label for the branch this revision starts
        #[arg(long)]
        branch_label: Option<String>,
        /// A revision of another branch that must be applied first (repeatable)
        #[arg(long)]
        depends_on: Vec<String>,
        #[command(flatten)]
        folder: VersionsFolder,
    },
    /// Write a migration that merges several heads into one
    Merge {
        /// The migration's message
        #[arg(short, long)]
        message: String,
        /// `heads` for every head, or the revisions to merge
        #[arg(required = true)]
        revisions: Vec<String>,
        #[command(flatten)]
        folder: VersionsFolder,
    },
}

/// Where new migration files go.
#[derive(Debug, ClapArgs)]
pub(super) struct VersionsFolder {
    /// The folder of migration files [default: the migrations crate's `src/versions`]
    #[arg(long)]
    pub(super) versions_dir: Option<PathBuf>,
}
