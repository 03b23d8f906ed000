//! SQLite: plain statements where SQLite has the ALTER, a table rebuild where it has not.

pub(crate) mod catalog;
mod column_users;
pub(crate) mod declared;
pub(crate) mod rebuild;
pub(crate) mod session;
pub(crate) mod table_sql;

use crate::backend::common::{data, ddl, index_ddl};
use crate::backend::{Dialect, Rebuild, Statement, TableChange, Unsupported};
use crate::op::{AddColumn, AlterColumn, Op};
use crate::schema::{ConstraintKind, Type};

const DIALECT: Dialect = Dialect::Sqlite;

/// The statements for `op`.
pub(crate) fn render(op: &Op) -> Result<Vec<Statement>, Unsupported> {
    let rebuild = |table: &str, change| Ok(vec![Statement::Rebuild(Rebuild::new(table, change))]);
    let sql = match op {
        Op::CreateTable(table) => {
            // SQLite numbers only its row id: the one-column INTEGER PRIMARY KEY.
            let numbered_elsewhere = table.columns.iter().any(|column| {
                column.identity.is_some()
                    && !column.primary_key
                    && table.primary_key != [column.name.as_str()]
            });
            if numbered_elsewhere {
                return Err(identity_off_the_key());
            }
            ddl::create_table(DIALECT, table)?
        }
        Op::DropTable(table) => ddl::drop_table(DIALECT, &table.name),
        Op::RenameTable(rename) => ddl::rename_table(DIALECT, &rename.from, &rename.to),
        // SQLite keeps no comments.
        Op::CommentOnTable(_) => return Ok(Vec::new()),
        Op::AddColumn(add) if needs_rebuild(&add.column) => {
            let column = ddl::column_definition(DIALECT, &add.column, None, false)?;
            let column = match &add.column.references {
                Some(key) => format!(
                    "{column} {}{}",
                    ddl::constraint_name(DIALECT, key.name.as_deref()),
                    ddl::references(DIALECT, key)
                ),
                None => column,
            };
            return rebuild(
                &add.table,
                TableChange::AddColumn {
                    name: add.column.name.clone(),
                    sql: column,
                },
            );
        }
        Op::AddColumn(add) => add_column(add)?,
        Op::DropColumn(drop) => {
            return rebuild(&drop.table, TableChange::DropColumn(drop.column.clone()));
        }
        Op::AlterColumn(alter) => return alter_column(alter),
        Op::AlterEnum(alter) => return ddl::enum_values_per_column(alter, alter_column),
        Op::CreateIndex(index) => {
            index_ddl::refuse_concurrently(index.concurrently)?;
            index_ddl::create_index(DIALECT, index)
        }
        Op::DropIndex(index) => {
            index_ddl::refuse_concurrently(index.concurrently)?;
            index_ddl::drop_index(DIALECT, index)
        }
        Op::AddConstraint(add) => {
            let constraint = ddl::table_constraint(DIALECT, &add.constraint);
            let change = TableChange::AddConstraint {
                sql: constraint,
                primary_key: matches!(
                    add.constraint,
                    crate::op::TableConstraint::PrimaryKey { .. }
                ),
            };
            return rebuild(&add.table, change);
        }
        Op::DropConstraint(drop) => {
            let change = match drop.is_unnamed() {
                true => TableChange::DropUnnamed {
                    kind: drop.kind.unwrap_or(ConstraintKind::ForeignKey),
                    condition: drop.condition.clone(),
                    columns: drop.columns.clone(),
                },
                false => TableChange::DropConstraint(drop.name.clone()),
            };
            return rebuild(&drop.table, change);
        }
        Op::OnlyOn(only) => return ddl::only_on(DIALECT, only, render),
        Op::Execute(_) | Op::BulkInsert(_) | Op::Update(_) | Op::Delete(_) | Op::Backfill(_) => {
            return data::statements(DIALECT, op);
        }
    };
    Ok(vec![Statement::Sql(sql)])
}

/// Whether SQLite's ADD COLUMN refuses the column on a table with rows, so that it is added by
/// a rebuild: a computed default (`CURRENT_TIMESTAMP`, an expression in parentheses), or NOT
/// NULL without a default (the copy then fails when the table has rows, as ADD COLUMN does on
/// the other databases).
fn needs_rebuild(column: &crate::schema::Column) -> bool {
    (!column.nullable && column.default.is_none()) || has_computed_default(column)
}

/// Whether a column's default is computed.
fn has_computed_default(column: &crate::schema::Column) -> bool {
    let Some(default) = &column.default else {
        return false;
    };
    let sql = DIALECT.default_value(default);
    let sql = sql.trim_start();
    sql.starts_with('(') || sql.to_ascii_uppercase().starts_with("CURRENT_")
}

/// ADD COLUMN within what SQLite allows: no key, and NOT NULL only with a default.
/// SQLite numbers only the row id, which only the primary key is.
fn identity_off_the_key() -> Unsupported {
    Unsupported::Feature {
        feature: "identity columns other than the primary key (SQLite numbers only its row id)",
        alternative: "make the column the table's one-column primary key, or number it in the application",
    }
}

fn add_column(add: &AddColumn) -> Result<String, Unsupported> {
    let column = &add.column;
    if column.identity.is_some() {
        return Err(identity_off_the_key());
    }
    if column.primary_key || column.unique {
        let constraint = if column.primary_key {
            "PRIMARY KEY"
        } else {
            "UNIQUE"
        };
        return Err(Unsupported::AddColumnConstraint { constraint });
    }
    ddl::add_column(DIALECT, &add.table, column)
}

/// A rename is native; any other change rebuilds the table (after the rename, by its new name).
fn alter_column(alter: &AlterColumn) -> Result<Vec<Statement>, Unsupported> {
    if alter.identity.is_some() {
        return Err(Unsupported::identity_change());
    }
    if alter.comment.is_some() {
        return Err(migrate_graph::portability::COMMENT_CHANGE.into());
    }
    let mut statements = Vec::new();
    let mut change = alter.clone();
    if let Some(new_name) = change.new_name.take() {
        let rename = ddl::rename_column(DIALECT, &alter.table, &alter.column, &new_name);
        statements.push(Statement::Sql(rename));
        change.column = new_name;
    }
    if change.changes_definition() {
        let table = change.table.clone();
        let rebuild = Rebuild::new(&table, TableChange::AlterColumn(Box::new(change)));
        statements.push(Statement::Rebuild(rebuild));
    }
    Ok(statements)
}

/// SQLite's declared type for `ty`; its affinity follows from the name.
pub(crate) fn column_type(ty: &Type) -> Result<String, Unsupported> {
    if let Some(refused) = ddl::postgres_only(ty) {
        return Err(refused);
    }
    Ok(match ty {
        Type::Serial | Type::BigSerial => "INTEGER".into(),
        Type::Double => "DOUBLE".into(),
        Type::TimestampTz => "TIMESTAMPTZ".into(),
        // 32 hex digits, as SQLAlchemy's `Uuid` stores them.
        Type::Uuid => "CHAR(32)".into(),
        Type::Bytes => "BLOB".into(),
        Type::Enum { values, .. } => {
            let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(1);
            format!("VARCHAR({longest})")
        }
        standard => ddl::standard_type(DIALECT, standard),
    })
}
