//! PostgreSQL: every op runs as plain statements, DDL included, inside the transaction.

pub(crate) mod catalog;
pub(crate) mod session;

use crate::backend::common::{data, ddl, index_ddl};
use crate::backend::{Dialect, Statement, Unsupported};
use crate::op::{AlterColumn, AlterEnum, IdentityChange, Op};
use crate::schema::{Column, Type};

const DIALECT: Dialect = Dialect::Postgres;

/// The statements for `op`.
pub(crate) fn render(op: &Op) -> Result<Vec<Statement>, Unsupported> {
    let sql = match op {
        Op::CreateTable(table) => {
            let mut sql = enum_types(&table.columns);
            sql.push(ddl::create_table(DIALECT, table)?);
            if let Some(comment) = &table.comment {
                sql.push(format!(
                    "COMMENT ON TABLE {} IS {}",
                    DIALECT.quote_table(&table.name),
                    DIALECT.literal(comment)
                ));
            }
            sql.extend(
                table
                    .columns
                    .iter()
                    .filter_map(|c| column_comment(&table.name, c)),
            );
            sql
        }
        Op::DropTable(table) => {
            let mut sql = vec![ddl::drop_table(DIALECT, &table.name)];
            let types = table.enum_types.iter();
            sql.extend(types.map(|t| format!("DROP TYPE {}", DIALECT.quote_table(t))));
            sql
        }
        Op::RenameTable(rename) => vec![ddl::rename_table(DIALECT, &rename.from, &rename.to)],
        Op::CommentOnTable(comment) => vec![format!(
            "COMMENT ON TABLE {} IS {}",
            DIALECT.quote_table(&comment.table),
            comment
                .comment
                .as_deref()
                .map_or("NULL".to_owned(), |text| DIALECT.literal(text))
        )],
        Op::AddColumn(add) => {
            let mut sql = enum_types(std::slice::from_ref(&add.column));
            sql.push(ddl::add_column(DIALECT, &add.table, &add.column)?);
            sql.extend(column_comment(&add.table, &add.column));
            sql
        }
        Op::DropColumn(drop) => {
            let mut sql = vec![ddl::drop_column(DIALECT, &drop.table, &drop.column)];
            let types = drop.enum_types.iter();
            sql.extend(types.map(|t| format!("DROP TYPE {}", DIALECT.quote_table(t))));
            sql
        }
        Op::AlterColumn(alter) => alter_column(alter)?,
        Op::AlterEnum(alter) => add_enum_values(alter),
        Op::CreateIndex(index) => vec![index_ddl::create_index(DIALECT, index)],
        Op::DropIndex(index) => vec![index_ddl::drop_index(DIALECT, index)],
        Op::AddConstraint(add) => vec![ddl::add_constraint(DIALECT, &add.table, &add.constraint)],
        Op::DropConstraint(drop) if drop.is_unnamed() => {
            return Err(Unsupported::unnamed_constraint());
        }
        Op::DropConstraint(drop) => vec![format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            DIALECT.quote_table(&drop.table),
            DIALECT.quote(&drop.name)
        )],
        Op::OnlyOn(only) => return ddl::only_on(DIALECT, only, render),
        Op::Execute(_) | Op::BulkInsert(_) | Op::Update(_) | Op::Delete(_) | Op::Backfill(_) => {
            return data::statements(DIALECT, op);
        }
    };
    Ok(sql.into_iter().map(Statement::Sql).collect())
}

/// `ALTER TYPE … ADD VALUE` for each value added, in the order written.
fn add_enum_values(alter: &AlterEnum) -> Vec<String> {
    (alter.added.iter())
        .map(|(value, before)| {
            let mut sql = format!(
                "ALTER TYPE {} ADD VALUE {}",
                DIALECT.quote_table(&alter.name),
                DIALECT.literal(value)
            );
            if let Some(before) = before {
                sql.push_str(&format!(" BEFORE {}", DIALECT.literal(before)));
            }
            sql
        })
        .collect()
}

/// `CREATE TYPE … AS ENUM (…)` for each enum the columns use.
/// `CREATE TYPE` for the enum types of `columns` that do not exist yet.
fn enum_types(columns: &[Column]) -> Vec<String> {
    columns
        .iter()
        .filter(|c| !c.existing_type)
        .filter_map(|c| create_enum_type(&c.ty))
        .collect()
}

fn create_enum_type(ty: &Type) -> Option<String> {
    let Type::Enum { name, values } = ty else {
        return None;
    };
    Some(format!(
        "CREATE TYPE {} AS ENUM {}",
        DIALECT.quote_table(name),
        ddl::literal_list(DIALECT, values)
    ))
}

fn column_comment(table: &str, column: &Column) -> Option<String> {
    let comment = column.comment.as_deref()?;
    Some(comment_on_column(table, &column.name, Some(comment)))
}

fn comment_on_column(table: &str, column: &str, comment: Option<&str>) -> String {
    format!(
        "COMMENT ON COLUMN {}.{} IS {}",
        DIALECT.quote_table(table),
        DIALECT.quote(column),
        comment.map_or_else(|| "NULL".to_owned(), |c| DIALECT.literal(c))
    )
}

/// One `ALTER TABLE … ALTER COLUMN` per change, the rename last.
fn alter_column(alter: &AlterColumn) -> Result<Vec<String>, Unsupported> {
    let prefix = format!(
        "ALTER TABLE {} ALTER COLUMN {}",
        DIALECT.quote_table(&alter.table),
        DIALECT.quote(&alter.column)
    );
    let mut sql = Vec::new();
    // First of all: PostgreSQL changes neither the nullability nor the default of an
    // identity column.
    if let Some(IdentityChange::Drop) = &alter.identity {
        sql.push(format!("{prefix} DROP IDENTITY"));
    }
    if alter.ty.is_none() && alter.restated_collation.is_some() {
        return Err(Unsupported::Feature {
            feature: "way to change a column's collation without its type",
            alternative: "restate the column's type with `.ty(…)` beside `.collation(…)`",
        });
    }
    if let Some(ty) = &alter.ty {
        sql.extend(create_enum_type(ty));
        let mut change = format!("{prefix} TYPE {}", DIALECT.column_type(ty)?);
        // A new type takes the type's default collation unless it is said again.
        if let Some(Some(collation)) = &alter.restated_collation {
            change.push_str(&format!(" COLLATE {}", DIALECT.quote(collation)));
        }
        if let Some(using) = &alter.using {
            change.push_str(" USING ");
            change.push_str(using);
        }
        sql.push(change);
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
    // Last: an identity is added to a column NOT NULL and without a default.
    match &alter.identity {
        Some(IdentityChange::Add(identity)) => {
            let clause = ddl::identity_clause(identity);
            sql.push(format!("{prefix} ADD{clause}"));
        }
        Some(IdentityChange::Set(identity)) => sql.push(format!(
            "{prefix} SET GENERATED {} SET START WITH {} SET INCREMENT BY {}",
            if identity.always {
                "ALWAYS"
            } else {
                "BY DEFAULT"
            },
            identity.start_value(),
            identity.increment.unwrap_or(1)
        )),
        Some(IdentityChange::Drop) | None => {}
    }
    if let Some(comment) = &alter.comment {
        sql.push(comment_on_column(
            &alter.table,
            &alter.column,
            comment.as_deref(),
        ));
    }
    if let Some(new_name) = &alter.new_name {
        let rename = ddl::rename_column(DIALECT, &alter.table, &alter.column, new_name);
        sql.push(rename);
    }
    Ok(sql)
}

/// PostgreSQL's name for `ty`: the standard names are PostgreSQL's.
pub(crate) fn column_type(ty: &Type) -> String {
    ddl::standard_type(DIALECT, ty)
}
