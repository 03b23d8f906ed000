//! SQLite's table rebuild (Alembic's "batch" mode): SQLite cannot alter a column in place, so
//! the table is created anew with the change, its rows copied, the old table dropped, the new
//! one renamed, and its indexes recreated, all inside the migration's transaction.

use std::fmt;

use super::{Dialect, RebuildObstacle, Unsupported, ddl};
use crate::op::{AlterColumn, CreateTable};

const DIALECT: Dialect = Dialect::Sqlite;

/// A table as read back from SQLite's catalog: its definition and its explicit indexes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReflectedTable {
    /// Columns and constraints, types and defaults as SQLite recorded them.
    pub(crate) definition: CreateTable,
    /// The `CREATE INDEX` statements of the table's explicit indexes, as written.
    pub(crate) index_sql: Vec<String>,
}

/// A column change that SQLite can only make by rebuilding the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Rebuild {
    change: AlterColumn,
}

impl Rebuild {
    pub(crate) fn new(change: AlterColumn) -> Self {
        Rebuild { change }
    }

    /// The table to rebuild.
    pub(crate) fn table(&self) -> &str {
        &self.change.table
    }

    /// The statements that rebuild `table` with the change applied.
    pub(crate) fn expand(&self, table: ReflectedTable) -> Result<Vec<String>, Unsupported> {
        let name = self.table().to_owned();
        let obstacle = |what| Unsupported::Rebuild {
            table: name.clone(),
            what,
        };
        let mut definition = table.definition;
        let columns: Vec<String> = definition.columns.iter().map(|c| c.name.clone()).collect();
        let column = definition
            .columns
            .iter_mut()
            .find(|c| c.name == self.change.column)
            .ok_or_else(|| obstacle(RebuildObstacle::NoSuchColumn(self.change.column.clone())))?;
        if let Some(ty) = &self.change.ty {
            column.ty = ty.clone();
        }
        if let Some(nullable) = self.change.nullable {
            column.nullable = nullable;
        }
        if let Some(default) = &self.change.default {
            column.default = default.clone();
        }
        let temporary = format!("_migrate_rebuild_{name}");
        definition.name = temporary.clone();
        let column_list = ddl::column_list(DIALECT, &columns);
        let mut sql = vec![
            ddl::create_table(DIALECT, &definition)?,
            format!(
                "INSERT INTO {} {column_list} SELECT {} FROM {}",
                DIALECT.quote(&temporary),
                column_list.trim_start_matches('(').trim_end_matches(')'),
                DIALECT.quote(&name)
            ),
            ddl::drop_table(DIALECT, &name),
            ddl::rename_table(DIALECT, &temporary, &name),
        ];
        sql.extend(table.index_sql);
        Ok(sql)
    }
}

impl fmt::Display for Rebuild {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "-- rebuild table {} with column {} altered: create a copy, copy the rows, drop, rename, recreate indexes",
            DIALECT.quote(self.table()),
            DIALECT.quote(&self.change.column)
        )
    }
}
