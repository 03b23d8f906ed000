//! Index columns in descending order, with MySQL prefixes and PostgreSQL `INCLUDE` columns:
//! created by the op on every database (each keeping what it has), read back from each
//! catalog with no drift, and a hand-made index that lacks them is drift. A whole-column key
//! that MySQL shortens itself reads back as the whole column.

use migrate_runtime::Migrator;
use migrate_runtime::prelude::*;
use migrate_tests::fixture::{drift_lines, one_migration};
use migrate_tests::{Backend, TestDb, backend_tests};

fn migrator(db: &TestDb) -> Migrator {
    let create = Plan::new()
        .op(op::create_table("versions")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("name", Type::Varchar(500)).not_null())
            .column(Column::new("major", Type::Integer).not_null())
            .column(Column::new("note", Type::Text))
            .column(Column::new("url", Type::Varchar(1000))))
        .op(op::create_index("ix_latest", "versions", ["name", "major"])
            .descending("major")
            .prefix("name", 64)
            .include(["note"]))
        // Longer than an index key may be on MySQL: the server keeps its first 768 characters.
        .op(op::create_index("ix_url", "versions", ["url"]))
        // NULLs first: PostgreSQL's clause, left out where an index has none.
        .op(op::create_index("ix_major_first", "versions", ["major"]).nulls_first("major", true));
    one_migration(db.url(), "k00000000000", create, None)
}

async fn index_options_are_created_and_read_back(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("head").await.expect("upgrade");
    let found = migrator.database_schema().await.expect("catalog");
    let versions = found.table("versions").expect("table");
    let named = |name: &str| {
        let found = versions.indexes.iter().find(|index| index.name == name);
        found.expect("the index").clone()
    };
    let index = named("ix_latest");
    assert!(index.key_options["major"].descending, "{index:?}");
    assert_eq!(
        index.key_options.get("name").and_then(|key| key.prefix),
        (db.backend() == Backend::MySql).then_some(64),
        "{index:?}"
    );
    let include: &[&str] = match db.backend() {
        Backend::Postgres => &["note"],
        Backend::Sqlite | Backend::MySql => &[],
    };
    assert_eq!(index.include, include, "{index:?}");
    // The key the server shortened is the whole column that was declared.
    assert!(named("ix_url").key_options.is_empty(), "{versions:?}");
    let first = named("ix_major_first")
        .key_options
        .get("major")
        .and_then(|key| key.nulls_first);
    assert_eq!(first, (db.backend() == Backend::Postgres).then_some(true));
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");

    // The same index made by hand in ascending order is drift.
    let drop = match db.backend() {
        Backend::MySql => "DROP INDEX ix_latest ON versions",
        Backend::Postgres | Backend::Sqlite => "DROP INDEX ix_latest",
    };
    db.execute(drop).await;
    let name = match db.backend() {
        Backend::MySql => "name(64)",
        Backend::Postgres | Backend::Sqlite => "name",
    };
    db.execute(&format!(
        "CREATE INDEX ix_latest ON versions ({name}, major)"
    ))
    .await;
    let drift = drift_lines(&migrator).await;
    assert_eq!(drift.len(), 2, "{drift:#?}");
    assert!(drift[0].contains("major desc"), "{drift:#?}");
    migrator.downgrade("base").await.expect("downgrade");
}

backend_tests!(index_options_are_created_and_read_back);
