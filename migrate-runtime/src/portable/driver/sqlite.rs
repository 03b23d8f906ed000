//! SQLite under the portable database: values read by their storage class, binds in the
//! text forms `Type` stores on SQLite.

use sqlx::error::BoxDynError;
use sqlx::sqlite::{Sqlite, SqliteArguments, SqliteValueRef};
use sqlx::{Arguments as _, Decode, TypeInfo as _, ValueRef as _};

use super::{Driver, Value, bound};

impl Driver for Sqlite {
    fn bind(arguments: super::PortableArguments) -> Result<SqliteArguments, BoxDynError> {
        let mut out = SqliteArguments::default();
        for (value, _) in bound(arguments) {
            match value {
                Value::Null => out.add(None::<String>)?,
                Value::Bool(flag) => out.add(flag)?,
                Value::Int(number) => out.add(number)?,
                Value::Float(number) => out.add(number)?,
                Value::Text(text) => out.add(text)?,
                Value::Bytes(bytes) => out.add(bytes)?,
                // As the literal: a NUMERIC column keeps what SQLite makes of it.
                Value::Decimal(number) => out.add(number.to_string())?,
                Value::Uuid(uuid) => out.add(uuid.simple().to_string())?,
                Value::Json(document) => out.add(document.to_string())?,
                Value::Array(_) => {
                    return Err("SQLite has no arrays; bind a JSON value".into());
                }
                other => out.add(sqlite_text(&other))?,
            }
        }
        Ok(out)
    }

    fn read(value: SqliteValueRef<'_>) -> Result<Value, BoxDynError> {
        if value.is_null() {
            return Ok(Value::Null);
        }
        // What the value is stored as, whatever the column was declared as.
        let storage = value.type_info().into_owned();
        Ok(match storage.name() {
            "INTEGER" => Value::Int(<i64 as Decode<Sqlite>>::decode(value)?),
            "REAL" => Value::Float(<f64 as Decode<Sqlite>>::decode(value)?),
            "BLOB" => Value::Bytes(<Vec<u8> as Decode<Sqlite>>::decode(value)?),
            _ => Value::Text(<String as Decode<Sqlite>>::decode(value)?),
        })
    }

    fn rows_affected(result: &sqlx::sqlite::SqliteQueryResult) -> u64 {
        result.rows_affected()
    }
}

/// Text of a date, time or timestamp as SQLite stores it (what `CURRENT_TIMESTAMP` writes).
fn sqlite_text(value: &Value) -> Option<String> {
    use crate::schema::value::{DATE, TIME, TIMESTAMP, TIMESTAMP_UTC};
    Some(match value {
        Value::Date(date) => date.format(DATE).to_string(),
        Value::Time(time) => time.format(TIME).to_string(),
        Value::Timestamp(instant) => instant.format(TIMESTAMP).to_string(),
        Value::TimestampTz(instant) => instant.naive_utc().format(TIMESTAMP_UTC).to_string(),
        _ => return None,
    })
}
