//! MySQL refuses to drop a column that a foreign key uses ("Cannot drop column needed in a
//! foreign key constraint"). The keys on the column are read from `information_schema` when
//! the migration runs and dropped first, whatever their names (given, from the naming
//! convention, or made up by the server).

use std::fmt;

use crate::backend::Dialect;

const DIALECT: Dialect = Dialect::MySql;

/// `ALTER TABLE … DROP COLUMN …`, preceded by `DROP FOREIGN KEY` for each key on the column.
#[derive(Debug, Clone, PartialEq)]
pub struct DropColumn {
    table: String,
    column: String,
}

impl DropColumn {
    pub(crate) fn new(table: &str, column: &str) -> Self {
        DropColumn {
            table: table.to_owned(),
            column: column.to_owned(),
        }
    }

    /// The table.
    pub(crate) fn table(&self) -> &str {
        &self.table
    }

    /// The column.
    pub(crate) fn column(&self) -> &str {
        &self.column
    }

    /// The statements, given the names of the foreign keys that use the column.
    pub(crate) fn expand(&self, foreign_keys: &[String]) -> Vec<String> {
        let table = DIALECT.quote(&self.table);
        let drop_keys = foreign_keys.iter().map(|key| {
            format!(
                "ALTER TABLE {table} DROP FOREIGN KEY {}",
                DIALECT.quote(key)
            )
        });
        drop_keys.chain([self.to_string()]).collect()
    }
}

impl fmt::Display for DropColumn {
    /// The `DROP COLUMN` alone: what an offline script gets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ALTER TABLE {} DROP COLUMN {}",
            DIALECT.quote(&self.table),
            DIALECT.quote(&self.column)
        )
    }
}
