//! Log-in looks users up by email among the active ones.

use migrate_runtime::prelude::*;

pub struct IndexUsersEmailActive;

#[migration(revision = "1f6b8d0a2c73", down = "c47a9e1b3d58", message = "index users by email and is_active")]
impl Migration for IndexUsersEmailActive {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::create_index("ix_users_email_is_active", "users", ["email", "is_active"]))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::drop_index("ix_users_email_is_active").on("users"))
    }
}
