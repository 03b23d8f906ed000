//! Queries of the portable database run on the migration's connection, by its driver.

use futures_util::future::BoxFuture;
use futures_util::{FutureExt as _, TryStreamExt as _};

use futures_util::stream::BoxStream;

use super::driver::{Results, Taken, execute_many, fetch_many};
use super::plumbing::refused;
use super::{Portable, PortableQueryResult, PortableRow, PortableTypeInfo, UnavailableStatement};
use crate::connection::{BackendConnection, on_backend};

impl<'c> sqlx::Executor<'c> for &'c mut BackendConnection {
    type Database = Portable;

    fn fetch_many<'e, 'q: 'e, E>(self, query: E) -> Results<'e>
    where
        'c: 'e,
        E: 'q + sqlx::Execute<'q, Portable>,
    {
        let query = Taken::from(query);
        on_backend!(self, conn => fetch_many(conn, query))
    }

    /// Statements whose rows nobody reads: run by the driver, no row converted.
    fn execute_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, Result<PortableQueryResult, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + sqlx::Execute<'q, Portable>,
    {
        let query = Taken::from(query);
        on_backend!(self, conn => execute_many(conn, query))
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxFuture<'e, Result<Option<PortableRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + sqlx::Execute<'q, Portable>,
    {
        let mut rows = self.fetch(query);
        async move { rows.try_next().await }.boxed()
    }

    fn prepare_with<'e>(
        self,
        _: sqlx::SqlStr,
        _: &'e [PortableTypeInfo],
    ) -> BoxFuture<'e, Result<UnavailableStatement, sqlx::Error>>
    where
        'c: 'e,
    {
        async { Err(refused("preparing a statement")) }.boxed()
    }

    fn describe<'e>(
        self,
        _: sqlx::SqlStr,
    ) -> BoxFuture<'e, Result<sqlx::Describe<Portable>, sqlx::Error>>
    where
        'c: 'e,
    {
        async { Err(refused("describing a statement")) }.boxed()
    }
}
