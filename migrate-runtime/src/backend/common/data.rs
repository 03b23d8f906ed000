//! Data ops: `execute` with its bound values, `bulk_insert`, `update` and `delete`, values
//! written as literals escaped by the dialect.

use super::ddl;
use crate::backend::{BatchedUpdate, Dialect, Statement, Unsupported};
use crate::op::{BulkInsert, Delete, Execute, Op, Update};
use crate::schema::Value;
use crate::schema::value::{DATE, TIME, TIMESTAMP, TIMESTAMP_UTC};

/// Rows per `INSERT` statement of a bulk insert.
const ROWS_PER_INSERT: usize = 500;

impl Dialect {
    /// A typed value as a SQL literal.
    pub(crate) fn value(self, value: &Value) -> Result<String, Unsupported> {
        Ok(match value {
            Value::Null => "NULL".to_owned(),
            Value::Bool(flag) => self.default_value(&(*flag).into()),
            Value::Int(number) => number.to_string(),
            Value::Float(number) if number.is_finite() => format!("{number:?}"),
            Value::Float(_) => {
                return Err(Unsupported::Feature {
                    feature: "literal for NaN or infinity",
                    alternative: "bind a finite number, or NULL",
                });
            }
            Value::Text(text) => self.literal(text),
            Value::Bytes(bytes) => {
                let hex = hex::encode(bytes);
                match self {
                    Dialect::Postgres => format!("'\\x{hex}'"),
                    Dialect::Sqlite | Dialect::MySql => format!("X'{hex}'"),
                }
            }
            Value::Decimal(number) => number.to_string(),
            Value::Uuid(uuid) => match self {
                Dialect::Sqlite => format!("'{}'", uuid.simple()),
                Dialect::Postgres | Dialect::MySql => format!("'{}'", uuid.hyphenated()),
            },
            Value::Date(date) => format!("'{}'", date.format(DATE)),
            Value::Time(time) => format!("'{}'", time.format(TIME)),
            Value::Timestamp(instant) => format!("'{}'", instant.format(TIMESTAMP)),
            Value::TimestampTz(instant) => match self {
                // The session's time zone is UTC (set on connecting, and by offline scripts).
                Dialect::MySql => format!("'{}'", instant.naive_utc().format(TIMESTAMP)),
                Dialect::Postgres | Dialect::Sqlite => {
                    format!("'{}'", instant.naive_utc().format(TIMESTAMP_UTC))
                }
            },
            Value::Json(document) => self.literal(&document.to_string()),
            Value::Array(elements) => match self {
                Dialect::Postgres if elements.is_empty() => "'{}'".to_owned(),
                Dialect::Postgres => {
                    let elements = elements
                        .iter()
                        .map(|element| self.value(element))
                        .collect::<Result<Vec<_>, _>>()?;
                    format!("ARRAY[{}]", elements.join(", "))
                }
                Dialect::Sqlite | Dialect::MySql => {
                    return Err(Unsupported::Feature {
                        feature: "array value",
                        alternative: "a JSON value (`Value::Json`) in a `Type::Json` column",
                    });
                }
            },
        })
    }
}

/// The statement with each `?` placeholder replaced by the literal of its value.
/// The statements of a data op (`execute`, `bulk_insert`, `backfill`), built the same way on
/// every database; other ops have none here.
pub(crate) fn statements(dialect: Dialect, op: &Op) -> Result<Vec<Statement>, Unsupported> {
    Ok(match op {
        Op::Execute(raw) => vec![Statement::Sql(execute(dialect, raw)?)],
        Op::BulkInsert(insert) => bulk_insert(dialect, insert)?
            .into_iter()
            .map(Statement::Sql)
            .collect(),
        Op::Update(update) => vec![Statement::Sql(update_rows(dialect, update)?)],
        Op::Delete(delete) => vec![Statement::Sql(delete_rows(dialect, delete)?)],
        Op::Backfill(backfill) => vec![Statement::Backfill(BatchedUpdate::new(
            dialect,
            backfill.clone(),
        ))],
        _ => Vec::new(),
    })
}

/// `UPDATE "t" SET "a" = 1 WHERE "k" = 'x'`.
fn update_rows(dialect: Dialect, update: &Update) -> Result<String, Unsupported> {
    if update.set.is_empty() {
        return Err(Unsupported::Feature {
            feature: "update without a value to set",
            alternative: "add `.set(column, value)`",
        });
    }
    let set = update
        .set
        .iter()
        .map(|(column, value)| {
            Ok(format!(
                "{} = {}",
                dialect.quote(column),
                dialect.value(value)?
            ))
        })
        .collect::<Result<Vec<_>, Unsupported>>()?;
    Ok(format!(
        "UPDATE {} SET {} WHERE {}",
        dialect.quote_table(&update.table),
        set.join(", "),
        filter(dialect, &update.filter, "update")?
    ))
}

/// `DELETE FROM "t" WHERE "k" = 'x'`.
fn delete_rows(dialect: Dialect, delete: &Delete) -> Result<String, Unsupported> {
    Ok(format!(
        "DELETE FROM {} WHERE {}",
        dialect.quote_table(&delete.table),
        filter(dialect, &delete.filter, "delete")?
    ))
}

/// `"a" = 1 AND "b" IS NULL`; an empty filter is refused (it would change every row).
fn filter(
    dialect: Dialect,
    filter: &[(String, crate::schema::Value)],
    op: &'static str,
) -> Result<String, Unsupported> {
    if filter.is_empty() {
        return Err(Unsupported::Unfiltered { op });
    }
    let conditions = filter
        .iter()
        .map(|(column, value)| {
            let column = dialect.quote(column);
            Ok(match value {
                Value::Null => format!("{column} IS NULL"),
                value => format!("{column} = {}", dialect.value(value)?),
            })
        })
        .collect::<Result<Vec<_>, Unsupported>>()?;
    Ok(conditions.join(" AND "))
}

fn execute(dialect: Dialect, execute: &Execute) -> Result<String, Unsupported> {
    // Raw SQL with nothing bound reaches the server as written: a `?` there is the SQL's own
    // (PostgreSQL's jsonb operators `?`, `?|`, `?&`).
    if execute.binds.is_empty() {
        return Ok(execute.sql.clone());
    }
    let positions = dialect.placeholder_positions(&execute.sql);
    if positions.len() != execute.binds.len() {
        return Err(Unsupported::BindCount {
            placeholders: positions.len(),
            values: execute.binds.len(),
        });
    }
    let mut sql = String::with_capacity(execute.sql.len());
    let mut copied = 0;
    for (position, value) in positions.into_iter().zip(&execute.binds) {
        sql.push_str(&execute.sql[copied..position]);
        sql.push_str(&dialect.value(value)?);
        copied = position + 1;
    }
    sql.push_str(&execute.sql[copied..]);
    Ok(sql)
}

/// `INSERT INTO "t" ("a", "b") VALUES (…), (…)`, [`ROWS_PER_INSERT`] rows a statement.
fn bulk_insert(dialect: Dialect, insert: &BulkInsert) -> Result<Vec<String>, Unsupported> {
    if let Some((index, row)) = insert
        .rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.len() != insert.columns.len())
    {
        return Err(Unsupported::RowWidth {
            row: index,
            values: row.len(),
            columns: insert.columns.len(),
        });
    }
    let head = format!(
        "INSERT INTO {} {} VALUES ",
        dialect.quote_table(&insert.table),
        ddl::column_list(dialect, &insert.columns)
    );
    insert
        .rows
        .chunks(ROWS_PER_INSERT)
        .map(|rows| {
            let rows = rows
                .iter()
                .map(|row| {
                    let values = row
                        .iter()
                        .map(|v| dialect.value(v))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(format!("({})", values.join(", ")))
                })
                .collect::<Result<Vec<_>, Unsupported>>()?;
            Ok(format!("{head}{}", rows.join(", ")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op;

    #[test]
    fn placeholders_in_strings_names_and_comments_are_left_alone() {
        let sql = "UPDATE t SET a = ?, \"b?\" = 'c?' -- d?\n WHERE e = ? /* f? */";
        let update = op::execute(sql).bind(1).bind("it's");
        assert_eq!(
            execute(Dialect::Postgres, &update).unwrap(),
            "UPDATE t SET a = 1, \"b?\" = 'c?' -- d?\n WHERE e = 'it''s' /* f? */"
        );
        let escaped = op::execute(r"SELECT 'a\'?' , ?").bind(Value::Null);
        assert_eq!(
            execute(Dialect::MySql, &escaped).unwrap(),
            r"SELECT 'a\'?' , NULL"
        );
    }

    #[test]
    fn a_missing_value_is_an_error() {
        let update = op::execute("UPDATE t SET a = ?, b = ?").bind(1);
        let error = execute(Dialect::Sqlite, &update).unwrap_err();
        assert_eq!(
            error,
            Unsupported::BindCount {
                placeholders: 2,
                values: 1
            }
        );
    }

    #[test]
    fn rows_are_batched_and_checked_for_width() {
        let rows = (0..1200).map(|i| (i, format!("n{i}"), Some(true)));
        let insert = op::bulk_insert("t", ["id", "name", "flag"]).rows(rows);
        let sql = bulk_insert(Dialect::Sqlite, &insert).unwrap();
        assert_eq!(sql.len(), 3);
        assert!(
            sql[0].starts_with(
                "INSERT INTO \"t\" (\"id\", \"name\", \"flag\") VALUES (0, 'n0', 1), "
            )
        );
        let ragged = op::bulk_insert("t", ["id", "name"]).row((1,));
        assert!(matches!(
            bulk_insert(Dialect::Postgres, &ragged),
            Err(Unsupported::RowWidth { row: 0, .. })
        ));
        let bytes = op::bulk_insert("t", ["b"]).row((vec![0xde_u8, 0xad],));
        assert_eq!(
            bulk_insert(Dialect::Postgres, &bytes).unwrap(),
            ["INSERT INTO \"t\" (\"b\") VALUES ('\\xdead')"]
        );
    }
}
