//! What a catalog holds that migrate's schema neither describes nor holds whole: a table's
//! partitioning or inheritance, PostgreSQL's unlogged tables and storage parameters, MySQL's
//! other storage engines, SQLite's virtual, `WITHOUT ROWID` and `STRICT` tables. Never
//! dropped silently: each is listed by name with the SQL it takes, by `check` and in a
//! baseline, for the team to write by hand where it matters.

use std::fmt;

/// One thing a table has that migrate does not describe.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NotDescribed {
    /// The table.
    pub table: String,
    /// What it is: `partitioning`, `inheritance`, `unlogged table`, `storage engine`, ….
    pub what: String,
    /// The SQL that makes it, as the catalog gives it (a clause of `CREATE TABLE` or a
    /// statement of its own).
    pub sql: String,
}

impl From<(String, String, String)> for NotDescribed {
    /// A catalog row: the table, what it is, its SQL.
    fn from((table, what, sql): (String, String, String)) -> Self {
        NotDescribed { table, what, sql }
    }
}

impl fmt::Display for NotDescribed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "table `{}`: {}: {}", self.table, self.what, self.sql)
    }
}
