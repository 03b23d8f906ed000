//! A database read without migrations: what adoption starts from.

use crate::database::ConnectError;
use crate::database::{Access, Connection, DatabaseUrl};
use crate::error::Error;
use crate::introspect::{self, Tables};
use crate::state::Schema;

/// The schema of the database at `url` as its catalog reports it, the version table
/// `version_table` and its history table aside: a database to adopt needs no migrations.
/// [`Schema::portable`] turns its types into portable ones.
pub async fn read_database(url: &str, version_table: &str) -> Result<Schema, Error> {
    let url: DatabaseUrl = url.parse()?;
    // Read as it is, a missing file would be an empty database: nothing to adopt.
    if url.sqlite_file_missing() {
        return Err(ConnectError::NoFile {
            url: url.to_string(),
        }
        .into());
    }
    let mut connection = Connection::connect(&url, Access::Read).await?;
    let own = introspect::own_tables(version_table);
    let schema = introspect::read(connection.conn(), url.dialect(), Tables::AllBut(&own)).await;
    if let Err(error) = connection.close().await {
        tracing::debug!(%error, "closing the connection failed");
    }
    schema.map_err(|cause| Error::Catalog { cause })
}
