//! Offline SQL completed from the replayed schema: what an online run reads from the live
//! database (a SQLite table's definition for a rebuild, a MySQL column for `MODIFY COLUMN`,
//! the foreign keys on a MySQL column to drop) is taken from the schema the history built.

use super::{ColumnState, Schema, Table};
use crate::backend::{ReflectedColumn, ReflectedTable, Statement};
use crate::dialect::Dialect;

impl Schema {
    /// The SQL of `statement` for an offline script, where it needs a table's or column's
    /// definition and the schema has it; `None` otherwise.
    pub(crate) fn complete(&self, statement: &Statement) -> Option<Vec<String>> {
        match statement {
            Statement::Rebuild(rebuild) => {
                let table = self.sqlite_table(self.table(rebuild.table())?)?;
                rebuild.expand(table).ok()
            }
            Statement::Modify(modify) => {
                let column = self.table(modify.table())?.column(modify.column())?;
                modify
                    .expand(mysql_column(column)?)
                    .ok()
                    .map(|sql| vec![sql])
            }
            Statement::DropColumn(drop) => {
                let table = self.table(drop.table())?;
                let keys: Vec<String> = table
                    .foreign_keys
                    .iter()
                    .filter(|key| key.columns.iter().any(|c| c == drop.column()))
                    .filter_map(|key| key.name.clone())
                    .collect();
                Some(drop.expand(&keys))
            }
            Statement::Sql(_) | Statement::Backfill(_) | Statement::Data(_) => None,
        }
    }
}

impl Schema {
    /// A table as SQLite would hold it: its `CREATE TABLE`, `CREATE INDEX` and `CREATE
    /// TRIGGER` texts.
    fn sqlite_table(&self, table: &Table) -> Option<ReflectedTable> {
        let mut texts = self.table_creation_ops(table).into_iter().map(|op| {
            let statements = Dialect::Sqlite.render(&op).ok()?;
            match statements.as_slice() {
                [Statement::Sql(sql)] => Some(sql.clone()),
                _ => None,
            }
        });
        let create_sql = texts.next()??;
        let dependents_sql = texts.collect::<Option<Vec<String>>>()?;
        Some(ReflectedTable {
            create_sql,
            dependents_sql,
        })
    }
}

/// A column as MySQL's `information_schema` would describe it.
fn mysql_column(column: &ColumnState) -> Option<ReflectedColumn> {
    Some(ReflectedColumn {
        column_type: Dialect::MySql.column_type(&column.ty).ok()?,
        nullable: column.nullable,
        default: column
            .default
            .as_ref()
            .map(|default| Dialect::MySql.default_value(default)),
        auto_increment: column.ty.is_auto_increment() || column.identity.is_some(),
        comment: column.comment.clone().unwrap_or_default(),
        collation: column.collation.clone(),
    })
}
