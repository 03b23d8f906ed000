//! The upgrade `revision --autogenerate` writes, exactly (a test of migrate-tests compares the
//! source written for a change of models with the part between the markers), compiled here,
//! and checked to build the ops the changes are.

use migrate_runtime::prelude::*;

pub struct Generated;

#[migration(revision = "d1d1d1d1d1d1")]
impl Migration for Generated {
    fn upgrade(&self) -> Plan {
// --- written by autogenerate ---
Plan::new()
.op(op::rename_table("teams", "groups"))
.op(op::alter_column("users", "score").rename("points"))
.op(op::add_column("groups", Column::new("motto", Type::Text).comment("shown on the group's page")))
.op(op::alter_column("users", "email").ty(Type::Varchar(320)))
.op(op::add_column("users", Column::new("phone", Type::Varchar(20))))
.op(op::create_table("orders")
.column(Column::new("id", Type::BigSerial).primary_key())
.column(Column::new("user_id", Type::BigInt).not_null())
.column(Column::new("total", Type::numeric(10, 2)).not_null().default(0))
.column(Column::new("open", Type::Boolean).not_null().default(true))
.column(Column::new("status", Type::enumeration("order_status", ["placed", "paid-in-full", "shipped"])).not_null()).foreign_key(ForeignKey::new(["user_id"], "users", ["id"])).check(CheckConstraint::new("total >= 0")))
.op(op::create_table("refunds")
.column(Column::new("id", Type::BigSerial).primary_key())
.column(Column::new("status", Type::enumeration("order_status", ["placed", "paid-in-full", "shipped"])).not_null().existing_type()))
.op(op::create_index("ix_orders_open", "orders", ["user_id", "open"]))
.op(op::create_index("ix_users_phone", "users", ["phone"]))
// Destructive: dropped column `users.active` (its data is lost)
.op(op::drop_column("users", "active"))
// --- end ---
    }
}

/// The ops of the changes, as they print.
const OPS: &str = "rename_table(\"teams\", \"groups\"); alter_column(\"users\", \"score\"); add_column(\"groups\", \"motto\"); alter_column(\"users\", \"email\"); add_column(\"users\", \"phone\"); create_table(\"orders\"); create_table(\"refunds\"); create_index(\"ix_orders_open\", \"orders\"); create_index(\"ix_users_phone\", \"users\"); drop_column(\"users\", \"active\")";

fn main() {
    let ops: Vec<String> = Generated
        .upgrade()
        .steps()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(ops.join("; "), OPS);
}
