//! Columns with foreign keys can be dropped on every database: MySQL refuses to drop a column
//! a key uses, so the keys on it are dropped first, whatever their names.

use migrate_runtime::prelude::*;
use migrate_runtime::schema::ConstraintKind;
use migrate_runtime::state::Schema;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, derived, drift_lines, leak};
use migrate_tests::{Backend, TestDb, backend_tests};

fn parent() -> Fixed {
    Fixed {
        upgrade:
            Plan::new()
                .op(op::create_table("parents")
                    .column(Column::new("id", Type::Integer).primary_key()))
                .op(op::create_table("children")
                    .column(Column::new("id", Type::Integer).primary_key())),
        downgrade: Some(
            Plan::new()
                .op(op::drop_table("children"))
                .op(op::drop_table("parents")),
        ),
    }
}

async fn a_column_with_a_foreign_key_is_dropped_by_its_derived_downgrade(db: &TestDb) {
    // No downgrade written: the derived one drops the columns, the unnamed key with its column.
    let add = Fixed {
        upgrade: Plan::new()
            .op(op::add_column(
                "children",
                Column::new("parent_id", Type::Integer).references("parents", "id"),
            ))
            .op(op::add_column(
                "children",
                Column::new("other_id", Type::Integer),
            ))
            .op(op::create_foreign_key(
                "fk_named", "children", "other_id", "parents", "id",
            )),
        downgrade: None,
    };
    // A column dropped while its named key is still there: the key goes with it.
    let drop = Fixed {
        upgrade: Plan::new().op(op::drop_column("children", "other_id")),
        downgrade: Some(
            Plan::new()
                .op(op::add_column(
                    "children",
                    Column::new("other_id", Type::Integer),
                ))
                .op(op::create_foreign_key(
                    "fk_named", "children", "other_id", "parents", "id",
                )),
        ),
    };
    let migrations = Migrations::from_defs([
        leak("f10000000001", &[], parent()),
        leak("f10000000002", &["f10000000001"], add),
        leak("f10000000003", &["f10000000002"], drop),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator
        .upgrade("head")
        .await
        .expect("upgrade, dropping a keyed column");
    let schema = db.schema().await;
    assert!(schema.table("children").column("other_id").is_none());
    assert!(schema.table("children").column("parent_id").is_some());
    migrator
        .downgrade("f10000000001")
        .await
        .expect("the derived downgrade drops a column with a foreign key");
    let schema = db.schema().await;
    assert!(schema.table("children").column("parent_id").is_none());
    migrator.upgrade("head").await.expect("and back up");
}

/// MySQL keeps the index it made for a foreign key (named as the key) when the key is
/// dropped: the replay keeps it too, so there is no drift. (A key the server named leaves an
/// index named after its column: `alembic_changed_keys`' `fk_removed`.)
async fn the_index_of_a_dropped_foreign_key_stays_on_mysql(db: &TestDb) {
    let keys = Plan::new()
        .op(op::add_column(
            "children",
            Column::new("parent_id", Type::Integer),
        ))
        .op(op::create_foreign_key(
            "fk_parent",
            "children",
            ["parent_id"],
            "parents",
            ["id"],
        ));
    let drop = Plan::new()
        .op(op::drop_constraint("fk_parent", "children").kind(ConstraintKind::ForeignKey));
    let defs = Migrations::from_defs([
        leak("f00000000000", &[], parent()),
        derived("f00000000001", &["f00000000000"], keys),
        derived("f00000000002", &["f00000000001"], drop),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &defs).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let kept: &[&str] = match db.backend() {
        Backend::MySql => &["fk_parent"],
        Backend::Postgres | Backend::Sqlite => &[],
    };
    let names = |schema: &Schema| -> Vec<String> {
        (schema.table("children").expect("table").indexes.iter())
            .map(|index| index.name.clone())
            .collect()
    };
    let found = migrator.database_schema().await.expect("catalog");
    assert_eq!(names(&found), kept);
    assert_eq!(names(&migrator.schema("head").expect("replay")), kept);
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());
    // Undone, the key comes back on the index it kept.
    migrator.downgrade("-1").await.expect("derived downgrade");
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());
}

backend_tests!(
    a_column_with_a_foreign_key_is_dropped_by_its_derived_downgrade,
    the_index_of_a_dropped_foreign_key_stays_on_mysql
);
