//! Data steps: Rust code run inside a migration, on the migration's own transaction, with
//! SQL typed through sqlx (binds and rows), so that a migration can read rows, compute in
//! Rust and write back, and have it all roll back with the schema change on failure.
//!
//! ```
//! use migrate_runtime::prelude::*;
//!
//! /// Lower-case every email, in Rust.
//! async fn normalise_emails(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
//!     let rows: Vec<(i64, String)> = ctx.query_as("SELECT id, email FROM users").fetch_all(ctx.conn()).await?;
//!     for (id, email) in rows {
//!         let update = ctx.query("UPDATE users SET email = ? WHERE id = ?");
//!         update.bind(email.to_lowercase()).bind(id).execute(ctx.conn()).await?;
//!     }
//!     Ok(())
//! }
//!
//! let plan = Plan::new().data("normalise emails", normalise_emails);
//! assert_eq!(plan.len(), 1);
//! ```

use std::any::TypeId;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sqlx::AssertSqlSafe;

use crate::connection::BackendConnection;
use crate::portable::PortableRow;

mod query;

pub use query::{
    Bind, DataQuery, Decoded, FirstColumn, Query, QueryAs, QueryScalar, ReadRow, Rows,
};

use crate::dialect::Dialect;

/// What a data step may fail with: any error, sqlx's included (`?` converts them).
pub type DataError = Box<dyn std::error::Error + Send + Sync>;

/// What a data step works with: the migration's connection, inside its transaction.
pub struct DataContext<'c> {
    conn: &'c mut BackendConnection,
    dialect: Dialect,
    statement: &'c mut Option<String>,
}

impl<'c> DataContext<'c> {
    pub(crate) fn new(
        conn: &'c mut BackendConnection,
        dialect: Dialect,
        statement: &'c mut Option<String>,
    ) -> Self {
        DataContext {
            conn,
            dialect,
            statement,
        }
    }

    /// The connection, inside the migration's transaction: run queries on it.
    pub fn conn(&mut self) -> &mut BackendConnection {
        self.conn
    }

    /// The database the migration runs on.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// A query whose `?` placeholders are written as this database wants them (`$1, $2, …`
    /// on PostgreSQL). It is remembered, so that a failure names it.
    pub fn query(&mut self, sql: &str) -> Query {
        DataQuery::new(sqlx::query(self.prepare(sql)))
    }

    /// Like [`query`](Self::query), decoding each row into `O`.
    pub fn query_as<O>(&mut self, sql: &str) -> QueryAs<O>
    where
        O: for<'r> sqlx::FromRow<'r, PortableRow>,
    {
        DataQuery::new(sqlx::query(self.prepare(sql)))
    }

    /// Like [`query`](Self::query), decoding the first column of each row into `O`.
    pub fn query_scalar<O>(&mut self, sql: &str) -> QueryScalar<O>
    where
        (O,): for<'r> sqlx::FromRow<'r, PortableRow>,
    {
        DataQuery::new(sqlx::query(self.prepare(sql)))
    }

    fn prepare(&mut self, sql: &str) -> AssertSqlSafe<String> {
        let sql = self.dialect.placeholders_for(sql);
        *self.statement = Some(sql.clone());
        // The user's own SQL text: values go through binds, not into the text.
        AssertSqlSafe(sql)
    }
}

/// An `async fn(&mut DataContext<'_>) -> Result<(), DataError>` usable as a data step.
pub trait DataFn<'a>: Send + Sync {
    /// The future the function returns.
    type Future: Future<Output = Result<(), DataError>> + Send + 'a;

    /// Run the step.
    fn call(&self, ctx: &'a mut DataContext<'a>) -> Self::Future;
}

impl<'a, F, Fut> DataFn<'a> for F
where
    F: Fn(&'a mut DataContext<'a>) -> Fut + Send + Sync,
    Fut: Future<Output = Result<(), DataError>> + Send + 'a,
{
    type Future = Fut;

    fn call(&self, ctx: &'a mut DataContext<'a>) -> Fut {
        self(ctx)
    }
}

type BoxFuture<'a> = Pin<Box<dyn Future<Output = Result<(), DataError>> + Send + 'a>>;

/// A data step with its type erased, for storing in a plan.
trait ErasedDataFn: Send + Sync {
    fn call<'a>(&self, ctx: &'a mut DataContext<'a>) -> BoxFuture<'a>;
}

impl<F> ErasedDataFn for F
where
    F: for<'a> DataFn<'a>,
{
    fn call<'a>(&self, ctx: &'a mut DataContext<'a>) -> BoxFuture<'a> {
        Box::pin(DataFn::call(self, ctx))
    }
}

/// The fingerprint of a data step's code, as `#[data_step]` registers it (used by the
/// generated code; not part of the API).
#[doc(hidden)]
pub struct DataStepCode {
    /// The type of the function it is on.
    pub type_of: fn() -> TypeId,
    /// SHA-256 of its tokens, hex.
    pub fingerprint: &'static str,
}

inventory::collect!(DataStepCode);

/// The type of a function item, for [`DataStepCode`] (used by the generated code).
#[doc(hidden)]
pub fn type_id_of<T: 'static>(_: &T) -> TypeId {
    TypeId::of::<T>()
}

/// A named data step of a plan.
#[derive(Clone)]
pub struct DataStep {
    name: String,
    run: Arc<dyn ErasedDataFn>,
    fingerprint: Option<&'static str>,
}

impl DataStep {
    pub(crate) fn new<F>(name: String, run: F) -> Self
    where
        F: for<'a> DataFn<'a> + 'static,
    {
        let type_of = TypeId::of::<F>();
        let fingerprint = inventory::iter::<DataStepCode>
            .into_iter()
            .find(|code| (code.type_of)() == type_of)
            .map(|code| code.fingerprint);
        DataStep {
            name,
            run: Arc::new(run),
            fingerprint,
        }
    }

    /// Its name, for logs and messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The fingerprint of its code, when its function carries `#[data_step]`.
    pub fn fingerprint(&self) -> Option<&'static str> {
        self.fingerprint
    }

    /// Run it on `ctx`.
    pub(crate) fn run<'a>(&self, ctx: &'a mut DataContext<'a>) -> BoxFuture<'a> {
        self.run.call(ctx)
    }
}

impl fmt::Debug for DataStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DataStep({:?})", self.name)
    }
}

impl PartialEq for DataStep {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && Arc::ptr_eq(&self.run, &other.run)
    }
}
