//! The `migrate` command line: parse the arguments, resolve the settings, run one command,
//! print its result on stdout (text or JSON) and any error on stderr, and exit 0, 1 or 2.

mod args;
mod json;
mod output;
mod text;

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use crate::config::FileConfig;
use crate::error::Error;
use crate::migrator::{DEFAULT_VERSION_TABLE, Migrator};
use crate::registry::Migrations;
use args::{Args, Command};
use output::Report;

/// The embedded default database: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://migrate.db";

/// Run the command line over `migrations`; the `main` of a migrations crate's binary.
/// `versions_dir` is where `revision` and `merge` write new files.
pub fn main(migrations: Migrations, versions_dir: &str) -> ExitCode {
    let args = Args::parse();
    output::init_logging(args.verbose, args.quiet);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(run(&args, &migrations, Path::new(versions_dir))),
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(report) => report.print(args.format, args.verbose),
        Err(error) => {
            output::print_error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

/// Settings from flags, then the environment (handled by clap), then `migrate.toml`.
fn migrator(args: &Args, migrations: &Migrations) -> Result<Migrator, Error> {
    let file = FileConfig::load(&args.config)?;
    let url = args
        .database_url
        .clone()
        .or(file.database_url)
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
    let version_table = args
        .version_table
        .clone()
        .or(file.version_table)
        .unwrap_or_else(|| DEFAULT_VERSION_TABLE.to_owned());
    let seconds = |value: Option<f64>| value.map(|s| Duration::from_secs_f64(s.max(0.0)));
    Ok(Migrator::with_migrations(&url, migrations)?
        .version_table(version_table)
        .lock_timeout(seconds(args.lock_timeout))
        .statement_timeout(seconds(args.statement_timeout)))
}

/// Run one command; what it has to say.
async fn run(args: &Args, migrations: &Migrations, versions_dir: &Path) -> Result<Report, Error> {
    let migrator = migrator(args, migrations)?;
    let dialect = |chosen: Option<args::DialectArg>| chosen.map_or(migrator.dialect(), Into::into);
    Ok(match &args.command {
        Command::Upgrade {
            target, offline, ..
        } if offline.sql => Report::Script {
            script: migrator.upgrade_sql(target, dialect(offline.dialect))?,
            strict: offline.strict,
        },
        Command::Downgrade { target, offline } if offline.sql => Report::Script {
            script: migrator.downgrade_sql(target, dialect(offline.dialect))?,
            strict: offline.strict,
        },
        Command::Upgrade {
            target,
            allow_changed,
            ..
        } => {
            let migrator = migrator.allow_changed(*allow_changed);
            Report::Ran(migrator.upgrade(target).await?)
        }
        Command::Downgrade { target, .. } => Report::Ran(migrator.downgrade(target).await?),
        Command::Show {
            revision,
            dialect: chosen,
        } => {
            let dialect = dialect(*chosen);
            let (revision, upgrade, downgrade) = migrator.show(revision, dialect)?;
            Report::Show {
                revision,
                dialect,
                upgrade,
                downgrade,
            }
        }
        Command::Current => Report::Current {
            current: migrator.current().await?,
            edited: match args.verbose {
                true => migrator.edited().await?,
                false => Vec::new(),
            },
        },
        Command::History {
            rev_range,
            indicate_current,
        } => {
            let range = rev_range.as_deref().unwrap_or(":");
            let current = match *indicate_current || range.contains("current") {
                true => migrator.current().await?,
                false => Vec::new(),
            };
            let revisions = migrator.history(range, &current)?;
            let current = if *indicate_current {
                current
            } else {
                Vec::new()
            };
            let applied = match args.verbose {
                true => migrator.applied_steps().await?,
                false => Vec::new(),
            };
            Report::History {
                revisions,
                current,
                applied,
            }
        }
        Command::Heads => Report::Heads(migrator.graph().head_revisions()),
        Command::Branches => Report::Branches(migrator.graph().branch_points()),
        Command::Stamp { target, purge } => Report::Stamped(migrator.stamp(target, *purge).await?),
        Command::Check => Report::Check {
            pending: migrator.pending().await?,
            edited: migrator.edited().await?,
        },
        Command::Revision {
            message,
            head,
            branch_label,
            depends_on,
            folder,
        } => {
            let new = migrator.new_revision(
                message,
                head.as_deref(),
                branch_label.as_deref(),
                depends_on,
            )?;
            write(&new, folder.versions_dir.as_deref().unwrap_or(versions_dir))?
        }
        Command::Merge {
            message,
            revisions,
            folder,
        } => {
            let new = migrator.new_merge(message, revisions)?;
            write(&new, folder.versions_dir.as_deref().unwrap_or(versions_dir))?
        }
    })
}

fn write(new: &crate::NewMigration, folder: &Path) -> Result<Report, Error> {
    let path = new.write(folder).map_err(|cause| Error::Write {
        folder: folder.to_owned(),
        cause,
    })?;
    Ok(Report::Written(path))
}
