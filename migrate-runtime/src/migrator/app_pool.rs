//! A migrator for the database of an app's own sqlx pool or connect options: sqlx 0.9's, and
//! sqlx 0.8's with the `sqlx-08` feature.

use super::Migrator;
use crate::error::Error;
use crate::registry::Migrations;

/// An app's sqlx pool, which [`Migrator::from_pool`] connects like: a `PgPool`,
/// `SqlitePool`, `MySqlPool` or `AnyPool` of sqlx 0.9, and of sqlx 0.8 with migrate-runtime's
/// `sqlx-08` feature.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an sqlx pool migrate can connect like",
    label = "a pool of another sqlx version, or not a pool",
    note = "migrate takes the pools of sqlx 0.9, and of sqlx 0.8 with the `sqlx-08` feature of migrate-runtime; or give it the database URL: `Migrator::with_migrations(url, &migrations)`"
)]
pub trait AppPool {
    /// The URL of the pool's connect options (host, credentials, database, TLS settings).
    fn connect_url(&self) -> url::Url;
}

impl<DB: sqlx::Database> AppPool for sqlx::Pool<DB> {
    fn connect_url(&self) -> url::Url {
        sqlx::ConnectOptions::to_url_lossy(&*self.connect_options())
    }
}

#[cfg(feature = "sqlx-08")]
impl<DB: sqlx_core_08::database::Database> AppPool for sqlx_core_08::pool::Pool<DB> {
    fn connect_url(&self) -> url::Url {
        sqlx_core_08::connection::ConnectOptions::to_url_lossy(&*self.connect_options())
    }
}

impl Migrator {
    /// A migrator over `migrations` for the database of an app's existing sqlx pool (see
    /// [`AppPool`]). It connects with the pool's options (host, credentials, TLS settings) on
    /// a connection of its own, which holds the migration lock for the whole run, and leaves
    /// the pool's connections alone.
    ///
    /// ```no_run
    /// # async fn start(pool: sqlx::PgPool, migrations: migrate_runtime::Migrations) -> Result<(), migrate_runtime::Error> {
    /// let migrator = migrate_runtime::Migrator::from_pool(&pool, &migrations)?;
    /// migrator.upgrade("head").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_pool<P: AppPool + ?Sized>(
        pool: &P,
        migrations: &Migrations,
    ) -> Result<Self, Error> {
        Self::from_url(pool.connect_url(), migrations)
    }

    /// A migrator over `migrations` for the database that sqlx connect options describe (what
    /// an app built its connections from): host, credentials, database and TLS settings
    /// (certificate files included). Settings sqlx cannot write as a URL, such as PostgreSQL's
    /// `options`, are not carried over.
    pub fn from_options<O: sqlx::ConnectOptions>(
        options: &O,
        migrations: &Migrations,
    ) -> Result<Self, Error> {
        Self::from_url(options.to_url_lossy(), migrations)
    }

    /// A migrator for the URL sqlx wrote for connect options.
    fn from_url(mut url: url::Url, migrations: &Migrations) -> Result<Self, Error> {
        // sqlx writes a certificate file as `file: PATH`, which its own parser does not read
        // back as that file.
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(key, value)| {
                let value = value.strip_prefix("file: ").unwrap_or(&value).to_owned();
                (key.into_owned(), value)
            })
            .collect();
        if !pairs.is_empty() {
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        Self::with_migrations(url.as_str(), migrations)
    }
}
