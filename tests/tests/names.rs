//! Names longer than the database keeps (PostgreSQL 63 bytes, MySQL 64 characters) are refused
//! before anything runs, wherever they appear in an op; PostgreSQL would cut them short.

use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb, backend_tests};

async fn a_name_over_the_limit_is_refused_before_anything_runs(db: &TestDb) {
    let limit = match db.backend() {
        Backend::Postgres => 63,
        Backend::MySql => 64,
        Backend::Sqlite => return,
    };
    let long = "n".repeat(limit + 1);
    let fits = "f".repeat(limit);
    let first = || Fixed {
        upgrade: Plan::new().op(op::create_table("fine").column(Column::new("id", Type::Integer))),
        downgrade: Some(Plan::new().op(op::drop_table("fine"))),
    };
    let plans = [
        Plan::new().op(op::create_index(&long, "fine", ["id"])),
        Plan::new().op(op::add_column("fine", Column::new(&long, Type::Integer))),
        Plan::new().op(op::create_table(&long).column(Column::new("id", Type::Integer))),
        Plan::new().op(op::alter_column("fine", "id").rename(&long)),
        Plan::new().op(op::create_unique_constraint(&long, "fine", ["id"])),
    ];
    for plan in plans {
        let second = Fixed {
            upgrade: plan,
            downgrade: Some(Plan::new()),
        };
        let migrations = Migrations::from_defs([
            leak("n00000000001", &[], first()),
            leak("n00000000002", &["n00000000001"], second),
        ]);
        let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
        let error = migrator
            .upgrade("head")
            .await
            .expect_err("too long")
            .to_string();
        assert!(
            error.contains(&format!("the name `{long}` is too long")),
            "{error}"
        );
        assert!(
            !db.schema().await.tables.contains_key("fine"),
            "nothing ran, not even the first migration: {error}"
        );
    }
    // A name at the limit is kept whole.
    let at_limit = Fixed {
        upgrade: Plan::new().op(op::create_index(&fits, "fine", ["id"])),
        downgrade: Some(Plan::new().op(op::drop_index(&fits).on("fine"))),
    };
    let migrations = Migrations::from_defs([
        leak("n00000000001", &[], first()),
        leak("n00000000002", &["n00000000001"], at_limit),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("a name at the limit");
    assert_eq!(
        db.schema().await.table("fine").index_on(&["id"]),
        Some(false)
    );
}

backend_tests!(a_name_over_the_limit_is_refused_before_anything_runs);
