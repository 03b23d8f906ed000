//! Index columns in descending order, with MySQL prefixes and PostgreSQL `INCLUDE` columns:
//! created by the op on every database (each keeping what it has), read back from each
//! catalog with no drift, and a hand-made index that lacks them is drift. A whole-column key
//! that MySQL shortens itself reads back as the whole column.

use migrate_runtime::prelude::*;
use migrate_runtime::state::Schema;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{derived, drift_lines, one_migration};
use migrate_tests::{Backend, TestDb, backend_tests};

fn migrator(db: &TestDb) -> Migrator {
    one_migration(db.url(), "k00000000000", first_plan(), None)
}

fn first_plan() -> Plan {
    Plan::new()
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
        .op(op::create_index("ix_major_first", "versions", ["major"]).nulls_first("major", true))
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

/// Dropping a column that an index stores (PostgreSQL's `INCLUDE`) takes the index with it;
/// the derived downgrade brings back the column and the index with all its options.
async fn a_dropped_column_and_its_index_come_back(db: &TestDb) {
    let history = Migrations::from_defs([
        derived("k00000000000", &[], first_plan()),
        derived(
            "k00000000001",
            &["k00000000000"],
            Plan::new().op(op::drop_column("versions", "note")),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &history).expect("history");
    migrator.upgrade("head").await.expect("drop the column");
    let replayed = migrator.schema("head").expect("replay");
    let has_index = |schema: &Schema| {
        let versions = schema.table("versions").expect("table");
        versions
            .indexes
            .iter()
            .any(|index| index.name == "ix_latest")
    };
    assert_eq!(
        has_index(&replayed),
        db.backend() != Backend::Postgres,
        "{replayed:#?}"
    );
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");

    migrator.downgrade("-1").await.expect("derived downgrade");
    let found = migrator.database_schema().await.expect("catalog");
    assert!(has_index(&found), "{found:#?}");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

/// Dropping one column of a two-column index: PostgreSQL drops the index, MySQL keeps it on
/// the other column; the replay does the same, so there is no drift. SQLite refuses to drop
/// an indexed column, and says which index; nothing is applied.
async fn a_dropped_column_of_a_two_column_index(db: &TestDb) {
    let create = Plan::new()
        .op(op::create_table("pairs")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("a", Type::Integer))
            .column(Column::new("b", Type::Integer)))
        .op(op::create_index("ix_pairs", "pairs", ["a", "b"]));
    let history = Migrations::from_defs([
        derived("k10000000000", &[], create),
        derived(
            "k10000000001",
            &["k10000000000"],
            Plan::new().op(op::drop_column("pairs", "b")),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &history).expect("history");
    if db.backend() == Backend::Sqlite {
        migrator.upgrade("k10000000000").await.expect("upgrade");
        let refused = migrator.upgrade("head").await.expect_err("SQLite refuses");
        assert!(refused.to_string().contains("ix_pairs"), "{refused}");
        assert_eq!(db.versions("migrate_version").await, ["k10000000000"]);
        return;
    }
    migrator.upgrade("head").await.expect("upgrade");
    let found = migrator.database_schema().await.expect("catalog");
    let replayed = migrator.schema("head").expect("replay");
    let indexes = |schema: &Schema| schema.table("pairs").expect("table").indexes.clone();
    assert_eq!(indexes(&found), indexes(&replayed));
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");

    // The derived downgrade of the drop brings the whole index back.
    migrator.downgrade("-1").await.expect("derived downgrade");
    let found = migrator.database_schema().await.expect("catalog");
    let columns: Vec<Vec<String>> = (indexes(&found).into_iter())
        .map(|index| index.columns)
        .collect();
    assert_eq!(columns, [["a", "b"]]);
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

/// An index written in raw SQL with its options is read by the replay as the op would make
/// it: no drift. And NULLS LAST said before DESC still holds.
async fn index_options_in_raw_sql_and_in_any_order(db: &TestDb) {
    let raw = match db.backend() {
        Backend::Postgres => {
            "CREATE INDEX ix_raw ON versions USING btree (major DESC NULLS LAST, name) INCLUDE (note)"
        }
        Backend::MySql => "CREATE INDEX ix_raw ON versions (major DESC, id)",
        Backend::Sqlite => "CREATE INDEX ix_raw ON versions (major DESC, name)",
    };
    let plan = first_plan().op(op::execute(raw)).op(op::create_index(
        "ix_said_first",
        "versions",
        ["name", "major"],
    )
    .nulls_first("major", false)
    .descending("major"));
    let migrator = one_migration(db.url(), "k20000000000", plan, None);
    migrator.upgrade("head").await.expect("upgrade");
    let replayed = migrator.schema("head").expect("replay");
    let versions = replayed.table("versions").expect("table");
    let raw = versions.indexes.iter().find(|index| index.name == "ix_raw");
    let raw = raw.expect("the raw index");
    assert!(raw.key_options["major"].descending, "{raw:?}");
    assert!(raw.columns.iter().all(|c| !c.contains(' ')), "{raw:?}");
    let said = versions
        .indexes
        .iter()
        .find(|index| index.name == "ix_said_first");
    let major = &said.expect("the index").key_options["major"];
    let last = (db.backend() == Backend::Postgres).then_some(false);
    assert_eq!((major.descending, major.nulls_first), (true, Some(false)));
    let found = migrator.database_schema().await.expect("catalog");
    let found_major = found.table("versions").and_then(|t| {
        let index = t
            .indexes
            .iter()
            .find(|index| index.name == "ix_said_first")?;
        index.key_options.get("major").cloned()
    });
    assert_eq!(found_major.and_then(|key| key.nulls_first), last);
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

backend_tests!(
    index_options_in_raw_sql_and_in_any_order,
    a_dropped_column_of_a_two_column_index,
    index_options_are_created_and_read_back,
    a_dropped_column_and_its_index_come_back
);
