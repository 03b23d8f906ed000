//! Database URLs: which database they name, checked before any connection is tried.

use std::fmt;
use std::str::FromStr;

use crate::dialect::Dialect;

/// A database URL that could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// A scheme that names no supported database.
    #[error(
        "`{url}` is not a database URL this tool supports; expected `sqlite://PATH`, `postgres://USER@HOST/DB` or `mysql://USER@HOST/DB`"
    )]
    UnknownScheme {
        /// The URL, password hidden.
        url: String,
    },
    /// A database whose driver this program was built without.
    #[error(
        "`{url}` is a {dialect} URL, and this program was built without the `{feature}` feature of migrate-runtime"
    )]
    NotBuiltIn {
        /// The URL, password hidden.
        url: String,
        /// The database it is meant for.
        dialect: Dialect,
        /// The cargo feature that adds its driver.
        feature: &'static str,
    },
    /// A supported scheme with a malformed rest.
    #[error("`{url}` is not a valid {dialect} URL: {reason}")]
    Malformed {
        /// The URL, password hidden.
        url: String,
        /// The database it is meant for.
        dialect: Dialect,
        /// What the driver found wrong.
        reason: String,
    },
}

/// What a connection is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Reading only: a missing SQLite file stays missing.
    Read,
    /// Changing the database: a missing SQLite file is created.
    Write,
}

/// A validated database URL.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: String,
    dialect: Dialect,
}

impl DatabaseUrl {
    /// No database, only its dialect: for work that never connects (the replay, autogenerate).
    pub(crate) fn offline(dialect: Dialect) -> Self {
        DatabaseUrl {
            url: String::new(),
            dialect,
        }
    }

    /// The database the URL names.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The URL to connect with, password included. To write, a SQLite file is created when
    /// missing; to read, a missing file is never created: an empty in-memory database stands
    /// in for it (nothing applied).
    pub(crate) fn connect_str(&self, access: Access) -> String {
        match self.dialect {
            Dialect::Sqlite => match access {
                Access::Read if self.sqlite_file_missing() => "sqlite::memory:".to_owned(),
                Access::Write if !self.url.contains("mode=") => self.with_parameter("mode=rwc").url,
                Access::Read | Access::Write => self.url.clone(),
            },
            Dialect::Postgres => {
                // Named in `pg_stat_activity`, so that a waiting runner (or a DBA) can tell
                // what holds the migration lock.
                let mut url = match self.url.contains("application_name=") {
                    true => self.clone(),
                    false => self.with_parameter("application_name=migrate"),
                };
                if self.loopback_without_sslmode() {
                    url = url.with_parameter("sslmode=disable");
                }
                url.url
            }
            Dialect::MySql => self.url.clone(),
        }
    }

    /// The URL with one more query parameter.
    fn with_parameter(&self, parameter: &str) -> DatabaseUrl {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        DatabaseUrl {
            url: format!("{}{separator}{parameter}", self.url),
            dialect: self.dialect,
        }
    }

    /// Whether a PostgreSQL URL names this machine and leaves `sslmode` to the default. TLS
    /// to the loopback protects nothing, and sqlx 0.9.0 pays about 80 ms per handshake (it
    /// leaves Nagle's algorithm on: sqlx issue #4335), so such a URL connects in the clear; an
    /// explicit `sslmode` (or `PGSSLMODE`) is always obeyed.
    fn loopback_without_sslmode(&self) -> bool {
        let explicit = self.url.split_once('?').is_some_and(|(_, query)| {
            query
                .split('&')
                .any(|pair| pair.starts_with("sslmode=") || pair.starts_with("ssl-mode="))
        });
        if explicit || std::env::var_os("PGSSLMODE").is_some() {
            return false;
        }
        #[cfg(feature = "postgres")]
        if let Ok(options) = self.url.parse::<sqlx::postgres::PgConnectOptions>() {
            let host = options.get_host();
            let loopback = host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
            return loopback || host == "localhost" || host.starts_with('/');
        }
        false
    }

    /// The URL as given, password included, for handing to another program's driver (in
    /// its environment, not its arguments); never print it.
    pub fn secret_text(&self) -> &str {
        &self.url
    }

    /// The URL of database `name` on the same server (same user, host, port and
    /// parameters); a SQLite URL of the file `name`.
    pub(crate) fn with_database(&self, name: &str) -> DatabaseUrl {
        let (base, query) = match self.url.split_once('?') {
            Some((base, query)) => (base, Some(query)),
            None => (self.url.as_str(), None),
        };
        let url = match (self.dialect, base.split_once("://")) {
            (Dialect::Sqlite, _) | (_, None) => format!("sqlite://{name}"),
            (_, Some((scheme, rest))) => {
                let server = rest.split_once('/').map_or(rest, |(server, _)| server);
                match query {
                    Some(query) => format!("{scheme}://{server}/{name}?{query}"),
                    None => format!("{scheme}://{server}/{name}"),
                }
            }
        };
        DatabaseUrl {
            url,
            dialect: self.dialect,
        }
    }

    /// The file of a SQLite URL; `None` for an in-memory database or another database.
    pub(crate) fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        if self.dialect != Dialect::Sqlite
            || self.url.contains(":memory:")
            || self.url.contains("mode=memory")
        {
            return None;
        }
        #[cfg(feature = "sqlite")]
        if let Ok(options) = self.url.parse::<sqlx::sqlite::SqliteConnectOptions>() {
            let file = options.get_filename();
            return (file != std::path::Path::new(":memory:")).then(|| file.to_path_buf());
        }
        None
    }

    /// Whether the URL names a SQLite file that does not exist.
    pub(crate) fn sqlite_file_missing(&self) -> bool {
        self.sqlite_file().is_some_and(|file| !file.exists())
    }
}

impl FromStr for DatabaseUrl {
    type Err = UrlError;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        let scheme = url.split_once(':').map(|(scheme, _)| scheme);
        let dialect = match scheme {
            Some("sqlite") => Dialect::Sqlite,
            Some("postgres" | "postgresql") => Dialect::Postgres,
            Some("mysql" | "mariadb") => Dialect::MySql,
            _ => {
                return Err(UrlError::UnknownScheme { url: redact(url) });
            }
        };
        check_with_driver(url, dialect)?;
        Ok(DatabaseUrl {
            url: url.to_owned(),
            dialect,
        })
    }
}

/// The driver's own parse of `url`, so that a malformed URL fails before any connection.
fn check_with_driver(url: &str, dialect: Dialect) -> Result<(), UrlError> {
    let checked: Result<(), sqlx::Error> = match dialect {
        #[cfg(feature = "sqlite")]
        Dialect::Sqlite => url.parse::<sqlx::sqlite::SqliteConnectOptions>().map(drop),
        #[cfg(feature = "postgres")]
        Dialect::Postgres => url.parse::<sqlx::postgres::PgConnectOptions>().map(drop),
        #[cfg(feature = "mysql")]
        Dialect::MySql => url.parse::<sqlx::mysql::MySqlConnectOptions>().map(drop),
        #[allow(unreachable_patterns, reason = "reached when a driver feature is off")]
        _ => {
            return Err(UrlError::NotBuiltIn {
                url: redact(url),
                dialect,
                feature: dialect.feature(),
            });
        }
    };
    checked.map_err(|error| UrlError::Malformed {
        url: redact(url),
        dialect,
        reason: error.to_string(),
    })
}

impl fmt::Display for DatabaseUrl {
    /// The URL with its password replaced by `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.url))
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

/// `scheme://user:secret@host/db?password=secret` → `scheme://user:***@host/db?password=***`.
/// The credentials end at the last `@` before the query, so that a password holding an
/// unescaped `@` is hidden whole (a path with an `@` is hidden too: never too little).
fn redact(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let mut redacted = match base.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((credentials, host)) => match credentials.split_once(':') {
                Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
                None => base.to_owned(),
            },
            None => base.to_owned(),
        },
        None => base.to_owned(),
    };
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_owned(),
            })
            .collect();
        redacted.push('?');
        redacted.push_str(&pairs.join("&"));
    }
    redacted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_database_on_the_same_server_keeps_user_host_and_parameters() {
        let url: DatabaseUrl = "postgres://app:s3cret@db.example:5433/live?sslmode=require"
            .parse()
            .unwrap();
        assert_eq!(
            url.with_database("scratch").url,
            "postgres://app:s3cret@db.example:5433/scratch?sslmode=require"
        );
        let url: DatabaseUrl = "mysql://root@127.0.0.1:3306".parse().unwrap();
        assert_eq!(
            url.with_database("scratch").url,
            "mysql://root@127.0.0.1:3306/scratch"
        );
        let url: DatabaseUrl = "sqlite://app.db?mode=rwc".parse().unwrap();
        assert_eq!(url.with_database("/tmp/x.db").url, "sqlite:///tmp/x.db");
    }

    #[test]
    fn knows_the_database_from_the_scheme() {
        let dialect = |url: &str| url.parse::<DatabaseUrl>().map(|u| u.dialect());
        assert_eq!(dialect("sqlite://migrate.db"), Ok(Dialect::Sqlite));
        assert_eq!(
            dialect("postgres://postgres@localhost/test"),
            Ok(Dialect::Postgres)
        );
        assert_eq!(
            dialect("postgresql://localhost/test"),
            Ok(Dialect::Postgres)
        );
    }

    #[test]
    fn tls_is_left_out_only_on_the_loopback_and_only_when_not_asked_for_and_the_session_is_named() {
        let connect = |url: &str| {
            url.parse::<DatabaseUrl>()
                .unwrap()
                .connect_str(Access::Write)
        };
        assert_eq!(
            connect("postgres://app@127.0.0.1/app"),
            "postgres://app@127.0.0.1/app?application_name=migrate&sslmode=disable"
        );
        assert_eq!(
            connect("postgres://app@localhost/app?application_name=x"),
            "postgres://app@localhost/app?application_name=x&sslmode=disable"
        );
        for kept in [
            "postgres://app@db.internal/app",
            "postgres://app@127.0.0.1/app?sslmode=require",
            "postgres://app@10.0.0.5/app",
        ] {
            let separator = if kept.contains('?') { '&' } else { '?' };
            assert_eq!(
                connect(kept),
                format!("{kept}{separator}application_name=migrate")
            );
        }
    }

    #[test]
    fn refuses_an_unknown_scheme() {
        let error = "oracle://x".parse::<DatabaseUrl>();
        assert!(matches!(error, Err(UrlError::UnknownScheme { .. })));
    }

    #[test]
    fn hides_the_password() {
        let url: DatabaseUrl = "postgres://app:hunter2@db/prod".parse().unwrap();
        assert_eq!(url.to_string(), "postgres://app:***@db/prod");
        assert_eq!(
            redact("postgres://app:p@ss@db/prod?sslmode=require"),
            "postgres://app:***@db/prod?sslmode=require"
        );
        assert_eq!(
            redact("mysql://app@db/prod?ssl-mode=REQUIRED&password=hunter2"),
            "mysql://app@db/prod?ssl-mode=REQUIRED&password=***"
        );
        assert_eq!(redact("oracle://x:y@z"), "oracle://x:***@z");
    }
}
