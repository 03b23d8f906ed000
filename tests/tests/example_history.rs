//! The example history of the `migrations` crate, run through the embedding API against
//! each backend, checked against the database's own catalog and version table.

use migrate_runtime::Migrator;
use migrate_tests::{Schema, TestDb, backend_tests};

const HEAD: &str = "5a0d2e4f6b87";
const EXAMPLE_TABLES: [&str; 5] = ["products", "roles", "user_roles", "user_sessions", "users"];

fn migrator(db: &TestDb) -> Migrator {
    Migrator::with_migrations(db.url(), &migrations::migrations()).expect("valid example history")
}

/// The tables of the schema, without the tool's own version and history tables.
fn tables_without_version(schema: &Schema) -> Vec<&str> {
    let names = schema.table_names().into_iter();
    names
        .filter(|name| !["migrate_version", "migrate_history"].contains(name))
        .collect()
}

async fn upgrade_to_head_creates_the_example_schema(db: &TestDb) {
    let reports = migrator(db).upgrade("head").await.expect("upgrade");
    assert_eq!(reports.steps.len(), 6);

    let schema = db.schema().await;
    assert_eq!(tables_without_version(&schema), EXAMPLE_TABLES);
    let users = schema.table("users");
    assert_eq!(users.index_on(&["email", "is_active"]), Some(false));
    assert_eq!(users.index_on(&["email"]), Some(true), "email is unique");
    assert!(
        !users.column("email").expect("email").1,
        "email is NOT NULL"
    );
    let user_roles = schema.table("user_roles");
    assert_eq!(
        user_roles.index_on(&["user_id", "role_id"]),
        Some(true),
        "composite key"
    );
    let products = schema.table("products");
    let (price_type, _) = products.column("price").expect("price");
    let price_type = price_type.to_lowercase().replace(' ', "");
    let exact = ["numeric(10,2)", "decimal(10,2)"];
    assert!(
        exact.iter().any(|t| price_type.starts_with(t)),
        "{price_type}"
    );
    assert!(
        products.column("description").expect("description").1,
        "nullable"
    );
    assert!(
        !products.column("status").expect("status").1,
        "status NOT NULL"
    );
    assert!(
        !schema.tables.contains_key("sessions"),
        "sessions was renamed"
    );
    assert_eq!(db.versions("migrate_version").await, [HEAD]);
}

async fn downgrade_to_base_removes_every_example_table(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("head").await.expect("upgrade");
    migrator.downgrade("base").await.expect("downgrade");

    let schema = db.schema().await;
    assert_eq!(tables_without_version(&schema), Vec::<&str>::new());
    assert_eq!(db.versions("migrate_version").await, Vec::<String>::new());
}

async fn upgrade_downgrade_upgrade_gives_the_same_schema(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("head").await.expect("first upgrade");
    let first = db.schema().await;
    migrator.downgrade("base").await.expect("downgrade");
    migrator.upgrade("head").await.expect("second upgrade");
    assert_eq!(db.schema().await, first);
}

async fn relative_and_middle_targets_stop_where_they_should(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("+1").await.expect("upgrade +1");
    assert_eq!(db.versions("migrate_version").await, ["3b5e1c9a7f20"]);
    migrator.upgrade("+2").await.expect("upgrade +2");
    assert_eq!(db.versions("migrate_version").await, ["c47a9e1b3d58"]);
    migrator.downgrade("-1").await.expect("downgrade -1");
    assert_eq!(db.versions("migrate_version").await, ["8d2f4a6c0e91"]);

    migrator.upgrade("e9c3").await.expect("upgrade to a prefix");
    assert_eq!(db.versions("migrate_version").await, ["e9c3a5b7d142"]);
    let schema = db.schema().await;
    assert!(schema.tables.contains_key("sessions"), "not renamed yet");
    assert!(schema.table("products").column("status").is_some());

    migrator
        .downgrade("8d2f4a6c0e91")
        .await
        .expect("downgrade to a revision");
    assert_eq!(db.versions("migrate_version").await, ["8d2f4a6c0e91"]);
    let products = db.schema().await;
    let products = products.table("products");
    assert!(products.column("description").is_none());
    assert!(products.column("status").is_none());

    // Counting from the head, as Alembic: `head-1` is the revision below it, and nothing
    // follows it.
    migrator.upgrade("head-1").await.expect("upgrade head-1");
    assert_eq!(db.versions("migrate_version").await, ["e9c3a5b7d142"]);
    let past = migrator.upgrade("head+1").await.expect_err("past the head");
    assert_eq!(
        past.to_string(),
        "`head+1` goes past the head of the history: only 0 more step(s) that way"
    );
}

async fn already_at_head_runs_nothing(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("head").await.expect("upgrade");
    assert_eq!(
        migrator
            .upgrade("head")
            .await
            .expect("second upgrade")
            .steps,
        []
    );
    let current = migrator.current().await.expect("current");
    assert_eq!(
        current.iter().map(|r| r.revision).collect::<Vec<_>>(),
        [HEAD]
    );
}

async fn rows_survive_the_sqlite_rebuild_and_the_alter(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("1f6b8d0a2c73").await.expect("upgrade");
    db.execute("INSERT INTO products (sku, name, price) VALUES ('a-1', 'Anvil', 12.50), ('b-2', 'Bolt', 0.25)")
        .await;
    migrator
        .upgrade("head")
        .await
        .expect("upgrade through the alter");
    let rows = db
        .strings("SELECT sku || ' ' || name || ' ' || status FROM products ORDER BY sku")
        .await;
    assert_eq!(rows, ["a-1 Anvil active", "b-2 Bolt active"]);
    let schema = db.schema().await;
    assert_eq!(
        schema.table("products").index_on(&["sku"]),
        Some(true),
        "sku stays unique"
    );
    db.execute("UPDATE products SET status = 'checked' WHERE status = 'active'")
        .await;
    migrator.downgrade("base").await.expect("downgrade");
}

async fn a_custom_version_table_is_used(db: &TestDb) {
    let migrator = migrator(db).version_table("alembic_version");
    migrator.upgrade("+1").await.expect("upgrade");
    assert_eq!(db.versions("alembic_version").await, ["3b5e1c9a7f20"]);
    assert!(!db.schema().await.tables.contains_key("migrate_version"));
}

backend_tests!(
    upgrade_to_head_creates_the_example_schema,
    downgrade_to_base_removes_every_example_table,
    upgrade_downgrade_upgrade_gives_the_same_schema,
    relative_and_middle_targets_stop_where_they_should,
    already_at_head_runs_nothing,
    rows_survive_the_sqlite_rebuild_and_the_alter,
    a_custom_version_table_is_used,
);
