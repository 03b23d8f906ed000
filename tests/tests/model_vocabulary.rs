//! The schema vocabulary in models: an identity key with its options, a generated column,
//! an index with its key in descending order, NULLS LAST, a MySQL prefix and PostgreSQL
//! INCLUDE columns, and (where the database has them) an index on an expression. On each
//! database: autogenerate writes the migration, it runs, the catalog has no drift, the models
//! then match the history on every dialect, and the catalog read back writes the models again
//! with the same attributes.

// The models' fields are columns, read by nothing in this test.
#![allow(dead_code)]

use migrate_runtime::autogenerate;
use migrate_runtime::model::{Model, Models};
use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator, testing};
use migrate_tests::fixture::{Fixed, derived, leak, plan_of};
use migrate_tests::{Backend, TestDb, backend_tests};

#[derive(Model)]
#[model(
    table = "runs",
    index(
        name,
        started,
        name = "ix_runs_latest",
        desc(started),
        nulls_last(started),
        prefix(name = 32),
        include(note)
    )
)]
struct Run {
    #[column(primary_key, identity(always, start = 100))]
    id: i64,
    #[column(len = 200)]
    name: String,
    started: i64,
    finished: Option<i64>,
    #[column(generated = "finished - started")]
    duration: Option<i64>,
    note: Option<String>,
}

/// MariaDB has no index on an expression.
#[derive(Model)]
#[model(
    table = "people",
    index(expr = "lower(email)", name = "ix_people_email_lower")
)]
struct Person {
    #[column(primary_key)]
    id: i32,
    #[column(len = 100)]
    email: String,
}

fn models(backend: Backend) -> Models {
    match backend {
        Backend::MySql => Models::from_tables([Run::table()]),
        Backend::Postgres | Backend::Sqlite => Models::from_tables([Run::table(), Person::table()]),
    }
}

async fn the_vocabulary_goes_from_models_to_the_database_and_back(db: &TestDb) {
    let models = models(db.backend());
    let base = leak(
        "f00000000000",
        &[],
        Fixed {
            upgrade: Plan::new(),
            downgrade: Some(Plan::new()),
        },
    );
    let empty = Migrations::from_defs([base]);
    let migrator = Migrator::with_migrations(db.url(), &empty).expect("history");
    let changes = empty
        .model_changes(&models, migrator.dialect(), &mut |_| None)
        .expect("the changes");
    let plan = plan_of(&changes);
    let migrations =
        Migrations::from_defs([base, derived("f00000000001", &["f00000000000"], plan)]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator
        .upgrade("head")
        .await
        .expect("the generated migration");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
    let left = testing::model_differences(&migrations, &models).expect("compared");
    assert!(left.is_empty(), "the models still differ: {left:#?}");

    // The identity numbers from its start where the database keeps one (PostgreSQL).
    db.execute("INSERT INTO runs (name, started, finished) VALUES ('a', 1, 4)")
        .await;
    assert_eq!(db.count("SELECT duration FROM runs").await, 3);
    let first = match db.backend() {
        Backend::Postgres => 100,
        Backend::MySql | Backend::Sqlite => 1,
    };
    assert_eq!(db.count("SELECT id FROM runs").await, first);

    // The catalog written as models says the same.
    let live = migrate_runtime::read_database(db.url(), "migrate_version")
        .await
        .expect("the catalog")
        .portable(migrator.dialect());
    let source = autogenerate::models_source(&live);
    let mut wanted = vec![
        r#"generated = "finished - started""#,
        "desc(started)",
        r#"name = "ix_runs_latest""#,
    ];
    match db.backend() {
        Backend::Postgres => wanted.extend([
            "identity(always, start = 100)",
            "nulls_last(started)",
            "include(note)",
            r#"name = "ix_people_email_lower""#,
        ]),
        Backend::MySql => wanted.push("prefix(name = 32)"),
        Backend::Sqlite => wanted.push(r#"expr = "lower(email)""#),
    }
    for attribute in wanted {
        assert!(source.contains(attribute), "{attribute} in {source}");
    }
}

backend_tests!(the_vocabulary_goes_from_models_to_the_database_and_back);
