//! One runner at a time: a lock per database and version table, held by every command that
//! writes, for its whole run. Many app instances calling `upgrade` at start-up then apply each
//! migration once; the others wait, say for whom, and find nothing to do.
//!
//! - PostgreSQL: `pg_advisory_lock` on a key derived from the version table's name;
//! - MySQL and MariaDB: `GET_LOCK` on a name derived from the database and the version table;
//! - SQLite: an OS file lock beside the database file (`database::lock_file`); each migration also takes
//!   the write lock with `BEGIN IMMEDIATE` and checks, inside it, that the version table is
//!   still what its route expected (see the executor).
//!
//! Every one of them is released when the connection closes or the process ends, so a
//! failure or a crash cannot leave it held.

use std::time::Duration;

use crate::connection::BackendConnection;

use crate::backend::{mysql, postgres, sqlite};
use crate::database::{self, Connection, DatabaseUrl, Said, lock_file};
use crate::dialect::Dialect;

/// The lock could not be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LockError {
    /// Another run held it longer than the timeout.
    #[error("the migration lock is held by {holder}, and was not released within {} s", .waited.as_secs_f64())]
    TimedOut {
        /// How long this run waited.
        waited: Duration,
        /// Who holds it: as the database tells (PostgreSQL, MySQL) or the lock file says
        /// (SQLite).
        holder: String,
    },
    /// The database refused the lock statement.
    #[error("taking the migration lock failed: {}", Said(.0))]
    Failed(sqlx::Error),
    /// SQLite's lock file could not be opened or written.
    #[error("cannot use the migration lock file {path}: {cause}")]
    File {
        /// The lock file.
        path: String,
        /// What the operating system said.
        cause: std::io::Error,
    },
}

/// Take the lock for `version_table` on the database of `url`, waiting at most `timeout` (for
/// ever when `None`).
pub(crate) async fn acquire(
    connection: &mut Connection,
    url: &DatabaseUrl,
    version_table: &str,
    timeout: Option<Duration>,
) -> Result<(), LockError> {
    match url.dialect() {
        Dialect::Postgres => lock_postgres(connection.conn(), version_table, timeout).await,
        Dialect::MySql => lock_mysql(connection.conn(), version_table, timeout).await,
        Dialect::Sqlite => {
            if let Some(database) = url.sqlite_file() {
                let failed = |cause| LockError::File {
                    path: lock_file::lock_path(&database).display().to_string(),
                    cause,
                };
                match lock_file::acquire(&database, timeout)
                    .await
                    .map_err(failed)?
                {
                    lock_file::Taken::Held(lock) => connection.hold(lock),
                    lock_file::Taken::TimedOut { holder } => {
                        let waited = timeout.unwrap_or_default();
                        return Err(LockError::TimedOut { waited, holder });
                    }
                }
            }
            // Other writers (the app itself) take SQLite's write lock too: wait for it up to
            // the same bound, and as long as SQLite can when there is none.
            let wait = timeout.unwrap_or(Duration::from_millis(i32::MAX.unsigned_abs().into()));
            let pragma = sqlite::session::busy_timeout(wait);
            let conn = connection.conn();
            database::execute(conn, &pragma)
                .await
                .map_err(LockError::Failed)?;
            Ok(())
        }
    }
}

/// `pg_advisory_lock`, bounded by `lock_timeout` (which the session keeps for the DDL that
/// follows).
async fn lock_postgres(
    conn: &mut BackendConnection,
    version_table: &str,
    timeout: Option<Duration>,
) -> Result<(), LockError> {
    if let Some(timeout) = timeout {
        let sql = postgres::session::lock_timeout(timeout);
        database::execute(conn, &sql)
            .await
            .map_err(LockError::Failed)?;
    }
    let key = postgres::session::lock_key(version_table);
    let try_lock = sqlx::query_scalar(postgres::session::TRY_LOCK).bind(key);
    if try_lock
        .fetch_one(&mut *conn)
        .await
        .map_err(LockError::Failed)?
    {
        return Ok(());
    }
    let holder = postgres_holder(conn, key).await;
    let timed_out = |holder| LockError::TimedOut {
        waited: timeout.unwrap_or_default(),
        holder,
    };
    if timeout == Some(Duration::ZERO) {
        return Err(timed_out(holder));
    }
    tracing::info!("waiting for the migration lock, held by {holder}");
    let waiting = std::time::Instant::now();
    let lock = sqlx::query(postgres::session::LOCK).bind(key);
    match lock.execute(conn).await {
        Ok(_) => {
            tracing::info!("got the migration lock after {:.1?}", waiting.elapsed());
            Ok(())
        }
        Err(sqlx::Error::Database(error))
            if error.code().as_deref() == Some(postgres::session::LOCK_NOT_AVAILABLE) =>
        {
            Err(timed_out(holder))
        }
        Err(error) => Err(LockError::Failed(error)),
    }
}

/// The session holding the advisory lock `key`, as `pg_locks` and `pg_stat_activity` tell.
async fn postgres_holder(conn: &mut BackendConnection, key: i64) -> String {
    let (high, low) = postgres::session::lock_halves(key);
    /// Process id, user, application, client address, connected since.
    type Holder = (i64, String, String, String, String);
    let holder: Result<Option<Holder>, _> = sqlx::query_as(postgres::session::LOCK_HOLDER)
        .bind(high)
        .bind(low)
        .fetch_optional(conn)
        .await;
    match holder {
        Ok(Some((pid, user, application, client, since))) => {
            let application = match application.is_empty() {
                true => String::new(),
                false => format!(", application `{application}`"),
            };
            format!(
                "server process {pid} (user `{user}` from {client}{application}, connected since {since})"
            )
        }
        Ok(None) | Err(_) => "another session".to_owned(),
    }
}

/// `GET_LOCK`: at once when free; otherwise say who holds it and wait up to `timeout`.
async fn lock_mysql(
    conn: &mut BackendConnection,
    version_table: &str,
    timeout: Option<Duration>,
) -> Result<(), LockError> {
    if get_lock(conn, version_table, 0).await? {
        return Ok(());
    }
    let holder = mysql_holder(conn, version_table).await;
    if timeout == Some(Duration::ZERO) {
        return Err(LockError::TimedOut {
            waited: Duration::ZERO,
            holder,
        });
    }
    tracing::info!("waiting for the migration lock, held by {holder}");
    let waiting = std::time::Instant::now();
    match get_lock(conn, version_table, mysql::session::lock_wait(timeout)).await? {
        true => {
            tracing::info!("got the migration lock after {:.1?}", waiting.elapsed());
            Ok(())
        }
        false => Err(LockError::TimedOut {
            waited: timeout.unwrap_or_default(),
            holder,
        }),
    }
}

/// `GET_LOCK` waiting at most `wait` seconds: whether it was had.
async fn get_lock(
    conn: &mut BackendConnection,
    version_table: &str,
    wait: i64,
) -> Result<bool, LockError> {
    let (database, table) = crate::dialect::split_table(version_table);
    let query = sqlx::query_scalar(mysql::session::LOCK)
        .bind(database.unwrap_or_default())
        .bind(table)
        .bind(wait);
    let got: Option<i64> = query.fetch_one(conn).await.map_err(LockError::Failed)?;
    Ok(got == Some(1))
}

/// The connection holding the named lock, as `IS_USED_LOCK` and the process list tell.
async fn mysql_holder(conn: &mut BackendConnection, version_table: &str) -> String {
    let (database, table) = crate::dialect::split_table(version_table);
    let holder: Result<Option<(i64, String, String, i64)>, _> =
        sqlx::query_as(mysql::session::LOCK_HOLDER)
            .bind(database.unwrap_or_default())
            .bind(table)
            .fetch_optional(conn)
            .await;
    match holder {
        Ok(Some((id, user, host, seconds))) => {
            format!(
                "connection {id} (user `{user}` from {host}, in its current state for {seconds} s)"
            )
        }
        Ok(None) | Err(_) => "another connection".to_owned(),
    }
}

/// Bound each statement to `timeout` where the database can (PostgreSQL's
/// `statement_timeout`, MariaDB's `max_statement_time`, MySQL's `max_execution_time`).
pub(crate) async fn bound_statements(
    conn: &mut BackendConnection,
    dialect: Dialect,
    timeout: Duration,
) -> Result<(), sqlx::Error> {
    let sql = match dialect {
        Dialect::Postgres => postgres::session::statement_timeout(timeout),
        Dialect::MySql => {
            let mariadb = mysql::catalog::is_mariadb(&mut *conn).await?;
            mysql::session::statement_timeout(mariadb, timeout)
        }
        Dialect::Sqlite => {
            tracing::warn!(
                "SQLite has no statement timeout; --statement-timeout bounds only the waits for the migration lock and SQLite's write lock"
            );
            return Ok(());
        }
    };
    database::execute(conn, &sql).await.map(drop)
}

/// On PostgreSQL, keep notices out of the logs of every start-up, and have the server notice
/// a client that died during a statement (PostgreSQL 14 and later; older servers do without).
pub(crate) async fn prepare_session(
    conn: &mut BackendConnection,
    dialect: Dialect,
) -> Result<(), sqlx::Error> {
    match dialect {
        Dialect::Postgres => {
            database::execute(conn, postgres::session::QUIET_NOTICES).await?;
            // Refused before PostgreSQL 14 (unknown setting) and off Linux ("must be set to 0
            // on this platform"): the server then notices a dead client when a statement ends.
            match database::execute(conn, &postgres::session::check_client()).await {
                Err(sqlx::Error::Database(error)) => {
                    tracing::debug!(%error, "the server cannot check for dead clients");
                    Ok(())
                }
                done => done.map(drop),
            }
        }
        Dialect::MySql | Dialect::Sqlite => Ok(()),
    }
}

/// On MySQL, also bound waits for metadata locks (`lock_wait_timeout`) by `timeout`.
pub(crate) async fn bound_lock_waits(
    conn: &mut BackendConnection,
    dialect: Dialect,
    timeout: Duration,
) -> Result<(), sqlx::Error> {
    match dialect {
        Dialect::MySql => {
            let sql = mysql::session::lock_wait_timeout(timeout);
            database::execute(conn, &sql).await.map(drop)
        }
        Dialect::Postgres | Dialect::Sqlite => Ok(()),
    }
}
