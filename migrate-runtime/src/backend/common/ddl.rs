//! DDL that the three databases spell alike, parameterised by the dialect for quoting,
//! types, literals and the few words where they differ.

use crate::backend::{Dialect, Statement, Unsupported};
use crate::op::{AlterColumn, AlterEnum, CreateTable, OnlyOn, Op, TableConstraint};
use crate::schema::{
    CheckConstraint, Column, ForeignKey, Generated, Identity, ReferentialAction, Type,
    UniqueConstraint,
};

/// The SQL-standard name of a type, PostgreSQL's spelling; each dialect overrides what it
/// spells otherwise or lacks.
pub(crate) fn standard_type(dialect: Dialect, ty: &Type) -> String {
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
        Type::Array(element) => format!("{}[]", standard_type(dialect, element)),
        Type::Enum { name, .. } => dialect.quote_table(name),
        Type::Custom(sql) => sql.clone(),
        Type::PerDialect(sql) => dialect.pick(sql).to_owned(),
    }
}

/// A type this dialect has no equivalent for, with what to use instead.
pub(crate) fn unsupported_type(type_name: &'static str, alternative: &'static str) -> Unsupported {
    Unsupported::Type {
        type_name,
        alternative,
    }
}

/// The PostgreSQL-only types, which the other databases refuse with the portable alternative.
pub(crate) fn postgres_only(ty: &Type) -> Option<Unsupported> {
    match ty {
        Type::Interval => Some(unsupported_type(
            "interval",
            "`Type::BigInt` (microseconds)",
        )),
        Type::Jsonb => Some(unsupported_type("jsonb", "`Type::Json`")),
        Type::Array(_) => Some(unsupported_type("array", "`Type::Json`")),
        _ => None,
    }
}

/// `("a", "b")`.
pub(crate) fn column_list(dialect: Dialect, columns: &[String]) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| dialect.quote(c)).collect();
    format!("({})", quoted.join(", "))
}

/// `('a', 'b')`.
pub(crate) fn literal_list(dialect: Dialect, values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| dialect.literal(v)).collect();
    format!("({})", quoted.join(", "))
}

/// The SQL words of a foreign key's action.
fn referential_action(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "NO ACTION",
        ReferentialAction::Restrict => "RESTRICT",
        ReferentialAction::Cascade => "CASCADE",
        ReferentialAction::SetNull => "SET NULL",
        ReferentialAction::SetDefault => "SET DEFAULT",
    }
}

/// `REFERENCES "t" ("c") ON DELETE …`.
pub(crate) fn references(dialect: Dialect, key: &ForeignKey) -> String {
    let mut sql = format!("REFERENCES {}", dialect.quote_table(&key.referred_table));
    if !key.referred_columns.is_empty() {
        sql.push(' ');
        sql.push_str(&column_list(dialect, &key.referred_columns));
    }
    if let Some(action) = key.on_delete {
        sql.push_str(" ON DELETE ");
        sql.push_str(referential_action(action));
    }
    if let Some(action) = key.on_update {
        sql.push_str(" ON UPDATE ");
        sql.push_str(referential_action(action));
    }
    match (key.deferrable, dialect) {
        // MySQL has no deferred keys.
        (_, Dialect::MySql) | (None, _) => {}
        (Some(true), _) => sql.push_str(" DEFERRABLE INITIALLY DEFERRED"),
        (Some(false), _) => sql.push_str(" DEFERRABLE INITIALLY IMMEDIATE"),
    }
    sql
}

/// `CONSTRAINT "n" ` when named, nothing otherwise.
pub(crate) fn constraint_name(dialect: Dialect, name: Option<&str>) -> String {
    name.map(|n| format!("CONSTRAINT {} ", dialect.quote(n)))
        .unwrap_or_default()
}

/// `[CONSTRAINT "n"] FOREIGN KEY ("a") REFERENCES …`.
pub(crate) fn foreign_key(dialect: Dialect, key: &ForeignKey) -> String {
    format!(
        "{}FOREIGN KEY {} {}",
        constraint_name(dialect, key.name.as_deref()),
        column_list(dialect, &key.columns),
        references(dialect, key)
    )
}

fn unique(dialect: Dialect, unique: &UniqueConstraint) -> String {
    format!(
        "{}UNIQUE {}",
        constraint_name(dialect, unique.name.as_deref()),
        column_list(dialect, &unique.columns)
    )
}

fn check(dialect: Dialect, check: &CheckConstraint) -> String {
    format!(
        "{}CHECK ({})",
        constraint_name(dialect, check.name.as_deref()),
        check.condition
    )
}

/// A table constraint as it stands in `CREATE TABLE` or after `ADD`.
pub(crate) fn table_constraint(dialect: Dialect, constraint: &TableConstraint) -> String {
    match constraint {
        TableConstraint::ForeignKey(key) => foreign_key(dialect, key),
        TableConstraint::Unique(constraint) => unique(dialect, constraint),
        TableConstraint::Check(constraint) => check(dialect, constraint),
        TableConstraint::PrimaryKey { name, columns } => format!(
            "{}PRIMARY KEY {}",
            constraint_name(dialect, Some(name)),
            column_list(dialect, columns)
        ),
    }
}

/// `ALTER TABLE "t" ADD <constraint>`.
pub(crate) fn add_constraint(
    dialect: Dialect,
    table: &str,
    constraint: &TableConstraint,
) -> String {
    format!(
        "ALTER TABLE {} ADD {}",
        dialect.quote_table(table),
        table_constraint(dialect, constraint)
    )
}

/// A comment kept in the SQL text, for SQLite, which has no catalog comments.
pub(crate) fn sql_comment(comment: &str) -> String {
    format!("/* {} */", comment.replace("*/", "* /"))
}

/// PostgreSQL's ` GENERATED BY DEFAULT AS IDENTITY` (or `ALWAYS`), with
/// ` (START WITH s INCREMENT BY i)` where they are not 1.
pub(crate) fn identity_clause(identity: &Identity) -> String {
    let mut sql = match identity.always {
        true => " GENERATED ALWAYS AS IDENTITY".to_owned(),
        false => " GENERATED BY DEFAULT AS IDENTITY".to_owned(),
    };
    let options: Vec<String> = [
        ("START WITH", identity.start),
        ("INCREMENT BY", identity.increment),
    ]
    .into_iter()
    .filter_map(|(clause, value)| value.map(|value| format!("{clause} {value}")))
    .collect();
    if !options.is_empty() {
        sql.push_str(&format!(" ({})", options.join(" ")));
    }
    sql
}

/// ` GENERATED ALWAYS AS (expression) STORED` (or `VIRTUAL`, which PostgreSQL 15 lacks).
fn generated_clause(dialect: Dialect, generated: &Generated) -> Result<String, Unsupported> {
    let kind = match (generated.stored, dialect) {
        (true, _) => "STORED",
        (false, Dialect::Postgres) => {
            return Err(migrate_graph::portability::VIRTUAL_GENERATED.into());
        }
        (false, _) => "VIRTUAL",
    };
    Ok(format!(
        " GENERATED ALWAYS AS ({}) {kind}",
        generated.expression
    ))
}

/// `"name" TYPE [NOT NULL | NULL] [DEFAULT …] …` with `[CONSTRAINT "n"] PRIMARY KEY` when
/// `inline_primary_key` is given (with the key's name, if it has one).
pub(crate) fn column_definition(
    dialect: Dialect,
    column: &Column,
    inline_primary_key: Option<Option<&str>>,
    force_not_null: bool,
) -> Result<String, Unsupported> {
    let mut sql = format!(
        "{} {}",
        dialect.quote(&column.name),
        dialect.declared_type(&column.ty, column.identity.is_some())?
    );
    if let Some(collation) = &column.collation {
        sql.push_str(&format!(" COLLATE {}", dialect.quote(collation)));
    }
    if let Some(generated) = &column.generated {
        sql.push_str(&generated_clause(dialect, generated)?);
    }
    if let (Some(identity), Dialect::Postgres) = (&column.identity, dialect) {
        sql.push_str(&identity_clause(identity));
    }
    // MariaDB takes neither NULL nor NOT NULL on a generated column.
    let generated_on_mysql = dialect == Dialect::MySql && column.generated.is_some();
    if (!column.nullable || force_not_null) && !generated_on_mysql {
        sql.push_str(" NOT NULL");
    } else if dialect == Dialect::MySql && !generated_on_mysql {
        // Said outright: MySQL may make a TIMESTAMP column NOT NULL by default.
        sql.push_str(" NULL");
    }
    if let Some(default) = &column.default {
        sql.push_str(" DEFAULT ");
        sql.push_str(&dialect.default_value(default));
    }
    if dialect == Dialect::MySql && column.is_numbered() {
        sql.push_str(" AUTO_INCREMENT");
    }
    if let Some(key_name) = inline_primary_key {
        // MySQL's primary key is always named PRIMARY.
        if let (Some(name), false) = (key_name, dialect == Dialect::MySql) {
            sql.push_str(&format!(" CONSTRAINT {}", dialect.quote(name)));
        }
        sql.push_str(" PRIMARY KEY");
    }
    // MySQL cannot name a UNIQUE column inline: its dialect adds the named constraint.
    match (&column.unique_name, column.unique, dialect) {
        (Some(_), true, Dialect::MySql) | (_, false, _) => {}
        (Some(name), true, _) => {
            sql.push_str(&format!(" CONSTRAINT {} UNIQUE", dialect.quote(name)))
        }
        (None, true, _) => sql.push_str(" UNIQUE"),
    }
    if let (Dialect::Sqlite, Type::Enum { values, .. }) = (dialect, &column.ty) {
        sql.push_str(&format!(
            " CHECK ({})",
            sqlite_enum_check(&column.name, values)
        ));
    }
    match (dialect, &column.comment) {
        (Dialect::MySql, Some(comment)) => {
            sql.push_str(" COMMENT ");
            sql.push_str(&dialect.literal(comment));
        }
        (Dialect::Sqlite, Some(comment)) => {
            sql.push(' ');
            sql.push_str(&sql_comment(comment));
        }
        _ => {}
    }
    Ok(sql)
}

/// The columns of the primary key: the table-level list, else the columns marked as such.
fn primary_key_columns(table: &CreateTable) -> Vec<String> {
    if !table.primary_key.is_empty() {
        return table.primary_key.clone();
    }
    let marked = table.columns.iter().filter(|c| c.primary_key);
    marked.map(|c| c.name.clone()).collect()
}

/// `CREATE TABLE "name" (…)`, foreign keys as table constraints so every dialect enforces them.
/// A primary key of one column is written on the column however it was declared, so that a
/// table built by its op and one written from the replayed schema (an offline SQLite
/// rebuild) have the same text.
pub(crate) fn create_table(dialect: Dialect, table: &CreateTable) -> Result<String, Unsupported> {
    let key = primary_key_columns(table);
    let inline_key = key.len() == 1;
    let mut items = Vec::new();
    if let (Dialect::Sqlite, Some(comment)) = (dialect, &table.comment) {
        items.push(sql_comment(comment));
    }
    let key_name = table.primary_key_name.as_deref();
    for column in &table.columns {
        let in_key = key.contains(&column.name);
        let inline = (inline_key && in_key).then_some(key_name);
        items.push(column_definition(dialect, column, inline, in_key)?);
    }
    if !inline_key && !key.is_empty() {
        items.push(format!(
            "{}PRIMARY KEY {}",
            constraint_name(dialect, key_name),
            column_list(dialect, &key)
        ));
    }
    items.extend(table.uniques.iter().map(|u| unique(dialect, u)));
    let column_keys = table.columns.iter().filter_map(|c| c.references.as_ref());
    items.extend(
        column_keys
            .chain(&table.foreign_keys)
            .map(|k| foreign_key(dialect, k)),
    );
    items.extend(table.checks.iter().map(|c| check(dialect, c)));
    // A SQLite table comment opens the list, without a comma of its own.
    let body = match (dialect, &table.comment) {
        (Dialect::Sqlite, Some(_)) => format!("{}\n    {}", items[0], items[1..].join(",\n    ")),
        _ => items.join(",\n    "),
    };
    let mut sql = format!(
        "CREATE TABLE {} (\n    {body}\n)",
        dialect.quote_table(&table.name)
    );
    if let (Dialect::MySql, Some(comment)) = (dialect, &table.comment) {
        sql.push_str(" COMMENT = ");
        sql.push_str(&dialect.literal(comment));
    }
    Ok(sql)
}

/// `DROP TABLE "name"`.
pub(crate) fn drop_table(dialect: Dialect, name: &str) -> String {
    format!("DROP TABLE {}", dialect.quote_table(name))
}

/// `ALTER TABLE "from" RENAME TO "to"`.
pub(crate) fn rename_table(dialect: Dialect, from: &str, to: &str) -> String {
    format!(
        "ALTER TABLE {} RENAME TO {}",
        dialect.quote_table(from),
        // The new name stays in the table's schema.
        dialect.quote(crate::dialect::split_table(to).1)
    )
}

/// `ALTER TABLE "t" ADD COLUMN …`, a foreign key written inline except on MySQL.
pub(crate) fn add_column(
    dialect: Dialect,
    table: &str,
    column: &Column,
) -> Result<String, Unsupported> {
    let mut sql = format!(
        "ALTER TABLE {} ADD COLUMN {}",
        dialect.quote_table(table),
        column_definition(dialect, column, column.primary_key.then_some(None), false)?
    );
    // MySQL parses an inline REFERENCES and ignores it: its dialect adds a constraint instead.
    if let Some(key) = column
        .references
        .as_ref()
        .filter(|_| dialect != Dialect::MySql)
    {
        sql.push(' ');
        sql.push_str(&constraint_name(dialect, key.name.as_deref()));
        sql.push_str(&references(dialect, key));
    }
    Ok(sql)
}

/// `ALTER TABLE "t" DROP COLUMN "c"`.
pub(crate) fn drop_column(dialect: Dialect, table: &str, column: &str) -> String {
    format!(
        "ALTER TABLE {} DROP COLUMN {}",
        dialect.quote_table(table),
        dialect.quote(column)
    )
}

/// `ALTER TABLE "t" RENAME COLUMN "a" TO "b"`.
pub(crate) fn rename_column(dialect: Dialect, table: &str, from: &str, to: &str) -> String {
    format!(
        "ALTER TABLE {} RENAME COLUMN {} TO {}",
        dialect.quote_table(table),
        dialect.quote(from),
        dialect.quote(to)
    )
}

/// The condition that keeps a SQLite enum column (text) to its values: `"mood" IN ('a', 'b')`.
pub(crate) fn sqlite_enum_check(column: &str, values: &[String]) -> String {
    let quoted = Dialect::Sqlite.quote(column);
    format!("{quoted} IN {}", literal_list(Dialect::Sqlite, values))
}

/// Values added to an enum type where each column keeps the values (MySQL, SQLite): each
/// column's type changed as `alter_column` changes it there.
pub(crate) fn enum_values_per_column(
    alter: &AlterEnum,
    alter_column: impl Fn(&AlterColumn) -> Result<Vec<Statement>, Unsupported>,
) -> Result<Vec<Statement>, Unsupported> {
    let changes = (alter.column_changes()).ok_or_else(Unsupported::enum_values_per_column)?;
    let mut statements = Vec::new();
    for change in &changes {
        statements.extend(alter_column(change)?);
    }
    Ok(statements)
}

/// An op for some databases only, as `render` renders it on `dialect`: nothing where skipped.
pub(crate) fn only_on(
    dialect: Dialect,
    only: &OnlyOn,
    render: impl Fn(&Op) -> Result<Vec<Statement>, Unsupported>,
) -> Result<Vec<Statement>, Unsupported> {
    only.on(dialect).map_or(Ok(Vec::new()), render)
}
