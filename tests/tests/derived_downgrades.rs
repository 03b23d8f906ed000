//! Downgrades derived from the replayed schema: a migration that drops an index, a column, a
//! constraint and a table and changes columns in place needs no written downgrade; reverting
//! it gives back the schema before it, which the catalog confirms (no drift).

use migrate_runtime::prelude::*;
use migrate_runtime::schema::ConstraintKind;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, derived, leak};
use migrate_tests::{TestDb, backend_tests};

fn history() -> Migrations {
    let users = op::create_table("users")
        .column(Column::new("id", Type::BigInt).primary_key())
        .column(Column::new("email", Type::Varchar(120)).not_null().unique())
        .column(Column::new("nickname", Type::Varchar(40)))
        .column(Column::new("bio", Type::Varchar(200)))
        .column(Column::new("score", Type::Integer).not_null().default(0));
    let sessions = op::create_table("sessions")
        .column(Column::new("id", Type::BigInt).primary_key())
        .column(
            Column::new("user_id", Type::BigInt)
                .not_null()
                .references("users", "id"),
        )
        .column(Column::new("token", Type::Varchar(64)).not_null());
    let first = Fixed {
        upgrade: Plan::new()
            .op(users)
            .op(sessions)
            .op(op::create_index("ix_users_nickname", "users", ["nickname"]))
            .op(op::create_index("ix_sessions_token", "sessions", ["token"]).unique())
            .op(op::bulk_insert("users", ["id", "email"]).row((1, "a@example.com"))),
        downgrade: Some(
            Plan::new()
                .op(op::drop_table("sessions"))
                .op(op::drop_table("users")),
        ),
    };
    // No downgrade written: every op is undone from the schema before it.
    let second = Fixed {
        upgrade: Plan::new()
            .op(op::drop_index("ix_users_nickname").on("users"))
            .op(op::drop_column("users", "nickname"))
            .op(op::alter_column("users", "bio").ty(Type::Text))
            .op(op::alter_column("users", "score").default(5))
            .op(op::drop_constraint("users_email_key", "users").kind(ConstraintKind::Unique))
            .op(op::drop_table("sessions")),
        downgrade: None,
    };
    Migrations::from_defs([
        leak("b00000000001", &[], first),
        leak("b00000000002", &["b00000000001"], second),
    ])
}

async fn a_derived_downgrade_restores_the_schema_before(db: &TestDb) {
    let migrations = history();
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "after the upgrade: {drift:#?}");
    if let Err(error) = migrator.downgrade("-1").await {
        panic!("the derived downgrade: {error}");
    }
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "after the derived downgrade: {drift:#?}");
    assert_eq!(db.count("SELECT COUNT(*) FROM users").await, 1, "rows stay");
    migrator.upgrade("head").await.expect("upgrade again");
}

/// Undoing an `add_column` whose enum type it brought drops the type too (PostgreSQL): no
/// type is left behind, and the column can be added again.
async fn undoing_an_added_enum_column_drops_its_type(db: &TestDb) {
    let first = Fixed {
        upgrade: Plan::new()
            .op(op::create_table("tickets").column(Column::new("id", Type::BigInt).primary_key())),
        downgrade: None,
    };
    let state = Type::enumeration("ticket_state", ["open", "closed"]);
    let second = Fixed {
        upgrade: Plan::new().op(op::add_column("tickets", Column::new("state", state))),
        downgrade: None,
    };
    let migrations = Migrations::from_defs([
        leak("b10000000001", &[], first),
        leak("b10000000002", &["b10000000001"], second),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    migrator
        .downgrade("-1")
        .await
        .expect("the derived downgrade");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "after the derived downgrade: {drift:#?}");
    migrator
        .upgrade("head")
        .await
        .expect("the column added again");
}

/// Derived downgrades on two branches and down a chain, reverted in one run: each is derived
/// from the schema at its own parents, not from whatever the other branch did before it in
/// the order of the run (the other branch drops a column of the same name on another table).
async fn derived_downgrades_across_branches_and_chains(db: &TestDb) {
    let table = |name: &str| {
        op::create_table(name)
            .column(Column::new("id", Type::BigInt).primary_key())
            .column(Column::new("a", Type::Varchar(20)).not_null().default("x"))
            .column(Column::new("b", Type::Integer))
    };
    let migrations = Migrations::from_defs([
        derived(
            "b20000000001",
            &[],
            Plan::new().op(table("left_t")).op(table("right_t")),
        ),
        derived(
            "b20000000002",
            &["b20000000001"],
            Plan::new().op(op::drop_column("left_t", "a")),
        ),
        derived(
            "b20000000003",
            &["b20000000002"],
            Plan::new().op(op::drop_column("left_t", "b")),
        ),
        derived(
            "b20000000004",
            &["b20000000001"],
            Plan::new()
                .op(op::alter_column("right_t", "b").ty(Type::BigInt))
                .op(op::drop_column("right_t", "a")),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("heads").await.expect("upgrade");
    migrator
        .downgrade("b20000000001")
        .await
        .expect("the derived downgrades of both branches");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "after the derived downgrades: {drift:#?}");
    let script = migrator
        .downgrade_sql("heads:b20000000001", migrator.dialect())
        .expect("the same downgrade offline");
    assert_eq!(
        script.text.matches("ADD COLUMN").count(),
        3,
        "each dropped column added back once: {}",
        script.text
    );
    migrator.upgrade("heads").await.expect("upgrade again");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "after the upgrade again: {drift:#?}");
}

backend_tests!(
    a_derived_downgrade_restores_the_schema_before,
    undoing_an_added_enum_column_drops_its_type,
    derived_downgrades_across_branches_and_chains
);
