//! A column's Rust field type in a model written from a catalog: the type sqlx decodes the
//! column as (`f64`, chrono's dates and times, `Decimal`, `Uuid`, `serde_json::Value`,
//! `Vec<u8>`), for a portable type and for a type kept as the catalog spells it alike
//! (SQLite's `FLOAT` and `DATETIME`, MySQL's `datetime`, `tinyint(1)`, …).

use crate::schema::Type;

/// A field's type, the `#[column(…)]` arguments it needs, and the `use` line it needs.
pub(super) struct FieldType {
    /// The Rust type.
    pub(super) rust: String,
    /// Column arguments: a length, a precision, the SQL type kept as spelled.
    pub(super) args: Vec<String>,
    /// The `use` line the type needs.
    pub(super) using: Option<&'static str>,
}

const NAIVE_DATE_TIME: (&str, Option<&str>) = ("NaiveDateTime", Some("use chrono::NaiveDateTime;"));
const DATE_TIME_UTC: (&str, Option<&str>) = ("DateTime<Utc>", Some("use chrono::{DateTime, Utc};"));
const NAIVE_DATE: (&str, Option<&str>) = ("NaiveDate", Some("use chrono::NaiveDate;"));
const NAIVE_TIME: (&str, Option<&str>) = ("NaiveTime", Some("use chrono::NaiveTime;"));
const DECIMAL: (&str, Option<&str>) = ("Decimal", Some("use rust_decimal::Decimal;"));
const UUID: (&str, Option<&str>) = ("Uuid", Some("use uuid::Uuid;"));

/// The field type of a column of type `ty` (not an enum); `keyed`: the column is its table's
/// key (a serial key is a plain integer field).
pub(super) fn field_type(ty: &Type, keyed: bool) -> FieldType {
    let plain = |(rust, using): (&str, Option<&'static str>)| FieldType {
        rust: rust.to_owned(),
        args: Vec::new(),
        using,
    };
    match ty {
        Type::SmallInt => plain(("i16", None)),
        Type::Integer => plain(("i32", None)),
        Type::BigInt => plain(("i64", None)),
        Type::Serial if keyed => plain(("i32", None)),
        Type::BigSerial if keyed => plain(("i64", None)),
        Type::Boolean => plain(("bool", None)),
        Type::Real => plain(("f32", None)),
        Type::Double => plain(("f64", None)),
        Type::Numeric { precision, scale } => FieldType {
            args: vec![
                format!("precision = {precision}"),
                format!("scale = {scale}"),
            ],
            ..plain(DECIMAL)
        },
        Type::Varchar(len) => FieldType {
            args: vec![format!("len = {len}")],
            ..plain(("String", None))
        },
        Type::Text => plain(("String", None)),
        Type::Date => plain(NAIVE_DATE),
        Type::Time => plain(NAIVE_TIME),
        Type::Timestamp => plain(NAIVE_DATE_TIME),
        Type::TimestampTz => plain(DATE_TIME_UTC),
        Type::Uuid => plain(UUID),
        Type::Json => plain(("serde_json::Value", None)),
        Type::Bytes => plain(("Vec<u8>", None)),
        other => {
            let sql = match other {
                Type::Custom(text) => text.clone(),
                _ => crate::dialect::Dialect::Postgres
                    .column_type(other)
                    .unwrap_or_else(|_| format!("{other:?}")),
            };
            FieldType {
                args: vec![format!("sql_type = {sql:?}")],
                ..plain(of_sql(&sql))
            }
        }
    }
}

/// The Rust type sqlx decodes a column of SQL type `sql` as, by the type's family; `String`
/// for text and for what no family names.
fn of_sql(sql: &str) -> (&'static str, Option<&'static str>) {
    let lower = sql.trim().to_ascii_lowercase();
    // `timestamp(3) with time zone` is a `timestamp with time zone`.
    let name = match (lower.find('('), lower.find(')')) {
        (Some(open), Some(close)) if open < close => {
            format!("{} {}", &lower[..open], &lower[close + 1..])
        }
        _ => lower.clone(),
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = name.trim_end_matches(" unsigned");
    // An unsigned integer takes the next wider signed one.
    let unsigned = lower.contains("unsigned");
    match name {
        // MySQL's boolean.
        "tinyint" if lower.starts_with("tinyint(1)") => ("bool", None),
        "bool" | "boolean" => ("bool", None),
        "smallint" | "int2" if !unsigned => ("i16", None),
        "tinyint" | "mediumint" | "int" | "integer" | "int4" if !unsigned => ("i32", None),
        "tinyint" | "smallint" | "mediumint" | "int" | "integer" => ("i64", None),
        "bigint" | "int8" => ("i64", None),
        "float4" => ("f32", None),
        "float" | "float8" | "real" | "double" | "double precision" => ("f64", None),
        "numeric" | "decimal" | "dec" | "money" => DECIMAL,
        "date" => NAIVE_DATE,
        "time" | "time without time zone" => NAIVE_TIME,
        "datetime" | "timestamp" | "timestamp without time zone" | "smalldatetime" => {
            NAIVE_DATE_TIME
        }
        "timestamptz" | "timestamp with time zone" => DATE_TIME_UTC,
        "uuid" => UUID,
        "json" | "jsonb" => ("serde_json::Value", None),
        "blob" | "tinyblob" | "mediumblob" | "longblob" | "bytea" | "binary" | "varbinary" => {
            ("Vec<u8>", None)
        }
        _ => ("String", None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_kept_as_spelled_gets_the_field_type_of_its_family() {
        let rust = |sql: &str| field_type(&Type::Custom(sql.to_owned()), false).rust;
        assert_eq!(rust("FLOAT"), "f64");
        assert_eq!(rust("DATETIME"), "NaiveDateTime");
        assert_eq!(rust("datetime(6)"), "NaiveDateTime");
        assert_eq!(rust("timestamp with time zone"), "DateTime<Utc>");
        assert_eq!(rust("timestamp(3) with time zone"), "DateTime<Utc>");
        assert_eq!(rust("int2"), "i16");
        assert_eq!(rust("float4"), "f32");
        assert_eq!(rust("tinyint(1)"), "bool");
        assert_eq!(rust("int(10) unsigned"), "i64");
        assert_eq!(rust("INTEGER"), "i32");
        assert_eq!(rust("DECIMAL(10, 2)"), "Decimal");
        assert_eq!(rust("longblob"), "Vec<u8>");
        assert_eq!(rust("citext"), "String");
        let kept = field_type(&Type::Custom("FLOAT".to_owned()), false);
        assert_eq!(kept.args, ["sql_type = \"FLOAT\""]);
    }
}
