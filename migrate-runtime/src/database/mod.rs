//! Connections to the supported databases, behind one small interface: run a statement,
//! read a column of strings, begin a transaction.

mod mysql;
mod sqlite;
mod url;

use std::time::Duration;

use sqlx::mysql::MySqlConnectOptions;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AssertSqlSafe, Connection as _, MySqlConnection, PgConnection, SqliteConnection};

pub(crate) use mysql::reflect_column;
pub(crate) use sqlite::reflect_table;
pub use url::{DatabaseUrl, UrlError};

use crate::dialect::Dialect;

/// How long to wait for a server to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A database that could not be reached.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The server refused or failed the connection.
    #[error("cannot connect to {url}: {source}")]
    Failed {
        /// The URL, password hidden.
        url: String,
        /// What the driver said.
        source: sqlx::Error,
    },
    /// The server did not answer in time.
    #[error("cannot connect to {url}: no answer within {} s", CONNECT_TIMEOUT.as_secs())]
    TimedOut {
        /// The URL, password hidden.
        url: String,
    },
}

/// An open connection to one of the supported databases.
pub(crate) enum Connection {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
    MySql(MySqlConnection),
}

/// A borrowed connection, inside or outside a transaction.
pub(crate) enum Conn<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
    MySql(&'a mut MySqlConnection),
}

/// An open transaction; dropped without commit, it rolls back.
pub(crate) enum Transaction<'c> {
    Sqlite(sqlx::Transaction<'c, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'c, sqlx::Postgres>),
    MySql(sqlx::Transaction<'c, sqlx::MySql>),
}

impl Connection {
    /// Connect to `url`; a SQLite file is created if missing.
    pub(crate) async fn connect(url: &DatabaseUrl) -> Result<Self, ConnectError> {
        let failed = |source| ConnectError::Failed {
            url: url.to_string(),
            source,
        };
        let connecting = async {
            match url.dialect() {
                Dialect::Sqlite => {
                    let options: SqliteConnectOptions = url.as_str().parse()?;
                    let options = options.create_if_missing(true);
                    SqliteConnection::connect_with(&options)
                        .await
                        .map(Self::Sqlite)
                }
                Dialect::Postgres => {
                    let options: PgConnectOptions = url.as_str().parse()?;
                    PgConnection::connect_with(&options)
                        .await
                        .map(Self::Postgres)
                }
                Dialect::MySql => {
                    let options: MySqlConnectOptions = url.as_str().parse()?;
                    MySqlConnection::connect_with(&options)
                        .await
                        .map(Self::MySql)
                }
            }
        };
        match tokio::time::timeout(CONNECT_TIMEOUT, connecting).await {
            Ok(connection) => connection.map_err(failed),
            Err(_) => Err(ConnectError::TimedOut {
                url: url.to_string(),
            }),
        }
    }

    /// The connection outside any transaction.
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Connection::Sqlite(c) => Conn::Sqlite(c),
            Connection::Postgres(c) => Conn::Postgres(c),
            Connection::MySql(c) => Conn::MySql(c),
        }
    }

    /// Begin a transaction; on SQLite an immediate one, which takes the write lock at once.
    pub(crate) async fn begin(&mut self) -> Result<Transaction<'_>, sqlx::Error> {
        Ok(match self {
            Connection::Sqlite(c) => Transaction::Sqlite(c.begin_with("BEGIN IMMEDIATE").await?),
            Connection::Postgres(c) => Transaction::Postgres(c.begin().await?),
            Connection::MySql(c) => Transaction::MySql(c.begin().await?),
        })
    }

    /// Close the connection politely.
    pub(crate) async fn close(self) -> Result<(), sqlx::Error> {
        match self {
            Connection::Sqlite(c) => c.close().await,
            Connection::Postgres(c) => c.close().await,
            Connection::MySql(c) => c.close().await,
        }
    }
}

impl Transaction<'_> {
    /// The connection inside this transaction.
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Transaction::Sqlite(tx) => Conn::Sqlite(tx),
            Transaction::Postgres(tx) => Conn::Postgres(tx),
            Transaction::MySql(tx) => Conn::MySql(tx),
        }
    }

    /// Make the transaction's work permanent.
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Transaction::Sqlite(tx) => tx.commit().await,
            Transaction::Postgres(tx) => tx.commit().await,
            Transaction::MySql(tx) => tx.commit().await,
        }
    }

    /// Undo the transaction's work.
    pub(crate) async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Transaction::Sqlite(tx) => tx.rollback().await,
            Transaction::Postgres(tx) => tx.rollback().await,
            Transaction::MySql(tx) => tx.rollback().await,
        }
    }
}

impl Conn<'_> {
    /// Run one statement rendered by a dialect; the number of rows it affected.
    pub(crate) async fn execute(&mut self, sql: &str) -> Result<u64, sqlx::Error> {
        // The SQL comes from the dialect module, which quotes every identifier and value.
        let statement = sqlx::raw_sql(AssertSqlSafe(sql.to_owned()));
        Ok(match self {
            Conn::Sqlite(c) => statement.execute(&mut **c).await?.rows_affected(),
            Conn::Postgres(c) => statement.execute(&mut **c).await?.rows_affected(),
            Conn::MySql(c) => statement.execute(&mut **c).await?.rows_affected(),
        })
    }

    /// The first column of every row of a query rendered by a dialect, as strings.
    pub(crate) async fn fetch_strings(&mut self, sql: &str) -> Result<Vec<String>, sqlx::Error> {
        let sql = AssertSqlSafe(sql.to_owned());
        match self {
            Conn::Sqlite(c) => sqlx::query_scalar(sql).fetch_all(&mut **c).await,
            Conn::Postgres(c) => sqlx::query_scalar(sql).fetch_all(&mut **c).await,
            Conn::MySql(c) => sqlx::query_scalar(sql).fetch_all(&mut **c).await,
        }
    }

    /// Whether a table named `table` exists (in the current schema on PostgreSQL).
    pub(crate) async fn table_exists(&mut self, table: &str) -> Result<bool, sqlx::Error> {
        let count: i64 = match self {
            Conn::Sqlite(c) => {
                // language=SQL
                let sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1";
                sqlx::query_scalar(sql)
                    .bind(table)
                    .fetch_one(&mut **c)
                    .await?
            }
            Conn::Postgres(c) => {
                // language=SQL
                let sql = "SELECT count(*) FROM information_schema.tables \
                           WHERE table_schema = current_schema() AND table_name = $1";
                sqlx::query_scalar(sql)
                    .bind(table)
                    .fetch_one(&mut **c)
                    .await?
            }
            Conn::MySql(c) => {
                // language=SQL
                let sql = "SELECT count(*) FROM information_schema.tables \
                           WHERE table_schema = DATABASE() AND table_name = ?";
                sqlx::query_scalar(sql)
                    .bind(table)
                    .fetch_one(&mut **c)
                    .await?
            }
        };
        Ok(count > 0)
    }
}
