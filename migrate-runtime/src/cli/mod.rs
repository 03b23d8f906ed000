//! The `migrate` command line: parse the arguments, resolve the settings, run one command,
//! print its result on stdout and any error on stderr, and exit 0, 1 or 2.

mod args;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::config::FileConfig;
use crate::error::Error;
use crate::migrator::{DEFAULT_VERSION_TABLE, Migrator};
use crate::registry::Migrations;
use args::{Args, Command};

/// The embedded default database: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://migrate.db";

/// Run the command line over `migrations`; the `main` of a migrations crate's binary.
pub fn main(migrations: Migrations) -> ExitCode {
    let args = Args::parse();
    output::init_logging(args.verbose, args.quiet);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(run(args, &migrations)),
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(code) => code,
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
    Ok(Migrator::with_migrations(&url, migrations)?.version_table(version_table))
}

async fn run(args: Args, migrations: &Migrations) -> Result<ExitCode, Error> {
    let migrator = migrator(&args, migrations)?;
    match &args.command {
        Command::Upgrade { target, offline } if offline.sql => {
            let dialect = offline.dialect.map_or(migrator.dialect(), Into::into);
            let script = migrator.upgrade_sql(target, dialect)?;
            return Ok(output::print_script(&script, offline.strict));
        }
        Command::Downgrade { target, offline } if offline.sql => {
            let dialect = offline.dialect.map_or(migrator.dialect(), Into::into);
            let script = migrator.downgrade_sql(target, dialect)?;
            return Ok(output::print_script(&script, offline.strict));
        }
        Command::Upgrade { target, .. } => {
            migrator.upgrade(target).await?;
        }
        Command::Downgrade { target, .. } => {
            migrator.downgrade(target).await?;
        }
        Command::Show { revision, dialect } => {
            let dialect = dialect.map_or(migrator.dialect(), Into::into);
            let (revision, upgrade, downgrade) = migrator.show(revision, dialect)?;
            output::print_show(&revision, dialect, &upgrade, &downgrade);
        }
        Command::Current => {
            let current = migrator.current().await?;
            output::print_current(&current, args.verbose);
        }
        Command::History { indicate_current } => {
            let current = if *indicate_current {
                migrator.current().await?
            } else {
                Vec::new()
            };
            output::print_history(&migrator.graph().newest_first(), &current, args.verbose);
        }
        Command::Heads => {
            output::print_heads(&migrator.graph().head_revisions(), args.verbose);
        }
    }
    Ok(ExitCode::SUCCESS)
}
