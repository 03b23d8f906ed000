//! `migrate.toml`: settings a project keeps beside its code.

use std::path::{Path, PathBuf};

/// The settings `migrate.toml` may hold; each is overridden by its flag or variable.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Database URL, used when neither `--database-url` nor `DATABASE_URL` is given.
    pub database_url: Option<String>,
    /// Version table name, used when `--version-table` is not given.
    pub version_table: Option<String>,
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("cannot read `{}`: {cause}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        cause: std::io::Error,
    },
    /// The file is not valid for this tool.
    #[error("`{}` is not a valid migrate.toml: {cause}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong, with its place in the file.
        cause: toml::de::Error,
    },
}

impl FileConfig {
    /// The settings of `path`, or none when the file does not exist.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default());
            }
            Err(cause) => {
                return Err(ConfigError::Read {
                    path: path.to_owned(),
                    cause,
                });
            }
        };
        toml::from_str(&text).map_err(|cause| ConfigError::Parse {
            path: path.to_owned(),
            cause,
        })
    }
}
