//! MySQL's `MODIFY COLUMN` restates the whole column: its type, nullability, default,
//! `AUTO_INCREMENT` and comment. What the change leaves alone is read from
//! `information_schema` when the migration runs.

use std::fmt;

use crate::backend::{Dialect, Unsupported};
use crate::op::AlterColumn;
use crate::schema::Type;

const DIALECT: Dialect = Dialect::MySql;

/// A column as `information_schema.COLUMNS` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReflectedColumn {
    /// `COLUMN_TYPE`, e.g. `varchar(20)`.
    pub(crate) column_type: String,
    /// `IS_NULLABLE = 'YES'`.
    pub(crate) nullable: bool,
    /// The default as a SQL expression, if any.
    pub(crate) default: Option<String>,
    /// `EXTRA` mentions `auto_increment`.
    pub(crate) auto_increment: bool,
    /// `COLUMN_COMMENT`.
    pub(crate) comment: String,
    /// `COLLATION_NAME` where it is not the table's.
    pub(crate) collation: Option<String>,
}

/// A column change that MySQL makes with `MODIFY COLUMN`.
#[derive(Debug, Clone, PartialEq)]
pub struct Modify {
    change: AlterColumn,
}

impl Modify {
    pub(crate) fn new(change: AlterColumn) -> Self {
        Modify { change }
    }

    /// The table.
    pub(crate) fn table(&self) -> &str {
        &self.change.table
    }

    /// The column.
    pub(crate) fn column(&self) -> &str {
        &self.change.column
    }

    /// `ALTER TABLE … MODIFY COLUMN …` with the change applied to the current definition.
    pub(crate) fn expand(&self, current: ReflectedColumn) -> Result<String, Unsupported> {
        let column_type = match &self.change.ty {
            Some(ty) => DIALECT.column_type(ty)?,
            None => current.column_type,
        };
        let nullable = self.change.nullable.unwrap_or(current.nullable);
        let default = match &self.change.default {
            Some(default) => default.as_ref().map(|d| DIALECT.default_value(d)),
            None => current.default,
        };
        // The column's own collation stays while it holds text, unless the change sets one.
        let textual = self.change.ty.as_ref().is_none_or(Type::holds_text);
        let collation = match &self.change.restated_collation {
            Some(set) => set.clone(),
            None => current.collation,
        };
        let collate = match collation.filter(|_| textual) {
            Some(collation) => format!(" COLLATE {}", DIALECT.quote(&collation)),
            None => String::new(),
        };
        let mut sql = format!(
            "ALTER TABLE {} MODIFY COLUMN {} {column_type}{collate} {}",
            DIALECT.quote_table(self.table()),
            DIALECT.quote(self.column()),
            if nullable { "NULL" } else { "NOT NULL" }
        );
        if let Some(default) = default {
            sql.push_str(" DEFAULT ");
            sql.push_str(&default);
        }
        if current.auto_increment {
            sql.push_str(" AUTO_INCREMENT");
        }
        let comment = match &self.change.comment {
            Some(comment) => comment.clone().unwrap_or_default(),
            None => current.comment,
        };
        if !comment.is_empty() {
            sql.push_str(" COMMENT ");
            sql.push_str(&DIALECT.literal(&comment));
        }
        Ok(sql)
    }
}

impl fmt::Display for Modify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "-- ALTER TABLE {} MODIFY COLUMN {} …: the column's current definition is read from the database when the migration runs",
            DIALECT.quote_table(self.table()),
            DIALECT.quote(self.column())
        )
    }
}
