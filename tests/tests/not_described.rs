//! What a catalog holds that migrate neither describes nor holds whole (a table's
//! partitioning, an unlogged table, storage parameters, row level security and its policies,
//! a storage engine, SQLite's table options): never dropped silently, listed by `check` with
//! the SQL each takes, and not counted as drift.

use migrate_runtime::prelude::*;
use migrate_tests::fixture::one_migration;
use migrate_tests::{Backend, TestDb, backend_tests};

async fn what_migrate_does_not_describe_is_listed_by_check(db: &TestDb) {
    let scratch = || {
        op::create_table("scratch")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("note", Type::Text))
    };
    let measurements = || {
        op::create_table("measurements")
            .column(Column::new("id", Type::Integer).not_null())
            .column(Column::new("at", Type::Date).not_null())
    };
    let upgrade = match db.backend() {
        Backend::Postgres => Plan::new().op(scratch()).op(op::execute(
            "CREATE TABLE measurements (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at)",
        )
        .changes_schema(measurements())),
        Backend::MySql => Plan::new().op(scratch()).op(measurements()),
        Backend::Sqlite => Plan::new().op(measurements()).op(op::execute(
            "CREATE TABLE scratch (id INTEGER PRIMARY KEY, note TEXT) STRICT",
        )
        .changes_schema(scratch())),
    };
    let downgrade = Plan::new()
        .op(op::drop_table("measurements"))
        .op(op::drop_table("scratch"));
    let migrator = one_migration(db.url(), "f20000000000", upgrade, Some(downgrade));
    migrator.upgrade("head").await.expect("upgrade");
    let by_hand: &[&str] = match db.backend() {
        Backend::Postgres => &[
            "ALTER TABLE scratch SET UNLOGGED",
            "ALTER TABLE scratch SET (fillfactor = 70)",
            "ALTER TABLE scratch ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY positive ON scratch USING (id > 0)",
        ],
        Backend::MySql => &[
            "ALTER TABLE scratch ENGINE = MyISAM",
            "ALTER TABLE measurements PARTITION BY HASH (id) PARTITIONS 2",
        ],
        Backend::Sqlite => &[],
    };
    for sql in by_hand {
        db.execute(sql).await;
    }
    let report = migrator.check().await.expect("check");
    let drift = report.drift.expect("drift checked");
    assert!(drift.is_empty(), "{drift:#?}");
    let listed: Vec<String> = report
        .not_described
        .iter()
        .map(ToString::to_string)
        .collect();
    let expected: &[&str] = match db.backend() {
        Backend::Postgres => &[
            "table `measurements`: partitioning: PARTITION BY RANGE (at)",
            "table `scratch`: policy: CREATE POLICY positive ON scratch FOR ALL TO PUBLIC USING ((id > 0))",
            "table `scratch`: row level security: ALTER TABLE scratch ENABLE ROW LEVEL SECURITY",
            "table `scratch`: storage parameters: ALTER TABLE scratch SET (fillfactor=70)",
            "table `scratch`: unlogged table: CREATE UNLOGGED TABLE",
        ],
        Backend::MySql => &[
            "table `measurements`: partitioning: PARTITION BY HASH (`id`) PARTITIONS 2",
            "table `scratch`: storage engine: ENGINE=MyISAM",
        ],
        Backend::Sqlite => &["table `scratch`: table options: STRICT"],
    };
    assert_eq!(listed, expected);
    // The same list comes with the catalog read a baseline is written from.
    let found = migrator.database_schema().await.expect("catalog");
    assert_eq!(found.not_described, report.not_described);
}

backend_tests!(what_migrate_does_not_describe_is_listed_by_check);
