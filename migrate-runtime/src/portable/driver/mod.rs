//! Each database's driver under the portable one: how a row's value is read into a
//! [`Value`] (by the SQL type the database reports) and how bound values are passed (as the
//! column types of [`Type`](crate::schema::Type) store them on that database).

use std::sync::Arc;

use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;
use sqlx::error::BoxDynError;
use sqlx::{Column as _, Either, Row as _, TypeInfo as _};

use super::kind::{Kind, PortableTypeInfo};
use super::{PortableArguments, PortableColumn, PortableQueryResult, PortableRow};
use crate::schema::Value;

/// A database driver the portable database runs on.
pub(crate) trait Driver: sqlx::Database {
    /// The bound values as this driver's arguments.
    fn bind(arguments: PortableArguments) -> Result<Self::Arguments, BoxDynError>;

    /// A value of a row, read as its SQL type says.
    fn read(value: Self::ValueRef<'_>) -> Result<Value, BoxDynError>;

    /// The rows a statement changed.
    fn rows_affected(result: &Self::QueryResult) -> u64;
}

/// What a portable query streams back.
pub(crate) type Results<'e> =
    BoxStream<'e, Result<Either<PortableQueryResult, PortableRow>, sqlx::Error>>;

/// What a portable query carries to the driver: its SQL, its arguments (none for a plain
/// query) and whether its statement is to be kept; or why its values could not be bound.
pub(crate) struct Taken(Result<(sqlx::SqlStr, Option<PortableArguments>, bool), sqlx::Error>);

impl Taken {
    /// Take them out of `query`.
    pub(crate) fn from<'q, E: sqlx::Execute<'q, super::Portable>>(mut query: E) -> Self {
        let arguments = query.take_arguments().map_err(sqlx::Error::Encode);
        Taken(arguments.map(|arguments| {
            let persistent = query.persistent();
            (query.sql(), arguments, persistent)
        }))
    }
}

/// A portable query as the driver takes it: without arguments as a plain query (several
/// statements allowed), as sqlx sends one; with them, bound for the driver.
enum Sent<DB: sqlx::Database> {
    Plain(sqlx::SqlStr),
    Bound(sqlx::query::Query<'static, DB, DB::Arguments>),
}

impl<DB> Sent<DB>
where
    DB: Driver + sqlx::database::HasStatementCache,
    DB::Arguments: sqlx::IntoArguments<DB>,
{
    fn new(taken: Taken) -> Result<Self, sqlx::Error> {
        let (sql, arguments, persistent) = taken.0?;
        Ok(match arguments {
            None => Sent::Plain(sql),
            Some(arguments) => {
                let bound = DB::bind(arguments).map_err(sqlx::Error::Encode)?;
                Sent::Bound(sqlx::query_with(sql, bound).persistent(persistent))
            }
        })
    }
}

impl<DB> sqlx::Execute<'static, DB> for Sent<DB>
where
    DB: sqlx::Database,
    DB::Arguments: sqlx::IntoArguments<DB>,
{
    fn sql(self) -> sqlx::SqlStr {
        match self {
            Sent::Plain(sql) => sql,
            Sent::Bound(query) => sqlx::Execute::sql(query),
        }
    }

    fn statement(&self) -> Option<&DB::Statement> {
        match self {
            Sent::Plain(_) => None,
            Sent::Bound(query) => query.statement(),
        }
    }

    fn take_arguments(&mut self) -> Result<Option<DB::Arguments>, BoxDynError> {
        match self {
            Sent::Plain(_) => Ok(None),
            Sent::Bound(query) => query.take_arguments(),
        }
    }

    fn persistent(&self) -> bool {
        match self {
            Sent::Plain(_) => true,
            Sent::Bound(query) => query.persistent(),
        }
    }
}

/// An error as the only item of a stream.
fn failed<'e, T: Send + 'e>(error: sqlx::Error) -> BoxStream<'e, Result<T, sqlx::Error>> {
    futures_util::stream::once(async { Err(error) }).boxed()
}

/// Run `sql` on the driver's connection, its rows read into portable rows.
pub(crate) fn fetch_many<'e, C>(conn: &'e mut C, query: Taken) -> Results<'e>
where
    C: sqlx::Connection,
    C::Database: Driver + sqlx::database::HasStatementCache,
    for<'c> &'c mut C: sqlx::Executor<'c, Database = C::Database>,
    <C::Database as sqlx::Database>::Arguments: sqlx::IntoArguments<C::Database>,
    usize: sqlx::ColumnIndex<<C::Database as sqlx::Database>::Row>,
{
    let sent = match Sent::<C::Database>::new(query) {
        Ok(sent) => sent,
        Err(error) => return failed(error),
    };
    let mut columns: Option<Arc<[PortableColumn]>> = None;
    sqlx::Executor::fetch_many(conn, sent)
        .map(move |result| match result? {
            Either::Left(done) => Ok(Either::Left(PortableQueryResult {
                rows_affected: <C::Database as Driver>::rows_affected(&done),
            })),
            Either::Right(row) => read_row::<C::Database>(&row, &mut columns).map(Either::Right),
        })
        .boxed()
}

/// Run `sql` on the driver's connection for what it changes; any rows are left unread.
pub(crate) fn execute_many<'e, C>(
    conn: &'e mut C,
    query: Taken,
) -> BoxStream<'e, Result<PortableQueryResult, sqlx::Error>>
where
    C: sqlx::Connection,
    C::Database: Driver + sqlx::database::HasStatementCache,
    for<'c> &'c mut C: sqlx::Executor<'c, Database = C::Database>,
    <C::Database as sqlx::Database>::Arguments: sqlx::IntoArguments<C::Database>,
{
    let sent = match Sent::<C::Database>::new(query) {
        Ok(sent) => sent,
        Err(error) => return failed(error),
    };
    sqlx::Executor::execute_many(conn, sent)
        .map(|result| {
            result.map(|done| PortableQueryResult {
                rows_affected: <C::Database as Driver>::rows_affected(&done),
            })
        })
        .boxed()
}

/// A driver's row as a portable row; the columns are read once per query.
fn read_row<DB>(
    row: &DB::Row,
    columns: &mut Option<Arc<[PortableColumn]>>,
) -> Result<PortableRow, sqlx::Error>
where
    DB: Driver,
    usize: sqlx::ColumnIndex<DB::Row>,
{
    let values = (0..row.len())
        .map(|index| {
            let raw = row.try_get_raw(index)?;
            DB::read(raw).map_err(|source| sqlx::Error::ColumnDecode {
                index: index.to_string(),
                source,
            })
        })
        .collect::<Result<Vec<Value>, sqlx::Error>>()?;
    let columns = columns.get_or_insert_with(|| {
        row.columns()
            .iter()
            .zip(&values)
            .enumerate()
            .map(|(ordinal, (column, value))| PortableColumn {
                ordinal,
                name: column.name().into(),
                type_info: PortableTypeInfo::new(column.type_info().name(), Kind::of(value)),
            })
            .collect()
    });
    Ok(PortableRow {
        columns: Arc::clone(columns),
        values,
    })
}

/// The bound values with the kind each was bound as.
fn bound(arguments: PortableArguments) -> impl Iterator<Item = (Value, Kind)> {
    arguments.values.into_iter().zip(arguments.kinds)
}

/// A value of a type no data step reads.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn unreadable(database: &str, sql_type: &str) -> BoxDynError {
    format!("data steps do not read the {database} type {sql_type}; convert it in the query (for example `CAST(x AS TEXT)`)").into()
}

#[cfg(feature = "postgres")]
mod postgres;

#[cfg(feature = "sqlite")]
mod sqlite;

#[cfg(feature = "mysql")]
mod mysql;
