//! Views, triggers and functions: made by raw SQL in the history, read by the replay and from
//! each catalog (no drift), missing ones are drift, and a baseline read from the database
//! makes them again on an empty one.

use migrate_runtime::prelude::*;
use migrate_runtime::state::{ObjectKind, Schema};
use migrate_runtime::{Dialect, Migrations, Migrator};
use migrate_tests::fixture::{
    Fixed, baseline, derived, drift_lines, leak, object_kinds, one_migration, plan_of,
};
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

/// The first migration: the table and its objects, and the downgrade that drops them.
fn migrator_plan(backend: Backend) -> (Plan, Plan) {
    let upgrade = objects(backend)
        .iter()
        .fold(Plan::new().op(items()), |plan, sql| {
            plan.op(op::execute(*sql))
        });
    let mut downgrade = Plan::new()
        .op(op::execute("DROP VIEW cheap_items"))
        .op(op::drop_table("items"));
    if backend == Backend::Postgres {
        downgrade = downgrade.op(op::execute("DROP FUNCTION touch()"));
    }
    (upgrade, downgrade)
}

fn migrator(db: &TestDb) -> Migrator {
    let (upgrade, downgrade) = migrator_plan(db.backend());
    one_migration(db.url(), "e00000000000", upgrade, Some(downgrade))
}

/// A migration of `upgrade` and `downgrade`.
fn fixed((upgrade, downgrade): (Plan, Plan)) -> Fixed {
    Fixed {
        upgrade,
        downgrade: Some(downgrade),
    }
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
    assert_eq!(object_kinds(&found), wanted(db.backend()), "{found:#?}");
    let replayed = migrator.schema("head").expect("replay");
    assert_eq!(
        object_kinds(&replayed),
        wanted(db.backend()),
        "{replayed:#?}"
    );
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

    let baseline = plan_of(&changes);
    let adopted = one_migration(db.url(), "e10000000000", baseline, None);
    adopted.upgrade("head").await.expect("the baseline runs");
    let found = adopted.database_schema().await.expect("catalog");
    assert_eq!(object_kinds(&found), wanted(db.backend()), "{found:#?}");
    let drift = adopted.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

/// A table renamed after its trigger and a view over it were made: PostgreSQL and MySQL keep
/// them on the table, SQLite rewrites their text; the replay follows, so there is no drift.
async fn a_renamed_table_keeps_its_objects(db: &TestDb) {
    migrator(db).upgrade("head").await.expect("upgrade");
    let renamed = Migrations::from_defs([
        leak("e00000000000", &[], fixed(migrator_plan(db.backend()))),
        leak(
            "e20000000000",
            &["e00000000000"],
            fixed((
                Plan::new().op(op::rename_table("items", "goods")),
                Plan::new(),
            )),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &renamed).expect("history");
    migrator.upgrade("head").await.expect("rename");
    let found = migrator.database_schema().await.expect("catalog");
    let trigger = found
        .object(ObjectKind::Trigger, "items_touch")
        .expect("the trigger is still there");
    assert_eq!(trigger.table.as_deref(), Some("goods"), "{found:#?}");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

/// PostgreSQL names triggers per table: one name on two tables is two triggers, and
/// `DROP TRIGGER … ON` one table leaves the other.
async fn a_trigger_name_on_two_tables(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let plan = Plan::new()
        .op(items())
        .op(op::create_table("stock").column(Column::new("updated", Type::Integer)))
        .op(op::execute("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := 1; RETURN NEW; END $$"))
        .op(op::execute("CREATE TRIGGER touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch()"))
        .op(op::execute("CREATE TRIGGER touch BEFORE UPDATE ON stock FOR EACH ROW EXECUTE FUNCTION touch()"));
    let history = Migrations::from_defs([
        leak("e30000000000", &[], fixed((plan, Plan::new()))),
        leak(
            "e40000000000",
            &["e30000000000"],
            fixed((
                Plan::new().op(op::execute("DROP TRIGGER touch ON items")),
                Plan::new(),
            )),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &history).expect("history");
    migrator.upgrade("e30000000000").await.expect("upgrade");
    let tables = |schema: &Schema| {
        let mut tables: Vec<_> = schema
            .objects
            .iter()
            .filter(|object| object.kind == ObjectKind::Trigger)
            .filter_map(|object| object.table.clone())
            .collect();
        tables.sort();
        tables
    };
    let found = migrator.database_schema().await.expect("catalog");
    assert_eq!(tables(&found), ["items", "stock"], "{found:#?}");
    let replayed = migrator.schema("e30000000000").expect("replay");
    assert_eq!(tables(&replayed), ["items", "stock"], "{replayed:#?}");
    assert!(migrator.drift().await.expect("drift").is_empty());

    migrator.upgrade("head").await.expect("drop one");
    let replayed = migrator.schema("head").expect("replay");
    assert_eq!(tables(&replayed), ["stock"], "{replayed:#?}");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

/// `CREATE TRIGGER IF NOT EXISTS` is read by its name (SQLite keeps the statement without
/// `IF NOT EXISTS`, which is no difference).
async fn a_trigger_made_if_not_exists(db: &TestDb) {
    if db.backend() != Backend::Sqlite {
        return;
    }
    let plan = Plan::new().op(items()).op(op::execute(
        "CREATE TRIGGER IF NOT EXISTS items_touch AFTER UPDATE ON items BEGIN UPDATE items SET updated = 1 WHERE id = NEW.id AND updated IS NULL; END",
    ));
    let migrator = one_migration(db.url(), "e50000000000", plan, None);
    migrator.upgrade("head").await.expect("upgrade");
    let replayed = migrator.schema("head").expect("replay");
    assert!(
        replayed
            .object(ObjectKind::Trigger, "items_touch")
            .is_some(),
        "{replayed:#?}"
    );
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

/// Raw SQL holding a table and a trigger whose body the parser does not read is not taken
/// for the trigger alone (the table would be lost): the replay says it cannot read it.
#[test]
fn a_table_and_an_unread_trigger_in_one_string_are_not_guessed() {
    let sql = "CREATE TABLE audit (id INT); CREATE TRIGGER audit_touch BEFORE INSERT ON audit FOR EACH ROW BEGIN IF NEW.id IS NULL THEN SET NEW.id = 1; END IF; END";
    let history = Migrations::from_defs([leak(
        "e60000000000",
        &[],
        fixed((Plan::new().op(op::execute(sql)), Plan::new())),
    )]);
    let migrator = Migrator::with_migrations("sqlite::memory:", &history).expect("history");
    match migrator.schema("head") {
        Err(error) => assert!(error.to_string().contains("CREATE TABLE audit"), "{error}"),
        Ok(schema) => assert!(schema.tables.contains_key("audit"), "{schema:#?}"),
    }
}

/// The derived downgrade of a dropped table makes its triggers again.
async fn a_dropped_table_comes_back_with_its_trigger(db: &TestDb) {
    let trigger = match db.backend() {
        Backend::Postgres => {
            "CREATE TRIGGER stock_touch BEFORE UPDATE ON stock FOR EACH ROW EXECUTE FUNCTION touch()"
        }
        Backend::MySql => {
            "CREATE TRIGGER stock_touch BEFORE UPDATE ON stock FOR EACH ROW SET NEW.updated = 1"
        }
        Backend::Sqlite => {
            "CREATE TRIGGER stock_touch AFTER UPDATE ON stock BEGIN UPDATE stock SET updated = 1 WHERE id = NEW.id AND updated IS NULL; END"
        }
    };
    let stock = op::create_table("stock")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("price", Type::Integer))
        .column(Column::new("updated", Type::Integer));
    let (upgrade, downgrade) = migrator_plan(db.backend());
    let history = Migrations::from_defs([
        leak(
            "e00000000000",
            &[],
            fixed((upgrade.op(stock).op(op::execute(trigger)), downgrade)),
        ),
        derived(
            "e70000000000",
            &["e00000000000"],
            Plan::new().op(op::drop_table("stock")),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &history).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    migrator.downgrade("-1").await.expect("derived downgrade");
    let found = migrator.database_schema().await.expect("catalog");
    let trigger = found.object(ObjectKind::Trigger, "stock_touch");
    assert_eq!(trigger.and_then(|t| t.table.as_deref()), Some("stock"));
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
    db.execute("INSERT INTO stock (id, price) VALUES (1, 5)")
        .await;
    db.execute("UPDATE stock SET price = 6 WHERE id = 1").await;
    assert_eq!(db.count("SELECT updated FROM stock WHERE id = 1").await, 1);
}

/// A view that reads another, named so that it comes first by name: a baseline makes the
/// one it reads first.
async fn a_baseline_makes_views_in_the_order_they_read_each_other(db: &TestDb) {
    let plan = Plan::new()
        .op(items())
        .op(op::execute(
            "CREATE VIEW z_base AS SELECT id, price FROM items",
        ))
        .op(op::execute(
            "CREATE VIEW a_top AS SELECT id FROM z_base WHERE price > 1",
        ));
    let downgrade = Plan::new()
        .op(op::execute("DROP VIEW a_top"))
        .op(op::execute("DROP VIEW z_base"))
        .op(op::drop_table("items"));
    let migrator = one_migration(db.url(), "e80000000000", plan, Some(downgrade));
    migrator.upgrade("head").await.expect("upgrade");
    let (changes, _) = baseline(&migrator).await;
    migrator.downgrade("base").await.expect("downgrade");
    let baseline = plan_of(&changes);
    let adopted = one_migration(db.url(), "e90000000000", baseline, None);
    adopted.upgrade("head").await.expect("the baseline runs");
    let drift = adopted.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

/// SQLite's offline script rebuilds a table with its triggers, as an online run does.
async fn an_offline_rebuild_keeps_the_triggers(db: &TestDb) {
    if db.backend() != Backend::Sqlite {
        return;
    }
    let (upgrade, downgrade) = migrator_plan(db.backend());
    let history = Migrations::from_defs([
        leak("e00000000000", &[], fixed((upgrade, downgrade))),
        derived(
            "ea0000000000",
            &["e00000000000"],
            Plan::new().op(op::alter_column("items", "price").nullable(true)),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &history).expect("history");
    let script = migrator
        .upgrade_sql("head", Dialect::Sqlite)
        .expect("offline script");
    assert!(script.unrendered.is_empty(), "{:?}", script.unrendered);
    db.execute_script(&script.text).await;
    let triggers = db
        .strings("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .await;
    assert_eq!(triggers, ["items_touch"], "{}", script.text);
}

backend_tests!(
    an_offline_rebuild_keeps_the_triggers,
    a_baseline_makes_views_in_the_order_they_read_each_other,
    a_dropped_table_comes_back_with_its_trigger,
    objects_are_read_and_compared,
    a_baseline_makes_the_objects_again,
    a_renamed_table_keeps_its_objects,
    a_trigger_name_on_two_tables,
    a_trigger_made_if_not_exists
);
