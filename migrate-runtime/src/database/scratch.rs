//! An empty database of the same kind beside another one, made for a check and removed
//! after: a new database on the same server (PostgreSQL, MySQL/MariaDB), a file in the
//! temporary folder (SQLite).

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{Access, ConnectError, Connection, DatabaseUrl, execute};
use crate::dialect::Dialect;

/// An empty database made for a check, beside another database; remove it with
/// [`remove`](Self::remove).
pub struct ScratchDatabase {
    /// Its URL.
    url: DatabaseUrl,
    /// The URL it was made beside, to drop it from (a server's database).
    beside: DatabaseUrl,
    /// Its name on the server, or its file.
    name: String,
}

/// Why a scratch database could not be made.
#[derive(Debug, thiserror::Error)]
#[error("cannot create an empty database beside {beside} to check on: {cause}")]
pub struct ScratchError {
    /// The URL of the database it was to be made beside, password hidden.
    pub beside: String,
    /// Why not.
    pub cause: String,
}

impl ScratchDatabase {
    /// Make one beside `beside`.
    pub async fn beside(beside: &DatabaseUrl) -> Result<Self, ScratchError> {
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or_default();
        let unique = format!("{}_{:x}", std::process::id(), stamp);
        let failed = |cause: String| ScratchError {
            beside: beside.to_string(),
            cause,
        };
        if beside.dialect() == Dialect::Sqlite {
            let file: PathBuf = std::env::temp_dir().join(format!("migrate_scratch_{unique}.db"));
            let name = file.to_string_lossy().into_owned();
            // An empty file is an empty database, to read as well as to write.
            std::fs::File::create(&file).map_err(|error| failed(error.to_string()))?;
            return Ok(ScratchDatabase {
                url: beside.with_database(&name),
                beside: beside.clone(),
                name,
            });
        }
        let name = format!("migrate_scratch_{unique}");
        let create = format!("CREATE DATABASE {}", beside.dialect().quote(&name));
        let mut connection = Connection::connect(beside, Access::Write)
            .await
            .map_err(|error: ConnectError| failed(error.to_string()))?;
        let created = execute(connection.conn(), &create).await;
        close(connection).await;
        created.map_err(|error| failed(super::Said(&error).to_string()))?;
        Ok(ScratchDatabase {
            url: beside.with_database(&name),
            beside: beside.clone(),
            name,
        })
    }

    /// Its URL.
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// Drop it (its file, on SQLite); a failure is logged, not returned: it held only what
    /// the check put there.
    pub async fn remove(self) {
        if self.beside.dialect() == Dialect::Sqlite {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", self.name));
            }
            return;
        }
        let quoted = self.beside.dialect().quote(&self.name);
        let drop = format!("DROP DATABASE IF EXISTS {quoted}");
        let dropped = match Connection::connect(&self.beside, Access::Write).await {
            Ok(mut connection) => {
                // PostgreSQL 13 and later end connections the check left open; older ones
                // know no FORCE.
                let forced = match self.beside.dialect() {
                    Dialect::Postgres => {
                        execute(connection.conn(), &format!("{drop} WITH (FORCE)")).await
                    }
                    _ => execute(connection.conn(), &drop).await,
                };
                let dropped = match forced {
                    Err(_) if self.beside.dialect() == Dialect::Postgres => {
                        execute(connection.conn(), &drop).await
                    }
                    other => other,
                };
                close(connection).await;
                dropped.map(|_| ()).map_err(|error| error.to_string())
            }
            Err(error) => Err(error.to_string()),
        };
        if let Err(error) = dropped {
            tracing::warn!(
                "the scratch database `{}` beside {} could not be dropped ({error}); drop it by hand",
                self.name,
                self.beside
            );
        }
    }
}

async fn close(connection: Connection) {
    if let Err(error) = connection.close().await {
        tracing::debug!(%error, "closing the connection failed");
    }
}
