//! Operation builders, Alembic's `op.*`: each function returns a typed value that a
//! [`Plan`](crate::Plan) holds and a dialect renders to SQL.
//!
//! ```
//! use migrate_runtime::prelude::*;
//!
//! let create = op::create_table("roles")
//!     .column(Column::new("id", Type::Serial).primary_key())
//!     .column(Column::new("name", Type::Varchar(64)).not_null().unique());
//! let plan = Plan::new().op(create).op(op::create_index("ix_roles_name", "roles", ["name"]));
//! assert_eq!(plan.len(), 2);
//! ```

mod column;
mod execute;
mod index;
mod reverse;
mod table;

use std::fmt;

pub use column::{AddColumn, AlterColumn, DropColumn};
pub use execute::Execute;
pub use index::{CreateIndex, DropIndex};
pub use table::{CreateTable, DropTable, RenameTable};

use crate::schema::Column;

/// One schema operation of a migration.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// `CREATE TABLE`.
    CreateTable(CreateTable),
    /// `DROP TABLE`.
    DropTable(DropTable),
    /// `ALTER TABLE … RENAME TO`.
    RenameTable(RenameTable),
    /// `ALTER TABLE … ADD COLUMN`.
    AddColumn(AddColumn),
    /// `ALTER TABLE … DROP COLUMN`.
    DropColumn(DropColumn),
    /// Change a column's type, nullability, default or name.
    AlterColumn(AlterColumn),
    /// `CREATE INDEX`.
    CreateIndex(CreateIndex),
    /// `DROP INDEX`.
    DropIndex(DropIndex),
    /// Raw SQL.
    Execute(Execute),
}

impl fmt::Display for Op {
    /// The op as a user wrote it, e.g. `add_column("products", "description")`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::CreateTable(op) => write!(f, "create_table({:?})", op.name),
            Op::DropTable(op) => write!(f, "drop_table({:?})", op.name),
            Op::RenameTable(op) => write!(f, "rename_table({:?}, {:?})", op.from, op.to),
            Op::AddColumn(op) => write!(f, "add_column({:?}, {:?})", op.table, op.column.name),
            Op::DropColumn(op) => write!(f, "drop_column({:?}, {:?})", op.table, op.column),
            Op::AlterColumn(op) => write!(f, "alter_column({:?}, {:?})", op.table, op.column),
            Op::CreateIndex(op) => write!(f, "create_index({:?}, {:?})", op.name, op.table),
            Op::DropIndex(op) => write!(f, "drop_index({:?})", op.name),
            Op::Execute(op) => write!(f, "execute({:?})", op.sql),
        }
    }
}

/// Create the table `name`; add columns and constraints with the builder's methods.
pub fn create_table(name: impl Into<String>) -> CreateTable {
    CreateTable::new(name.into())
}

/// Drop the table `name`.
pub fn drop_table(name: impl Into<String>) -> DropTable {
    DropTable::new(name.into())
}

/// Rename the table `from` to `to`.
pub fn rename_table(from: impl Into<String>, to: impl Into<String>) -> RenameTable {
    RenameTable::new(from.into(), to.into())
}

/// Add `column` to `table`.
pub fn add_column(table: impl Into<String>, column: Column) -> AddColumn {
    AddColumn::new(table.into(), column)
}

/// Drop the column `column` of `table`.
pub fn drop_column(table: impl Into<String>, column: impl Into<String>) -> DropColumn {
    DropColumn::new(table.into(), column.into())
}

/// Change the column `column` of `table`: say what changes with the builder's methods.
pub fn alter_column(table: impl Into<String>, column: impl Into<String>) -> AlterColumn {
    AlterColumn::new(table.into(), column.into())
}

/// Create the index `name` on `columns` of `table`.
pub fn create_index<C>(name: impl Into<String>, table: impl Into<String>, columns: C) -> CreateIndex
where
    C: IntoIterator,
    C::Item: Into<String>,
{
    let columns = columns.into_iter().map(Into::into).collect();
    CreateIndex::new(name.into(), table.into(), columns)
}

/// Drop the index `name`.
pub fn drop_index(name: impl Into<String>) -> DropIndex {
    DropIndex::new(name.into())
}

/// Run raw SQL, exactly as written (one statement).
pub fn execute(sql: impl Into<String>) -> Execute {
    Execute::new(sql.into())
}
