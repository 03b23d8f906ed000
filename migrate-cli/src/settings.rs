//! The settings of one run, resolved from flags, the environment (clap reads `DATABASE_URL`),
//! `migrate.toml` and, only when nothing at all is configured, the embedded SQLite default.

use std::path::PathBuf;

use migrate_runtime::state::TableFilter;
use migrate_runtime::{DEFAULT_VERSION_TABLE, Dialect};

use crate::args::Args;
use crate::config::{ConfigError, ConfigSource, FileConfig};
use crate::error::CliError;

/// The embedded default database: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://migrate.db";

/// The file of [`DEFAULT_DATABASE_URL`].
pub(crate) fn default_database_file() -> &'static str {
    DEFAULT_DATABASE_URL.trim_start_matches("sqlite://")
}

/// The settings file used when none is named.
const DEFAULT_CONFIG_FILE: &str = "migrate.toml";

/// The settings a command runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The database URL.
    pub(crate) database_url: String,
    /// The version table.
    pub(crate) version_table: String,
    /// Whether the URL is the embedded default, because nothing named a database.
    pub(crate) embedded_default: bool,
    /// The tables compared, as `include_tables` and `exclude_tables` say (added to the
    /// migrations' own filter).
    pub(crate) tables: TableFilter,
    /// The databases `migrate.toml` declares the history runs on; empty when it declares none.
    pub(crate) databases: Vec<Dialect>,
    /// The differences `check` accepts (`[[accepted]]`).
    pub(crate) accepted: Vec<crate::config::Accepted>,
}

/// Flags first, then the file (or its named environment), then the default.
pub(crate) fn resolve(args: &Args) -> Result<Resolved, CliError> {
    let source = match &args.config {
        Some(path) => ConfigSource::Explicit(path.clone()),
        None => ConfigSource::Default(PathBuf::from(DEFAULT_CONFIG_FILE)),
    };
    let environment = args.environment.as_deref();
    if let (Some(name), true) = (environment, args.database_url_from_variable) {
        return Err(CliError::EnvironmentAndVariable {
            environment: name.to_owned(),
        });
    }
    let file = match (FileConfig::load(&source)?, environment) {
        (Some((path, file)), _) => Some((
            path.clone(),
            file.select(&path, environment, |name| std::env::var(name).ok())?,
        )),
        (None, Some(name)) => {
            return Err(ConfigError::UnknownEnvironment {
                name: name.to_owned(),
                path: None,
                defined: Vec::new(),
            }
            .into());
        }
        (None, None) => None,
    };
    let from_file = file
        .as_ref()
        .map(|(_, settings)| settings.clone())
        .unwrap_or_default();
    let tables = table_filter(file.as_ref().map(|(path, _)| path.as_path()), &from_file)?;
    let databases = (from_file.databases.iter())
        .map(|name| name.parse::<Dialect>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(CliError::Databases)?;
    let version_table = args
        .version_table
        .clone()
        .or(from_file.version_table)
        .unwrap_or_else(|| DEFAULT_VERSION_TABLE.to_owned());
    let (database_url, embedded_default) = match (&args.database_url, from_file.database_url, &file)
    {
        (Some(url), _, _) => (url.clone(), false),
        (None, Some(url), _) => (url, false),
        (None, None, None) => (DEFAULT_DATABASE_URL.to_owned(), true),
        (None, None, Some((file, _))) => {
            return Err(CliError::NoDatabase {
                file: file.clone(),
                environment: environment.map(str::to_owned),
            });
        }
    };
    Ok(Resolved {
        database_url,
        version_table,
        embedded_default,
        tables,
        databases,
        accepted: from_file.accepted,
    })
}

/// The table filter the file's `include_tables` and `exclude_tables` give.
fn table_filter(
    path: Option<&std::path::Path>,
    settings: &crate::config::Settings,
) -> Result<TableFilter, ConfigError> {
    let at = |key| {
        move |error| ConfigError::TablePattern {
            path: path.map(ToOwned::to_owned).unwrap_or_default(),
            key,
            error,
        }
    };
    TableFilter::default()
        .include(&settings.include_tables)
        .map_err(at("include_tables"))?
        .exclude(&settings.exclude_tables)
        .map_err(at("exclude_tables"))
}
