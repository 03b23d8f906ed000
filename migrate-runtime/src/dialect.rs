//! Which database a URL, a connection or a script is for. What each one's SQL looks like is
//! the business of the `backend` module.

use std::fmt;

/// A database's flavour of SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// PostgreSQL.
    Postgres,
    /// SQLite.
    Sqlite,
    /// MySQL and MariaDB.
    MySql,
}

impl Dialect {
    /// The cargo feature of migrate-runtime that adds the database's driver.
    pub fn feature(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Sqlite => "sqlite",
            Dialect::MySql => "mysql",
        }
    }

    /// The database's name, as users know it.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Sqlite => "SQLite",
            Dialect::MySql => "MySQL",
        }
    }

    /// Whether DDL runs inside a transaction and rolls back with it (MySQL commits it at once).
    pub fn has_transactional_ddl(self) -> bool {
        self != Dialect::MySql
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
