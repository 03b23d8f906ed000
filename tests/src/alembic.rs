//! Alembic's autogenerate test cases, ported: the database side (Alembic's `m1`) made with
//! the DDL SQLAlchemy emits on each database, the model side (`m2`) declared with
//! `#[derive(Model)]`, and what autogenerate finds between the live catalog and the models,
//! compared as Alembic's `compare_metadata` compares them.

use migrate_runtime::autogenerate::{self, Renames};
use migrate_runtime::model::Models;
use migrate_runtime::{Dialect, NamingConvention};

use crate::{Backend, TestDb};

/// The dialect of `db`.
pub fn dialect(db: &TestDb) -> Dialect {
    match db.backend() {
        Backend::Postgres => Dialect::Postgres,
        Backend::Sqlite => Dialect::Sqlite,
        Backend::MySql => Dialect::MySql,
    }
}

/// `sql` in `db`'s words: `"name"` quoted with backticks on MySQL, `{serial}` the integer key
/// SQLAlchemy numbers (`SERIAL`, `AUTO_INCREMENT`, SQLite's row id) and `{double}`
/// SQLAlchemy's `Double`.
pub fn ddl(db: &TestDb, sql: &str) -> String {
    let (serial, double) = match db.backend() {
        Backend::Postgres => ("SERIAL NOT NULL", "DOUBLE PRECISION"),
        Backend::MySql => ("INTEGER NOT NULL AUTO_INCREMENT", "DOUBLE"),
        Backend::Sqlite => ("INTEGER NOT NULL", "DOUBLE"),
    };
    let sql = sql.replace("{serial}", serial).replace("{double}", double);
    match db.backend() {
        Backend::MySql => sql.replace('"', "`"),
        Backend::Postgres | Backend::Sqlite => sql,
    }
}

/// The statement for `db`'s database.
pub fn pick(
    db: &TestDb,
    postgres: &'static str,
    sqlite: &'static str,
    mysql: &'static str,
) -> &'static str {
    match db.backend() {
        Backend::Postgres => postgres,
        Backend::Sqlite => sqlite,
        Backend::MySql => mysql,
    }
}

/// Run `setup` on the database, then what autogenerate finds between its catalog and
/// `models`, one summary per change. As Alembic, a column gone and another new are never
/// taken for a rename.
pub async fn summaries<S: AsRef<str>>(db: &TestDb, setup: &[S], models: Models) -> Vec<String> {
    // A database made by nothing still exists (SQLite's file).
    db.execute("SELECT 1").await;
    for sql in setup {
        db.execute(&ddl(db, sql.as_ref())).await;
    }
    let dialect = dialect(db);
    let live = migrate_runtime::read_database(db.url(), "migrate_version")
        .await
        .expect("the catalog")
        .portable(dialect);
    let declared = models
        .schema(&NamingConvention::default(), dialect)
        .expect("the models");
    let renames = Renames::of(&models);
    let changes = autogenerate::changes(&live, &declared, &renames, dialect, &mut |_| Some(false))
        .expect("compared");
    changes.into_iter().map(|change| change.summary).collect()
}

/// Nothing found between the database `setup` makes and `models`.
pub async fn assert_no_change<S: AsRef<str>>(db: &TestDb, setup: &[S], models: Models) {
    let found = summaries(db, setup, models).await;
    assert!(
        found.is_empty(),
        "no change expected on {:?}, found:\n  {}",
        db.backend(),
        found.join("\n  ")
    );
}

/// Exactly `expected` found between the database `setup` makes and `models`, in order.
pub async fn assert_changes<S: AsRef<str>>(
    db: &TestDb,
    setup: &[S],
    models: Models,
    expected: &[&str],
) {
    let found = summaries(db, setup, models).await;
    assert_eq!(found, expected, "the changes on {:?}", db.backend());
}

/// `summary` with the name of a dropped key or unique constraint that the database gave
/// (`user_test2_fkey`, `user_ibfk_1`), or SQLite's "without a name on (…)", written `*`.
pub fn server_named(summary: &str) -> String {
    for kind in ["foreign key", "unique constraint"] {
        let named = summary
            .strip_prefix(&format!("dropped {kind} `"))
            .and_then(|rest| rest.split_once("` of `"));
        let unnamed = summary
            .strip_prefix(&format!("dropped {kind} without a name on ("))
            .and_then(|rest| rest.split_once(") of `"));
        if let Some((_, table)) = named.or(unnamed) {
            return format!("dropped {kind} `*` of `{table}");
        }
    }
    summary.to_owned()
}
