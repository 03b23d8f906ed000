//! Views, triggers and functions: made by raw SQL in the history, read by the replay and from
//! each catalog (no drift), missing ones are drift, and a baseline read from the database
//! makes them again on an empty one.

use migrate_runtime::Migrator;
use migrate_runtime::prelude::*;
use migrate_runtime::state::{ObjectKind, Schema};
use migrate_tests::fixture::{baseline, drift_lines, one_migration};
use migrate_tests::{Backend, TestDb, backend_tests};

/// The statements that make a view, a trigger and (PostgreSQL) the function it runs.
fn objects(backend: Backend) -> &'static [&'static str] {
    match backend {
        Backend::Postgres => &[
            "CREATE VIEW cheap_items AS SELECT id, price FROM items WHERE price < 10",
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := 1; RETURN NEW; END $$",
            "CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch()",
        ],
        Backend::MySql => &[
            "CREATE VIEW cheap_items AS SELECT id, price FROM items WHERE price < 10",
            "CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW SET NEW.updated = 1",
        ],
        Backend::Sqlite => &[
            "CREATE VIEW cheap_items AS SELECT id, price FROM items WHERE price < 10",
            "CREATE TRIGGER items_touch AFTER UPDATE ON items BEGIN UPDATE items SET updated = 1 WHERE id = NEW.id AND updated IS NULL; END",
        ],
    }
}

fn items() -> op::CreateTable {
    op::create_table("items")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("price", Type::Integer).not_null())
        .column(Column::new("updated", Type::Integer))
}

fn migrator(db: &TestDb) -> Migrator {
    let upgrade = objects(db.backend())
        .iter()
        .fold(Plan::new().op(items()), |plan, sql| {
            plan.op(op::execute(*sql))
        });
    let mut downgrade = Plan::new()
        .op(op::execute("DROP VIEW cheap_items"))
        .op(op::drop_table("items"));
    if db.backend() == Backend::Postgres {
        downgrade = downgrade.op(op::execute("DROP FUNCTION touch()"));
    }
    one_migration(db.url(), "e00000000000", upgrade, Some(downgrade))
}

fn kinds(schema: &Schema) -> Vec<(ObjectKind, String)> {
    let mut kinds: Vec<_> = schema
        .objects
        .iter()
        .map(|object| (object.kind, object.name.clone()))
        .collect();
    kinds.sort();
    kinds
}

fn wanted(backend: Backend) -> Vec<(ObjectKind, String)> {
    let mut wanted = vec![
        (ObjectKind::View, "cheap_items".to_owned()),
        (ObjectKind::Trigger, "items_touch".to_owned()),
    ];
    if backend == Backend::Postgres {
        wanted.push((ObjectKind::Function, "touch".to_owned()));
    }
    wanted.sort();
    wanted
}

async fn objects_are_read_and_compared(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("head").await.expect("upgrade");
    let found = migrator.database_schema().await.expect("catalog");
    assert_eq!(kinds(&found), wanted(db.backend()), "{found:#?}");
    let replayed = migrator.schema("head").expect("replay");
    assert_eq!(kinds(&replayed), wanted(db.backend()), "{replayed:#?}");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
    // The trigger runs.
    db.execute("INSERT INTO items (id, price) VALUES (1, 5)")
        .await;
    db.execute("UPDATE items SET price = 6 WHERE id = 1").await;
    assert_eq!(db.count("SELECT updated FROM items WHERE id = 1").await, 1);

    // A view dropped by hand is drift.
    db.execute("DROP VIEW cheap_items").await;
    let drift = drift_lines(&migrator).await;
    assert_eq!(
        drift,
        ["view `cheap_items` (the view) is missing from the database"],
        "{drift:#?}"
    );
}

/// A baseline read from the database makes its objects again on an empty database.
async fn a_baseline_makes_the_objects_again(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("head").await.expect("upgrade");
    let (changes, source) = baseline(&migrator).await;
    assert!(source.contains("op::execute("), "{source}");
    migrator.downgrade("base").await.expect("downgrade");

    let baseline = changes
        .iter()
        .fold(Plan::new(), |plan, change| plan.op(change.op.clone()));
    let adopted = one_migration(db.url(), "e10000000000", baseline, None);
    adopted.upgrade("head").await.expect("the baseline runs");
    let found = adopted.database_schema().await.expect("catalog");
    assert_eq!(kinds(&found), wanted(db.backend()), "{found:#?}");
    let drift = adopted.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

backend_tests!(
    objects_are_read_and_compared,
    a_baseline_makes_the_objects_again
);
