//! A NUL character in a text value: stored whole where the database can store it (SQLite,
//! MySQL), refused with a message that says so where it cannot (PostgreSQL), never cut short.

use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb, backend_tests};

async fn a_nul_in_a_value_is_stored_whole_or_refused(db: &TestDb) {
    let plan = Plan::new()
        .op(op::create_table("notes").column(Column::new("body", Type::Text)))
        .op(op::bulk_insert("notes", ["body"]).row(("before\0after",)))
        .op(op::execute("INSERT INTO notes (body) VALUES (?)").bind("x\0y"));
    let migrations = Migrations::from_defs([leak(
        "c00000000001",
        &[],
        Fixed {
            upgrade: plan,
            downgrade: Some(Plan::new().op(op::drop_table("notes"))),
        },
    )]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let outcome = migrator.upgrade("head").await;
    match db.backend() {
        Backend::Postgres => {
            let error = outcome
                .expect_err("PostgreSQL text cannot hold NUL")
                .to_string();
            assert!(error.contains("NUL character"), "{error}");
            assert!(
                !db.schema().await.tables.contains_key("notes"),
                "nothing ran"
            );
        }
        Backend::Sqlite | Backend::MySql => {
            outcome.expect("stored");
            // Bytes, not characters: SQLite's length() of text stops at a NUL.
            let length = match db.backend() {
                Backend::Sqlite => {
                    "SELECT CAST(length(CAST(body AS BLOB)) AS TEXT) FROM notes ORDER BY body"
                }
                _ => "SELECT CAST(length(body) AS CHAR) FROM notes ORDER BY body",
            };
            let lengths = db.strings(length).await;
            assert_eq!(lengths, ["12", "3"], "every character kept, NUL included");
        }
    }
}

backend_tests!(a_nul_in_a_value_is_stored_whole_or_refused);
