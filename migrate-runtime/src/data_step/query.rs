//! The queries of a data step: sqlx's `query`, `query_as` and `query_scalar` on the
//! portable database, with a `bind` that says what binds when a value does not (a plain Rust
//! enum, a struct) instead of listing every sqlx implementation of `Encode`.

use std::marker::PhantomData;

use sqlx::FromRow as _;

use crate::connection::BackendConnection;
use crate::portable::{Portable, PortableArguments, PortableQueryResult, PortableRow};

/// A value a data step's SQL can bind: the types of the ecosystem that sqlx binds on every
/// database (integers, `f64`, `bool`, `String`/`&str`, `Vec<u8>`, `Decimal`, `Uuid`, chrono
/// dates and times, `serde_json::Value`, `sqlx::types::Json<T>`, `Vec<T>` for PostgreSQL
/// arrays, `Option` of each), an enum of a model (`#[derive(ModelEnum)]`), and
/// [`Label`](crate::portable::Label) for a label of an enum type given as text.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be bound in a data step's SQL",
    label = "not a value migrate binds",
    note = "an enum of your own binds once it derives `ModelEnum` (its labels, on every database); or bind a label of an enum type with `migrate_runtime::portable::Label::new(\"type_name\", \"label\")`",
    note = "what binds: integers, f64, bool, String/&str, Vec<u8>, Decimal, Uuid, chrono dates and times, serde_json::Value, sqlx::types::Json<T>, Vec<T> (PostgreSQL arrays), and Option of each"
)]
pub trait Bind<'t>: sqlx::Encode<'t, Portable> + sqlx::Type<Portable> {}

#[diagnostic::do_not_recommend]
impl<'t, T: sqlx::Encode<'t, Portable> + sqlx::Type<Portable>> Bind<'t> for T {}

/// A query of a data step, built by [`DataContext::query`](super::DataContext::query) and
/// its `_as`/`_scalar` kin: bind values with `.bind(…)`, run it with `.execute(ctx.conn())`
/// or `.fetch_all(ctx.conn())`, `.fetch_one(…)`, `.fetch_optional(…)`; `R` says what each
/// row reads as.
#[must_use = "a query does nothing until it is executed or fetched"]
pub struct DataQuery<R> {
    sqlx: sqlx::query::Query<'static, Portable, PortableArguments>,
    read: PhantomData<fn() -> R>,
}

/// A query whose rows are [`PortableRow`]s (read columns with `row.try_get(…)`).
pub type Query = DataQuery<Rows>;

/// A query decoding each row into `O` (a tuple or a `#[derive(sqlx::FromRow)]` struct).
pub type QueryAs<O> = DataQuery<Decoded<O>>;

/// A query decoding the first column of each row into `O`.
pub type QueryScalar<O> = DataQuery<FirstColumn<O>>;

impl<R: ReadRow> DataQuery<R> {
    pub(super) fn new(sqlx: sqlx::query::Query<'static, Portable, PortableArguments>) -> Self {
        DataQuery {
            sqlx,
            read: PhantomData,
        }
    }

    /// Bind the next `?` placeholder to `value`.
    pub fn bind<'t, T: Bind<'t>>(self, value: T) -> Self {
        DataQuery::new(self.sqlx.bind(value))
    }

    /// Every row.
    pub async fn fetch_all(
        self,
        conn: &mut BackendConnection,
    ) -> Result<Vec<R::Output>, sqlx::Error> {
        let rows = self.sqlx.fetch_all(conn).await?;
        rows.into_iter().map(R::read).collect()
    }

    /// The first row; `sqlx::Error::RowNotFound` when there is none.
    pub async fn fetch_one(self, conn: &mut BackendConnection) -> Result<R::Output, sqlx::Error> {
        R::read(self.sqlx.fetch_one(conn).await?)
    }

    /// The first row, if any.
    pub async fn fetch_optional(
        self,
        conn: &mut BackendConnection,
    ) -> Result<Option<R::Output>, sqlx::Error> {
        self.sqlx
            .fetch_optional(conn)
            .await?
            .map(R::read)
            .transpose()
    }
}

impl Query {
    /// Run it; the result counts the rows it touched (`rows_affected()`).
    pub async fn execute(
        self,
        conn: &mut BackendConnection,
    ) -> Result<PortableQueryResult, sqlx::Error> {
        self.sqlx.execute(conn).await
    }
}

/// What a [`DataQuery`]'s rows read as.
pub trait ReadRow {
    /// The value of one row.
    type Output;

    /// Read `row`.
    fn read(row: PortableRow) -> Result<Self::Output, sqlx::Error>;
}

/// Rows as they are: [`PortableRow`].
pub struct Rows;

/// Rows decoded into `O` with `sqlx::FromRow`.
pub struct Decoded<O>(PhantomData<fn() -> O>);

/// The first column of each row, decoded into `O`.
pub struct FirstColumn<O>(PhantomData<fn() -> O>);

impl ReadRow for Rows {
    type Output = PortableRow;

    fn read(row: PortableRow) -> Result<PortableRow, sqlx::Error> {
        Ok(row)
    }
}

impl<O: for<'r> sqlx::FromRow<'r, PortableRow>> ReadRow for Decoded<O> {
    type Output = O;

    fn read(row: PortableRow) -> Result<O, sqlx::Error> {
        O::from_row(&row)
    }
}

impl<O> ReadRow for FirstColumn<O>
where
    (O,): for<'r> sqlx::FromRow<'r, PortableRow>,
{
    type Output = O;

    fn read(row: PortableRow) -> Result<O, sqlx::Error> {
        <(O,)>::from_row(&row).map(|(value,)| value)
    }
}
