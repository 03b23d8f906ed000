//! Offline mode (`--sql`): the exact SQL a run would send, as a script, with no database
//! connection: version-table statements and transaction boundaries included.

use crate::backend::{Dialect, script};
use crate::executor::PreparedStep;
use crate::op::Op;
use crate::state::Schema;
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
///
/// `schema` is the schema the history built before the first step, and `typed` each step's
/// ops (`None` for a data step): what an online run reads from the database (a SQLite
/// rebuild's table, a MySQL column) is then taken from the schema, which follows each op.
/// Where the schema is not known (raw SQL changed it), such a statement is a comment.
pub(crate) fn script(
    dialect: Dialect,
    create_version_table: Option<String>,
    steps: &[PreparedStep],
    typed: &[Vec<Option<Op>>],
    mut schema: Option<Schema>,
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
    for (index, step) in steps.iter().enumerate() {
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
        let no_types = Vec::new();
        let typed_ops = typed.get(index).unwrap_or(&no_types);
        for (number, op) in step.ops.iter().enumerate() {
            text.push_str(&script::comment(&op.op));
            for statement in &op.statements {
                let completed = schema.as_ref().and_then(|known| known.complete(statement));
                match completed.or_else(|| statement.offline_sql().map(|sql| vec![sql])) {
                    Some(sqls) => {
                        for sql in sqls {
                            text.push_str(&script::statement(&sql));
                        }
                    }
                    None => {
                        text.push_str(&format!("{statement}\n"));
                        unrendered.push(format!("{} ({})", op.op, def.revision()));
                    }
                }
            }
            if let (Some(known), Some(Some(typed_op))) = (&mut schema, typed_ops.get(number))
                && known.apply_for(typed_op, dialect).is_err()
            {
                schema = None;
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
