//! The command line's arguments, as clap parses them.

use std::path::PathBuf;
use std::time::Duration;

use clap::parser::ValueSource;
use clap::{Args as ClapArgs, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use migrate_runtime::Dialect;

/// Schema migrations written as compiled Rust.
#[derive(Debug, Parser)]
#[command(name = "migrate", version)]
pub(crate) struct Args {
    /// Database URL [default: sqlite://migrate.db, or `database_url` in migrate.toml]
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub(crate) database_url: Option<String>,

    /// Whether `database_url` came from the `DATABASE_URL` variable rather than the flag.
    #[arg(skip)]
    pub(crate) database_url_from_variable: bool,

    /// Name of the version table [default: migrate_version, or `version_table` in migrate.toml]
    #[arg(long, global = true)]
    pub(crate) version_table: Option<String>,

    /// Settings file; an explicit one must exist [default: `migrate.toml` when present]
    #[arg(long, env = "MIGRATE_CONFIG", global = true)]
    pub(crate) config: Option<PathBuf>,

    /// A named environment of the settings file (its `[env.NAME]` section)
    #[arg(long = "env", env = "MIGRATE_ENV", global = true, value_name = "NAME")]
    pub(crate) environment: Option<String>,

    /// Show more: every SQL statement as it runs, and details of each revision
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub(crate) verbose: bool,

    /// Show only errors
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,

    /// Wait at most this many seconds for another run's migration lock, and for table locks
    /// taken by DDL; 0 does not wait [default: wait]
    #[arg(long, global = true, value_name = "SECONDS", value_parser = seconds)]
    pub(crate) lock_timeout: Option<Duration>,

    /// Cancel any statement running longer than this many seconds
    #[arg(long, global = true, value_name = "SECONDS", value_parser = seconds)]
    pub(crate) statement_timeout: Option<Duration>,

    /// How read commands print their results
    #[arg(long, global = true, value_enum, default_value = "text")]
    pub(crate) format: Format,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Output formats of the read commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Lines as Alembic prints them
    Text,
    /// One JSON document on stdout
    Json,
}

/// The databases SQL can be rendered for.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum DialectArg {
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
pub(crate) struct Offline {
    /// Print the SQL (transactions and version-table statements included) without connecting;
    /// TARGET may be a range `FROM:TO`
    #[arg(long)]
    pub(crate) sql: bool,

    /// The database to render SQL for [default: the one of the database URL]
    #[arg(long, value_enum)]
    pub(crate) dialect: Option<DialectArg>,

    /// With --sql, exit 1 when a statement needs the live database and is left out
    #[arg(long, requires = "sql")]
    pub(crate) strict: bool,
}

/// Every command: those that need a database (or render its SQL), and those that write
/// migration files from the graph alone.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    #[command(flatten)]
    Database(DatabaseCommand),
    #[command(flatten)]
    Authoring(AuthoringCommand),
}

/// The commands that work on (or render SQL for) a database.
#[derive(Debug, Subcommand)]
pub(crate) enum DatabaseCommand {
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
        /// Run even when an applied migration was edited since it was applied
        #[arg(long)]
        allow_changed: bool,
        /// Do not ask on a terminal before reverting several migrations, or a revision named
        /// by a prefix (runs without a terminal never ask)
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Show one revision: its header, and its upgrade and downgrade as SQL
    Show {
        /// A revision or unique prefix, `head`, `current`, a branch label, `label@head`, `REV+N`, …
        #[arg(default_value = "head", allow_hyphen_values = true)]
        revision: String,
        /// The database to render SQL for [default: the one of the database URL]
        #[arg(long, value_enum)]
        dialect: Option<DialectArg>,
    },
    /// Show the schema the history builds up to REVISION, without a database: as the DDL of
    /// the database (or `--dialect`), or with `--format json` as a document
    Schema {
        /// A revision or unique prefix, `head`, a branch label, `label@head`, …
        #[arg(default_value = "head", allow_hyphen_values = true)]
        revision: String,
        /// The database to write the DDL for [default: the one of the database URL]
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
}

impl Args {
    /// The arguments of this process, noting where the database URL came from.
    pub(crate) fn from_process() -> Self {
        let matches = Args::command().get_matches();
        let mut args = match Args::from_arg_matches(&matches) {
            Ok(args) => args,
            Err(error) => error.exit(),
        };
        args.database_url_from_variable =
            matches.value_source("database_url") == Some(ValueSource::EnvVariable);
        args
    }
}

impl DatabaseCommand {
    /// Whether the command changes the database (and may create a SQLite file).
    pub(crate) fn writes(&self) -> bool {
        match self {
            DatabaseCommand::Upgrade { offline, .. }
            | DatabaseCommand::Downgrade { offline, .. } => !offline.sql,
            DatabaseCommand::Stamp { .. } => true,
            _ => false,
        }
    }
}

/// The commands that need no migration: new migration files, and models of a database.
#[derive(Debug, Subcommand)]
pub(crate) enum AuthoringCommand {
    /// Write a new migration file following the current head
    Revision {
        /// The migration's message
        #[arg(short, long)]
        message: String,
        /// The revision to follow: a revision, `label@head`, `REV@head`, or `base` for a new
        /// root [default: the single head]; not with --autogenerate, which follows the single
        /// head it compares with
        #[arg(long, conflicts_with = "autogenerate")]
        head: Option<String>,
        /// A label for the branch this revision starts
        #[arg(long)]
        branch_label: Option<String>,
        /// A revision of another branch that must be applied first (repeatable)
        #[arg(long)]
        depends_on: Vec<String>,
        /// The new revision's id instead of a fresh random one
        #[arg(long)]
        rev_id: Option<String>,
        /// Fill the upgrade with the ops that bring the head of the history to the models
        /// (`#[derive(Model)]`), compared without a database; print what was found
        #[arg(long)]
        autogenerate: bool,
        /// With --autogenerate: a table or column gone from the models and a new one of the
        /// same shape are a drop and an add, without asking whether it is a rename
        #[arg(long, requires = "autogenerate")]
        drop_and_add: bool,
        /// With --autogenerate: compare with the catalog of the database at URL instead of the
        /// models: a baseline of an existing database, to adopt with `stamp`
        #[arg(long, value_name = "URL", requires = "autogenerate")]
        from_database: Option<String>,
        #[command(flatten)]
        folder: VersionsFolder,
    },
    /// Print `#[derive(Model)]` structs for the tables of the database at URL
    Models {
        /// The database whose tables to print as models
        #[arg(long, value_name = "URL")]
        from_database: String,
    },
    /// Take over the configured database as it is: write a baseline migration and the models
    /// from its catalog, check that the baseline applied to an empty database of the same
    /// kind gives the same catalog, and stamp the database at the baseline
    Adopt {
        /// The baseline's message
        #[arg(short, long, default_value = "baseline")]
        message: String,
        /// Where the models go [default: the migrations crate's `src/models.rs`, in place of
        /// init's example]
        #[arg(long, value_name = "PATH")]
        models_file: Option<PathBuf>,
        /// Do not apply the baseline to an empty database first (for a user that may not
        /// create databases)
        #[arg(long)]
        no_check: bool,
        /// Carry the rows of these tables into the baseline as `op::bulk_insert` (small
        /// reference tables)
        #[arg(long, value_name = "TABLE", num_args = 1..)]
        with_data: Vec<String>,
        #[command(flatten)]
        folder: VersionsFolder,
    },
    /// Import an Alembic history (its `versions/` folder) as Rust migration files with the same
    /// revision ids: Alembic runs it on an empty database of the configured kind, and each
    /// revision's file holds the ops from the catalog before it to the catalog after it
    ImportAlembic {
        /// Alembic's `versions/` folder
        versions: PathBuf,
        /// The Python that runs Alembic, with the history's own imports installed
        #[arg(long, default_value = "python3")]
        python: String,
        /// The SQLAlchemy URL scheme (with its driver) for the empty database [default: the
        /// database's, with the driver installed: psycopg2, psycopg, pymysql, mysqlclient, …]
        #[arg(long, value_name = "SCHEME")]
        sqlalchemy_scheme: Option<String>,
        /// Python that makes the tables the history's first revision needs, run once on the
        /// empty database first (`connection` is SQLAlchemy's); what it makes becomes a first
        /// migration, `alembic_base`
        #[arg(long, value_name = "PYTHON")]
        base: Option<String>,
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
pub(crate) struct VersionsFolder {
    /// The folder of migration files [default: the migrations crate's `src/versions`]
    #[arg(long)]
    pub(crate) versions_dir: Option<PathBuf>,
}

/// A number of seconds: finite, not negative, at most a year.
fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(0.0..=31_536_000.0).contains(&value) {
        return Err(format!("`{text}` is not between 0 and 31536000 seconds"));
    }
    Duration::try_from_secs_f64(value).map_err(|error| error.to_string())
}
