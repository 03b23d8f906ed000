//! The Rust types a data step reads and binds, and how each converts from the values the
//! databases give: leniently where the meaning is the same (a `Uuid` from a `CHAR(36)`,
//! `CHAR(32)` or 16 bytes; a `Decimal` from SQLite's REAL; an `f64` from MySQL's `SUM`
//! decimal; a timestamp without zone taken as UTC), never across meanings (text is not read
//! as a number).

use std::any::type_name;
use std::str::FromStr as _;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use uuid::Uuid;

use super::kind::{Kind, PortableTypeInfo};
use super::{Portable, PortableValueRef};
use crate::schema::Value;

mod compound;
mod model_enum;
mod time;

pub use compound::Label;
pub use model_enum::EnumLabels;

/// How a Rust type is written as a [`Value`] and read back from one.
pub(crate) trait Convert: Sized {
    /// The SQL type it binds as, by name, and its kind.
    const SQL: (&'static str, Kind);

    /// Whether a value of `kind` may convert to it.
    fn accepts(kind: Kind) -> bool;

    /// The value read back, or why not.
    fn read(value: &Value) -> Result<Self, String>;

    /// The value to bind.
    fn write(&self) -> Result<Value, BoxDynError>;
}

/// Why `value` does not read as `T`.
fn cannot<T>(value: &Value) -> String {
    format!(
        "a {} value does not read as `{}`",
        value.kind(),
        type_name::<T>()
    )
}

/// Implement sqlx's `Type`, `Decode` and `Encode` for the portable database from [`Convert`].
macro_rules! portable {
    ($($ty:ty),* $(,)?) => {
        $(
            impl sqlx::Type<Portable> for $ty {
                fn type_info() -> PortableTypeInfo {
                    let (name, kind) = <$ty as Convert>::SQL;
                    PortableTypeInfo::new(name, kind)
                }

                fn compatible(ty: &PortableTypeInfo) -> bool {
                    <$ty as Convert>::accepts(ty.kind)
                }
            }

            impl sqlx::Decode<'_, Portable> for $ty {
                fn decode(value: PortableValueRef<'_>) -> Result<Self, BoxDynError> {
                    decode::<$ty>(value)
                }
            }

            impl sqlx::Encode<'_, Portable> for $ty {
                fn encode_by_ref(&self, buf: &mut Vec<Value>) -> Result<IsNull, BoxDynError> {
                    buf.push(Convert::write(self)?);
                    Ok(IsNull::No)
                }
            }
        )*
    };
}

/// `T` read from `value`, the error naming the SQL type and the Rust type.
fn decode<T: Convert>(value: PortableValueRef<'_>) -> Result<T, BoxDynError> {
    let sql_type = sqlx::ValueRef::type_info(&value);
    match value.value() {
        Value::Null => Err(format!(
            "unexpected NULL (SQL type {sql_type}); read it as `Option<{}>`",
            type_name::<T>()
        )
        .into()),
        inner => T::read(inner).map_err(|reason| {
            format!(
                "SQL type {sql_type} does not decode as Rust type `{}`: {reason}",
                type_name::<T>()
            )
            .into()
        }),
    }
}

portable! {
    bool, i8, i16, i32, i64, u32, f32, f64, String, Vec<u8>, Decimal, Uuid, NaiveDate,
    NaiveTime, NaiveDateTime, DateTime<Utc>,
}

impl Convert for bool {
    const SQL: (&'static str, Kind) = ("BOOLEAN", Kind::Bool);

    fn accepts(kind: Kind) -> bool {
        kind == Kind::Bool || kind.is_integer()
    }

    fn read(value: &Value) -> Result<Self, String> {
        match value {
            Value::Bool(flag) => Ok(*flag),
            Value::Int(0) => Ok(false),
            Value::Int(1) => Ok(true),
            Value::Int(other) => Err(format!("{other} is neither 0 nor 1")),
            other => Err(cannot::<Self>(other)),
        }
    }

    fn write(&self) -> Result<Value, BoxDynError> {
        Ok(Value::Bool(*self))
    }
}

/// Integers: from any integer (and a whole decimal: MySQL's `SUM`, PostgreSQL's `SUM` of a
/// `BIGINT`) that fits.
macro_rules! integers {
    ($($ty:ty => $sql:literal, $kind:ident);* $(;)?) => {
        $(
            impl Convert for $ty {
                const SQL: (&'static str, Kind) = ($sql, Kind::$kind);

                fn accepts(kind: Kind) -> bool {
                    kind.is_integer() || kind == Kind::Decimal
                }

                fn read(value: &Value) -> Result<Self, String> {
                    let whole = match value {
                        Value::Int(number) => *number,
                        Value::Decimal(number) if number.fract().is_zero() => number
                            .to_i64()
                            .ok_or_else(|| format!("{number} is out of range"))?,
                        Value::Decimal(number) => return Err(format!("{number} is not whole")),
                        other => return Err(cannot::<Self>(other)),
                    };
                    <$ty>::try_from(whole).map_err(|_| format!("{whole} is out of range"))
                }

                fn write(&self) -> Result<Value, BoxDynError> {
                    Ok(Value::Int(i64::from(*self)))
                }
            }
        )*
    };
}

integers! {
    i8 => "SMALLINT", SmallInt;
    i16 => "SMALLINT", SmallInt;
    i32 => "INTEGER", Int;
    i64 => "BIGINT", BigInt;
    u32 => "BIGINT", BigInt;
}

/// Floats: from a float, an integer or a decimal (rounded to the nearest).
macro_rules! floats {
    ($($ty:ty => $sql:literal, $kind:ident, $from_decimal:ident);* $(;)?) => {
        $(
            impl Convert for $ty {
                const SQL: (&'static str, Kind) = ($sql, Kind::$kind);

                fn accepts(kind: Kind) -> bool {
                    matches!(kind, Kind::Real | Kind::Double | Kind::Decimal) || kind.is_integer()
                }

                #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
                fn read(value: &Value) -> Result<Self, String> {
                    match value {
                        Value::Float(number) => Ok(*number as $ty),
                        Value::Int(number) => Ok(*number as $ty),
                        Value::Decimal(number) => number
                            .$from_decimal()
                            .ok_or_else(|| format!("{number} is out of range")),
                        other => Err(cannot::<Self>(other)),
                    }
                }

                fn write(&self) -> Result<Value, BoxDynError> {
                    Ok(Value::Float(f64::from(*self)))
                }
            }
        )*
    };
}

floats! {
    f32 => "REAL", Real, to_f32;
    f64 => "DOUBLE PRECISION", Double, to_f64;
}

impl Convert for String {
    const SQL: (&'static str, Kind) = ("TEXT", Kind::Text);

    fn accepts(kind: Kind) -> bool {
        !matches!(
            kind,
            Kind::Bool | Kind::Real | Kind::Double | Kind::Array | Kind::Null
        ) && !kind.is_integer()
    }

    fn read(value: &Value) -> Result<Self, String> {
        Ok(match value {
            Value::Text(text) => text.clone(),
            Value::Bytes(bytes) => String::from_utf8(bytes.clone())
                .map_err(|_| "the bytes are not UTF-8 text".to_owned())?,
            Value::Decimal(number) => number.to_string(),
            Value::Uuid(uuid) => uuid.hyphenated().to_string(),
            Value::Date(date) => date.to_string(),
            Value::Time(time) => time.to_string(),
            Value::Timestamp(instant) => instant.to_string(),
            Value::TimestampTz(instant) => instant.to_rfc3339(),
            Value::Json(document) => document.to_string(),
            other => return Err(cannot::<Self>(other)),
        })
    }

    fn write(&self) -> Result<Value, BoxDynError> {
        Ok(Value::Text(self.clone()))
    }
}

impl Convert for Vec<u8> {
    const SQL: (&'static str, Kind) = ("BYTEA", Kind::Bytes);

    fn accepts(kind: Kind) -> bool {
        matches!(kind, Kind::Bytes | Kind::Text)
    }

    fn read(value: &Value) -> Result<Self, String> {
        match value {
            Value::Bytes(bytes) => Ok(bytes.clone()),
            Value::Text(text) => Ok(text.as_bytes().to_vec()),
            other => Err(cannot::<Self>(other)),
        }
    }

    fn write(&self) -> Result<Value, BoxDynError> {
        Ok(Value::Bytes(self.clone()))
    }
}

impl Convert for Decimal {
    const SQL: (&'static str, Kind) = ("NUMERIC", Kind::Decimal);

    fn accepts(kind: Kind) -> bool {
        matches!(kind, Kind::Decimal | Kind::Real | Kind::Double | Kind::Text) || kind.is_integer()
    }

    fn read(value: &Value) -> Result<Self, String> {
        match value {
            Value::Decimal(number) => Ok(*number),
            Value::Int(number) => Ok(Decimal::from(*number)),
            // SQLite keeps a NUMERIC as a REAL: its shortest form is the number written.
            Value::Float(number) => {
                Decimal::from_str(&number.to_string()).map_err(|error| error.to_string())
            }
            Value::Text(text) => Decimal::from_str(text.trim())
                .or_else(|_| Decimal::from_scientific(text.trim()))
                .map_err(|error| format!("{text:?}: {error}")),
            other => Err(cannot::<Self>(other)),
        }
    }

    fn write(&self) -> Result<Value, BoxDynError> {
        Ok(Value::Decimal(*self))
    }
}

impl Convert for Uuid {
    const SQL: (&'static str, Kind) = ("UUID", Kind::Uuid);

    fn accepts(kind: Kind) -> bool {
        matches!(kind, Kind::Uuid | Kind::Text | Kind::Bytes)
    }

    fn read(value: &Value) -> Result<Self, String> {
        match value {
            Value::Uuid(uuid) => Ok(*uuid),
            Value::Text(text) => {
                Uuid::parse_str(text.trim()).map_err(|error| format!("{text:?}: {error}"))
            }
            Value::Bytes(bytes) => Uuid::from_slice(bytes).map_err(|error| error.to_string()),
            other => Err(cannot::<Self>(other)),
        }
    }

    fn write(&self) -> Result<Value, BoxDynError> {
        Ok(Value::Uuid(*self))
    }
}
