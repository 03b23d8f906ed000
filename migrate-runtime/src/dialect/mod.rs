//! Rendering ops to SQL: one module per database, sharing the common DDL in [`ddl`].
//!
//! All SQL text of the crate is produced here; every identifier goes through
//! [`Dialect::quote`] and every value through [`Dialect::literal`].

mod ddl;
mod error;
mod postgres;
mod sqlite;
mod sqlite_rebuild;
mod version_table;

use std::fmt;

pub use error::{RebuildObstacle, RenderError, Unsupported};
pub use sqlite_rebuild::Rebuild;
pub(crate) use sqlite_rebuild::ReflectedTable;
pub(crate) use version_table::VersionWrite;

use crate::op::Op;
use crate::schema::{DefaultValue, Type};

/// A database's flavour of SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// PostgreSQL.
    Postgres,
    /// SQLite.
    Sqlite,
}

impl Dialect {
    /// The database's name, as users know it.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Sqlite => "SQLite",
        }
    }

    /// Quote an identifier so that any name (quotes, spaces, reserved words) is taken literally.
    pub fn quote(self, identifier: &str) -> String {
        format!("\"{}\"", identifier.replace('"', "\"\""))
    }

    /// Quote a string as a SQL string literal.
    pub fn literal(self, value: &str) -> String {
        format!("'{}'", value.replace('\'', "''"))
    }

    /// The SQL statements that carry out `op` on this database.
    pub fn render(self, op: &Op) -> Result<Vec<Statement>, RenderError> {
        let rendered = match self {
            Dialect::Postgres => postgres::render(op),
            Dialect::Sqlite => sqlite::render(op),
        };
        rendered.map_err(|reason| RenderError {
            op: op.to_string(),
            dialect: self,
            reason,
        })
    }

    /// The type as this database spells it.
    pub(crate) fn column_type(self, ty: &Type) -> Result<String, Unsupported> {
        match self {
            Dialect::Postgres => Ok(postgres::column_type(ty)),
            Dialect::Sqlite => sqlite::column_type(ty),
        }
    }

    /// A server default as this database spells it.
    pub(crate) fn default_value(self, value: &DefaultValue) -> String {
        match value {
            DefaultValue::Text(text) => self.literal(text),
            DefaultValue::Integer(number) => number.to_string(),
            DefaultValue::Float(number) => format!("{number:?}"),
            DefaultValue::Boolean(flag) => match (self, flag) {
                (Dialect::Postgres, true) => "TRUE".to_owned(),
                (Dialect::Postgres, false) => "FALSE".to_owned(),
                (Dialect::Sqlite, true) => "1".to_owned(),
                (Dialect::Sqlite, false) => "0".to_owned(),
            },
            DefaultValue::Sql(expression) => expression.clone(),
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One unit of work sent to the database for an op.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// A SQL statement, ready to run.
    Sql(String),
    /// A SQLite table rebuild, expanded to SQL once the table has been read from the database.
    Rebuild(Rebuild),
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Statement::Sql(sql) => f.write_str(sql),
            Statement::Rebuild(rebuild) => write!(f, "{rebuild}"),
        }
    }
}
