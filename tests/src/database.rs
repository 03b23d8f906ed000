//! A uniquely named database per test, dropped when the test ends, pass or fail.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{AssertSqlSafe, Connection, PgConnection, SqliteConnection};

/// The environment variable that names the PostgreSQL server for tests.
pub const POSTGRES_URL_VAR: &str = "MIGRATE_TEST_POSTGRES_URL";

/// A database the tests run against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the temporary directory.
    Sqlite,
    /// A database on the server of `MIGRATE_TEST_POSTGRES_URL`.
    Postgres,
}

/// A fresh, empty database, removed on drop.
#[derive(Debug)]
pub struct TestDb {
    backend: Backend,
    url: String,
    name: String,
    /// The server's URL for PostgreSQL, from which the database is dropped.
    admin_url: Option<String>,
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("migrate_test_{}_{count}_{nanos}", std::process::id())
}

/// Say once per test binary, past the test harness's output capture, that a backend's tests
/// were skipped and how to run them.
fn say_skipped(database: &str, variable: &str) {
    static SAID: Once = Once::new();
    SAID.call_once(|| {
        let note = format!(
            "skipped: {variable} is not set, so the {database} tests pass without running; \
             set it to a server URL, e.g. postgres://postgres@127.0.0.1:5432/postgres\n"
        );
        let _ = std::io::stderr().write_all(note.as_bytes());
    });
}

impl TestDb {
    /// A new database on `backend`, or `None` (with a note on stderr) when it is not configured.
    pub async fn create(backend: Backend) -> Option<Self> {
        let name = unique_name();
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                Some(TestDb {
                    backend,
                    url: format!("sqlite://{}", path.display()),
                    name,
                    admin_url: None,
                })
            }
            Backend::Postgres => {
                let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else {
                    say_skipped("PostgreSQL", POSTGRES_URL_VAR);
                    return None;
                };
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .expect("connect to PostgreSQL");
                let create = format!("CREATE DATABASE \"{name}\"");
                sqlx::raw_sql(AssertSqlSafe(create))
                    .execute(&mut admin)
                    .await
                    .expect("create database");
                let url = database_url(&admin_url, &name);
                Some(TestDb {
                    backend,
                    url,
                    name,
                    admin_url: Some(admin_url),
                })
            }
        }
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The database's URL, for the migrator or `--database-url`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The schema as the database's catalog reports it, the version table included.
    pub async fn schema(&self) -> crate::Schema {
        match self.backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::connect(&self.url)
                    .await
                    .expect("open SQLite");
                crate::catalog::read_sqlite(&mut conn).await
            }
            Backend::Postgres => {
                let mut conn = PgConnection::connect(&self.url).await.expect("connect");
                crate::catalog::read_postgres(&mut conn).await
            }
        }
    }

    /// The rows of the version table `table`, sorted.
    pub async fn versions(&self, table: &str) -> Vec<String> {
        let sql = format!("SELECT version_num FROM \"{table}\" ORDER BY version_num");
        self.strings(&sql).await
    }

    /// The first column of every row of a query returning text.
    pub async fn strings(&self, sql: &str) -> Vec<String> {
        let sql = AssertSqlSafe(sql.to_owned());
        match self.backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::connect(&self.url)
                    .await
                    .expect("open SQLite");
                sqlx::query_scalar(sql)
                    .fetch_all(&mut conn)
                    .await
                    .expect("query")
            }
            Backend::Postgres => {
                let mut conn = PgConnection::connect(&self.url).await.expect("connect");
                sqlx::query_scalar(sql)
                    .fetch_all(&mut conn)
                    .await
                    .expect("query")
            }
        }
    }

    /// Run one SQL statement on the database.
    pub async fn execute(&self, sql: &str) {
        self.strings(sql).await;
    }
}

/// The URL of database `name` on the server of `server_url`.
fn database_url(server_url: &str, name: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server_url, String::new()),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    format!("{}/{name}{query}", &base[..host_end])
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match (&self.backend, &self.admin_url) {
            (Backend::Sqlite, _) => {
                let path = PathBuf::from(self.url.trim_start_matches("sqlite://"));
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
            }
            (Backend::Postgres, Some(admin_url)) => {
                let admin_url = admin_url.clone();
                let drop = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
                // A thread of its own: the test's runtime may be shutting down.
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    runtime.block_on(async {
                        let mut admin = PgConnection::connect(&admin_url).await?;
                        sqlx::raw_sql(AssertSqlSafe(drop))
                            .execute(&mut admin)
                            .await?;
                        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
                    })
                })
                .join();
                if !matches!(dropped, Ok(Ok(()))) {
                    eprintln!("warning: test database {} was not dropped", self.name);
                }
            }
            (Backend::Postgres, None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn replaces_the_database_of_a_server_url() {
        assert_eq!(
            database_url("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            database_url("postgres://h?sslmode=disable", "t1"),
            "postgres://h/t1?sslmode=disable"
        );
    }
}
