//! The `migrate` command line of **migrate**, Alembic for Rust: parse the arguments, resolve
//! the settings, run one command, print its result on stdout (text or JSON) and any error on
//! stderr, and exit 0, 1 or 2.
//!
//! A migrations crate's binary is one line:
//!
//! ```no_run
//! # mod migrations { pub fn migrations() -> migrate_runtime::Migrations { migrate_runtime::Migrations::registered() } }
//! fn main() -> std::process::ExitCode {
//!     migrate_cli::main(migrations::migrations())
//! }
//! ```
//!
//! `cargo migrate` (the `cargo-migrate` crate) adds `cargo migrate init` and forwards every
//! other subcommand to the project's own migrations binary, which is this command line.

mod accepted;
mod adopt;
mod args;
mod authoring;
pub mod config;
mod confirm;
mod error;
mod format;
mod generate;
mod import;
mod interrupt;
mod json;
mod output;
mod progress_line;
mod prompt;
mod report;
mod settings;
mod text;

use std::path::Path;
use std::process::ExitCode;

use migrate_runtime::TargetError;
use migrate_runtime::autogenerate::plan_source;
use migrate_runtime::{Migrations, Migrator};

use args::{Args, AuthoringCommand, Command, DatabaseCommand};
pub use authoring::NewMigration;
pub use error::CliError;
use report::Report;
pub use settings::DEFAULT_DATABASE_URL;

/// Run the command line over `migrations`: the `main` of a migrations crate's binary. New
/// files go to the folder `migrations` was collected from (see
/// [`Migrations::versions_dir`]), or `--versions-dir`.
pub fn main(migrations: Migrations) -> ExitCode {
    let args = Args::from_process();
    output::init_logging(args.verbose, args.quiet);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(run(&args, &migrations)),
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

/// The migrator the settings describe.
fn migrator(
    args: &Args,
    command: &DatabaseCommand,
    migrations: &Migrations,
) -> Result<Migrator, CliError> {
    let settings = settings::resolve(args)?;
    let migrator = Migrator::with_migrations(&settings.database_url, migrations)?
        .version_table(settings.version_table)
        .lock_timeout(args.lock_timeout)
        .statement_timeout(args.statement_timeout)
        .filter_tables(&settings.tables);
    let default_file = settings::default_database_file();
    if settings.embedded_default && command.writes() && !Path::new(default_file).exists() {
        eprintln!(
            "note: no database is configured (`--database-url`, `DATABASE_URL` or migrate.toml); creating the embedded default `{DEFAULT_DATABASE_URL}` in the working directory"
        );
    }
    Ok(migrator)
}

/// Run one command; what it has to say.
async fn run(args: &Args, migrations: &Migrations) -> Result<Report, CliError> {
    let command = match &args.command {
        // Writing the first migration is the one thing to do with none.
        Command::Authoring(command) => return author(args, command, migrations).await,
        Command::Database(command) => command,
    };
    let migrator = migrator(args, command, migrations)?;
    let dialect = |chosen: Option<args::DialectArg>| chosen.map_or(migrator.dialect(), Into::into);
    Ok(match command {
        DatabaseCommand::Upgrade {
            target, offline, ..
        } if offline.sql => Report::Script {
            script: migrator.upgrade_sql(target, dialect(offline.dialect))?,
            strict: offline.strict,
        },
        DatabaseCommand::Downgrade {
            target, offline, ..
        } if offline.sql => Report::Script {
            script: migrator.downgrade_sql(target, dialect(offline.dialect))?,
            strict: offline.strict,
        },
        DatabaseCommand::Upgrade {
            target,
            allow_changed,
            ..
        } => {
            let migrator = migrator
                .allow_changed(*allow_changed)
                .stop_flag(interrupt::stop_on_ctrl_c());
            Report::Ran(migrator.upgrade(target).await?)
        }
        DatabaseCommand::Downgrade {
            target,
            allow_changed,
            yes,
            ..
        } => {
            let migrator = migrator.allow_changed(*allow_changed);
            // Asked first: the prompt reads a line, and Ctrl-C there ends the process.
            let migrator = confirm::downgrade(migrator, target, *yes).await?;
            let migrator = migrator.stop_flag(interrupt::stop_on_ctrl_c());
            Report::Ran(migrator.downgrade(target).await?)
        }
        DatabaseCommand::Show {
            revision,
            dialect: chosen,
        } => {
            let dialect = dialect(*chosen);
            let revision = match revision.as_str() {
                "current" => match migrator.current().await?.as_slice() {
                    [one] => one.revision,
                    _ => {
                        return Err(migrate_runtime::Error::from(TargetError::NotOneRevision(
                            "current".to_owned(),
                        ))
                        .into());
                    }
                },
                target => migrator
                    .graph()
                    .single_revision(target)
                    .map_err(migrate_runtime::Error::from)?,
            };
            let (revision, upgrade, downgrade) = migrator.show(&revision, dialect)?;
            Report::Show {
                revision,
                dialect,
                upgrade,
                downgrade,
            }
        }
        DatabaseCommand::Schema {
            revision,
            dialect: chosen,
        } => {
            let schema = migrator.schema(revision)?;
            let sql = match args.format {
                args::Format::Text => schema
                    .to_sql(dialect(*chosen))
                    .map_err(migrate_runtime::Error::from)?,
                args::Format::Json => String::new(),
            };
            Report::Schema { schema, sql }
        }
        DatabaseCommand::Current => Report::Current {
            current: migrator.current().await?,
            edited: match args.verbose {
                true => migrator.edited().await?,
                false => Vec::new(),
            },
        },
        DatabaseCommand::History {
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
        DatabaseCommand::Heads => Report::Heads(migrator.graph().head_revisions()),
        DatabaseCommand::Branches => Report::Branches(migrator.graph().branch_points()),
        DatabaseCommand::Stamp { target, purge } => {
            Report::Stamped(migrator.stamp(target, *purge).await?)
        }
        DatabaseCommand::Check => {
            let report = migrator.check().await?;
            let acceptances = settings::resolve(args)?.accepted;
            // The history cannot be replayed (raw SQL): drift is not known, which is not a
            // failure of `check`.
            let (drift, accepted) = match report.drift {
                Ok(drift) => {
                    let split = accepted::split(drift, &acceptances);
                    (Ok(split.drift), (split.accepted, split.stale))
                }
                Err(error) => (Err(error.to_string()), (Vec::new(), Vec::new())),
            };
            Report::Check {
                pending: report.pending,
                edited: report.edited,
                drift,
                accepted,
                not_described: report.not_described,
                models: generate::model_differences(migrations, &migrator),
            }
        }
    })
}

/// `revision` and `merge`: a new file from the graph (with `--autogenerate`, and the models
/// or a database's catalog); `models`: a database's tables as models.
async fn author(
    args: &Args,
    command: &AuthoringCommand,
    migrations: &Migrations,
) -> Result<Report, CliError> {
    let versions_dir = |folder: &args::VersionsFolder| {
        folder
            .versions_dir
            .clone()
            .or_else(|| migrations.versions_dir().map(Into::into))
            .unwrap_or_else(|| "src/versions".into())
    };
    let graph = migrations.graph().map_err(migrate_runtime::Error::from)?;
    match command {
        AuthoringCommand::Merge {
            message,
            revisions,
            folder,
        } => {
            let new = NewMigration::merge(&graph, message, revisions)?;
            write(&new, &versions_dir(folder))
        }
        AuthoringCommand::Revision {
            message,
            head,
            branch_label,
            depends_on,
            rev_id,
            autogenerate,
            drop_and_add,
            from_database,
            folder,
        } => {
            let mut new = NewMigration::revision(
                &graph,
                message,
                head.as_deref(),
                branch_label.as_deref(),
                depends_on,
                rev_id.as_deref(),
            )?;
            if !*autogenerate {
                return write(&new, &versions_dir(folder));
            }
            let goal = match from_database {
                Some(url) => generate::Goal::Database(url),
                None => generate::Goal::Models,
            };
            let (changes, not_described) =
                generate::changes(args, migrations, &goal, *drop_and_add).await?;
            if changes.is_empty() {
                return Ok(Report::Generated {
                    path: None,
                    changes: Vec::new(),
                    not_described,
                    stamp: None,
                });
            }
            new.upgrade = plan_source(&changes, migrations.naming_convention());
            new.not_carried = not_described.iter().map(ToString::to_string).collect();
            // Raw SQL (an object held whole: a view, a trigger) has no derived downgrade.
            new.irreversible = changes
                .iter()
                .any(|change| matches!(change.op, migrate_runtime::op::Op::Execute(_)));
            let path = new.write(&versions_dir(folder))?;
            Ok(Report::Generated {
                path: Some(path),
                changes,
                not_described,
                stamp: from_database.is_some().then(|| new.revision.clone()),
            })
        }
        AuthoringCommand::Adopt {
            message,
            models_file,
            no_check,
            with_data,
            folder,
        } => {
            let asked = adopt::Adopt {
                message,
                models_file: models_file.as_deref(),
                versions_dir: versions_dir(folder),
                no_check: *no_check,
                with_data,
            };
            adopt::adopt(args, migrations, &asked).await
        }
        AuthoringCommand::ImportAlembic {
            versions,
            python,
            sqlalchemy_scheme,
            base,
            folder,
        } => {
            let asked = import::Import {
                alembic_versions: versions,
                python,
                sqlalchemy_scheme: sqlalchemy_scheme.as_deref(),
                base: base.as_deref(),
                versions_dir: versions_dir(folder),
            };
            let imported = import::import_alembic(args, migrations, &asked).await?;
            Ok(Report::Imported {
                files: imported.files,
                warnings: imported.warnings,
            })
        }
        AuthoringCommand::Models { from_database } => Ok(Report::Models(
            generate::models(args, migrations, from_database).await?,
        )),
    }
}

fn write(new: &NewMigration, folder: &Path) -> Result<Report, CliError> {
    new.write(folder).map(Report::Written)
}
