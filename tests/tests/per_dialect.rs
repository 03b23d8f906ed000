//! Defaults and types that the databases spell differently, written once: `DefaultValue::now()`,
//! `random_uuid()`, `current_date()`
//! and the per-database spellings of `DefaultValue::per_dialect` and `Type::per_dialect`.

use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb, backend_tests};

async fn one_migration_gives_every_database_its_own_default(db: &TestDb) {
    let table = op::create_table("events")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(
            Column::new("at", Type::Timestamp)
                .not_null()
                .default(DefaultValue::now()),
        )
        .column(
            Column::new("code", Type::per_dialect("TEXT", "TEXT", "VARCHAR(20)"))
                .not_null()
                .default(DefaultValue::per_dialect(
                    "lower('AB')",
                    "(lower('AB'))",
                    "(lower('AB'))",
                )),
        )
        .column(
            Column::new("token", Type::Uuid)
                .not_null()
                .default(DefaultValue::random_uuid()),
        )
        .column(
            Column::new("day", Type::Date)
                .not_null()
                .default(DefaultValue::current_date()),
        );
    // A column with a computed default added to a table with rows: SQLite's ADD COLUMN
    // refuses it, so the table is rebuilt.
    let seen = Fixed {
        upgrade: Plan::new().op(op::add_column(
            "events",
            Column::new("seen_at", Type::Timestamp).default(DefaultValue::now()),
        )),
        downgrade: None,
    };
    let migrations = Migrations::from_defs([
        leak(
            "h00000000001",
            &[],
            Fixed {
                upgrade: Plan::new()
                    .op(table)
                    .op(op::execute("INSERT INTO events (id) VALUES (1)")),
                downgrade: Some(Plan::new().op(op::drop_table("events"))),
            },
        ),
        leak("h00000000002", &["h00000000001"], seen),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator
        .upgrade("head")
        .await
        .expect("one migration for every database");
    assert_eq!(db.strings("SELECT code FROM events").await, ["ab"]);
    assert_eq!(
        db.count("SELECT count(*) FROM events WHERE at IS NOT NULL")
            .await,
        1,
        "the insert time filled in"
    );
    db.execute("INSERT INTO events (id) VALUES (2)").await;
    let as_text = match db.backend() {
        Backend::MySql => "CAST(token AS CHAR)",
        Backend::Postgres | Backend::Sqlite => "CAST(token AS TEXT)",
    };
    let tokens = db
        .strings(&format!("SELECT {as_text} FROM events ORDER BY id"))
        .await;
    let parsed: Vec<uuid::Uuid> = tokens
        .iter()
        .map(|token| uuid::Uuid::parse_str(token).expect("a uuid as the column stores one"))
        .collect();
    assert_ne!(parsed[0], parsed[1], "a new uuid per row");
    let days = db
        .count("SELECT count(*) FROM events WHERE day IS NOT NULL")
        .await;
    assert_eq!(days, 2, "today's date filled in");
    assert_eq!(
        db.count("SELECT count(*) FROM events WHERE seen_at IS NOT NULL AND id = 2")
            .await,
        1,
        "the added column's default works too"
    );
    migrator.downgrade("base").await.expect("downgrade");
}

backend_tests!(one_migration_gives_every_database_its_own_default);

/// The test kit holds a history to the databases it declares: a partial index is refused for
/// MySQL (named with its revision) when MySQL is declared, and passes for PostgreSQL alone.
#[test]
fn a_migration_a_declared_database_cannot_run_is_named() {
    use migrate_runtime::Dialect;
    use migrate_runtime::testing::unrunnable;
    let upgrade =
        Plan::new().op(op::create_index("ix_users_active", "users", ["email"]).where_sql("active"));
    let defs = [migrate_tests::fixture::leak(
        "c30000000001",
        &[],
        migrate_tests::fixture::Fixed {
            upgrade,
            downgrade: Some(Plan::new().op(op::drop_index("ix_users_active").on("users"))),
        },
    )];
    let migrations = migrate_runtime::Migrations::from_defs(defs);
    let everywhere = migrations
        .clone()
        .with_databases([Dialect::Postgres, Dialect::MySql]);
    let refused = unrunnable(&everywhere);
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].0, "c30000000001");
    assert_eq!(refused[0].1.dialect, Dialect::MySql);
    assert!(unrunnable(&migrations.with_databases([Dialect::Postgres])).is_empty());
}
