//! `migrate.toml`: settings a project keeps beside its code, with `${VAR}` taken from the
//! environment and named environments in `[env.NAME]` sections.
//!
//! ```toml
//! database_url = "sqlite://dev.db"
//! version_table = "migrate_version"
//! exclude_tables = ["legacy_*"]
//!
//! [env.production]
//! database_url = "postgres://app:${DB_PASSWORD}@db.internal/app?sslmode=verify-full"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The settings one level of `migrate.toml` may hold (the top level or an `[env.NAME]`).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Database URL, used when neither `--database-url` nor `DATABASE_URL` is given.
    pub database_url: Option<String>,
    /// Version table name, used when `--version-table` is not given.
    pub version_table: Option<String>,
    /// Compare only the tables these globs match (an environment's are added to the top
    /// level's).
    #[serde(default)]
    pub include_tables: Vec<String>,
    /// Leave out the tables these globs match (an environment's are added to the top
    /// level's).
    #[serde(default)]
    pub exclude_tables: Vec<String>,
    /// The databases the history runs on (`postgres`, `mysql`, `sqlite`): autogenerate
    /// refuses an op one of them cannot run (an environment's replace the top level's).
    #[serde(default)]
    pub databases: Vec<String>,
    /// Differences between the database and its history that a reviewer accepted, each
    /// with its reason: `check` lists them apart and does not fail for them (an
    /// environment's are added to the top level's).
    #[serde(default)]
    pub accepted: Vec<Accepted>,
}

/// A difference `check` accepts, as a `[[accepted]]` entry.
///
/// ```toml
/// [[accepted]]
/// difference = "changed column `metrics.step`: default '0' to 0"
/// reason = "the application wrote '0'; the same value to the database"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    /// The difference, word for word as `check` prints it.
    pub difference: String,
    /// Why it is accepted (not empty).
    pub reason: String,
}

/// A whole `migrate.toml`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// The settings used when no environment is named.
    #[serde(flatten)]
    pub settings: Settings,
    /// Named environments, picked with `--env NAME` or `MIGRATE_ENV`.
    #[serde(default)]
    pub env: BTreeMap<String, Settings>,
}

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A file named with `--config` or `MIGRATE_CONFIG` that does not exist.
    #[error("the configuration file `{}` does not exist", path.display())]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// The file exists but cannot be read.
    #[error("cannot read `{}`: {cause}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        cause: std::io::Error,
    },
    /// The file is not valid for this tool. Only the parser's message and the line are kept:
    /// its quote of the offending line could show a password.
    #[error("`{}` is not a valid migrate.toml{}: {message}", path.display(), match line {
        Some(line) => format!(" (line {line})"),
        None => String::new(),
    })]
    Parse {
        /// The file.
        path: PathBuf,
        /// The line of the mistake, from 1.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A `${VAR}` whose variable is not set.
    #[error("`{}` uses `${{{variable}}}` in `{key}`, and the variable is not set", path.display())]
    UnsetVariable {
        /// The file.
        path: PathBuf,
        /// The setting.
        key: String,
        /// The variable.
        variable: String,
    },
    /// A `${` without its closing brace, or an empty name.
    #[error("`{}` has a malformed `${{…}}` in `{key}`", path.display())]
    MalformedVariable {
        /// The file.
        path: PathBuf,
        /// The setting.
        key: String,
    },
    /// An `include_tables` or `exclude_tables` entry that is not a glob.
    #[error("`{}` has a bad pattern in `{key}`: {error}", path.display())]
    TablePattern {
        /// The file.
        path: PathBuf,
        /// The setting.
        key: &'static str,
        /// What is wrong with the pattern.
        error: migrate_runtime::state::PatternError,
    },
    /// An `[[accepted]]` difference without a reason.
    #[error("`{}` accepts ``{difference}`` without a reason", path.display())]
    AcceptedWithoutReason {
        /// The file.
        path: PathBuf,
        /// The difference.
        difference: String,
    },
    /// An environment name that the file does not define.
    #[error("the environment `{name}` is not defined{}", match path {
        Some(path) => format!(" in `{}`", path.display()),
        None => " (there is no configuration file)".to_owned(),
    })]
    UnknownEnvironment {
        /// The name asked for.
        name: String,
        /// The file, if there is one.
        path: Option<PathBuf>,
        /// The environments it defines.
        defined: Vec<String>,
    },
}

impl ConfigError {
    /// What to do about it.
    pub fn help(&self) -> Option<String> {
        match self {
            ConfigError::Missing { .. } => Some(
                "name an existing file with `--config` or `MIGRATE_CONFIG`, or leave both out to use `migrate.toml` when it is present".to_owned(),
            ),
            ConfigError::UnsetVariable { variable, .. } => {
                Some(format!("set `{variable}` in the environment of this command"))
            }
            ConfigError::MalformedVariable { .. } => {
                Some("write a variable as `${NAME}`; `$$` stands for a literal `$`".to_owned())
            }
            ConfigError::TablePattern { .. } => Some(
                "write a glob: `*` any characters, `?` one, `[abc]` one of a set".to_owned(),
            ),
            ConfigError::AcceptedWithoutReason { .. } => Some(
                "say why it is accepted in `reason = \"…\"`: the next reviewer reads it".to_owned(),
            ),
            ConfigError::UnknownEnvironment { defined, .. } if !defined.is_empty() => Some(
                format!("defined environments: {}", defined.join(", ")),
            ),
            ConfigError::UnknownEnvironment { .. } => Some(
                "add an `[env.NAME]` section to migrate.toml, or unset `--env` / `MIGRATE_ENV`"
                    .to_owned(),
            ),
            _ => None,
        }
    }
}

/// The file the settings come from: the one named (which must exist), else `migrate.toml` in
/// the working directory when it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// Named with `--config` or `MIGRATE_CONFIG`.
    Explicit(PathBuf),
    /// The default file name, which may be absent.
    Default(PathBuf),
}

impl FileConfig {
    /// The file's settings; none when the default file is absent.
    pub fn load(source: &ConfigSource) -> Result<Option<(PathBuf, Self)>, ConfigError> {
        let (path, explicit) = match source {
            ConfigSource::Explicit(path) => (path, true),
            ConfigSource::Default(path) => (path, false),
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return match explicit {
                    true => Err(ConfigError::Missing { path: path.clone() }),
                    false => Ok(None),
                };
            }
            Err(cause) => {
                return Err(ConfigError::Read {
                    path: path.clone(),
                    cause,
                });
            }
        };
        let config =
            toml::from_str(&text).map_err(|cause: toml::de::Error| ConfigError::Parse {
                path: path.clone(),
                line: cause
                    .span()
                    .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1),
                message: cause.message().to_owned(),
            })?;
        Ok(Some((path.clone(), config)))
    }

    /// The settings of `environment` (its section alone: a named environment never falls back
    /// to the top-level `database_url`), or the top level; `${VAR}`s substituted.
    pub fn select(
        &self,
        path: &Path,
        environment: Option<&str>,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let chosen = match environment {
            None => self.settings.clone(),
            Some(name) => {
                let section =
                    self.env
                        .get(name)
                        .ok_or_else(|| ConfigError::UnknownEnvironment {
                            name: name.to_owned(),
                            path: Some(path.to_owned()),
                            defined: self.env.keys().cloned().collect(),
                        })?;
                Settings {
                    database_url: section.database_url.clone(),
                    version_table: section
                        .version_table
                        .clone()
                        .or_else(|| self.settings.version_table.clone()),
                    include_tables: [&self.settings.include_tables[..], &section.include_tables]
                        .concat(),
                    exclude_tables: [&self.settings.exclude_tables[..], &section.exclude_tables]
                        .concat(),
                    databases: match section.databases.is_empty() {
                        true => self.settings.databases.clone(),
                        false => section.databases.clone(),
                    },
                    accepted: [&self.settings.accepted[..], &section.accepted].concat(),
                }
            }
        };
        let substitute = |key: &str, value: Option<String>| {
            value
                .map(|value| substitute(&value, &lookup).map_err(|e| e.at(path, key)))
                .transpose()
        };
        Ok(Settings {
            database_url: substitute("database_url", chosen.database_url)?,
            version_table: substitute("version_table", chosen.version_table)?,
            include_tables: chosen.include_tables,
            exclude_tables: chosen.exclude_tables,
            databases: chosen.databases,
            accepted: match chosen.accepted.iter().find(|a| a.reason.trim().is_empty()) {
                Some(blank) => {
                    return Err(ConfigError::AcceptedWithoutReason {
                        path: path.to_owned(),
                        difference: blank.difference.clone(),
                    });
                }
                None => chosen.accepted,
            },
        })
    }
}

/// What is wrong with a `${…}`, before the file and key are known.
enum VariableError {
    Unset(String),
    Malformed,
}

impl VariableError {
    fn at(self, path: &Path, key: &str) -> ConfigError {
        let (path, key) = (path.to_owned(), key.to_owned());
        match self {
            VariableError::Unset(variable) => ConfigError::UnsetVariable {
                path,
                key,
                variable,
            },
            VariableError::Malformed => ConfigError::MalformedVariable { path, key },
        }
    }
}

/// `value` with every `${NAME}` replaced by the variable's value and `$$` by `$`.
fn substitute(
    value: &str,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<String, VariableError> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(tail) = after.strip_prefix('{') {
            let end = tail.find('}').ok_or(VariableError::Malformed)?;
            let name = &tail[..end];
            let valid =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                return Err(VariableError::Malformed);
            }
            out.push_str(&lookup(name).ok_or_else(|| VariableError::Unset(name.to_owned()))?);
            rest = &tail[end + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        (name == "DB_PASSWORD").then(|| "s3cret".to_owned())
    }

    fn parse(text: &str) -> FileConfig {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn substitutes_variables_and_keeps_a_doubled_dollar() {
        let value = substitute("postgres://app:${DB_PASSWORD}@db/a$$b", env);
        assert_eq!(value.ok().as_deref(), Some("postgres://app:s3cret@db/a$b"));
        assert!(
            matches!(substitute("${MISSING}", env), Err(VariableError::Unset(v)) if v == "MISSING")
        );
        assert!(matches!(
            substitute("${DB_PASSWORD", env),
            Err(VariableError::Malformed)
        ));
        assert!(matches!(
            substitute("${}", env),
            Err(VariableError::Malformed)
        ));
    }

    #[test]
    fn a_named_environment_never_falls_back_to_the_top_level_url() {
        let config = parse(
            "database_url = \"sqlite://dev.db\"\nversion_table = \"v\"\n\n[env.production]\n\n[env.staging]\ndatabase_url = \"postgres://stage/${DB_PASSWORD}\"\n",
        );
        let path = Path::new("migrate.toml");
        let production = config.select(path, Some("production"), env).unwrap();
        assert_eq!(production.database_url, None);
        assert_eq!(production.version_table.as_deref(), Some("v"));
        let staging = config.select(path, Some("staging"), env).unwrap();
        assert_eq!(
            staging.database_url.as_deref(),
            Some("postgres://stage/s3cret")
        );
        let unknown = config.select(path, Some("prod"), env).unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "the environment `prod` is not defined in `migrate.toml`"
        );
        assert_eq!(
            unknown.help().as_deref(),
            Some("defined environments: production, staging")
        );
    }

    #[test]
    fn a_parse_error_names_the_line_without_quoting_it() {
        let dir = std::env::temp_dir().join(format!("migrate_parse_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("migrate.toml");
        std::fs::write(
            &path,
            "# settings\ndatabase_url = postgres://app:hunter2@db/app\n",
        )
        .unwrap();
        let error = FileConfig::load(&ConfigSource::Explicit(path))
            .unwrap_err()
            .to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            error.contains("is not a valid migrate.toml (line 2): "),
            "{error}"
        );
        assert!(!error.contains("hunter2"), "{error}");
    }

    #[test]
    fn an_explicit_file_must_exist_and_the_default_may_not() {
        let missing = PathBuf::from("/nonexistent/migrate.toml");
        let explicit = FileConfig::load(&ConfigSource::Explicit(missing.clone()));
        assert!(matches!(explicit, Err(ConfigError::Missing { .. })));
        let default = FileConfig::load(&ConfigSource::Default(missing));
        assert!(matches!(default, Ok(None)));
    }
}
