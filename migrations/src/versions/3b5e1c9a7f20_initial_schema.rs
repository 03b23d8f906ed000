//! Users, roles, the roles each user holds, and login sessions.

use migrate_runtime::prelude::*;

pub struct InitialSchema;

#[migration(revision = "3b5e1c9a7f20", message = "initial schema")]
impl Migration for InitialSchema {
    fn upgrade(&self) -> Plan {
        let users = op::create_table("users")
            .column(Column::new("id", Type::Uuid).primary_key())
            .column(Column::new("email", Type::Varchar(255)).not_null().unique())
            .column(Column::new("name", Type::Text))
            .column(Column::new("is_active", Type::Boolean).not_null().default(true))
            .column(
                Column::new("created_at", Type::TimestampTz)
                    .not_null()
                    .default_sql("CURRENT_TIMESTAMP"),
            );
        let roles = op::create_table("roles")
            .column(Column::new("id", Type::Serial).primary_key())
            .column(Column::new("name", Type::Varchar(64)).not_null().unique());
        let user_roles = op::create_table("user_roles")
            .column(
                Column::new("user_id", Type::Uuid)
                    .references("users", "id")
                    .on_delete(ReferentialAction::Cascade),
            )
            .column(
                Column::new("role_id", Type::Integer)
                    .references("roles", "id")
                    .on_delete(ReferentialAction::Cascade),
            )
            .primary_key(["user_id", "role_id"]);
        let sessions = op::create_table("sessions")
            .column(Column::new("id", Type::Uuid).primary_key())
            .column(
                Column::new("user_id", Type::Uuid)
                    .not_null()
                    .references("users", "id")
                    .on_delete(ReferentialAction::Cascade),
            )
            .column(Column::new("token", Type::Varchar(128)).not_null().unique())
            .column(Column::new("expires_at", Type::TimestampTz).not_null());
        Plan::new()
            .op(users)
            .op(roles)
            .op(user_roles)
            .op(sessions)
    }

    fn downgrade(&self) -> Plan {
        Plan::new()
            .op(op::drop_table("sessions"))
            .op(op::drop_table("user_roles"))
            .op(op::drop_table("roles"))
            .op(op::drop_table("users"))
    }
}
