//! Constraints a migration leaves unnamed get the same names on every database (PostgreSQL's
//! own scheme unless the history says otherwise), so a later migration can drop one by name
//! anywhere.

use std::collections::BTreeSet;

use migrate_runtime::prelude::*;
use migrate_runtime::schema::CheckConstraint;
use migrate_runtime::{Error, Migrations, Migrator, NamingConvention};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb, backend_tests};

fn tables() -> Fixed {
    Fixed {
        upgrade: Plan::new()
            .op(op::create_table("users").column(Column::new("id", Type::Integer).primary_key()))
            .op(op::create_table("orders")
                .column(Column::new("id", Type::Integer).primary_key())
                .column(Column::new("code", Type::Varchar(20)).unique())
                .column(Column::new("user_id", Type::Integer).references("users", "id"))
                .column(Column::new("total", Type::Integer))
                .check(CheckConstraint::new("total >= 0"))),
        downgrade: Some(
            Plan::new()
                .op(op::drop_table("orders"))
                .op(op::drop_table("users")),
        ),
    }
}

/// The constraint names of `orders`, as the database lists them (MySQL's primary key is
/// always `PRIMARY`, so primary keys are left out).
async fn constraint_names(db: &TestDb) -> BTreeSet<String> {
    let names = match db.backend() {
        Backend::Postgres => {
            db.strings("SELECT conname::text FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype <> 'p'")
                .await
        }
        Backend::MySql => {
            db.strings("SELECT CAST(CONSTRAINT_NAME AS CHAR) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND CONSTRAINT_TYPE <> 'PRIMARY KEY'")
                .await
        }
        Backend::Sqlite => {
            let sql = db.strings("SELECT sql FROM sqlite_master WHERE name = 'orders'").await;
            let sql = sql.concat();
            sql.split("CONSTRAINT \"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next().map(str::to_owned))
                .filter(|name| !name.ends_with("_pkey"))
                .collect()
        }
    };
    names.into_iter().collect()
}

async fn unnamed_constraints_get_the_same_names_everywhere(db: &TestDb) {
    let drop_key = Fixed {
        upgrade: Plan::new().op(op::drop_constraint("orders_user_id_fkey", "orders")
            .kind(migrate_runtime::schema::ConstraintKind::ForeignKey)),
        downgrade: Some(Plan::new().op(op::create_foreign_key(
            "orders_user_id_fkey",
            "orders",
            "user_id",
            "users",
            "id",
        ))),
    };
    let migrations = Migrations::from_defs([
        leak("g00000000001", &[], tables()),
        leak("g00000000002", &["g00000000001"], drop_key),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("g00000000001").await.expect("upgrade");
    let expected: BTreeSet<String> = [
        "orders_code_key",
        "orders_total_check",
        "orders_user_id_fkey",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(constraint_names(db).await, expected);
    migrator
        .upgrade("head")
        .await
        .expect("drop the key by its name");
    assert!(!constraint_names(db).await.contains("orders_user_id_fkey"));
    migrator.downgrade("base").await.expect("downgrade");
}

async fn the_historys_convention_names_them_instead(db: &TestDb) {
    let convention = NamingConvention::postgres()
        .foreign_key("fk_{table}_{columns}_{referred_table}")
        .unique("uq_{table}_{columns}")
        .check("ck_{table}_{columns}");
    let migrations = Migrations::from_defs([leak("g10000000001", &[], tables())])
        .with_naming_convention(convention);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let expected: BTreeSet<String> = [
        "uq_orders_code",
        "ck_orders_total",
        "fk_orders_user_id_users",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(constraint_names(db).await, expected);
}

#[test]
fn a_template_with_an_unknown_placeholder_is_refused() {
    let migrations = Migrations::from_defs([leak("g20000000001", &[], tables())])
        .with_naming_convention(NamingConvention::postgres().unique("uq_{tabel}"));
    let Err(error) = Migrator::with_migrations("sqlite::memory:", &migrations) else {
        panic!("an unknown placeholder is refused");
    };
    assert!(matches!(error, Error::Naming(_)), "{error}");
    assert_eq!(error.kind(), migrate_runtime::ErrorKind::Refused);
    assert!(error.to_string().contains("`{tabel}`"), "{error}");
}

backend_tests!(
    unnamed_constraints_get_the_same_names_everywhere,
    the_historys_convention_names_them_instead,
);
