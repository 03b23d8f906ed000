//! Sessions belong to users: say so in the table's name.

use migrate_runtime::prelude::*;

pub struct RenameSessions;

#[migration(revision = "5a0d2e4f6b87", down = "e9c3a5b7d142", message = "rename sessions to user_sessions")]
impl Migration for RenameSessions {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::rename_table("sessions", "user_sessions"))
    }

    fn downgrade(&self) -> Plan {
        Plan::new().op(op::rename_table("user_sessions", "sessions"))
    }
}
