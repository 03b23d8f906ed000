//! Views, triggers and functions: made by raw SQL in the history, read by the replay and from
//! each catalog (no drift), missing ones are drift, and a baseline read from the database
//! makes them again on an empty one.

use migrate_runtime::prelude::*;
use migrate_runtime::state::{ObjectKind, Schema};
use migrate_runtime::{Dialect, Migrations, Migrator};
use migrate_tests::fixture::{Fixed, baseline, derived, drift_lines, leak, one_migration, plan_of};
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

    let baseline = plan_of(&changes);
    let adopted = one_migration(db.url(), "e10000000000", baseline, None);
    adopted.upgrade("head").await.expect("the baseline runs");
    let found = adopted.database_schema().await.expect("catalog");
    assert_eq!(kinds(&found), wanted(db.backend()), "{found:#?}");
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

/// PostgreSQL's extensions and sequences of their own: made by raw SQL in the history, read
/// by the replay and from the catalog (a serial's or an identity's sequence is its column's,
/// not one of these), an unknown one is drift, and a baseline makes them first, before the
/// table that uses them, keeping a column numbered by a shared sequence an integer with its
/// default.
async fn extensions_and_sequences_are_read_and_made_first(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let orders = op::create_table("orders")
        .column(Column::new("id", Type::Serial).primary_key())
        .column(Column::new("code", Type::custom("citext")))
        .column(
            Column::new("number", Type::BigInt)
                .not_null()
                .default_sql("nextval('order_numbers')"),
        );
    let upgrade = Plan::new()
        .op(op::execute("CREATE EXTENSION IF NOT EXISTS citext"))
        .op(op::execute(
            "CREATE SEQUENCE order_numbers START 1000 INCREMENT 5",
        ))
        .op(orders);
    let downgrade = Plan::new()
        .op(op::drop_table("orders"))
        .op(op::execute("DROP SEQUENCE order_numbers"))
        .op(op::execute("DROP EXTENSION citext"));
    let migrator = one_migration(db.url(), "e00000000000", upgrade, Some(downgrade));
    migrator.upgrade("head").await.expect("upgrade");
    let wanted = vec![
        (ObjectKind::Extension, "citext".to_owned()),
        (ObjectKind::Sequence, "order_numbers".to_owned()),
    ];
    let found = migrator.database_schema().await.expect("catalog");
    assert_eq!(kinds(&found), wanted, "{found:#?}");
    let replayed = migrator.schema("head").expect("replay");
    assert_eq!(kinds(&replayed), wanted, "{replayed:#?}");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");

    // A sequence made by hand is drift.
    db.execute("CREATE SEQUENCE by_hand").await;
    let drift = drift_lines(&migrator).await;
    assert_eq!(
        drift,
        ["sequence `by_hand` (the sequence) is in the database, not in the history"],
        "{drift:#?}"
    );
    db.execute("DROP SEQUENCE by_hand").await;

    let (changes, source) = baseline(&migrator).await;
    let first: Vec<&str> = changes.iter().take(2).map(|c| c.summary.as_str()).collect();
    assert_eq!(
        first,
        [
            "extension `citext` made as it is",
            "sequence `order_numbers` made as it is"
        ],
        "{source}"
    );
    assert!(source.contains("nextval('order_numbers'"), "{source}");
    migrator.downgrade("base").await.expect("downgrade");
    assert_eq!(
        db.count("SELECT count(*) FROM pg_extension WHERE extname = 'citext'")
            .await,
        0
    );

    let adopted = one_migration(db.url(), "e10000000000", plan_of(&changes), None);
    adopted.upgrade("head").await.expect("the baseline runs");
    let found = adopted.database_schema().await.expect("catalog");
    assert_eq!(kinds(&found), wanted, "{found:#?}");
    let drift = adopted.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
    // The shared sequence numbers the rows, and the extension's type compares without case.
    db.execute("INSERT INTO orders (code) VALUES ('AbC')").await;
    assert_eq!(
        db.count("SELECT number FROM orders WHERE code = 'abc'")
            .await,
        1000
    );
}

/// PostgreSQL's indexes that migrate's index does not describe (GIN, an operator class,
/// storage parameters) and exclusion constraints: held whole from raw SQL and from the
/// catalog, not read as plain B-trees; one made by hand is drift; a baseline makes them again
/// as they were.
async fn indexes_and_constraints_it_does_not_describe_are_held_whole(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let docs = op::create_table("docs")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("body", Type::Jsonb))
        .column(Column::new("title", Type::Text))
        .column(Column::new("room", Type::Integer))
        .column(Column::new("during", Type::custom("tsrange")));
    let upgrade = Plan::new()
        .op(op::execute("CREATE EXTENSION IF NOT EXISTS btree_gist"))
        .op(docs)
        .op(op::execute("CREATE INDEX docs_body ON docs USING gin (body)"))
        .op(op::execute(
            "CREATE INDEX docs_title_pattern ON docs (title text_pattern_ops)",
        ))
        .op(op::execute(
            "CREATE INDEX docs_fill ON docs (id) WITH (fillfactor = 70)",
        ))
        .op(op::execute(
            "ALTER TABLE docs ADD CONSTRAINT docs_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)",
        ))
        .op(op::create_index("docs_title", "docs", ["title"]));
    let downgrade = Plan::new()
        .op(op::drop_table("docs"))
        .op(op::execute("DROP EXTENSION btree_gist"));
    let migrator = one_migration(db.url(), "e00000000000", upgrade, Some(downgrade));
    migrator.upgrade("head").await.expect("upgrade");
    let wanted = vec![
        (ObjectKind::Extension, "btree_gist".to_owned()),
        (ObjectKind::Index, "docs_body".to_owned()),
        (ObjectKind::Index, "docs_fill".to_owned()),
        (ObjectKind::Index, "docs_title_pattern".to_owned()),
        (ObjectKind::Constraint, "docs_no_overlap".to_owned()),
    ];
    let sorted = |mut kinds: Vec<(ObjectKind, String)>| {
        kinds.sort();
        kinds
    };
    let found = migrator.database_schema().await.expect("catalog");
    assert_eq!(kinds(&found), sorted(wanted.clone()), "{found:#?}");
    let plain: Vec<&str> = found.tables["docs"]
        .indexes
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(plain, ["docs_title"], "{found:#?}");
    let replayed = migrator.schema("head").expect("replay");
    assert_eq!(kinds(&replayed), sorted(wanted.clone()), "{replayed:#?}");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");

    db.execute("CREATE INDEX by_hand ON docs USING hash (title)")
        .await;
    let drift = drift_lines(&migrator).await;
    assert_eq!(
        drift,
        ["table `docs`: index `by_hand` (the index) is in the database, not in the history"],
        "{drift:#?}"
    );
    db.execute("DROP INDEX by_hand").await;

    let (changes, source) = baseline(&migrator).await;
    migrator.downgrade("base").await.expect("downgrade");
    let adopted = one_migration(db.url(), "e10000000000", plan_of(&changes), None);
    adopted.upgrade("head").await.expect("the baseline runs");
    let found = adopted.database_schema().await.expect("catalog");
    assert_eq!(kinds(&found), sorted(wanted), "{source}");
    let drift = adopted.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
    let method = db
        .strings("SELECT am.amname::text FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = 'docs_body'")
        .await;
    assert_eq!(method, ["gin"]);
}

/// MySQL's full-text indexes: held whole from raw SQL and from the catalog, not read as plain
/// indexes; a baseline makes them again, and dropping one by name takes it away.
async fn full_text_indexes_are_held_whole(db: &TestDb) {
    if db.backend() != Backend::MySql {
        return;
    }
    let docs = op::create_table("docs")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("title", Type::Varchar(200)))
        .column(Column::new("body", Type::Text));
    let upgrade = Plan::new()
        .op(docs)
        .op(op::execute("CREATE FULLTEXT INDEX ft_docs ON docs (title, body)"))
        .op(op::create_index("ix_docs_title", "docs", ["title"]));
    let downgrade = Plan::new()
        .op(op::execute("DROP INDEX ft_docs ON docs"))
        .op(op::drop_table("docs"));
    let migrator = one_migration(db.url(), "e00000000000", upgrade, Some(downgrade));
    migrator.upgrade("head").await.expect("upgrade");
    let wanted = vec![(ObjectKind::Index, "ft_docs".to_owned())];
    let found = migrator.database_schema().await.expect("catalog");
    assert_eq!(kinds(&found), wanted, "{found:#?}");
    let plain: Vec<&str> = (found.tables["docs"].indexes.iter())
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(plain, ["ix_docs_title"], "{found:#?}");
    let replayed = migrator.schema("head").expect("replay");
    assert_eq!(kinds(&replayed), wanted, "{replayed:#?}");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");

    let (changes, source) = baseline(&migrator).await;
    migrator.downgrade("base").await.expect("downgrade");
    let adopted = one_migration(db.url(), "e10000000000", plan_of(&changes), None);
    adopted.upgrade("head").await.expect("the baseline runs");
    let found = adopted.database_schema().await.expect("catalog");
    assert_eq!(kinds(&found), wanted, "{source}");
    let drift = adopted.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
    let types = db
        .strings("SELECT DISTINCT INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'ft_docs'")
        .await;
    assert_eq!(types, ["FULLTEXT"]);
}

backend_tests!(
    full_text_indexes_are_held_whole,
    indexes_and_constraints_it_does_not_describe_are_held_whole,
    extensions_and_sequences_are_read_and_made_first,
    an_offline_rebuild_keeps_the_triggers,
    a_baseline_makes_views_in_the_order_they_read_each_other,
    a_dropped_table_comes_back_with_its_trigger,
    objects_are_read_and_compared,
    a_baseline_makes_the_objects_again,
    a_renamed_table_keeps_its_objects,
    a_trigger_name_on_two_tables,
    a_trigger_made_if_not_exists
);
