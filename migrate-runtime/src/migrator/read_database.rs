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

/// The rows of `table` in the database at `url`: its column names, and each row's values in
/// that order (to carry a table's rows into a baseline: Alembic's version, reference data).
pub async fn read_rows(url: &str, table: &str) -> Result<TableRows, Error> {
    let url: DatabaseUrl = url.parse()?;
    let mut connection = Connection::connect(&url, Access::Read).await?;
    // In the order of the first column (the key, as tables are usually made): the same file
    // each time.
    let select = format!(
        "SELECT * FROM {} ORDER BY 1",
        url.dialect().quote_table(table)
    );
    // The table's name is quoted; nothing else is in the text.
    let rows = sqlx::query(sqlx::AssertSqlSafe(select))
        .fetch_all(connection.conn())
        .await;
    if let Err(error) = connection.close().await {
        tracing::debug!(%error, "closing the connection failed");
    }
    let rows = rows.map_err(|cause| Error::ReadRows {
        table: table.to_owned(),
        cause,
    })?;
    let columns = match rows.first() {
        Some(row) => sqlx::Row::columns(row)
            .iter()
            .map(|column| sqlx::Column::name(column).to_owned())
            .collect(),
        None => Vec::new(),
    };
    Ok(TableRows {
        columns,
        rows: rows.iter().map(|row| row.values().to_vec()).collect(),
    })
}

/// A table's rows, as [`read_rows`] reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRows {
    /// The column names, in order (none when there are no rows).
    pub columns: Vec<String>,
    /// Each row's values, in column order.
    pub rows: Vec<Vec<crate::schema::Value>>,
}
