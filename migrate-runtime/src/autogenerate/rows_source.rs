//! Rows carried into a migration as the Rust that inserts them: `op::bulk_insert` with one
//! `.row((…))` per row, each value a Rust literal.

use crate::op::BulkInsert;
use crate::schema::Value;

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
        // A one-element tuple needs its comma.
        let tuple = match values.as_slice() {
            [one] => format!("({one},)"),
            values => format!("({})", values.join(", ")),
        };
        out.push_str(&format!("\n.row({tuple})"));
    }
    Some(out)
}

/// A value as a Rust expression that converts into it.
fn value_source(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => "Value::Null".to_owned(),
        Value::Bool(value) => value.to_string(),
        Value::Int(value) => format!("{value}_i64"),
        Value::Float(value) => format!("{value:?}_f64"),
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
    }
}
