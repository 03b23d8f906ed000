//! Typed row changes in migrations: `op::update` and `op::delete` with values escaped per
//! database, NULL filters, and no change of every row by accident.

use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{TestDb, backend_tests};

fn seeded() -> Fixed {
    Fixed {
        upgrade: Plan::new()
            .op(op::create_table("plans")
                .column(Column::new("code", Type::Varchar(20)).primary_key())
                .column(Column::new("label", Type::Varchar(40)))
                .column(
                    Column::new("active", Type::Boolean)
                        .not_null()
                        .default(true),
                ))
            .op(op::bulk_insert("plans", ["code", "label"]).rows([
                ("basic", Some("it's basic")),
                ("legacy", None),
                ("gold", Some("gold")),
            ])),
        downgrade: Some(Plan::new().op(op::drop_table("plans"))),
    }
}

async fn typed_updates_and_deletes_change_exactly_the_filtered_rows(db: &TestDb) {
    let change = Fixed {
        upgrade: Plan::new()
            .op(op::update("plans")
                .set("label", "it's \"legacy\"; --")
                .set("active", false)
                .filter("label", None::<String>))
            .op(op::delete("plans")
                .filter("code", "gold")
                .filter("active", true)),
        downgrade: Some(
            Plan::new()
                .op(op::bulk_insert("plans", ["code", "label"]).row(("gold", "gold")))
                .op(op::update("plans")
                    .set("label", None::<String>)
                    .set("active", true)
                    .filter("code", "legacy")),
        ),
    };
    let migrations = Migrations::from_defs([
        leak("k00000000001", &[], seeded()),
        leak("k00000000002", &["k00000000001"], change),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let codes = db.strings("SELECT code FROM plans ORDER BY code").await;
    assert_eq!(codes, ["basic", "legacy"]);
    let label = db
        .strings("SELECT label FROM plans WHERE code = 'legacy'")
        .await;
    assert_eq!(label, ["it's \"legacy\"; --"]);
    let inactive = db
        .count("SELECT count(*) FROM plans WHERE active = FALSE")
        .await;
    assert_eq!(inactive, 1);
    migrator.downgrade("k00000000001").await.expect("downgrade");
    assert_eq!(
        db.count("SELECT count(*) FROM plans WHERE label IS NULL")
            .await,
        1
    );
    assert_eq!(db.count("SELECT count(*) FROM plans").await, 3);
}

#[test]
fn an_update_or_delete_without_a_filter_is_refused() {
    for op in [
        migrate_runtime::op::Op::from(op::update("plans").set("active", false)),
        migrate_runtime::op::Op::from(op::delete("plans")),
    ] {
        let error = Plan::new()
            .op(op)
            .render(migrate_runtime::Dialect::Postgres)
            .expect_err("unfiltered");
        assert!(
            error.to_string().contains("would change every row"),
            "{error}"
        );
    }
}

backend_tests!(typed_updates_and_deletes_change_exactly_the_filtered_rows);
