//! Columns with foreign keys can be dropped on every database: MySQL refuses to drop a column
//! a key uses, so the keys on it are dropped first, whatever their names.

use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{TestDb, backend_tests};

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

backend_tests!(a_column_with_a_foreign_key_is_dropped_by_its_derived_downgrade);
