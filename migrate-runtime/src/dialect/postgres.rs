//! PostgreSQL: every op runs as a plain statement, DDL included, inside the transaction.

use super::{Dialect, Statement, Unsupported, ddl};
use crate::op::{AlterColumn, Op};
use crate::schema::Type;

const DIALECT: Dialect = Dialect::Postgres;

/// The statements for `op`.
pub(super) fn render(op: &Op) -> Result<Vec<Statement>, Unsupported> {
    let sql = match op {
        Op::CreateTable(table) => vec![ddl::create_table(DIALECT, table)?],
        Op::DropTable(table) => vec![ddl::drop_table(DIALECT, &table.name)],
        Op::RenameTable(rename) => vec![ddl::rename_table(DIALECT, &rename.from, &rename.to)],
        Op::AddColumn(add) => vec![ddl::add_column(DIALECT, &add.table, &add.column)?],
        Op::DropColumn(drop) => vec![ddl::drop_column(DIALECT, &drop.table, &drop.column)],
        Op::AlterColumn(alter) => alter_column(alter)?,
        Op::CreateIndex(index) => vec![ddl::create_index(DIALECT, index)],
        Op::DropIndex(index) => vec![ddl::drop_index(DIALECT, &index.name)],
        Op::Execute(execute) => vec![execute.sql.clone()],
    };
    Ok(sql.into_iter().map(Statement::Sql).collect())
}

/// One `ALTER TABLE … ALTER COLUMN` per change, the rename last.
fn alter_column(alter: &AlterColumn) -> Result<Vec<String>, Unsupported> {
    let prefix = format!(
        "ALTER TABLE {} ALTER COLUMN {}",
        DIALECT.quote(&alter.table),
        DIALECT.quote(&alter.column)
    );
    let mut sql = Vec::new();
    if let Some(ty) = &alter.ty {
        sql.push(format!("{prefix} TYPE {}", DIALECT.column_type(ty)?));
    }
    match alter.nullable {
        Some(true) => sql.push(format!("{prefix} DROP NOT NULL")),
        Some(false) => sql.push(format!("{prefix} SET NOT NULL")),
        None => {}
    }
    match &alter.default {
        Some(Some(value)) => sql.push(format!(
            "{prefix} SET DEFAULT {}",
            DIALECT.default_value(value)
        )),
        Some(None) => sql.push(format!("{prefix} DROP DEFAULT")),
        None => {}
    }
    if let Some(new_name) = &alter.new_name {
        let rename = ddl::rename_column(DIALECT, &alter.table, &alter.column, new_name);
        sql.push(rename);
    }
    Ok(sql)
}

/// PostgreSQL's name for `ty`.
pub(super) fn column_type(ty: &Type) -> String {
    match ty {
        Type::SmallInt => "SMALLINT".into(),
        Type::Integer => "INTEGER".into(),
        Type::BigInt => "BIGINT".into(),
        Type::Serial => "SERIAL".into(),
        Type::BigSerial => "BIGSERIAL".into(),
        Type::Boolean => "BOOLEAN".into(),
        Type::Real => "REAL".into(),
        Type::Double => "DOUBLE PRECISION".into(),
        Type::Numeric { precision, scale } => format!("NUMERIC({precision}, {scale})"),
        Type::Varchar(length) => format!("VARCHAR({length})"),
        Type::Text => "TEXT".into(),
        Type::Char(length) => format!("CHAR({length})"),
        Type::Date => "DATE".into(),
        Type::Time => "TIME".into(),
        Type::Timestamp => "TIMESTAMP".into(),
        Type::TimestampTz => "TIMESTAMP WITH TIME ZONE".into(),
        Type::Interval => "INTERVAL".into(),
        Type::Uuid => "UUID".into(),
        Type::Json => "JSON".into(),
        Type::Jsonb => "JSONB".into(),
        Type::Bytes => "BYTEA".into(),
        Type::Array(element) => format!("{}[]", column_type(element)),
        Type::Custom(sql) => sql.clone(),
    }
}
