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

/// A database is written by its declared name (`postgres`, `mysql`, `sqlite`), as in a
/// migration's checksum.
impl serde::Serialize for Dialect {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.feature())
    }
}

/// A database name that is none of the three.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a database migrate runs on; expected {names}", names = migrate_graph::portability::DATABASE_NAMES)]
pub struct UnknownDatabase(pub String);

impl std::str::FromStr for Dialect {
    type Err = UnknownDatabase;

    /// `postgres` (`postgresql`), `mysql` (`mariadb`) or `sqlite`, in any case.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match migrate_graph::portability::canonical_database(name) {
            Some("postgres") => Ok(Dialect::Postgres),
            Some("mysql") => Ok(Dialect::MySql),
            Some("sqlite") => Ok(Dialect::Sqlite),
            _ => Err(UnknownDatabase(name.to_owned())),
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Placeholders: where raw SQL holds its `?`, and how each database writes them.
impl Dialect {
    /// `sql` with its `?` placeholders as this database writes them: `$1, $2, …` on
    /// PostgreSQL, unchanged elsewhere.
    pub(crate) fn placeholders_for(self, sql: &str) -> String {
        if self != Dialect::Postgres {
            return sql.to_owned();
        }
        let mut written = String::with_capacity(sql.len() + 8);
        let mut copied = 0;
        for (number, position) in self.placeholder_positions(sql).into_iter().enumerate() {
            written.push_str(&sql[copied..position]);
            written.push_str(&format!("${}", number + 1));
            copied = position + 1;
        }
        written.push_str(&sql[copied..]);
        written
    }

    /// Byte positions of the `?` placeholders outside strings, quoted names and comments.
    pub(crate) fn placeholder_positions(self, sql: &str) -> Vec<usize> {
        let bytes = sql.as_bytes();
        let mut found = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            match bytes[at] {
                b'?' => found.push(at),
                quote @ (b'\'' | b'"' | b'`') => {
                    at += 1;
                    while at < bytes.len() && bytes[at] != quote {
                        let escaped =
                            self == Dialect::MySql && quote == b'\'' && bytes[at] == b'\\';
                        at += if escaped { 2 } else { 1 };
                    }
                }
                b'-' if bytes.get(at + 1) == Some(&b'-') => {
                    at = sql[at..].find('\n').map_or(bytes.len(), |i| at + i);
                }
                b'/' if bytes.get(at + 1) == Some(&b'*') => {
                    at = sql[at + 2..]
                        .find("*/")
                        .map_or(bytes.len(), |i| at + 2 + i + 1);
                }
                _ => {}
            }
            at += 1;
        }
        found
    }
}

/// A table (or PostgreSQL type, view, sequence) name, `schema.table`, split at its first dot;
/// a name without one is in the current schema (PostgreSQL), database (MySQL) or the main
/// database (SQLite).
pub(crate) fn split_table(name: &str) -> (Option<&str>, &str) {
    match name.split_once('.') {
        Some((schema, table)) => (Some(schema), table),
        None => (None, name),
    }
}

/// Whether `name` needs no quotes on any database: lower-case letters, digits and `_`, not
/// starting with a digit, and no SQL keyword.
pub(crate) fn is_bare_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !sqlparser::keywords::ALL_KEYWORDS.contains(&name.to_ascii_uppercase().as_str())
}
