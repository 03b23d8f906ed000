//! DDL that PostgreSQL and SQLite spell alike, parameterised by the dialect for quoting,
//! types and literals.

use super::{Dialect, Unsupported};
use crate::op::{CreateIndex, CreateTable};
use crate::schema::{Column, ForeignKey};

/// `("a", "b")`.
pub(super) fn column_list(dialect: Dialect, columns: &[String]) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| dialect.quote(c)).collect();
    format!("({})", quoted.join(", "))
}

/// `REFERENCES "t" ("c") ON DELETE …`.
pub(super) fn references(dialect: Dialect, key: &ForeignKey) -> String {
    let mut sql = format!("REFERENCES {}", dialect.quote(&key.referred_table));
    if !key.referred_columns.is_empty() {
        sql.push(' ');
        sql.push_str(&column_list(dialect, &key.referred_columns));
    }
    if let Some(action) = key.on_delete {
        sql.push_str(" ON DELETE ");
        sql.push_str(action.sql());
    }
    if let Some(action) = key.on_update {
        sql.push_str(" ON UPDATE ");
        sql.push_str(action.sql());
    }
    sql
}

/// `[CONSTRAINT "n"] FOREIGN KEY ("a") REFERENCES …`.
pub(super) fn foreign_key(dialect: Dialect, key: &ForeignKey) -> String {
    format!(
        "{}FOREIGN KEY {} {}",
        constraint_name(dialect, key.name.as_deref()),
        column_list(dialect, &key.columns),
        references(dialect, key)
    )
}

fn constraint_name(dialect: Dialect, name: Option<&str>) -> String {
    name.map(|n| format!("CONSTRAINT {} ", dialect.quote(n)))
        .unwrap_or_default()
}

/// `"name" TYPE [NOT NULL] [DEFAULT …]` with `PRIMARY KEY` when `inline_primary_key`.
pub(super) fn column_definition(
    dialect: Dialect,
    column: &Column,
    inline_primary_key: bool,
    force_not_null: bool,
) -> Result<String, Unsupported> {
    let mut sql = format!(
        "{} {}",
        dialect.quote(&column.name),
        dialect.column_type(&column.ty)?
    );
    if !column.nullable || force_not_null {
        sql.push_str(" NOT NULL");
    } else if dialect == Dialect::MySql {
        // Said outright: MySQL may make a TIMESTAMP column NOT NULL by default.
        sql.push_str(" NULL");
    }
    if let Some(default) = &column.default {
        sql.push_str(" DEFAULT ");
        sql.push_str(&dialect.default_value(default));
    }
    if dialect == Dialect::MySql && column.ty.is_auto_increment() {
        sql.push_str(" AUTO_INCREMENT");
    }
    if inline_primary_key {
        sql.push_str(" PRIMARY KEY");
    }
    if column.unique {
        sql.push_str(" UNIQUE");
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
pub(super) fn create_table(dialect: Dialect, table: &CreateTable) -> Result<String, Unsupported> {
    let key = primary_key_columns(table);
    let inline_key = table.primary_key.is_empty() && key.len() == 1;
    let mut items = Vec::new();
    for column in &table.columns {
        let in_key = key.contains(&column.name);
        items.push(column_definition(
            dialect,
            column,
            inline_key && in_key,
            in_key,
        )?);
    }
    if !inline_key && !key.is_empty() {
        items.push(format!("PRIMARY KEY {}", column_list(dialect, &key)));
    }
    for unique in &table.uniques {
        items.push(format!(
            "{}UNIQUE {}",
            constraint_name(dialect, unique.name.as_deref()),
            column_list(dialect, &unique.columns)
        ));
    }
    let column_keys = table.columns.iter().filter_map(|c| c.references.as_ref());
    for key in column_keys.chain(&table.foreign_keys) {
        items.push(foreign_key(dialect, key));
    }
    Ok(format!(
        "CREATE TABLE {} (\n    {}\n)",
        dialect.quote(&table.name),
        items.join(",\n    ")
    ))
}

/// `DROP TABLE "name"`.
pub(super) fn drop_table(dialect: Dialect, name: &str) -> String {
    format!("DROP TABLE {}", dialect.quote(name))
}

/// `ALTER TABLE "from" RENAME TO "to"`.
pub(super) fn rename_table(dialect: Dialect, from: &str, to: &str) -> String {
    format!(
        "ALTER TABLE {} RENAME TO {}",
        dialect.quote(from),
        dialect.quote(to)
    )
}

/// `ALTER TABLE "t" ADD COLUMN …`, a foreign key written inline.
pub(super) fn add_column(
    dialect: Dialect,
    table: &str,
    column: &Column,
) -> Result<String, Unsupported> {
    let mut sql = format!(
        "ALTER TABLE {} ADD COLUMN {}",
        dialect.quote(table),
        column_definition(dialect, column, column.primary_key, false)?
    );
    // MySQL parses an inline REFERENCES and ignores it: its dialect adds a constraint instead.
    if let Some(key) = column
        .references
        .as_ref()
        .filter(|_| dialect != Dialect::MySql)
    {
        sql.push(' ');
        sql.push_str(&references(dialect, key));
    }
    Ok(sql)
}

/// `ALTER TABLE "t" DROP COLUMN "c"`.
pub(super) fn drop_column(dialect: Dialect, table: &str, column: &str) -> String {
    format!(
        "ALTER TABLE {} DROP COLUMN {}",
        dialect.quote(table),
        dialect.quote(column)
    )
}

/// `ALTER TABLE "t" RENAME COLUMN "a" TO "b"`.
pub(super) fn rename_column(dialect: Dialect, table: &str, from: &str, to: &str) -> String {
    format!(
        "ALTER TABLE {} RENAME COLUMN {} TO {}",
        dialect.quote(table),
        dialect.quote(from),
        dialect.quote(to)
    )
}

/// `CREATE [UNIQUE] INDEX "name" ON "table" ("a", …)`.
pub(super) fn create_index(dialect: Dialect, index: &CreateIndex) -> String {
    format!(
        "CREATE {}INDEX {} ON {} {}",
        if index.unique { "UNIQUE " } else { "" },
        dialect.quote(&index.name),
        dialect.quote(&index.table),
        column_list(dialect, &index.columns)
    )
}

/// `DROP INDEX "name"`.
pub(super) fn drop_index(dialect: Dialect, name: &str) -> String {
    format!("DROP INDEX {}", dialect.quote(name))
}
