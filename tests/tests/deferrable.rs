//! Deferrable foreign keys: `ForeignKey::initially_deferred` lets a migration's rows refer to
//! each other in any order on PostgreSQL and SQLite (MySQL checks at once and has no such
//! clause); read back from the catalogs and from raw SQL with no drift, and written into
//! baselines.

use migrate_runtime::prelude::*;
use migrate_tests::fixture::{baseline, drift_lines, one_migration};
use migrate_tests::{Backend, TestDb, backend_tests};

async fn a_deferred_key_is_checked_at_commit(db: &TestDb) {
    let backend = db.backend();
    let mut upgrade = Plan::new()
        .op(op::create_table("parents").column(Column::new("id", Type::Integer).primary_key()))
        .op(op::create_table("children")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("parent_id", Type::Integer).not_null())
            .foreign_key(
                ForeignKey::new(["parent_id"], "parents", ["id"])
                    .name("fk_children_parent")
                    .initially_deferred(),
            ))
        // The same key written in raw SQL (MySQL refuses the clause).
        .op(op::execute(format!(
            "CREATE TABLE pets (id INTEGER PRIMARY KEY, parent_id INTEGER, CONSTRAINT fk_pets_parent FOREIGN KEY (parent_id) REFERENCES parents (id){})",
            match backend {
                Backend::MySql => "",
                Backend::Postgres | Backend::Sqlite => " DEFERRABLE INITIALLY DEFERRED",
            }
        )));
    if backend != Backend::MySql {
        // The child first: the key is checked when the migration commits.
        upgrade = upgrade
            .op(op::execute(
                "INSERT INTO children (id, parent_id) VALUES (1, 7)",
            ))
            .op(op::execute("INSERT INTO parents (id) VALUES (7)"));
    }
    let migrator = one_migration(db.url(), "f00000000000", upgrade, None);
    migrator.upgrade("head").await.expect("upgrade");

    let found = migrator.database_schema().await.expect("catalog");
    let key = |table: &str| {
        found
            .table(table)
            .and_then(|t| t.foreign_keys.first())
            .and_then(|key| key.deferrable)
    };
    let deferred = (backend != Backend::MySql).then_some(true);
    assert_eq!(key("children"), deferred, "{found:#?}");
    assert_eq!(key("pets"), deferred, "{found:#?}");
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());

    let (_, source) = baseline(&migrator).await;
    assert_eq!(
        source.contains(".initially_deferred()"),
        backend != Backend::MySql,
        "{source}"
    );
}

backend_tests!(a_deferred_key_is_checked_at_commit);
