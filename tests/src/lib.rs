//! Helpers for the end-to-end tests: a fresh database per test on each backend, and the
//! schema read back from the database's own catalog.
//!
//! PostgreSQL tests run when `MIGRATE_TEST_POSTGRES_URL` names a server, MySQL/MariaDB tests
//! when `MIGRATE_TEST_MYSQL_URL` does (any database on it); without them they say that they
//! were skipped.

pub mod alembic;
mod catalog;
mod database;
pub mod fixture;
pub mod project;

pub use catalog::{ColumnInfo, Schema, Table};
pub use database::{Backend, TestDb};

/// Run `future` to its end on a runtime of its own: for property tests, whose cases are plain
/// functions.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(future),
        Err(error) => panic!("cannot start a runtime: {error}"),
    }
}

/// Generate one `#[tokio::test]` per backend for each `async fn name(db: &TestDb)`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(db) = $crate::TestDb::create($crate::Backend::Sqlite).await {
                        super::$name(&db).await;
                    }
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(db) = $crate::TestDb::create($crate::Backend::Postgres).await {
                        super::$name(&db).await;
                    }
                }
            )*
        }
        mod mysql {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(db) = $crate::TestDb::create($crate::Backend::MySql).await {
                        super::$name(&db).await;
                    }
                }
            )*
        }
    };
}
