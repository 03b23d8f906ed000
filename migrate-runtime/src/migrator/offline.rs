//! Offline mode (`--sql`): the exact SQL a run would send, as a script, with no database
//! connection: version-table statements and transaction boundaries included.

use super::walk::{Visit, Walk};
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
///
/// `walk` is the walk of the route `steps` were prepared from: what an online run reads from
/// the database (a SQLite rebuild's table, a MySQL column) is taken from the schema the
/// history built before each op. Where the schema is not known (raw SQL changed it), such a
/// statement is a comment.
pub(super) fn script(
    dialect: Dialect,
    create_version_table: Option<String>,
    steps: &[PreparedStep],
    walk: &mut Walk<'_>,
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
    let mut open = None;
    while let Some(visit) = walk.next() {
        match visit {
            Visit::Enter { step, .. } => {
                if let Some(done) = open.replace(step) {
                    text.push_str(&end(&steps[done], dialect));
                }
                text.push_str(&begin(&steps[step], dialect));
            }
            Visit::Op {
                step, part, before, ..
            } => {
                let op = &steps[step].ops[part];
                text.push_str(&script::comment(&op.op));
                for statement in &op.statements {
                    let completed = before.and_then(|known| known.complete(statement));
                    match completed.or_else(|| statement.offline_sql().map(|sql| vec![sql])) {
                        Some(sqls) => {
                            for sql in sqls {
                                text.push_str(&script::statement(&sql));
                            }
                        }
                        None => {
                            text.push_str(&format!("{statement}\n"));
                            unrendered.push(format!("{} ({})", op.op, steps[step].def.revision()));
                        }
                    }
                }
            }
        }
    }
    if let Some(done) = open {
        text.push_str(&end(&steps[done], dialect));
    }
    SqlScript { text, unrendered }
}

/// A step's heading and, where it runs in a transaction, its `BEGIN`.
fn begin(step: &PreparedStep, dialect: Dialect) -> String {
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
    let mut text = format!("\n{}", script::comment(&running));
    // A `transactional = false` migration (`CREATE INDEX CONCURRENTLY`) runs statement by
    // statement online, and so it does in the script.
    if def.is_transactional() {
        text.push_str(&script::statement(dialect.begin_sql()));
    }
    text
}

/// A step's version-table writes and, where it runs in a transaction, its `COMMIT`.
fn end(step: &PreparedStep, dialect: Dialect) -> String {
    let mut text = String::new();
    for write in &step.version_writes {
        text.push_str(&script::statement(&write.sql));
    }
    if step.def.is_transactional() {
        text.push_str(&script::statement(dialect.commit_sql()));
    }
    text
}
