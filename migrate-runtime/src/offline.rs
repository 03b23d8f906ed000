//! Offline mode (`--sql`): the exact SQL a run would send, as a script, with no database
//! connection: version-table statements and transaction boundaries included.

use crate::backend::{Dialect, script};
use crate::executor::PreparedStep;
use migrate_graph::Direction;

/// The MySQL session's time zone, as sqlx sets it on connecting.
const MYSQL_SESSION_ZONE: &str = "SET time_zone = '+00:00'";

/// An offline script and what it could not include.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlScript {
    /// The SQL, ready to feed to the database's own client.
    pub text: String,
    /// Statements that need the live database (a SQLite table rebuild, a MySQL
    /// `MODIFY COLUMN`): the script holds a comment in their place.
    pub unrendered: Vec<String>,
}

/// The script for `steps`, creating the version table first when `create_version_table`.
pub(crate) fn script(
    dialect: Dialect,
    create_version_table: Option<String>,
    steps: &[PreparedStep],
) -> SqlScript {
    let mut text = String::new();
    let mut unrendered = Vec::new();
    if dialect == Dialect::MySql {
        // As online: timestamps are read and written in UTC, whatever the server's zone.
        text.push_str(&script::statement(MYSQL_SESSION_ZONE));
    }
    if let Some(create) = create_version_table {
        text.push_str(&script::statement(&create));
    }
    for step in steps {
        let def = step.def;
        let down = match def.down() {
            [] => "<base>".to_owned(),
            down => down.join(", "),
        };
        let (from, to) = match step.direction {
            Direction::Upgrade => (down, def.revision().to_owned()),
            Direction::Downgrade => (def.revision().to_owned(), down),
        };
        let running = format!(
            "Running {} {from} -> {to}, {}",
            step.direction,
            def.message()
        );
        text.push('\n');
        text.push_str(&script::comment(&running));
        // A `transactional = false` migration (`CREATE INDEX CONCURRENTLY`) runs statement by
        // statement online, and so it does in the script.
        let transaction = def.is_transactional();
        if transaction {
            text.push_str(&script::statement(dialect.begin_sql()));
        }
        for op in &step.ops {
            text.push_str(&script::comment(&op.op));
            for statement in &op.statements {
                match statement.offline_sql() {
                    Some(sql) => text.push_str(&script::statement(&sql)),
                    None => {
                        text.push_str(&format!("{statement}\n"));
                        unrendered.push(format!("{} ({})", op.op, def.revision()));
                    }
                }
            }
        }
        for write in &step.version_writes {
            text.push_str(&script::statement(&write.sql));
        }
        if transaction {
            text.push_str(&script::statement(dialect.commit_sql()));
        }
    }
    SqlScript { text, unrendered }
}
