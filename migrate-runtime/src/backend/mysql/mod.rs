//! MySQL and MariaDB: backtick quoting, `AUTO_INCREMENT`, foreign keys as separate constraints
//! (inline `REFERENCES` is ignored by MySQL), and `MODIFY COLUMN` for column changes.

pub(crate) mod catalog;
pub(crate) mod drop_column;
pub(crate) mod modify;
pub(crate) mod session;

use crate::backend::common::{data, ddl, index_ddl};

/// Whether a statement commits the transaction it runs in, taking every statement before it
/// along: DDL and the other statements MySQL documents as causing an implicit commit, read by
/// their first words after any leading comments (temporary tables do not commit).
pub(crate) fn commits_implicitly(sql: &str) -> bool {
    let words: Vec<String> = without_leading_comments(sql)
        .split_whitespace()
        .take(2)
        .map(str::to_ascii_uppercase)
        .collect();
    let first = words.first().map_or("", String::as_str);
    let second = words.get(1).map_or("", String::as_str);
    match first {
        "CREATE" | "DROP" => second != "TEMPORARY",
        "ALTER" | "RENAME" | "TRUNCATE" | "GRANT" | "REVOKE" | "LOCK" | "UNLOCK" | "ANALYZE"
        | "OPTIMIZE" | "REPAIR" | "INSTALL" | "UNINSTALL" | "BEGIN" | "START" => true,
        _ => false,
    }
}

/// `sql` from its first word that is not in a comment.
fn without_leading_comments(mut sql: &str) -> &str {
    loop {
        sql = sql.trim_start();
        if let Some(rest) = sql.strip_prefix("--").or_else(|| sql.strip_prefix('#')) {
            sql = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(rest) = sql.strip_prefix("/*") {
            sql = rest.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return sql;
        }
    }
}

/// The start of a transaction: MySQL's own words.
// language=SQL
pub(crate) const BEGIN: &str = "START TRANSACTION";
use crate::backend::{Dialect, Modify, Statement, Unsupported};
use crate::op::{AddColumn, AlterColumn, DropConstraint, Op};
use crate::schema::{ConstraintKind, Type};
use drop_column::DropColumn;
use migrate_graph::portability;

const DIALECT: Dialect = Dialect::MySql;

/// The statements for `op`.
pub(crate) fn render(op: &Op) -> Result<Vec<Statement>, Unsupported> {
    let sql = match op {
        Op::CreateTable(table) => vec![ddl::create_table(DIALECT, table)?],
        Op::DropTable(table) => vec![ddl::drop_table(DIALECT, &table.name)],
        Op::RenameTable(rename) => vec![ddl::rename_table(DIALECT, &rename.from, &rename.to)],
        // MySQL's "no comment" is the empty one.
        Op::CommentOnTable(comment) => vec![format!(
            "ALTER TABLE {} COMMENT = {}",
            DIALECT.quote_table(&comment.table),
            DIALECT.literal(comment.comment.as_deref().unwrap_or_default())
        )],
        Op::AddColumn(add) => add_column(add)?,
        Op::DropColumn(drop) => {
            return Ok(vec![Statement::DropColumn(DropColumn::new(
                &drop.table,
                &drop.column,
            ))]);
        }
        Op::AlterColumn(alter) => return alter_column(alter),
        Op::AlterEnum(alter) => return ddl::enum_values_per_column(alter, alter_column),
        Op::CreateIndex(index) => {
            index_ddl::refuse_concurrently(index.concurrently)?;
            if index.where_sql.is_some() {
                return Err(portability::PARTIAL_INDEX.into());
            }
            vec![index_ddl::create_index(DIALECT, index)]
        }
        Op::DropIndex(index) => {
            index_ddl::refuse_concurrently(index.concurrently)?;
            let table = index
                .table
                .as_ref()
                .ok_or(Unsupported::DropIndexNeedsTable)?;
            vec![format!(
                "{} ON {}",
                index_ddl::drop_index(DIALECT, index),
                DIALECT.quote_table(table)
            )]
        }
        Op::AddConstraint(add) => vec![ddl::add_constraint(DIALECT, &add.table, &add.constraint)],
        // A table has one primary key, which MySQL drops without a name.
        Op::DropConstraint(drop)
            if drop.is_unnamed() && drop.kind == Some(ConstraintKind::PrimaryKey) =>
        {
            vec![drop_constraint(drop)]
        }
        Op::DropConstraint(drop) if drop.is_unnamed() => {
            return Err(Unsupported::unnamed_constraint());
        }
        Op::DropConstraint(drop) => {
            let mut sql = vec![drop_constraint(drop)];
            // MySQL made an index named after the key when it was created, and keeps it.
            if drop.with_implicit_index {
                let table = DIALECT.quote_table(&drop.table);
                sql.push(format!(
                    "ALTER TABLE {table} DROP INDEX {}",
                    DIALECT.quote(&drop.name)
                ));
            }
            sql
        }
        Op::OnlyOn(only) => return ddl::only_on(DIALECT, only, render),
        Op::Execute(_) | Op::BulkInsert(_) | Op::Update(_) | Op::Delete(_) | Op::Backfill(_) => {
            return data::statements(DIALECT, op);
        }
    };
    Ok(sql.into_iter().map(Statement::Sql).collect())
}

/// MySQL drops each kind of constraint its own way; without a kind, `DROP CONSTRAINT`
/// (MySQL 8.0.19+, MariaDB) finds it by name.
fn drop_constraint(drop: &DropConstraint) -> String {
    let table = DIALECT.quote_table(&drop.table);
    let name = DIALECT.quote(&drop.name);
    match drop.kind {
        Some(ConstraintKind::ForeignKey) => format!("ALTER TABLE {table} DROP FOREIGN KEY {name}"),
        Some(ConstraintKind::Unique) => format!("ALTER TABLE {table} DROP INDEX {name}"),
        Some(ConstraintKind::PrimaryKey) => format!("ALTER TABLE {table} DROP PRIMARY KEY"),
        Some(ConstraintKind::Check) | None => format!("ALTER TABLE {table} DROP CONSTRAINT {name}"),
    }
}

/// ADD COLUMN, then its foreign key as a constraint of its own.
fn add_column(add: &AddColumn) -> Result<Vec<String>, Unsupported> {
    let mut sql = vec![ddl::add_column(DIALECT, &add.table, &add.column)?];
    if let (true, Some(name)) = (add.column.unique, &add.column.unique_name) {
        sql.push(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({})",
            DIALECT.quote_table(&add.table),
            DIALECT.quote(name),
            DIALECT.quote(&add.column.name)
        ));
    }
    if let Some(key) = &add.column.references {
        sql.push(format!(
            "ALTER TABLE {} ADD {}",
            DIALECT.quote_table(&add.table),
            ddl::foreign_key(DIALECT, key)
        ));
    }
    Ok(sql)
}

/// A type or nullability change needs the column's whole definition (`MODIFY COLUMN`), read
/// from the database when the migration runs; a default alone is set in place; the rename last.
fn alter_column(alter: &AlterColumn) -> Result<Vec<Statement>, Unsupported> {
    if alter.identity.is_some() {
        return Err(Unsupported::identity_change());
    }
    let mut statements = Vec::new();
    let restates = alter.ty.is_some() || alter.restated_collation.is_some();
    if restates || alter.nullable.is_some() || alter.comment.is_some() {
        statements.push(Statement::Modify(Modify::new(alter.clone())));
    } else if let Some(default) = &alter.default {
        let prefix = format!(
            "ALTER TABLE {} ALTER COLUMN {}",
            DIALECT.quote_table(&alter.table),
            DIALECT.quote(&alter.column)
        );
        statements.push(Statement::Sql(match default {
            Some(value) => format!("{prefix} SET DEFAULT {}", DIALECT.default_value(value)),
            None => format!("{prefix} DROP DEFAULT"),
        }));
    }
    if let Some(new_name) = &alter.new_name {
        let rename = ddl::rename_column(DIALECT, &alter.table, &alter.column, new_name);
        statements.push(Statement::Sql(rename));
    }
    Ok(statements)
}

/// MySQL's name for `ty`; `AUTO_INCREMENT` is added by the column definition.
pub(crate) fn column_type(ty: &Type) -> Result<String, Unsupported> {
    if let Some(refused) = ddl::postgres_only(ty) {
        return Err(refused);
    }
    Ok(match ty {
        Type::Integer | Type::Serial => "INT".into(),
        Type::BigSerial => "BIGINT".into(),
        Type::Real => "FLOAT".into(),
        Type::Double => "DOUBLE".into(),
        // Microseconds, as PostgreSQL keeps them (MySQL's default keeps whole seconds).
        Type::Time => "TIME(6)".into(),
        Type::Timestamp => "DATETIME(6)".into(),
        Type::TimestampTz => "TIMESTAMP(6)".into(),
        Type::Uuid => "CHAR(36)".into(),
        Type::Bytes => "BLOB".into(),
        Type::Enum { values, .. } => format!("ENUM{}", ddl::literal_list(DIALECT, values)),
        standard => ddl::standard_type(DIALECT, standard),
    })
}

#[cfg(test)]
mod tests {
    use super::commits_implicitly;
    use crate::op;
    use crate::schema::ConstraintKind;

    #[test]
    fn a_primary_key_is_dropped_without_its_name() {
        let drop = op::drop_unnamed_constraint("metrics", ConstraintKind::PrimaryKey, ["key"]);
        let sql = super::render(&drop.into()).map(|statements| {
            (statements.iter())
                .map(|statement| format!("{statement:?}"))
                .collect::<Vec<_>>()
        });
        assert_eq!(
            sql.map_err(|error| error.to_string()),
            Ok(vec![format!(
                "{:?}",
                super::Statement::Sql("ALTER TABLE `metrics` DROP PRIMARY KEY".to_owned())
            )])
        );
        let unique = op::drop_unnamed_constraint("metrics", ConstraintKind::Unique, ["key"]);
        assert!(super::render(&unique.into()).is_err());
    }

    #[test]
    fn ddl_and_its_kin_commit_temporary_tables_and_dml_do_not() {
        for sql in [
            "CREATE TABLE t (id INT)",
            "  alter table t add x int",
            "-- why\nDROP TABLE t",
            "/* note */ RENAME TABLE a TO b",
            "LOCK TABLES t WRITE",
            "start transaction",
        ] {
            assert!(commits_implicitly(sql), "{sql}");
        }
        for sql in [
            "INSERT INTO t VALUES (1)",
            "CREATE TEMPORARY TABLE t (id INT)",
            "DROP TEMPORARY TABLE t",
            "UPDATE t SET x = 1",
            "-- CREATE TABLE in a comment\nSELECT 1",
        ] {
            assert!(!commits_implicitly(sql), "{sql}");
        }
    }
}
