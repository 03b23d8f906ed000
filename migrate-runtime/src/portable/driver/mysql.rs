//! MySQL and MariaDB under the portable database: values read by their type, binds as the
//! column types of `Type` store them on MySQL.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rust_decimal::Decimal;
use sqlx::error::BoxDynError;
use sqlx::mysql::{MySql, MySqlArguments, MySqlValueRef};
use sqlx::{Arguments as _, Decode, TypeInfo as _, ValueRef as _};

use super::{Driver, Value, bound, unreadable};

impl Driver for MySql {
    fn bind(arguments: super::PortableArguments) -> Result<MySqlArguments, BoxDynError> {
        let mut out = MySqlArguments::default();
        for (value, kind) in bound(arguments) {
            match value {
                Value::Null => out.add(None::<String>)?,
                Value::Bool(flag) => out.add(flag)?,
                Value::Int(number) => out.add(number)?,
                #[allow(clippy::cast_possible_truncation, reason = "bound from an f32")]
                Value::Float(number) if kind == super::Kind::Real => out.add(number as f32)?,
                Value::Float(number) => out.add(number)?,
                Value::Text(text) => out.add(text)?,
                Value::Bytes(bytes) => out.add(bytes)?,
                Value::Decimal(number) => out.add(number)?,
                // `CHAR(36)`, as `Type::Uuid` is on MySQL.
                Value::Uuid(uuid) => out.add(uuid.hyphenated().to_string())?,
                Value::Date(date) => out.add(date)?,
                Value::Time(time) => out.add(time)?,
                Value::Timestamp(instant) => out.add(instant)?,
                // The session's zone is UTC.
                Value::TimestampTz(instant) => out.add(instant)?,
                // As text: MariaDB's JSON is text, MySQL's takes it.
                Value::Json(document) => out.add(document.to_string())?,
                Value::Array(_) => {
                    return Err("MySQL has no arrays; bind a JSON value".into());
                }
            }
        }
        Ok(out)
    }

    fn read(value: MySqlValueRef<'_>) -> Result<Value, BoxDynError> {
        if value.is_null() {
            return Ok(Value::Null);
        }
        let ty = value.type_info().into_owned();
        macro_rules! decode {
            ($t:ty) => {
                <$t as Decode<MySql>>::decode(value)?
            };
        }
        Ok(match ty.name() {
            "BIGINT UNSIGNED" => {
                let number = decode!(u64);
                match i64::try_from(number) {
                    Ok(number) => Value::Int(number),
                    Err(_) => Value::Decimal(Decimal::from(number)),
                }
            }
            "BOOLEAN" | "TINYINT" | "SMALLINT" | "INT" | "MEDIUMINT" | "BIGINT" | "YEAR"
            | "TINYINT UNSIGNED" | "SMALLINT UNSIGNED" | "INT UNSIGNED" | "MEDIUMINT UNSIGNED" => {
                Value::Int(decode!(i64))
            }
            "FLOAT" => Value::Float(decode!(f32).into()),
            "DOUBLE" => Value::Float(decode!(f64)),
            "DECIMAL" => Value::Decimal(decode!(Decimal)),
            "DATE" => Value::Date(decode!(NaiveDate)),
            "TIME" => Value::Time(decode!(NaiveTime)),
            "DATETIME" => Value::Timestamp(decode!(NaiveDateTime)),
            "TIMESTAMP" => Value::TimestampTz(decode!(DateTime<Utc>)),
            "JSON" => Value::Json(decode!(serde_json::Value)),
            "CHAR" | "VARCHAR" | "TINYTEXT" | "TEXT" | "MEDIUMTEXT" | "LONGTEXT" | "ENUM"
            | "SET" => Value::Text(decode!(String)),
            "BINARY" | "VARBINARY" | "TINYBLOB" | "BLOB" | "MEDIUMBLOB" | "LONGBLOB" | "BIT" => {
                Value::Bytes(decode!(Vec<u8>))
            }
            other => return Err(unreadable("MySQL", other)),
        })
    }

    fn rows_affected(result: &sqlx::mysql::MySqlQueryResult) -> u64 {
        result.rows_affected()
    }
}
