//! What a sqlx database must name but the portable one does not offer: a connection of its
//! own (data steps run on the migration's), transactions (the migration's is the one) and
//! prepared statements. The types have no values, so none of it can be reached at run time;
//! the one way in, parsing a URL, is refused with a message.

use std::str::FromStr;

use sqlx::error::BoxDynError;
use sqlx_core::Url;

use super::{Portable, PortableArguments, PortableColumn, PortableTypeInfo};

/// The portable database's own connection, which does not exist: a data step runs on the
/// migration's [`BackendConnection`](crate::BackendConnection).
#[derive(Debug)]
pub enum Unavailable {}

/// Options for a connection that cannot be opened: every URL is refused.
#[derive(Debug, Clone)]
pub enum UnavailableOptions {}

/// A prepared statement, which the portable database does not hand out.
#[derive(Debug, Clone)]
pub enum UnavailableStatement {}

const NO_CONNECTION: &str = "the portable database has no connection of its own: a data step runs on the migration's (`ctx.conn()`)";

impl FromStr for UnavailableOptions {
    type Err = sqlx::Error;

    fn from_str(_: &str) -> Result<Self, sqlx::Error> {
        Err(sqlx::Error::Configuration(NO_CONNECTION.into()))
    }
}

impl sqlx::ConnectOptions for UnavailableOptions {
    type Connection = Unavailable;

    fn from_url(_: &Url) -> Result<Self, sqlx::Error> {
        Err(sqlx::Error::Configuration(NO_CONNECTION.into()))
    }

    async fn connect(&self) -> Result<Unavailable, sqlx::Error> {
        match *self {}
    }

    fn log_statements(self, _: log::LevelFilter) -> Self {
        self
    }

    fn log_slow_statements(self, _: log::LevelFilter, _: std::time::Duration) -> Self {
        self
    }
}

impl sqlx::Connection for Unavailable {
    type Database = Portable;
    type Options = UnavailableOptions;

    async fn close(self) -> Result<(), sqlx::Error> {
        match self {}
    }

    async fn close_hard(self) -> Result<(), sqlx::Error> {
        match self {}
    }

    async fn ping(&mut self) -> Result<(), sqlx::Error> {
        match *self {}
    }

    async fn begin(&mut self) -> Result<sqlx::Transaction<'_, Portable>, sqlx::Error> {
        match *self {}
    }

    fn shrink_buffers(&mut self) {
        match *self {}
    }

    async fn flush(&mut self) -> Result<(), sqlx::Error> {
        match *self {}
    }

    fn should_flush(&self) -> bool {
        match *self {}
    }
}

impl sqlx_core::transaction::TransactionManager for Unavailable {
    type Database = Portable;

    async fn begin(conn: &mut Unavailable, _: Option<sqlx::SqlStr>) -> Result<(), sqlx::Error> {
        match *conn {}
    }

    async fn commit(conn: &mut Unavailable) -> Result<(), sqlx::Error> {
        match *conn {}
    }

    async fn rollback(conn: &mut Unavailable) -> Result<(), sqlx::Error> {
        match *conn {}
    }

    fn start_rollback(conn: &mut Unavailable) {
        match *conn {}
    }

    fn get_transaction_depth(conn: &Unavailable) -> usize {
        match *conn {}
    }
}

impl sqlx::Statement for UnavailableStatement {
    type Database = Portable;

    fn into_sql(self) -> sqlx::SqlStr {
        match self {}
    }

    fn sql(&self) -> &sqlx::SqlStr {
        match *self {}
    }

    fn parameters(&self) -> Option<sqlx::Either<&[PortableTypeInfo], usize>> {
        match *self {}
    }

    fn columns(&self) -> &[PortableColumn] {
        match *self {}
    }

    sqlx_core::impl_statement_query!(PortableArguments);
}

impl sqlx::ColumnIndex<UnavailableStatement> for &'_ str {
    fn index(&self, statement: &UnavailableStatement) -> Result<usize, sqlx::Error> {
        match *statement {}
    }
}

/// The error for what the portable database does not offer.
pub(crate) fn refused(what: &str) -> sqlx::Error {
    let message: BoxDynError = format!("{what} is not available on a data step's portable connection; match `ctx.conn()` for the backend's own connection").into();
    sqlx::Error::Configuration(message)
}
