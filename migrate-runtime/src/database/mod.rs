//! Connections to the supported databases, each through its own sqlx driver
//! ([`BackendConnection`]); the runtime's own queries and a migration's data steps run on it
//! as the [`Portable`](crate::portable::Portable) database, one code path for every
//! database: run a statement, read a column of strings, begin a transaction.

pub(crate) mod lock_file;
mod message;
mod scratch;
#[cfg(feature = "sqlite")]
mod sqlite_batch;
mod url;

use std::time::Duration;

use futures_util::StreamExt as _;
use sqlx::{AssertSqlSafe, Connection as _};

pub(crate) use message::Said;
pub use scratch::{ScratchDatabase, ScratchError};
pub(crate) use url::Access;
pub use url::{DatabaseUrl, UrlError};

use crate::backend::sqlite;
use crate::connection::{BackendConnection, on_backend};
use crate::dialect::Dialect;
pub(crate) use lock_file::LockFile;

/// How long to wait for a server to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A database that could not be reached.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectError {
    /// The server refused or failed the connection.
    #[error("cannot connect to {url}: {}", Said(cause))]
    Failed {
        /// The URL, password hidden.
        url: String,
        /// What the driver said.
        cause: sqlx::Error,
    },
    /// A SQLite URL naming a file that is not a SQLite database, or a corrupt one.
    #[error("{url} is not a SQLite database, or it is corrupt: {}", Said(cause))]
    NotADatabase {
        /// The URL.
        url: String,
        /// What SQLite said.
        cause: sqlx::Error,
    },
    /// A SQLite file to read that does not exist (a database to adopt must be there).
    #[error("there is no SQLite database at {url}: the file does not exist")]
    NoFile {
        /// The URL.
        url: String,
    },
    /// The server did not answer in time.
    #[error("cannot connect to {url}: no answer within {} s", CONNECT_TIMEOUT.as_secs())]
    TimedOut {
        /// The URL, password hidden.
        url: String,
    },
}

/// An open connection, the database it is to, and the lock file it holds (SQLite).
pub(crate) struct Connection {
    backend: BackendConnection,
    dialect: Dialect,
    /// Held while the connection is open: dropping it releases SQLite's migration lock.
    lock_file: Option<LockFile>,
    /// The version and history tables are known to exist with their layout (checked and
    /// created on this connection, under the lock): no need to read the catalog again.
    tables_ready: bool,
    /// A transaction was begun and neither committed nor rolled back (its work was
    /// abandoned): the next `begin` rolls it back first.
    transaction_open: bool,
}

impl Connection {
    /// Connect to `url`; a missing SQLite file is created to write, never to read.
    pub(crate) async fn connect(url: &DatabaseUrl, access: Access) -> Result<Self, ConnectError> {
        let url_text = url.connect_str(access);
        let connecting = connect_backend(url.dialect(), &url_text);
        match tokio::time::timeout(CONNECT_TIMEOUT, connecting).await {
            Ok(Ok(backend)) => {
                let mut connection = Connection {
                    backend,
                    dialect: url.dialect(),
                    lock_file: None,
                    tables_ready: false,
                    transaction_open: false,
                };
                if connection.dialect == Dialect::Sqlite {
                    // SQLite opens any file; the first read tells whether it is a database.
                    let probe = execute(&mut connection.backend, sqlite::catalog::PROBE).await;
                    if let Err(cause) = probe {
                        return Err(ConnectError::NotADatabase {
                            url: url.to_string(),
                            cause,
                        });
                    }
                }
                Ok(connection)
            }
            Ok(Err(cause)) => Err(ConnectError::Failed {
                url: url.to_string(),
                cause,
            }),
            Err(_) => Err(ConnectError::TimedOut {
                url: url.to_string(),
            }),
        }
    }

    /// The database it is to.
    pub(crate) fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Whether the version and history tables were checked and created on this connection.
    pub(crate) fn tables_ready(&self) -> bool {
        self.tables_ready
    }

    /// Note that the version and history tables were checked and created.
    pub(crate) fn mark_tables_ready(&mut self) {
        self.tables_ready = true;
    }

    /// Keep `lock_file` (and so its lock) until the connection closes.
    pub(crate) fn hold(&mut self, lock_file: LockFile) {
        self.lock_file = Some(lock_file);
    }

    /// The connection outside any transaction.
    pub(crate) fn conn(&mut self) -> &mut BackendConnection {
        &mut self.backend
    }

    /// Begin a transaction; on SQLite an immediate one, which takes the write lock at once.
    pub(crate) async fn begin(&mut self) -> Result<Transaction<'_>, sqlx::Error> {
        self.roll_back_abandoned().await?;
        let begin = self.begin_statement();
        execute(&mut self.backend, begin).await?;
        self.transaction_open = true;
        Ok(Transaction { connection: self })
    }

    /// Begin a transaction as [`begin`](Self::begin) does, without a round trip of its own:
    /// the returned statement is for the caller to send first, with what follows it.
    pub(crate) async fn begin_unsent(
        &mut self,
    ) -> Result<(Transaction<'_>, &'static str), sqlx::Error> {
        self.roll_back_abandoned().await?;
        let begin = self.begin_statement();
        self.transaction_open = true;
        Ok((Transaction { connection: self }, begin))
    }

    fn begin_statement(&self) -> &'static str {
        match self.dialect {
            Dialect::Sqlite => sqlite::session::BEGIN_IMMEDIATE,
            Dialect::Postgres | Dialect::MySql => self.dialect.begin_sql(),
        }
    }

    /// Roll back a transaction begun and abandoned (neither committed nor rolled back).
    async fn roll_back_abandoned(&mut self) -> Result<(), sqlx::Error> {
        if self.transaction_open {
            execute(
                &mut self.backend,
                crate::backend::common::transaction::ROLLBACK,
            )
            .await?;
            self.transaction_open = false;
        }
        Ok(())
    }

    /// Close the connection politely.
    pub(crate) async fn close(self) -> Result<(), sqlx::Error> {
        on_backend!(self.backend, conn => conn.close().await)
    }
}

/// Open the driver's connection for `dialect`.
async fn connect_backend(dialect: Dialect, url: &str) -> Result<BackendConnection, sqlx::Error> {
    Ok(match dialect {
        #[cfg(feature = "postgres")]
        Dialect::Postgres => BackendConnection::Postgres(sqlx::PgConnection::connect(url).await?),
        #[cfg(feature = "sqlite")]
        Dialect::Sqlite => BackendConnection::Sqlite(sqlx::SqliteConnection::connect(url).await?),
        #[cfg(feature = "mysql")]
        Dialect::MySql => BackendConnection::MySql(sqlx::MySqlConnection::connect(url).await?),
        // A URL is checked against the built-in drivers when it is read.
        #[allow(unreachable_patterns, reason = "reached when a driver feature is off")]
        _ => {
            let message = format!(
                "this program was built without the `{}` feature",
                dialect.feature()
            );
            return Err(sqlx::Error::Configuration(message.into()));
        }
    })
}

/// A transaction on a [`Connection`]: committed or rolled back by name; one dropped unfinished
/// is rolled back when the connection next begins one.
pub(crate) struct Transaction<'c> {
    connection: &'c mut Connection,
}

impl Transaction<'_> {
    /// The connection, inside the transaction.
    pub(crate) fn conn(&mut self) -> &mut BackendConnection {
        &mut self.connection.backend
    }

    /// Commit it.
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        self.finish(crate::backend::common::transaction::COMMIT)
            .await
    }

    /// Roll it back.
    pub(crate) async fn rollback(self) -> Result<(), sqlx::Error> {
        self.finish(crate::backend::common::transaction::ROLLBACK)
            .await
    }

    /// Note that the last statements sent on it ended with a `COMMIT` that succeeded.
    pub(crate) fn committed(self) {
        self.connection.transaction_open = false;
    }

    /// End it with `sql`; the connection holds no transaction of ours after, even when the
    /// statement failed (a `BEGIN` that never ran leaves none to roll back).
    async fn finish(self, sql: &str) -> Result<(), sqlx::Error> {
        let result = execute(&mut self.connection.backend, sql).await;
        self.connection.transaction_open = false;
        result.map(drop)
    }
}

/// Run one statement rendered by the backend; the number of rows it affected.
pub(crate) async fn execute(conn: &mut BackendConnection, sql: &str) -> Result<u64, sqlx::Error> {
    // The SQL comes from the backend module, which quotes every identifier and value.
    let statement = sqlx::raw_sql(AssertSqlSafe(sql.to_owned()));
    Ok(statement.execute(conn).await?.rows_affected())
}

/// What statements sent in one round trip did.
pub(crate) struct BatchOutcome {
    /// The rows each statement affected, in order, up to the one that failed.
    pub(crate) affected: Vec<u64>,
    /// The first column of the rows of the statement asked to be read, as strings.
    pub(crate) read: Vec<String>,
    /// The error of the statement that failed: the one after the last counted.
    pub(crate) error: Option<sqlx::Error>,
}

/// Run statements rendered by the backend in one round trip, reading the rows of the
/// statement at index `read`, if any.
pub(crate) async fn execute_batch(
    conn: &mut BackendConnection,
    statements: &[&str],
    read: Option<usize>,
) -> BatchOutcome {
    use sqlx::Row as _;
    // A line break ends a trailing comment (`--`, MySQL's `#`) before the separator (only
    // there: SQLite keeps a DDL statement's text up to the separator, and the catalog should
    // read as the statement was written).
    let mut sql = String::with_capacity(statements.iter().map(|s| s.len() + 3).sum());
    for (index, statement) in statements.iter().enumerate() {
        if index > 0 {
            sql.push_str(";\n");
        }
        sql.push_str(statement);
        let last_line = statement.lines().last().unwrap_or_default();
        if last_line.contains("--") || last_line.contains('#') {
            sql.push('\n');
        }
    }
    #[cfg(feature = "sqlite")]
    if let BackendConnection::Sqlite(conn) = conn {
        return sqlite_batch::execute_batch(conn, &sql, read).await;
    }
    let mut outcome = BatchOutcome {
        affected: Vec::with_capacity(statements.len()),
        read: Vec::new(),
        error: None,
    };
    let mut results = sqlx::raw_sql(AssertSqlSafe(sql)).fetch_many(conn);
    while let Some(result) = results.next().await {
        // A statement's rows come before its count.
        let taken = result.and_then(|item| match item {
            sqlx::Either::Left(done) => {
                outcome.affected.push(done.rows_affected());
                Ok(())
            }
            sqlx::Either::Right(row) if read == Some(outcome.affected.len()) => {
                outcome.read.push(row.try_get::<String, _>(0)?);
                Ok(())
            }
            sqlx::Either::Right(_) => Ok(()),
        });
        if let Err(error) = taken {
            outcome.error = Some(error);
            break;
        }
    }
    outcome
}

/// The first column of every row of a query rendered by the backend, as strings.
pub(crate) async fn fetch_strings(
    conn: &mut BackendConnection,
    sql: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(AssertSqlSafe(sql.to_owned()))
        .fetch_all(conn)
        .await
}

/// The columns of the table `name` (`table` or `schema.table`) with their types as the
/// catalog writes them, in order; none when there is no such table.
pub(crate) async fn table_columns(
    conn: &mut BackendConnection,
    dialect: Dialect,
    name: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let (schema, table) = crate::dialect::split_table(name);
    sqlx::query_as(dialect.table_columns_sql())
        .bind(schema.unwrap_or_default())
        .bind(table)
        .fetch_all(conn)
        .await
}

/// Whether the schema `schema` (a database on MySQL, an attached database on SQLite) exists.
pub(crate) async fn schema_exists(
    conn: &mut BackendConnection,
    dialect: Dialect,
    schema: &str,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(dialect.schema_exists_sql())
        .bind(schema)
        .fetch_one(conn)
        .await?;
    Ok(count > 0)
}

/// Every row of a query rendered by the backend, each column as text (NULL as `None`).
pub(crate) async fn fetch_rows_of_strings(
    conn: &mut BackendConnection,
    sql: &str,
) -> Result<Vec<Vec<Option<String>>>, sqlx::Error> {
    use sqlx::Row as _;
    let rows = sqlx::query(AssertSqlSafe(sql.to_owned()))
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            (0..row.len())
                .map(|i| match row.try_get::<Option<String>, _>(i) {
                    Ok(text) => Ok(text),
                    // MySQL answers a comparison with an integer.
                    Err(_) => row
                        .try_get::<Option<i64>, _>(i)
                        .map(|n| n.map(|n| n.to_string())),
                })
                .collect()
        })
        .collect()
}

/// The rows of a history-table query rendered by the backend.
pub(crate) async fn fetch_history(
    conn: &mut BackendConnection,
    sql: &str,
) -> Result<Vec<crate::history::HistoryRow>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String, i64, String)> =
        sqlx::query_as(AssertSqlSafe(sql.to_owned()))
            .fetch_all(conn)
            .await?;
    let rows = rows.into_iter().map(
        |(revision, direction, checksum, started_at, finished_at, duration_ms, applied_by)| {
            crate::history::HistoryRow {
                revision,
                direction,
                checksum,
                started_at,
                finished_at,
                duration_ms,
                applied_by,
            }
        },
    );
    Ok(rows.collect())
}
