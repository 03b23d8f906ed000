//! PostgreSQL schemas other than the current one: a table there is named `schema.table` in
//! ops, in the replay and in the catalog; the schema itself is an object held whole, made
//! before the tables; drift, baselines and downgrades see both.

use migrate_runtime::prelude::*;
use migrate_runtime::state::ObjectKind;
use migrate_tests::fixture::{
    assert_baseline_makes_them, assert_objects_everywhere, baseline, drift_lines, one_migration,
};
use migrate_tests::{Backend, TestDb, backend_tests};

/// Typed ops on tables of another schema (a key into the current schema's table, an enum
/// type, an index, comments) beside raw SQL that makes the schema and a view in it: the
/// catalog, the replay and the offline script agree; one made by hand is drift; a baseline
/// makes the schema first and the rest again; the downgrade takes everything away.
async fn tables_of_another_schema(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let users = op::create_table("users")
        .column(Column::new("id", Type::BigInt).primary_key())
        .column(Column::new("email", Type::Varchar(120)).not_null());
    let events = op::create_table("audit.events")
        .column(Column::new("id", Type::BigSerial).primary_key())
        .column(
            Column::new("user_id", Type::BigInt)
                .not_null()
                .references("users", "id"),
        )
        .column(Column::new(
            "kind",
            Type::enumeration("audit.event_kind", ["login", "logout"]),
        ))
        .column(Column::new("at", Type::Timestamp).comment("when it happened"))
        .comment("what users did");
    let upgrade = Plan::new()
        .op(op::execute("CREATE SCHEMA audit"))
        .op(users)
        .op(events)
        .op(op::create_index("ix_events_at", "audit.events", ["at"]))
        .op(op::add_column(
            "audit.events",
            Column::new("note", Type::Text),
        ))
        .op(op::execute(
            "CREATE VIEW audit.recent AS SELECT id, at FROM audit.events",
        ));
    let downgrade = Plan::new()
        .op(op::execute("DROP VIEW audit.recent"))
        .op(op::drop_index("ix_events_at").on("audit.events"))
        .op(op::drop_table("audit.events"))
        .op(op::execute("DROP TYPE audit.event_kind"))
        .op(op::drop_table("users"))
        .op(op::execute("DROP SCHEMA audit"));
    let migrator = one_migration(db.url(), "f00000000000", upgrade, Some(downgrade));
    let script = migrator
        .upgrade_sql("head", migrator.dialect())
        .expect("offline");
    assert!(
        script.text.contains("CREATE TABLE \"audit\".\"events\""),
        "{}",
        script.text
    );
    migrator.upgrade("head").await.expect("upgrade");
    assert_eq!(
        db.count("SELECT count(*) FROM pg_indexes WHERE schemaname = 'audit' AND tablename = 'events' AND indexname = 'ix_events_at'")
            .await,
        1
    );
    let wanted = [
        (ObjectKind::Schema, "audit"),
        (ObjectKind::View, "audit.recent"),
    ];
    let found = assert_objects_everywhere(&migrator, &wanted).await;
    let tables: Vec<&str> = found.tables.keys().map(String::as_str).collect();
    assert_eq!(tables, ["audit.events", "users"], "{found:#?}");
    let key = &found.tables["audit.events"].foreign_keys[0];
    assert_eq!(key.referred_table, "users");
    assert!(found.enums.contains_key("audit.event_kind"), "{found:#?}");

    db.execute("CREATE TABLE audit.by_hand (id int)").await;
    let drift = drift_lines(&migrator).await;
    assert_eq!(drift.len(), 1, "{drift:#?}");
    assert!(drift[0].contains("audit.by_hand"), "{drift:#?}");
    db.execute("DROP TABLE audit.by_hand").await;

    let (changes, source) = baseline(&migrator).await;
    assert_eq!(
        changes.first().map(|change| change.summary.as_str()),
        Some("schema `audit` made as it is"),
        "{source}"
    );
    assert!(source.contains("\"audit.events\""), "{source}");
    migrator.downgrade("base").await.expect("downgrade");
    assert_eq!(
        db.count("SELECT count(*) FROM pg_namespace WHERE nspname = 'audit'")
            .await,
        0
    );
    assert_baseline_makes_them(db.url(), &changes, &wanted).await;
}

/// A table of another schema renamed, changed in place and dropped by typed ops, the
/// downgrade derived: the schema before each step comes back.
async fn changes_in_another_schema_are_derived_back(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let first = Plan::new()
        .op(op::execute("CREATE SCHEMA billing"))
        .op(op::create_table("billing.invoices")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("total", Type::Integer).not_null())
            .column(Column::new("memo", Type::Varchar(40))));
    let second = Plan::new()
        .op(op::alter_column("billing.invoices", "total").ty(Type::BigInt))
        .op(op::drop_column("billing.invoices", "memo"))
        // The new name stays in the table's schema.
        .op(op::rename_table("billing.invoices", "bills"));
    let migrations = migrate_runtime::Migrations::from_defs([
        migrate_tests::fixture::leak(
            "f10000000001",
            &[],
            migrate_tests::fixture::Fixed {
                upgrade: first,
                downgrade: Some(Plan::new().op(op::execute("DROP SCHEMA billing CASCADE"))),
            },
        ),
        migrate_tests::fixture::derived("f10000000002", &["f10000000001"], second),
    ]);
    let migrator =
        migrate_runtime::Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    assert_eq!(
        db.count(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'billing' AND tablename = 'bills'"
        )
        .await,
        1
    );
    let drift = drift_lines(&migrator).await;
    assert!(drift.is_empty(), "{drift:#?}");
    migrator
        .downgrade("-1")
        .await
        .expect("the derived downgrade");
    let drift = drift_lines(&migrator).await;
    assert!(drift.is_empty(), "after the derived downgrade: {drift:#?}");
    let found = migrator.database_schema().await.expect("catalog");
    let invoices = &found.tables["billing.invoices"];
    let columns: Vec<&str> = invoices.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["id", "total", "memo"]);
}

backend_tests!(
    tables_of_another_schema,
    changes_in_another_schema_are_derived_back
);
