//! Adopting a database: the baseline written from its catalog is tried on an empty database
//! of the same kind (made beside it and removed after), whose catalog must then be the
//! adopted database's.

use super::Migrator;
use crate::database::{DatabaseUrl, ScratchDatabase};
use crate::error::Error;
use crate::registry::Migrations;
use crate::state::{self, Difference, TableFilter};

/// How the catalog that `migrations` (a baseline among them) build on an empty database
/// differs from the catalog of the database at `url`, in the tables `tables` admits (the
/// version table `version_table` and its history aside); empty when they are the same.
///
/// The empty database is made beside the one at `url`: a new database on the same server
/// (the user must be allowed to create one), a temporary file for SQLite. It is dropped after.
pub async fn check_baseline(
    url: &str,
    migrations: &Migrations,
    version_table: &str,
    tables: &TableFilter,
) -> Result<Vec<Difference>, Error> {
    let url: DatabaseUrl = url.parse()?;
    let scratch = ScratchDatabase::beside(&url).await?;
    let compared = async {
        let made = Migrator::for_url(scratch.url().clone(), migrations)?
            .version_table(version_table)
            .filter_tables(tables);
        made.upgrade("heads").await?;
        let made = made.database_schema().await?.filtered(tables);
        let adopted = Migrator::for_url(url.clone(), migrations)?
            .version_table(version_table)
            .database_schema()
            .await?
            .filtered(tables);
        Ok(state::differences(&adopted, &made, url.dialect()))
    }
    .await;
    scratch.remove().await;
    compared
}
