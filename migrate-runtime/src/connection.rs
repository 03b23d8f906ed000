//! The driver's own connection to the database a run is on, one variant per database.

/// The migration's connection, as the database's own sqlx driver holds it.
///
/// A data step reaches it through [`DataContext::conn`](crate::DataContext::conn): as it is,
/// it runs queries of the [`Portable`](crate::portable::Portable) database (values
/// converted per backend); matched, it gives the backend's typed connection for what only
/// that database does:
///
/// ```no_run
/// # use migrate_runtime::prelude::*;
/// # use migrate_runtime::BackendConnection;
/// async fn step(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
///     if let BackendConnection::Postgres(pg) = ctx.conn() {
///         sqlx::query("ANALYZE users").execute(pg).await?;
///     }
///     Ok(())
/// }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum BackendConnection {
    /// PostgreSQL.
    #[cfg(feature = "postgres")]
    Postgres(sqlx::postgres::PgConnection),
    /// SQLite.
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::sqlite::SqliteConnection),
    /// MySQL or MariaDB.
    #[cfg(feature = "mysql")]
    MySql(sqlx::mysql::MySqlConnection),
    /// Never built: a program without any database feature renders SQL offline only.
    #[cfg(not(any(feature = "postgres", feature = "sqlite", feature = "mysql")))]
    #[doc(hidden)]
    NoDriver(std::convert::Infallible),
}

/// A value that cannot exist, owned or borrowed: the one arm of a build without drivers.
#[cfg(not(any(feature = "postgres", feature = "sqlite", feature = "mysql")))]
pub(crate) trait Absurd {
    /// Whatever is asked for: this is never called.
    fn absurd<R>(self) -> R;
}

#[cfg(not(any(feature = "postgres", feature = "sqlite", feature = "mysql")))]
impl Absurd for std::convert::Infallible {
    fn absurd<R>(self) -> R {
        match self {}
    }
}

#[cfg(not(any(feature = "postgres", feature = "sqlite", feature = "mysql")))]
impl Absurd for &mut std::convert::Infallible {
    fn absurd<R>(self) -> R {
        match *self {}
    }
}

/// Run `$body` with `$conn` bound to the driver's connection, whichever database it is:
/// written once, compiled for each.
macro_rules! on_backend {
    ($backend:expr, $conn:ident => $body:expr) => {
        match $backend {
            #[cfg(feature = "postgres")]
            $crate::connection::BackendConnection::Postgres($conn) => $body,
            #[cfg(feature = "sqlite")]
            $crate::connection::BackendConnection::Sqlite($conn) => $body,
            #[cfg(feature = "mysql")]
            $crate::connection::BackendConnection::MySql($conn) => $body,
            #[cfg(not(any(feature = "postgres", feature = "sqlite", feature = "mysql")))]
            $crate::connection::BackendConnection::NoDriver(never) => {
                $crate::connection::Absurd::absurd(never)
            }
        }
    };
}
pub(crate) use on_backend;
