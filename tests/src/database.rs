//! A uniquely named database per test, dropped when the test ends, pass or fail.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{AnyConnection, AssertSqlSafe, Connection};

/// A database the tests run against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the temporary directory.
    Sqlite,
    /// A database on the server of `MIGRATE_TEST_POSTGRES_URL`.
    Postgres,
    /// A database on the MySQL or MariaDB server of `MIGRATE_TEST_MYSQL_URL`.
    MySql,
}

impl Backend {
    /// The environment variable naming the server, and the database's name.
    fn server(self) -> Option<(&'static str, &'static str, &'static str)> {
        match self {
            Backend::Sqlite => None,
            Backend::Postgres => Some((
                "MIGRATE_TEST_POSTGRES_URL",
                "PostgreSQL",
                "postgres://postgres@127.0.0.1:5432/postgres",
            )),
            Backend::MySql => Some((
                "MIGRATE_TEST_MYSQL_URL",
                "MySQL/MariaDB",
                "mysql://root@127.0.0.1:3306/test",
            )),
        }
    }

    /// `"name"` or `` `name` ``.
    pub fn quote(self, identifier: &str) -> String {
        match self {
            Backend::MySql => format!("`{identifier}`"),
            Backend::Sqlite | Backend::Postgres => format!("\"{identifier}\""),
        }
    }
}

/// A fresh, empty database, removed on drop.
#[derive(Debug)]
pub struct TestDb {
    backend: Backend,
    url: String,
    name: String,
    /// The server's URL, from which the database is dropped (none for SQLite).
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

/// Say once per test binary and backend, past the test harness's output capture, that the
/// backend's tests were skipped and how to run them.
fn say_skipped(variable: &str, database: &str, example: &str) {
    static POSTGRES: Once = Once::new();
    static MYSQL: Once = Once::new();
    let once = if database == "PostgreSQL" {
        &POSTGRES
    } else {
        &MYSQL
    };
    once.call_once(|| {
        let note = format!(
            "skipped: {variable} is not set, so the {database} tests pass without running; \
             set it to a server URL, e.g. {example}\n"
        );
        let _ = std::io::stderr().write_all(note.as_bytes());
    });
}

/// A connection to `url` through sqlx's `Any` driver, for any backend.
pub(crate) async fn connect(url: &str) -> AnyConnection {
    sqlx::any::install_default_drivers();
    AnyConnection::connect(url)
        .await
        .expect("connect to the test database")
}

impl TestDb {
    /// A new database on `backend`, or `None` (with a note on stderr) when it is not configured.
    pub async fn create(backend: Backend) -> Option<Self> {
        let name = unique_name();
        let Some((variable, database, example)) = backend.server() else {
            let path = std::env::temp_dir().join(format!("{name}.db"));
            return Some(TestDb {
                backend,
                url: format!("sqlite://{}?mode=rwc", path.display()),
                name,
                admin_url: None,
            });
        };
        let Ok(admin_url) = std::env::var(variable) else {
            say_skipped(variable, database, example);
            return None;
        };
        let mut admin = connect(&admin_url).await;
        let create = format!("CREATE DATABASE {}", backend.quote(&name));
        sqlx::raw_sql(AssertSqlSafe(create))
            .execute(&mut admin)
            .await
            .expect("create database");
        Some(TestDb {
            backend,
            url: database_url(&admin_url, &name),
            name,
            admin_url: Some(admin_url),
        })
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
        let mut conn = connect(&self.url).await;
        crate::catalog::read(self.backend, &mut conn).await
    }

    /// The rows of the version table `table`, sorted.
    pub async fn versions(&self, table: &str) -> Vec<String> {
        let sql = format!(
            "SELECT version_num FROM {} ORDER BY version_num",
            self.backend.quote(table)
        );
        self.strings(&sql).await
    }

    /// The first column of every row of a query returning text.
    pub async fn strings(&self, sql: &str) -> Vec<String> {
        let mut conn = connect(&self.url).await;
        let sql = AssertSqlSafe(sql.to_owned());
        sqlx::query_scalar(sql)
            .fetch_all(&mut conn)
            .await
            .expect("query")
    }

    /// Run one SQL statement on the database, returning what the database said.
    pub async fn try_execute(&self, sql: &str) -> Result<(), sqlx::Error> {
        let mut conn = connect(&self.url).await;
        sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
            .execute(&mut conn)
            .await
            .map(drop)
    }

    /// The integer a query returns, such as a `COUNT(*)`.
    pub async fn count(&self, sql: &str) -> i64 {
        let mut conn = connect(&self.url).await;
        let sql = AssertSqlSafe(sql.to_owned());
        sqlx::query_scalar(sql)
            .fetch_one(&mut conn)
            .await
            .expect("count")
    }

    /// The integer a query returns, or the error (a table that does not exist yet).
    pub async fn try_count(&self, sql: &str) -> Result<i64, sqlx::Error> {
        let mut conn = connect(&self.url).await;
        let sql = AssertSqlSafe(sql.to_owned());
        sqlx::query_scalar(sql).fetch_one(&mut conn).await
    }

    /// Run a script of several statements, as a database's own client would.
    pub async fn execute_script(&self, script: &str) {
        let mut conn = connect(&self.url).await;
        let script = AssertSqlSafe(script.to_owned());
        sqlx::raw_sql(script)
            .execute(&mut conn)
            .await
            .expect("run the script");
    }

    /// Run `script` with the database's command-line client; false when it is not installed.
    pub fn run_with_client(&self, script: &str) -> bool {
        let db = self;
        let file = std::env::temp_dir().join(format!(
            "migrate_script_{}_{}.sql",
            std::process::id(),
            self.name
        ));
        std::fs::write(&file, script).expect("write the script");
        let url = db.url();
        let (client, args): (&str, Vec<String>) = match db.backend() {
            Backend::Postgres => (
                "psql",
                vec![
                    "-v".into(),
                    "ON_ERROR_STOP=1".into(),
                    "-q".into(),
                    "-f".into(),
                    file.display().to_string(),
                    url.into(),
                ],
            ),
            Backend::Sqlite => {
                let path = url.trim_start_matches("sqlite://");
                let path = path.split('?').next().unwrap_or(path);
                (
                    "sqlite3",
                    vec![
                        "-bail".into(),
                        path.into(),
                        format!(".read {}", file.display()),
                    ],
                )
            }
            Backend::MySql => {
                let rest = url.trim_start_matches("mysql://");
                let (credentials, rest) = rest.split_once('@').expect("user@host in the URL");
                let (address, database) = rest.split_once('/').expect("a database in the URL");
                let (host, port) = address.split_once(':').unwrap_or((address, "3306"));
                let mut args = vec![format!("--host={host}"), format!("--port={port}")];
                match credentials.split_once(':') {
                    Some((user, password)) => {
                        args.push(format!("--user={user}"));
                        args.push(format!("--password={password}"));
                    }
                    None => args.push(format!("--user={credentials}")),
                }
                args.push(database.split('?').next().unwrap_or(database).to_owned());
                args.push("-e".into());
                args.push(format!("source {}", file.display()));
                ("mysql", args)
            }
        };
        let output = std::process::Command::new(client).args(&args).output();
        std::fs::remove_file(&file).expect("clean up");
        let Ok(output) = output else {
            eprintln!("skipped: {client} is not installed");
            return false;
        };
        assert!(
            output.status.success(),
            "{client} failed: {}\n{script}",
            String::from_utf8_lossy(&output.stderr)
        );
        true
    }

    /// Run one SQL statement on the database.
    pub async fn execute(&self, sql: &str) {
        let mut conn = connect(&self.url).await;
        sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
            .execute(&mut conn)
            .await
            .expect("execute");
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
        let Some(admin_url) = self.admin_url.clone() else {
            let path = self.url.trim_start_matches("sqlite://");
            let path = PathBuf::from(path.split('?').next().unwrap_or(path));
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut file = path.clone().into_os_string();
                file.push(suffix);
                let _ = std::fs::remove_file(file);
            }
            return;
        };
        let force = if self.backend == Backend::Postgres {
            " WITH (FORCE)"
        } else {
            ""
        };
        let drop = format!(
            "DROP DATABASE IF EXISTS {}{force}",
            self.backend.quote(&self.name)
        );
        // A thread of its own: the test's runtime may be shutting down.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let mut admin = connect(&admin_url).await;
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
            database_url("mysql://root@h:3306/test", "t1"),
            "mysql://root@h:3306/t1"
        );
        assert_eq!(
            database_url("postgres://h?sslmode=disable", "t1"),
            "postgres://h/t1?sslmode=disable"
        );
    }
}
