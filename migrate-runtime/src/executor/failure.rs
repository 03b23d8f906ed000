//! How a step fails, and the report of a failed migration: what ran, what stayed applied.

use std::fmt;

use crate::backend::Unsupported;
use crate::database::Said;
use migrate_graph::Direction;

/// Why a statement of a step failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StepFailure {
    /// The database refused the statement.
    #[error("{}", Said(.0))]
    Database(sqlx::Error),
    /// The statement needs something this database lacks.
    #[error(transparent)]
    Unsupported(#[from] Unsupported),
    /// A version-table write touched another number of rows than expected: someone else
    /// changed the table meanwhile.
    #[error(
        "the version table write affected {affected} row(s) instead of {expected}; another run may have changed it"
    )]
    VersionConflict {
        /// Rows it should have touched.
        expected: u64,
        /// Rows it touched.
        affected: u64,
    },
    /// A data step returned an error.
    #[error(transparent)]
    Data(crate::data_step::DataError),
    /// A value of a data step's query did not decode into the Rust type asked for.
    #[error(
        "the value of column {} did not decode: {cause}",
        match (column, index) {
            (Some(name), Some(index)) => format!("`{name}` (index {index})"),
            (Some(name), None) => format!("`{name}`"),
            (None, Some(index)) => format!("{index}"),
            (None, None) => "?".to_owned(),
        }
    )]
    Decode {
        /// The column's name, where the database tells it.
        column: Option<String>,
        /// Its index in the row, from 0.
        index: Option<usize>,
        /// What sqlx said: the Rust type and the SQL type, where it knows them.
        cause: String,
    },
    /// The version table is not where the step expected: another run moved it meanwhile.
    #[error("the version table changed under this run (another run applied migrations meanwhile)")]
    Moved,
    /// A back-fill whose key does not advance: the database orders its values in a way the
    /// comparison does not follow (a BLOB key on SQLite, a NULL read back).
    #[error(
        "the back-fill's key does not advance past its last batch; walk a key of a type the database orders and compares alike (an integer, text, uuid or timestamp column)"
    )]
    KeyStalled,
    /// The live definition a statement would be written from (the table of a SQLite
    /// rebuild, the column of a MySQL `MODIFY COLUMN`) differs from the one the history
    /// builds: the database was changed by hand. Reported before the step runs anything.
    #[error(
        "the database differs from what the history says, where this migration rebuilds or redefines: {}; nothing of the migration ran. Bring the database back to the history, or record the change in a migration",
        .0.join("; ")
    )]
    Drifted(Vec<String>),
    /// The run was asked to stop ([`crate::Migrator::stop_flag`], Ctrl-C on the command line)
    /// and stopped between two statements.
    #[error("the run was interrupted (asked to stop) before this statement")]
    Interrupted,
    /// A killed run had sent this statement (MySQL commits DDL at once), and the tables it
    /// changes are neither as before it nor as after it.
    #[error(
        "an interrupted run had sent this statement when it stopped, and the tables it changes are neither as the history has them before it nor after it: {}; nothing more of the migration ran. Bring them to one of the two by hand, then run it again",
        .0.join("; ")
    )]
    InFlight(Vec<String>),
    /// Rows that violate a foreign key after a SQLite table rebuild.
    #[error("{0} row(s) violate a foreign key after the table rebuild")]
    ForeignKeyViolations(usize),
}

impl From<sqlx::Error> for StepFailure {
    fn from(error: sqlx::Error) -> Self {
        StepFailure::Database(error)
    }
}

/// A migration that failed. Its transaction was rolled back; on a database that commits DDL
/// at once (MySQL), the statements it had committed are listed in `left_applied`.
#[derive(Debug, thiserror::Error)]
pub struct MigrationError {
    /// The migration's revision.
    pub revision: String,
    /// The migration's message.
    pub message: String,
    /// Which way it ran.
    pub direction: Direction,
    /// The op that failed, as written in the migration.
    pub op: String,
    /// The statement that failed.
    pub sql: String,
    /// What went wrong.
    pub cause: StepFailure,
    /// Statements that the database committed before the failure, despite the transaction:
    /// on MySQL once a DDL statement ran, or every one that ran in a non-transactional
    /// migration; version-table writes among them.
    pub left_applied: Vec<String>,
    /// Whether a version-table write is among `left_applied`: the version table moved.
    pub version_table_written: bool,
    /// Whether the history table records each committed statement (a non-transactional
    /// migration), so that running it again resumes after them.
    pub resumable: bool,
}

impl fmt::Display for MigrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} of `{}` ({}) failed in `{}`",
            self.direction, self.revision, self.message, self.op
        )?;
        let cause = match &self.cause {
            StepFailure::Database(error) => within_statement(&Said(error).to_string(), &self.sql),
            other => other.to_string(),
        };
        write!(f, "\n  sql: {}\n  error: {cause}", Abridged(&self.sql))?;
        if self.left_applied.is_empty() {
            return f.write_str("\n  its transaction was rolled back: nothing of it was applied");
        }
        f.write_str(
            "\n  these statements of it were committed (the migration is not transactional, or \
             the database commits DDL at once) and stay applied",
        )?;
        f.write_str(match self.version_table_written {
            true => ", the version table write among them:",
            false => ", while the version table does not record the migration:",
        })?;
        for sql in &self.left_applied {
            write!(f, "\n    {}", Abridged(sql))?;
        }
        f.write_str(match self.resumable {
            true => {
                "\n  the history table records each of them: running it again resumes after them"
            }
            false => {
                "\n  undo them by hand (or finish the migration by hand) before running it again"
            }
        })
    }
}

/// A database's message quoting the SQL where it stopped reading (MariaDB's and MySQL's
/// `near '…' at line N`), the quote cut at the end of `statement`: sent in one round trip with
/// the statements after it (the version-table write), the server quotes those too.
fn within_statement(message: &str, statement: &str) -> String {
    let Some((before, rest)) = message.split_once("near '") else {
        return message.to_owned();
    };
    let Some((quoted, after)) = rest.rsplit_once("' at line") else {
        return message.to_owned();
    };
    // The quote begins inside the statement; past its end come `;` and the next statement.
    let cut = (0..=statement.len())
        .filter(|&at| statement.is_char_boundary(at))
        .find_map(|at| {
            let tail = &statement[at..];
            let past = quoted.strip_prefix(tail)?;
            past.trim_start().starts_with(';').then_some(tail)
        });
    match cut {
        Some(tail) => format!("{before}near '{tail}' at line{after}"),
        None => message.to_owned(),
    }
}

/// A statement in a message: whole when short, else its beginning and how much is left out (a
/// bulk insert can be megabytes). `MigrationError::sql` keeps it whole.
pub(crate) struct Abridged<'a>(pub(crate) &'a str);

/// The most of a statement a message shows.
const SHOWN_SQL: usize = 400;

impl fmt::Display for Abridged<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() <= SHOWN_SQL {
            return f.write_str(self.0);
        }
        let mut end = SHOWN_SQL;
        while !self.0.is_char_boundary(end) {
            end -= 1;
        }
        let left = self.0.len() - end;
        write!(f, "{} … ({left} more bytes)", &self.0[..end])
    }
}

/// A data step's error; a value that did not decode is named by its column, read from the
/// statement as the database prepares it (sqlx names only the index).
pub(crate) async fn named_decode_failure(
    conn: &mut crate::connection::BackendConnection,
    sql: &str,
    cause: crate::data_step::DataError,
) -> StepFailure {
    use crate::connection::on_backend;
    use sqlx::{AssertSqlSafe, Column as _, Executor as _, SqlSafeStr as _, Statement as _};
    let Some(sqlx::Error::ColumnDecode { index, source }) = cause.downcast_ref::<sqlx::Error>()
    else {
        return StepFailure::Data(cause);
    };
    // sqlx names the column by its index (a tuple) or its name (a derived struct): the
    // statement as the database prepares it gives the other.
    let sql = AssertSqlSafe(sql.to_owned()).into_sql_str();
    let names: Result<Vec<String>, sqlx::Error> = on_backend!(conn, c => c.prepare(sql).await.map(|statement| {
        statement.columns().iter().map(|c| c.name().to_owned()).collect()
    }));
    let names = names.unwrap_or_default();
    let index = index.trim_matches('"');
    let (column, position) = match index.parse::<usize>() {
        Ok(position) => (names.get(position).cloned(), Some(position)),
        Err(_) => (
            Some(index.to_owned()),
            names.iter().position(|name| name == index),
        ),
    };
    StepFailure::Decode {
        column,
        index: position,
        cause: source.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_of_the_sql_ends_with_the_statement_that_failed() {
        let statement = "ALTER TABLE t ADD COLUMN x INTEGR";
        let message = "error returned from database: 1064 (42000): You have an error in your SQL \
                       syntax; check the manual that corresponds to your MariaDB server version \
                       for the right syntax to use near 'INTEGR;\nUPDATE `migrate_version` SET \
                       `version_num`='b2' WHERE `ver...' at line 1";
        assert_eq!(
            within_statement(message, statement),
            "error returned from database: 1064 (42000): You have an error in your SQL syntax; \
             check the manual that corresponds to your MariaDB server version for the right \
             syntax to use near 'INTEGR' at line 1"
        );
        // A quote within the statement, or another message, is left as it is.
        let inside = "syntax to use near 'ADD COLUMN x' at line 1";
        assert_eq!(
            within_statement(inside, "ALTER TABLE t ADD COLUMN x"),
            inside
        );
        assert_eq!(
            within_statement("no such table", statement),
            "no such table"
        );
    }

    #[test]
    fn a_long_statement_is_abridged_in_messages() {
        let long = format!("INSERT INTO t VALUES {}", "('é'), ".repeat(10_000));
        let shown = Abridged(&long).to_string();
        let (kept, rest) = shown.split_once(" … (").expect("abridged");
        assert!(kept.len() <= SHOWN_SQL && long.starts_with(kept), "{shown}");
        assert_eq!(rest, format!("{} more bytes)", long.len() - kept.len()));
        assert_eq!(Abridged("SELECT 1").to_string(), "SELECT 1");
    }
}
