//! Table comments: set, changed and taken away by `op::comment_on_table` (PostgreSQL's
//! `COMMENT ON TABLE`, MySQL's `ALTER TABLE … COMMENT`; SQLite keeps none), read back with no
//! drift, undone by derived downgrades, and written by autogenerate when a model's comment
//! changes.

use migrate_runtime::model::{ModelTable, Models};
use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{derived, plan_of};
use migrate_tests::{Backend, TestDb, backend_tests};

fn notes() -> op::CreateTable {
    op::create_table("notes")
        .column(Column::new("id", Type::Integer).primary_key())
        .comment("first")
}

/// The table's comment as the catalog keeps it (SQLite: none).
async fn catalog_comment(db: &TestDb) -> Option<String> {
    let sql = match db.backend() {
        Backend::Postgres => "SELECT coalesce(obj_description('notes'::regclass, 'pg_class'), '')",
        Backend::MySql => {
            "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'notes'"
        }
        Backend::Sqlite => return None,
    };
    db.strings(sql)
        .await
        .pop()
        .filter(|comment| !comment.is_empty())
}

async fn a_table_comment_is_set_changed_and_taken_away(db: &TestDb) {
    let history = Migrations::from_defs([
        derived("c20000000000", &[], Plan::new().op(notes())),
        derived(
            "c20000000001",
            &["c20000000000"],
            Plan::new().op(op::comment_on_table("notes", Some("it's second"))),
        ),
        derived(
            "c20000000002",
            &["c20000000001"],
            Plan::new().op(op::comment_on_table("notes", None)),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &history).expect("history");
    let kept = |comment: &str| (db.backend() != Backend::Sqlite).then(|| comment.to_owned());
    for (revision, wanted) in [
        ("c20000000000", kept("first")),
        ("c20000000001", kept("it's second")),
        ("c20000000002", None),
    ] {
        migrator.upgrade(revision).await.expect("upgrade");
        assert_eq!(catalog_comment(db).await, wanted, "at {revision}");
        let drift = migrator.drift().await.expect("drift");
        assert!(drift.is_empty(), "at {revision}: {drift:#?}");
    }
    // The derived downgrades put each comment back.
    for wanted in [kept("it's second"), kept("first")] {
        migrator.downgrade("-1").await.expect("derived downgrade");
        assert_eq!(catalog_comment(db).await, wanted);
        let drift = migrator.drift().await.expect("drift");
        assert!(drift.is_empty(), "{drift:#?}");
    }
}

async fn autogenerate_writes_a_changed_table_comment(db: &TestDb) {
    let history = Migrations::from_defs([derived("c30000000000", &[], Plan::new().op(notes()))]);
    let migrator = Migrator::with_migrations(db.url(), &history).expect("history");
    let models = Models::from_tables([ModelTable::new(
        "Note",
        op::create_table("notes")
            .column(Column::new("id", Type::Integer).primary_key())
            .comment("what was said"),
    )]);
    let changes = history
        .model_changes(&models, migrator.dialect(), &mut |_| None)
        .expect("compared");
    let ops: Vec<String> = changes.iter().map(|change| change.op.to_string()).collect();
    assert_eq!(ops, [r#"comment_on_table("notes")"#]);
    let plan = plan_of(&changes);
    let next = Migrations::from_defs([
        derived("c30000000000", &[], Plan::new().op(notes())),
        derived("c30000000001", &["c30000000000"], plan),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &next).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let wanted = (db.backend() != Backend::Sqlite).then(|| "what was said".to_owned());
    assert_eq!(catalog_comment(db).await, wanted);
    let left = next
        .model_changes(&models, migrator.dialect(), &mut |_| None)
        .expect("compared");
    assert!(left.is_empty(), "{left:#?}");
}

backend_tests!(
    a_table_comment_is_set_changed_and_taken_away,
    autogenerate_writes_a_changed_table_comment
);
