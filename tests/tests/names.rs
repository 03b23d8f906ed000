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
    // PostgreSQL would cut a name in raw SQL short too (MySQL refuses it itself).
    let raw = (db.backend() == Backend::Postgres).then(|| {
        Plan::new().op(op::execute(format!(
            "CREATE TABLE \"{long}\" (id INTEGER); CREATE INDEX ON {long} (id)"
        )))
    });
    let plans = [
        Plan::new().op(op::create_index(&long, "fine", ["id"])),
        Plan::new().op(op::add_column("fine", Column::new(&long, Type::Integer))),
        Plan::new().op(op::create_table(&long).column(Column::new("id", Type::Integer))),
        Plan::new().op(op::alter_column("fine", "id").rename(&long)),
        Plan::new().op(op::create_unique_constraint(&long, "fine", ["id"])),
    ];
    for plan in plans.into_iter().chain(raw) {
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

/// Tables whose names reach the database's limit or hold quotes, backticks, `;`, `--`,
/// unicode or a reserved word go up with keys, uniques and indexes named by the convention,
/// and `downgrade base` takes every one of them away again.
async fn awkward_names_go_up_and_come_down_again(db: &TestDb) {
    let limit = match db.backend() {
        Backend::Postgres => 63,
        Backend::MySql => 64,
        Backend::Sqlite => 70,
    };
    let names = [
        "t".repeat(limit),
        "u".repeat(limit - 1),
        "it's \"quoted\"".to_owned(),
        "back`tick".to_owned(),
        "semi;colon -- dash".to_owned(),
        "ünïcødé ☃".to_owned(),
        "select".to_owned(),
        "order".to_owned(),
    ];
    let upgrade = names
        .iter()
        .enumerate()
        .fold(Plan::new(), |plan, (i, name)| {
            plan.op(op::create_table(name)
                .column(Column::new("id", Type::Integer).primary_key())
                .column(Column::new(name, Type::Varchar(20)).unique())
                .column(Column::new("parent", Type::Integer).references(name, "id")))
                .op(op::create_index(
                    format!("ix_{i} ;--\"`'"),
                    name,
                    ["parent"],
                ))
        });
    let migrations = Migrations::from_defs([leak(
        "a00000000001",
        &[],
        Fixed {
            upgrade,
            downgrade: None,
        },
    )]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("the tables go up");
    let tables = db.schema().await.tables;
    for name in &names {
        assert!(
            tables.contains_key(name),
            "`{name}` exists: {:?}",
            tables.keys()
        );
    }
    let report = migrator.check().await.expect("check");
    assert_eq!(report.drift.expect("replayed"), [], "no drift");
    migrator
        .downgrade("base")
        .await
        .expect("the tables come down");
    let left: Vec<String> = db.schema().await.tables.into_keys().collect();
    let left: Vec<&String> = left.iter().filter(|t| !t.starts_with("migrate_")).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

backend_tests!(
    a_name_over_the_limit_is_refused_before_anything_runs,
    awkward_names_go_up_and_come_down_again,
);
