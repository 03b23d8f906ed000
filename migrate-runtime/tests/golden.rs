//! Golden SQL: every op rendered for PostgreSQL, SQLite and MySQL, compared with the reviewed
//! snapshots in `tests/snapshots/`, so that any change to the SQL shows in review. After an
//! intended change, regenerate with `INSTA_UPDATE=always cargo test -p migrate-runtime --test
//! golden` and review the diff.

use migrate_runtime::backend::Dialect;
use migrate_runtime::op::Op;
use migrate_runtime::prelude::*;
use migrate_runtime::schema::{CheckConstraint, ConstraintKind};

const DIALECTS: [Dialect; 3] = [Dialect::Postgres, Dialect::Sqlite, Dialect::MySql];

/// The op rendered for each dialect, one section per dialect.
fn render(op: impl Into<Op>) -> String {
    let op = op.into();
    let mut text = format!("{op}\n");
    for dialect in DIALECTS {
        text.push_str(&format!("\n-- {dialect}\n"));
        match dialect.render(&op) {
            Ok(statements) => {
                for statement in statements {
                    text.push_str(&format!("{statement};\n"));
                }
            }
            Err(error) => text.push_str(&format!("-- error: {error}\n")),
        }
    }
    text
}

macro_rules! golden {
    ($($name:ident => $op:expr;)*) => {
        $(
            #[test]
            fn $name() {
                insta::with_settings!({ omit_expression => true }, {
                    insta::assert_snapshot!(render($op));
                });
            }
        )*
    };
}

golden! {
    create_table_with_keys_defaults_and_comments => op::create_table("orders")
        .column(Column::new("id", Type::BigSerial).primary_key())
        .column(Column::new("customer_id", Type::Uuid).not_null().references("customers", "id")
            .on_delete(ReferentialAction::Cascade).on_update(ReferentialAction::Restrict))
        .column(Column::new("total", Type::numeric(10, 2)).not_null().default(0))
        .column(Column::new("note", Type::Text).comment("free text"))
        .column(Column::new("paid", Type::Boolean).not_null().default(false))
        .column(Column::new("placed_at", Type::TimestampTz).default_sql("CURRENT_TIMESTAMP"))
        .unique(UniqueConstraint::new(["customer_id", "placed_at"]).name("uq_orders_customer_time"))
        .check(CheckConstraint::new("total >= 0").name("ck_orders_total"))
        .comment("one row per order");
    create_table_with_composite_key => op::create_table("user_roles")
        .column(Column::new("user_id", Type::Uuid))
        .column(Column::new("role_id", Type::Integer))
        .primary_key(["user_id", "role_id"]);
    create_table_with_every_type => op::create_table("types")
        .column(Column::new("a", Type::SmallInt))
        .column(Column::new("b", Type::Integer))
        .column(Column::new("c", Type::BigInt))
        .column(Column::new("d", Type::Serial))
        .column(Column::new("e", Type::Boolean))
        .column(Column::new("f", Type::Real))
        .column(Column::new("g", Type::Double))
        .column(Column::new("h", Type::numeric(12, 4)))
        .column(Column::new("i", Type::Varchar(80)))
        .column(Column::new("j", Type::Text))
        .column(Column::new("k", Type::Char(2)))
        .column(Column::new("l", Type::Date))
        .column(Column::new("m", Type::Time))
        .column(Column::new("n", Type::Timestamp))
        .column(Column::new("o", Type::TimestampTz))
        .column(Column::new("p", Type::Uuid))
        .column(Column::new("q", Type::Json))
        .column(Column::new("r", Type::Bytes))
        .column(Column::new("s", Type::enumeration("mood", ["sad", "happy"])))
        .column(Column::new("t", Type::custom("CITEXT")));
    postgres_only_types => op::create_table("pg")
        .column(Column::new("span", Type::Interval))
        .column(Column::new("doc", Type::Jsonb))
        .column(Column::new("tags", Type::array(Type::Text)));
    drop_table => op::drop_table("orders");
    drop_table_and_its_enum_type => op::drop_table("moods").drop_enum_type("mood");
    rename_table => op::rename_table("sessions", "user_sessions");
    add_column => op::add_column("orders", Column::new("coupon", Type::Varchar(20)).default("none").comment("code"));
    add_column_with_foreign_key => op::add_column("orders", Column::new("shop_id", Type::Integer).references("shops", "id"));
    add_not_null_column_without_default => op::add_column("orders", Column::new("shop", Type::Text).not_null());
    drop_column => op::drop_column("orders", "coupon");
    alter_column_type_with_using => op::alter_column("orders", "total").ty(Type::numeric(12, 2)).using("total::numeric(12, 2)");
    alter_column_nullability_and_default => op::alter_column("orders", "status").nullable(false).default("new");
    alter_column_drop_default => op::alter_column("orders", "status").drop_default();
    alter_column_rename => op::alter_column("orders", "note").rename("remark");
    alter_column_comment => op::alter_column("orders", "note").comment(Some("shown to staff"));
    create_unique_index => op::create_index("ix_users_email", "users", ["email"]).unique();
    create_partial_index => op::create_index("ix_active", "users", ["email"]).where_sql("deleted_at IS NULL");
    create_index_concurrently => op::create_index("ix_big", "events", ["at"]).concurrently().if_not_exists();
    drop_index => op::drop_index("ix_users_email").on("users").if_exists();
    drop_index_without_table => op::drop_index("ix_users_email");
    create_foreign_key => op::create_foreign_key("fk_orders_customer", "orders", ["customer_id"], "customers", ["id"])
        .on_delete(ReferentialAction::SetNull);
    create_unique_constraint => op::create_unique_constraint("uq_orders_number", "orders", ["number"]);
    create_check_constraint => op::create_check_constraint("ck_orders_total", "orders", "total >= 0");
    create_primary_key => op::create_primary_key("pk_tags", "tags", ["name"]);
    drop_constraint => op::drop_constraint("ck_orders_total", "orders").kind(ConstraintKind::Check);
    drop_foreign_key => op::drop_constraint("fk_orders_customer", "orders").kind(ConstraintKind::ForeignKey);
    execute => op::execute("UPDATE orders SET status = 'new' WHERE status IS NULL");
    execute_with_binds => op::execute("UPDATE orders SET note = ?, paid = ? WHERE id = ? AND note <> '?'")
        .bind("it's \\ done").bind(true).bind(7);
    bulk_insert => op::bulk_insert("orders", ["id", "note", "paid", "total", "raw"])
        .row((1, "first", true, 9.5, vec![0_u8, 255]))
        .row((2, None::<&str>, false, 0.25, Vec::<u8>::new()));
    awkward_identifiers => op::create_index("ix \"q\" `b` ✓", "select 'it''s'", ["order", "group by"]);
}
