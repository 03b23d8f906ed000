//! Rows carried into a migration as the Rust that inserts them: `op::bulk_insert` with one
//! `.row((…))` per row, each value a Rust literal.

use super::Change;
use crate::op::{self, BulkInsert};
use crate::schema::Value;

/// A value [`rows_change`] cannot write as a Rust literal yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{table}.{column}` holds a {kind} value, which a migration cannot carry as a literal yet")]
pub struct UnwritableValue {
    /// The table.
    pub table: String,
    /// The column.
    pub column: String,
    /// What kind of value it is.
    pub kind: &'static str,
}

/// The rows of `table` (`columns`, each row's values in their order) as a change that
/// inserts them; refused for a value of a kind without a plain Rust literal (only null,
/// booleans, integers, floats and text are written).
///
/// ```
/// use migrate_runtime::autogenerate::rows_change;
/// use migrate_runtime::schema::Value;
///
/// let rows = vec![vec![Value::Int(1), Value::Text("draft".into())]];
/// let change = rows_change("statuses", vec!["id".into(), "name".into()], rows).unwrap();
/// assert_eq!(change.summary, "inserted 1 row(s) into `statuses`");
/// ```
pub fn rows_change(
    table: &str,
    columns: Vec<String>,
    rows: Vec<Vec<Value>>,
) -> Result<Change, UnwritableValue> {
    for row in &rows {
        for (value, column) in row.iter().zip(&columns) {
            if value_source(value).is_none() {
                return Err(UnwritableValue {
                    table: table.to_owned(),
                    column: column.clone(),
                    kind: value.kind(),
                });
            }
        }
    }
    Ok(Change {
        summary: format!("inserted {} row(s) into `{table}`", rows.len()),
        op: op::bulk_insert(table, columns).rows(rows).into(),
        destructive: false,
    })
}

/// `op::bulk_insert("table", ["a", "b"]).row((1, "x"))…`; `None` when a value has no plain
/// Rust literal (bytes, dates, JSON, …), for which a caller writes SQL instead.
pub(super) fn bulk_insert_source(insert: &BulkInsert) -> Option<String> {
    let columns: Vec<String> = insert.columns.iter().map(|c| format!("{c:?}")).collect();
    let mut out = format!(
        "op::bulk_insert({:?}, [{}])",
        insert.table,
        columns.join(", ")
    );
    for row in &insert.rows {
        let values = row.iter().map(value_source).collect::<Option<Vec<_>>>()?;
        let row = match values.as_slice() {
            // A one-element tuple needs its comma.
            [one] => format!("({one},)"),
            // Rows convert from tuples of up to eight values; a wider one is a list.
            values if values.len() > 8 => {
                let each: Vec<String> = (values.iter())
                    .map(|value| match value.as_str() {
                        "Value::Null" => value.clone(),
                        value => format!("Value::from({value})"),
                    })
                    .collect();
                format!("vec![{}]", each.join(", "))
            }
            values => format!("({})", values.join(", ")),
        };
        out.push_str(&format!("\n.row({row})"));
    }
    Some(out)
}

/// A value as a Rust expression that converts into it.
fn value_source(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => "Value::Null".to_owned(),
        Value::Bool(value) => value.to_string(),
        Value::Int(value) => format!("{value}_i64"),
        Value::Float(value) if value.is_finite() => format!("{value:?}_f64"),
        Value::Text(value) => format!("{value:?}"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op;

    #[test]
    fn rows_of_plain_values_are_literals() {
        let insert = op::bulk_insert("alembic_version", ["version_num"]).row(("v3.2.0.a",));
        assert_eq!(
            bulk_insert_source(&insert).as_deref(),
            Some("op::bulk_insert(\"alembic_version\", [\"version_num\"])\n.row((\"v3.2.0.a\",))")
        );
        let insert = op::bulk_insert("t", ["a", "b", "c"]).row((1_i64, 2.5_f64, Value::Null));
        assert_eq!(
            bulk_insert_source(&insert).as_deref(),
            Some(
                "op::bulk_insert(\"t\", [\"a\", \"b\", \"c\"])\n.row((1_i64, 2.5_f64, Value::Null))"
            )
        );
        let insert = op::bulk_insert("t", ["b"]).row((vec![1_u8],));
        assert_eq!(bulk_insert_source(&insert), None);
        let insert = op::bulk_insert("t", ["f"]).row((f64::NAN,));
        assert_eq!(bulk_insert_source(&insert), None);
        let columns: Vec<String> = (1..=9).map(|n| format!("c{n}")).collect();
        let row: Vec<Value> = (1..=9).map(Value::Int).collect();
        let wide = op::bulk_insert("t", columns).row(row);
        let source = bulk_insert_source(&wide).unwrap_or_default();
        assert!(
            source.ends_with(".row(vec![Value::from(1_i64), Value::from(2_i64), Value::from(3_i64), Value::from(4_i64), Value::from(5_i64), Value::from(6_i64), Value::from(7_i64), Value::from(8_i64), Value::from(9_i64)])"),
            "{source}"
        );
    }

    #[test]
    fn rows_with_a_value_no_literal_writes_are_refused_naming_it() {
        let columns = vec!["id".to_owned(), "logo".to_owned()];
        let rows = vec![vec![Value::Int(1), Value::Bytes(vec![0x89, 0x50])]];
        let refused = rows_change("brands", columns, rows);
        assert_eq!(
            refused.map(|change| change.summary).map_err(|e| e.to_string()),
            Err("`brands.logo` holds a bytes value, which a migration cannot carry as a literal yet".to_owned())
        );
    }
}
