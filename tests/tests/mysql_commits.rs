//! MySQL commits each DDL statement at once, and every statement after it on its own: a
//! failed migration's report lists exactly the statements that stayed, version-table writes
//! included.

use migrate_runtime::prelude::*;
use migrate_runtime::{Error, Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb};

fn first() -> Fixed {
    Fixed {
        upgrade: Plan::new().op(op::create_table("base").column(Column::new("id", Type::Integer))),
        downgrade: Some(Plan::new().op(op::drop_table("base"))),
    }
}

async fn failure_of(db: &TestDb, second: Fixed) -> migrate_runtime::MigrationError {
    let migrations = Migrations::from_defs([
        leak("m00000000001", &[], first()),
        leak("m00000000002", &["m00000000001"], second),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    match migrator.upgrade("head").await {
        Err(Error::Migration(error)) => *error,
        other => panic!("a migration failure, got {other:?}"),
    }
}

#[tokio::test]
async fn statements_after_the_first_ddl_are_reported_as_committed() {
    let Some(db) = TestDb::create(Backend::MySql).await else {
        return;
    };
    let second = Fixed {
        upgrade: Plan::new()
            .op(op::execute("INSERT INTO base (id) VALUES (1)"))
            .op(op::create_table("t").column(Column::new("id", Type::Integer)))
            .op(op::execute("INSERT INTO t (id) VALUES (2)"))
            .op(op::execute("INSERT INTO no_such_table VALUES (3)")),
        downgrade: Some(Plan::new()),
    };
    let error = failure_of(&db, second).await;
    let left: Vec<&str> = error.left_applied.iter().map(String::as_str).collect();
    assert_eq!(left.len(), 3, "{left:?}");
    assert!(left[0].starts_with("INSERT INTO base"), "{left:?}");
    assert!(left[1].starts_with("CREATE TABLE"), "{left:?}");
    assert!(left[2].starts_with("INSERT INTO t"), "{left:?}");
    assert!(!error.version_table_written);
    // What the report says is what the database holds.
    assert_eq!(db.count("SELECT count(*) FROM base").await, 1);
    assert_eq!(db.count("SELECT count(*) FROM t").await, 1);
    assert_eq!(db.versions("migrate_version").await, ["m00000000001"]);
}

/// A syntax error is reported with the server's quote cut at the end of the statement that
/// failed, though the version-table write went in the same round trip.
#[tokio::test]
async fn a_syntax_error_quotes_the_statement_alone() {
    let Some(db) = TestDb::create(Backend::MySql).await else {
        return;
    };
    let second = Fixed {
        upgrade: Plan::new().op(op::execute("UPDATE base SET id = id + WHERE id = 1")),
        downgrade: Some(Plan::new()),
    };
    let error = failure_of(&db, second).await;
    let message = error.to_string();
    assert!(
        message.contains("near 'WHERE id = 1' at line 1"),
        "{message}"
    );
    assert!(!message.contains("migrate_version"), "{message}");
}

#[tokio::test]
async fn a_version_write_that_committed_is_reported_as_committed() {
    let Some(db) = TestDb::create(Backend::MySql).await else {
        return;
    };
    // The migration removes the version row itself, so the step's write touches no row.
    let second = Fixed {
        upgrade: Plan::new()
            .op(op::create_table("t").column(Column::new("id", Type::Integer)))
            .op(op::execute("DELETE FROM migrate_version")),
        downgrade: Some(Plan::new()),
    };
    let error = failure_of(&db, second).await;
    assert!(error.version_table_written, "{error}");
    let last = error
        .left_applied
        .last()
        .map(String::as_str)
        .unwrap_or_default();
    assert!(last.starts_with("UPDATE `migrate_version`"), "{error}");
    assert!(
        error
            .to_string()
            .contains("the version table write among them"),
        "{error}"
    );
}

/// Before any DDL, the transaction holds: nothing is reported, nothing stays.
#[tokio::test]
async fn before_any_ddl_the_rollback_undoes_everything() {
    let Some(db) = TestDb::create(Backend::MySql).await else {
        return;
    };
    let second = Fixed {
        upgrade: Plan::new()
            .op(op::execute("INSERT INTO base (id) VALUES (1)"))
            .op(op::execute("INSERT INTO no_such_table VALUES (3)")),
        downgrade: Some(Plan::new()),
    };
    let error = failure_of(&db, second).await;
    assert!(error.left_applied.is_empty(), "{error}");
    assert_eq!(db.count("SELECT count(*) FROM base").await, 0);
}

/// What committed is recorded: the report says a rerun resumes after it, and a rerun of the
/// mended migration runs only what did not commit (the `ADD COLUMN` is not run again), after
/// which the history holds one row for the step.
#[tokio::test]
async fn a_rerun_resumes_after_what_committed() {
    let Some(db) = TestDb::create(Backend::MySql).await else {
        return;
    };
    let second = |last: &str| Fixed {
        upgrade: Plan::new()
            .op(op::execute("INSERT INTO base (id) VALUES (1)"))
            .op(op::add_column(
                "base",
                Column::new("note", Type::Varchar(20)),
            ))
            .op(op::execute("INSERT INTO base (id, note) VALUES (2, 'b')"))
            .op(op::execute(last.to_owned())),
        downgrade: Some(Plan::new()),
    };
    let error = failure_of(&db, second("INSERT INTO no_such_table VALUES (3)")).await;
    assert!(error.resumable, "{error}");
    assert!(
        error.to_string().contains(
            "the history table records each of them: running it again resumes after them"
        ),
        "{error}"
    );
    let partial = "SELECT count(*) FROM migrate_history WHERE direction = 'partial'";
    assert_eq!(
        db.count(partial).await,
        3,
        "the three statements that committed"
    );

    let mended = Migrations::from_defs([
        leak("m00000000001", &[], first()),
        leak(
            "m00000000002",
            &["m00000000001"],
            second("INSERT INTO base (id) VALUES (3)"),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &mended).expect("history");
    migrator.upgrade("head").await.expect("the rerun resumes");
    assert_eq!(
        db.strings("SELECT CAST(id AS CHAR) FROM base ORDER BY id")
            .await,
        ["1", "2", "3"],
        "each statement ran once"
    );
    assert_eq!(db.versions("migrate_version").await, ["m00000000002"]);
    assert_eq!(db.count(partial).await, 0, "replaced by the step's row");
    let steps = "SELECT count(*) FROM migrate_history WHERE revision = 'm00000000002'";
    assert_eq!(db.count(steps).await, 1);
}

/// A run killed while MariaDB builds an index (the connection dropped mid-statement; the
/// server finishes the statement all the same): the history shows the statement was sent but
/// not that it committed, and the rerun asks the catalog, finds the index, records it and
/// goes on instead of failing on a duplicate index name.
#[tokio::test]
async fn a_rerun_after_a_kill_mid_ddl_asks_the_catalog() {
    let Some(db) = TestDb::create(Backend::MySql).await else {
        return;
    };
    let version = db.strings("SELECT VERSION()").await.remove(0);
    if !version.contains("MariaDB") {
        eprintln!("skipped: the test fills its table from MariaDB's sequence engine");
        return;
    }
    let big = Fixed {
        upgrade: Plan::new()
            .op(op::create_table("big")
                .column(Column::new("id", Type::Integer).primary_key())
                .column(Column::new("v", Type::Integer)))
            .op(op::execute(
                "INSERT INTO big SELECT seq, seq % 1000 FROM seq_1_to_1500000",
            )),
        downgrade: Some(Plan::new().op(op::drop_table("big"))),
    };
    let index = Fixed {
        upgrade: Plan::new()
            .op(op::create_index("ix_big_v", "big", "v"))
            .op(op::create_table("after").column(Column::new("id", Type::Integer))),
        downgrade: None,
    };
    let migrations = Migrations::from_defs([
        leak("k00000000001", &[], big),
        leak("k00000000002", &["k00000000001"], index),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator
        .upgrade("k00000000001")
        .await
        .expect("the big table");
    let killed = migrator.clone();
    let run = tokio::spawn(async move { killed.upgrade("head").await });
    let sent = "SELECT count(*) FROM migrate_history WHERE revision = 'k00000000002' AND direction = 'running'";
    for _ in 0..2000 {
        if db.try_count(sent).await.unwrap_or(0) > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    run.abort();
    let _ = run.await;
    assert_eq!(db.count(sent).await, 1, "the index statement was announced");
    let recorded = "SELECT count(*) FROM migrate_history WHERE revision = 'k00000000002' AND direction = 'partial'";
    assert_eq!(db.count(recorded).await, 0, "killed before it was recorded");
    // The server goes on with the statement of the dropped connection; wait for it.
    let building =
        "SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'CREATE INDEX%'";
    for _ in 0..600 {
        if db.count(building).await == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(db.versions("migrate_version").await, ["k00000000001"]);
    migrator
        .upgrade("head")
        .await
        .unwrap_or_else(|e| panic!("the rerun goes on past the index: {e}"));
    assert_eq!(db.versions("migrate_version").await, ["k00000000002"]);
    assert_eq!(
        db.count("SELECT count(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'ix_big_v'").await,
        1
    );
    assert!(db.schema().await.tables.contains_key("after"));
    let left = "SELECT count(*) FROM migrate_history WHERE direction IN ('partial', 'running')";
    assert_eq!(db.count(left).await, 0);
}
