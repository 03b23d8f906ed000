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

mod alter_enum;
mod backfill;
mod bulk_insert;
mod column;
mod constraint;
mod execute;
mod identifiers;
mod index;
mod naming;
mod only_on;
mod reverse;
mod rows;
mod table;

use std::fmt;

use crate::schema::ColumnNames;

pub use alter_enum::AlterEnum;
pub use backfill::Backfill;
pub use bulk_insert::BulkInsert;
pub use column::{AddColumn, AlterColumn, DropColumn, IdentityChange};
pub use constraint::{AddConstraint, DropConstraint, TableConstraint};
pub use execute::Execute;
pub(crate) use execute::SchemaEffect;
pub use index::{CreateIndex, DropIndex};
pub use only_on::{ForDatabases, OnlyOn};
pub use rows::{Delete, Update};
pub use table::{CommentOnTable, CreateTable, DropTable, RenameTable};

use crate::schema::{CheckConstraint, Column, ConstraintKind, ForeignKey, UniqueConstraint};

/// One schema operation of a migration.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Op {
    /// `CREATE TABLE`.
    CreateTable(CreateTable),
    /// `DROP TABLE`.
    DropTable(DropTable),
    /// `ALTER TABLE … RENAME TO`.
    RenameTable(RenameTable),
    /// `COMMENT ON TABLE` (PostgreSQL), `ALTER TABLE … COMMENT` (MySQL).
    CommentOnTable(CommentOnTable),
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
    /// `ALTER TABLE … ADD CONSTRAINT`.
    AddConstraint(AddConstraint),
    /// `ALTER TABLE … DROP CONSTRAINT`.
    DropConstraint(DropConstraint),
    /// Values added to an enum type.
    AlterEnum(AlterEnum),
    /// Raw SQL.
    Execute(Execute),
    /// Typed rows inserted.
    BulkInsert(BulkInsert),
    /// Typed rows updated.
    Update(Update),
    /// Typed rows deleted.
    Delete(Delete),
    /// A large update in batches.
    Backfill(Backfill),
    /// An op for some databases only.
    OnlyOn(OnlyOn),
}

impl fmt::Display for Op {
    /// The op as a user wrote it, e.g. `add_column("products", "description")`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::CreateTable(op) => write!(f, "create_table({:?})", op.name),
            Op::DropTable(op) => write!(f, "drop_table({:?})", op.name),
            Op::RenameTable(op) => write!(f, "rename_table({:?}, {:?})", op.from, op.to),
            Op::CommentOnTable(op) => write!(f, "comment_on_table({:?})", op.table),
            Op::AddColumn(op) => write!(f, "add_column({:?}, {:?})", op.table, op.column.name),
            Op::DropColumn(op) => write!(f, "drop_column({:?}, {:?})", op.table, op.column),
            Op::AlterColumn(op) => write!(f, "alter_column({:?}, {:?})", op.table, op.column),
            Op::CreateIndex(op) => write!(f, "create_index({:?}, {:?})", op.name, op.table),
            Op::DropIndex(op) => write!(f, "drop_index({:?})", op.name),
            Op::AddConstraint(op) => {
                let verb = match op.constraint.kind() {
                    ConstraintKind::ForeignKey => "create_foreign_key",
                    ConstraintKind::Unique => "create_unique_constraint",
                    ConstraintKind::Check => "create_check_constraint",
                    ConstraintKind::PrimaryKey => "create_primary_key",
                };
                write!(f, "{verb}({:?}, {:?})", op.constraint.name(), op.table)
            }
            Op::DropConstraint(op) if op.is_unnamed() && op.condition.is_some() => write!(
                f,
                "drop_unnamed_check({:?}, {:?})",
                op.table,
                op.condition.as_deref().unwrap_or_default()
            ),
            Op::DropConstraint(op) if op.is_unnamed() => write!(
                f,
                "drop_unnamed_constraint({:?}, {:?}, {:?})",
                op.table, op.kind, op.columns
            ),
            Op::DropConstraint(op) => write!(f, "drop_constraint({:?}, {:?})", op.name, op.table),
            Op::AlterEnum(op) => write!(f, "alter_enum({:?})", op.name),
            Op::Execute(op) => write!(f, "execute({:?})", op.sql),
            Op::BulkInsert(op) => write!(f, "bulk_insert({:?}, {} rows)", op.table, op.rows.len()),
            Op::Update(op) => write!(f, "update({:?})", op.table),
            Op::Delete(op) => write!(f, "delete({:?})", op.table),
            Op::Backfill(op) => match op.key.as_slice() {
                [one] => write!(f, "backfill({:?}, {one:?})", op.table),
                key => write!(f, "backfill({:?}, {key:?})", op.table),
            },
            Op::OnlyOn(only) => {
                let names: Vec<&str> = only.databases.iter().map(|d| d.name()).collect();
                write!(f, "{}.only_on([{}])", only.op, names.join(", "))
            }
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
    let (from, to) = (from.into(), to.into());
    // A table stays in its schema: `rename_table("audit.events", "activity")` is
    // `audit.activity`, as PostgreSQL's `RENAME TO` takes no schema.
    let to = match (crate::dialect::split_table(&from).0, to.contains('.')) {
        (Some(schema), false) => format!("{schema}.{to}"),
        _ => to,
    };
    RenameTable::new(from, to)
}

/// Set the comment of `table`, or take it away with `None`.
///
/// ```
/// # use migrate_runtime::prelude::*;
/// // PostgreSQL: COMMENT ON TABLE "users" IS 'who signs in'
/// // MySQL:      ALTER TABLE `users` COMMENT = 'who signs in'
/// // SQLite:     nothing (SQLite keeps no comments)
/// let comment = op::comment_on_table("users", Some("who signs in"));
/// # let _ = comment;
/// ```
pub fn comment_on_table(table: impl Into<String>, comment: Option<&str>) -> CommentOnTable {
    CommentOnTable {
        table: table.into(),
        comment: comment.map(str::to_owned),
    }
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

/// Add values to the enum type `name`, each database its own way: PostgreSQL changes the
/// type in place (it cannot take a value out again, so a derived downgrade refuses there);
/// MySQL and SQLite keep the values on each column, so they need the values the type has
/// and each column of it. `revision --autogenerate` writes it whole.
///
/// ```
/// # use migrate_runtime::prelude::*;
/// // PostgreSQL: ALTER TYPE "post_status" ADD VALUE 'archived'
/// // MySQL:      ALTER TABLE `posts` MODIFY COLUMN `status`
/// //                 ENUM('draft','published','archived') … (the rest of the column as it is)
/// // SQLite:     the table rebuilt with the column's CHECK (status IN (…)) widened
/// let alter = op::alter_enum("post_status")
///     .existing(["draft", "published"])
///     .add_value("archived")
///     .column("posts", "status");
/// # let _ = alter;
/// ```
pub fn alter_enum(name: impl Into<String>) -> AlterEnum {
    AlterEnum::new(name.into())
}

/// Create the index `name` on `columns` of `table`.
pub fn create_index<C>(name: impl Into<String>, table: impl Into<String>, columns: C) -> CreateIndex
where
    C: ColumnNames,
{
    let columns = columns.into_names();
    CreateIndex::new(name.into(), table.into(), columns)
}

/// Drop the index `name`.
pub fn drop_index(name: impl Into<String>) -> DropIndex {
    DropIndex::new(name.into())
}

/// Add the foreign key `name` from `columns` of `table` to `referred_columns` of
/// `referred_table`; refine it with `on_delete`/`on_update`.
pub fn create_foreign_key<C, R>(
    name: impl Into<String>,
    table: impl Into<String>,
    columns: C,
    referred_table: impl Into<String>,
    referred_columns: R,
) -> AddConstraint
where
    C: ColumnNames,
    R: ColumnNames,
{
    let key = ForeignKey::new(columns, referred_table, referred_columns).name(name);
    AddConstraint::new(table.into(), TableConstraint::ForeignKey(key))
}

/// Add the unique constraint `name` over `columns` of `table`.
pub fn create_unique_constraint<C>(
    name: impl Into<String>,
    table: impl Into<String>,
    columns: C,
) -> AddConstraint
where
    C: ColumnNames,
{
    let unique = UniqueConstraint::new(columns).name(name);
    AddConstraint::new(table.into(), TableConstraint::Unique(unique))
}

/// Add the check constraint `name` on `table`: `condition` is SQL, such as `"price >= 0"`.
pub fn create_check_constraint(
    name: impl Into<String>,
    table: impl Into<String>,
    condition: impl Into<String>,
) -> AddConstraint {
    let check = CheckConstraint::new(condition).name(name);
    AddConstraint::new(table.into(), TableConstraint::Check(check))
}

/// Add the primary key `name` over `columns` of `table`.
pub fn create_primary_key<C>(
    name: impl Into<String>,
    table: impl Into<String>,
    columns: C,
) -> AddConstraint
where
    C: ColumnNames,
{
    let columns = columns.into_names();
    let key = TableConstraint::PrimaryKey {
        name: name.into(),
        columns,
    };
    AddConstraint::new(table.into(), key)
}

/// Drop the constraint of `table` that has no name (SQLite keeps a constraint written without
/// one so), told by its kind and columns; a foreign key, unique constraint or primary key.
/// SQLite rebuilds the table without it; PostgreSQL and MySQL name every constraint, so
/// there use [`drop_constraint`] with the name their catalog gives.
///
/// ```
/// use migrate_runtime::op;
/// use migrate_runtime::schema::ConstraintKind;
///
/// let drop = op::drop_unnamed_constraint("users", ConstraintKind::ForeignKey, ["team_id"]);
/// ```
pub fn drop_unnamed_constraint<C>(
    table: impl Into<String>,
    kind: ConstraintKind,
    columns: C,
) -> DropConstraint
where
    C: ColumnNames,
{
    let mut drop = DropConstraint::new(table.into(), String::new()).kind(kind);
    drop.columns = columns.into_names();
    drop
}

/// Drop the check of `table` that has no name (SQLite keeps one written without a name so,
/// as SQLAlchemy wrote `Boolean` and `Enum` checks), told by its condition as the database
/// keeps it. SQLite rebuilds the table without it; PostgreSQL and MySQL refuse it.
///
/// ```
/// use migrate_runtime::op;
///
/// let drop = op::drop_unnamed_check("users", "active IN (0, 1)");
/// ```
pub fn drop_unnamed_check(
    table: impl Into<String>,
    condition: impl Into<String>,
) -> DropConstraint {
    let mut drop = DropConstraint::new(table.into(), String::new()).kind(ConstraintKind::Check);
    drop.condition = Some(condition.into());
    drop
}

/// Drop the constraint `name` of `table`; on MySQL say its kind with `.kind(…)`.
pub fn drop_constraint(name: impl Into<String>, table: impl Into<String>) -> DropConstraint {
    DropConstraint::new(table.into(), name.into())
}

/// Insert typed rows into `columns` of `table`; add them with `.row(…)` or `.rows(…)`.
pub fn bulk_insert<C>(table: impl Into<String>, columns: C) -> BulkInsert
where
    C: ColumnNames,
{
    let columns = columns.into_names();
    BulkInsert::new(table.into(), columns)
}

/// Update rows of `table`: `.set(column, value)` and `.filter(column, value)`, typed values.
pub fn update(table: impl Into<String>) -> Update {
    Update::new(table.into())
}

/// Delete rows of `table`: `.filter(column, value)`, typed values.
pub fn delete(table: impl Into<String>) -> Delete {
    Delete::new(table.into())
}

/// Update the rows of `table` in batches walking its `key` (one column, `"id"`, or several,
/// `["tenant_id", "id"]`, of any orderable type); say what to set with `.set(…)` and which
/// rows with `.where_sql(…)`.
pub fn backfill(table: impl Into<String>, key: impl ColumnNames) -> Backfill {
    Backfill::new(table.into(), key.into_names())
}

/// Run raw SQL, exactly as written (one statement); bind values to its `?` with `.bind(…)`.
pub fn execute(sql: impl Into<String>) -> Execute {
    Execute::new(sql.into())
}
