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

/// The text forms of a date and time without zone that the databases write.
const TIMESTAMP_FORMATS: [&str; 2] = ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"];

impl Convert for NaiveDate {
    const SQL: (&'static str, Kind) = ("DATE", Kind::Date);

    fn accepts(kind: Kind) -> bool {
        matches!(kind, Kind::Date | Kind::Text)
    }

    fn read(value: &Value) -> Result<Self, String> {
        match value {
            Value::Date(date) => Ok(*date),
            Value::Text(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map_err(|error| format!("{text:?}: {error}")),
            other => Err(cannot::<Self>(other)),
        }
    }

    fn write(&self) -> Result<Value, BoxDynError> {
        Ok(Value::Date(*self))
    }
}

impl Convert for NaiveTime {
    const SQL: (&'static str, Kind) = ("TIME", Kind::Time);

    fn accepts(kind: Kind) -> bool {
        matches!(kind, Kind::Time | Kind::Text)
    }

    fn read(value: &Value) -> Result<Self, String> {
        match value {
            Value::Time(time) => Ok(*time),
            Value::Text(text) => NaiveTime::parse_from_str(text.trim(), "%H:%M:%S%.f")
                .or_else(|_| NaiveTime::parse_from_str(text.trim(), "%H:%M"))
                .map_err(|error| format!("{text:?}: {error}")),
            other => Err(cannot::<Self>(other)),
        }
    }

    fn write(&self) -> Result<Value, BoxDynError> {
        Ok(Value::Time(*self))
    }
}

impl Convert for NaiveDateTime {
    const SQL: (&'static str, Kind) = ("TIMESTAMP", Kind::Timestamp);

    fn accepts(kind: Kind) -> bool {
        matches!(kind, Kind::Timestamp | Kind::TimestampTz | Kind::Text)
    }

    fn read(value: &Value) -> Result<Self, String> {
        match value {
            Value::Timestamp(instant) => Ok(*instant),
            Value::TimestampTz(instant) => Ok(instant.naive_utc()),
            Value::Text(text) => parse_timestamp(text.trim())
                .map(|instant| instant.naive_utc())
                .ok_or_else(|| format!("{text:?} is not a date and time")),
            other => Err(cannot::<Self>(other)),
        }
    }

    fn write(&self) -> Result<Value, BoxDynError> {
        Ok(Value::Timestamp(*self))
    }
}

impl Convert for DateTime<Utc> {
    const SQL: (&'static str, Kind) = ("TIMESTAMPTZ", Kind::TimestampTz);

    fn accepts(kind: Kind) -> bool {
        matches!(kind, Kind::Timestamp | Kind::TimestampTz | Kind::Text)
    }

    fn read(value: &Value) -> Result<Self, String> {
        match value {
            Value::TimestampTz(instant) => Ok(*instant),
            // MySQL's DATETIME and SQLite's CURRENT_TIMESTAMP: UTC without saying so.
            Value::Timestamp(instant) => Ok(instant.and_utc()),
            Value::Text(text) => parse_timestamp(text.trim())
                .ok_or_else(|| format!("{text:?} is not a date and time")),
            other => Err(cannot::<Self>(other)),
        }
    }

    fn write(&self) -> Result<Value, BoxDynError> {
        Ok(Value::TimestampTz(*self))
    }
}

/// A timestamp written as text, with an offset or (taken as UTC) without.
fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.to_utc());
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%#z"] {
        if let Ok(instant) = DateTime::parse_from_str(text, format) {
            return Some(instant.to_utc());
        }
    }
    TIMESTAMP_FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|instant| instant.and_utc())
}

impl Convert for serde_json::Value {
    const SQL: (&'static str, Kind) = ("JSON", Kind::Json);

    fn accepts(kind: Kind) -> bool {
        matches!(kind, Kind::Json | Kind::Text | Kind::Bytes)
    }

    fn read(value: &Value) -> Result<Self, String> {
        match value {
            Value::Json(document) => Ok(document.clone()),
            // SQLite and MariaDB keep JSON as text.
            Value::Text(text) => serde_json::from_str(text).map_err(|error| error.to_string()),
            Value::Bytes(bytes) => serde_json::from_slice(bytes).map_err(|error| error.to_string()),
            other => Err(cannot::<Self>(other)),
        }
    }

    fn write(&self) -> Result<Value, BoxDynError> {
        Ok(Value::Json(self.clone()))
    }
}

/// JSON: `serde_json::Value` goes through sqlx's own impls for `Json<serde_json::Value>`.
impl<T> sqlx::Type<Portable> for sqlx::types::Json<T> {
    fn type_info() -> PortableTypeInfo {
        let (name, kind) = <serde_json::Value as Convert>::SQL;
        PortableTypeInfo::new(name, kind)
    }

    fn compatible(ty: &PortableTypeInfo) -> bool {
        <serde_json::Value as Convert>::accepts(ty.kind)
    }
}

impl<T: serde::de::DeserializeOwned> sqlx::Decode<'_, Portable> for sqlx::types::Json<T> {
    fn decode(value: PortableValueRef<'_>) -> Result<Self, BoxDynError> {
        let document = decode::<serde_json::Value>(value)?;
        Ok(sqlx::types::Json(serde_json::from_value(document)?))
    }
}

impl<T: serde::Serialize> sqlx::Encode<'_, Portable> for sqlx::types::Json<T> {
    fn encode_by_ref(&self, buf: &mut Vec<Value>) -> Result<IsNull, BoxDynError> {
        buf.push(Value::Json(serde_json::to_value(&self.0)?));
        Ok(IsNull::No)
    }
}

/// Text borrowed from the row: what `#[derive(sqlx::Type)]` enums read through.
impl sqlx::Type<Portable> for str {
    fn type_info() -> PortableTypeInfo {
        <String as sqlx::Type<Portable>>::type_info()
    }

    fn compatible(ty: &PortableTypeInfo) -> bool {
        ty.kind == Kind::Text
    }
}

impl<'r> sqlx::Decode<'r, Portable> for &'r str {
    fn decode(value: PortableValueRef<'r>) -> Result<Self, BoxDynError> {
        match value.value() {
            Value::Text(text) => Ok(text),
            other => Err(cannot::<&str>(other).into()),
        }
    }
}

impl sqlx::Encode<'_, Portable> for &'_ str {
    fn encode_by_ref(&self, buf: &mut Vec<Value>) -> Result<IsNull, BoxDynError> {
        buf.push(Value::Text((*self).to_owned()));
        Ok(IsNull::No)
    }
}

impl sqlx::Type<Portable> for [u8] {
    fn type_info() -> PortableTypeInfo {
        <Vec<u8> as sqlx::Type<Portable>>::type_info()
    }
}

impl sqlx::Encode<'_, Portable> for &'_ [u8] {
    fn encode_by_ref(&self, buf: &mut Vec<Value>) -> Result<IsNull, BoxDynError> {
        buf.push(Value::Bytes(self.to_vec()));
        Ok(IsNull::No)
    }
}

impl<'q, T> sqlx::Encode<'q, Portable> for Option<T>
where
    T: sqlx::Encode<'q, Portable> + sqlx::Type<Portable> + 'q,
{
    fn produces(&self) -> Option<PortableTypeInfo> {
        match self {
            Some(value) => value.produces(),
            None => Some(T::type_info()),
        }
    }

    fn encode_by_ref(&self, buf: &mut Vec<Value>) -> Result<IsNull, BoxDynError> {
        match self {
            Some(value) => value.encode_by_ref(buf),
            None => Ok(IsNull::Yes),
        }
    }
}

/// A [`Value`] binds as itself.
impl sqlx::Type<Portable> for Value {
    fn type_info() -> PortableTypeInfo {
        PortableTypeInfo::new("NULL", Kind::Null)
    }

    fn compatible(_: &PortableTypeInfo) -> bool {
        true
    }
}

impl sqlx::Encode<'_, Portable> for Value {
    fn produces(&self) -> Option<PortableTypeInfo> {
        Some(PortableTypeInfo::new(self.kind(), Kind::of(self)))
    }

    fn encode_by_ref(&self, buf: &mut Vec<Value>) -> Result<IsNull, BoxDynError> {
        buf.push(self.clone());
        Ok(IsNull::No)
    }
}

impl sqlx::Decode<'_, Portable> for Value {
    fn decode(value: PortableValueRef<'_>) -> Result<Self, BoxDynError> {
        Ok(value.value().clone())
    }
}

/// The element types of a PostgreSQL array read or bound as a `Vec`.
pub(crate) trait ArrayElement: Convert {}

macro_rules! array_elements {
    ($($ty:ty),*) => { $(impl ArrayElement for $ty {})* };
}

array_elements!(
    bool,
    i16,
    i32,
    i64,
    f32,
    f64,
    String,
    Decimal,
    Uuid,
    NaiveDate,
    NaiveTime,
    NaiveDateTime,
    DateTime<Utc>,
    serde_json::Value
);

impl<T: Convert> Convert for Option<T> {
    const SQL: (&'static str, Kind) = T::SQL;

    fn accepts(kind: Kind) -> bool {
        kind == Kind::Null || T::accepts(kind)
    }

    fn read(value: &Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            value => T::read(value).map(Some),
        }
    }

    fn write(&self) -> Result<Value, BoxDynError> {
        match self {
            Some(value) => value.write(),
            None => Ok(Value::Null),
        }
    }
}

impl<T: ArrayElement> ArrayElement for Option<T> {}

impl<T: ArrayElement> sqlx::Type<Portable> for Vec<T> {
    fn type_info() -> PortableTypeInfo {
        PortableTypeInfo::new(format!("{}[]", T::SQL.0), Kind::Array)
    }

    fn compatible(ty: &PortableTypeInfo) -> bool {
        ty.kind == Kind::Array
    }
}

impl<T: ArrayElement> sqlx::Decode<'_, Portable> for Vec<T> {
    fn decode(value: PortableValueRef<'_>) -> Result<Self, BoxDynError> {
        match value.value() {
            Value::Array(elements) => Ok(elements
                .iter()
                .map(T::read)
                .collect::<Result<Vec<T>, String>>()?),
            other => Err(cannot::<Self>(other).into()),
        }
    }
}

impl<T: ArrayElement> sqlx::Encode<'_, Portable> for Vec<T> {
    fn encode_by_ref(&self, buf: &mut Vec<Value>) -> Result<IsNull, BoxDynError> {
        let elements = self.iter().map(T::write).collect::<Result<Vec<_>, _>>()?;
        buf.push(Value::Array(elements));
        Ok(IsNull::No)
    }
}

/// A label of an enum column, to bind: PostgreSQL takes it as a value of the named enum type
/// (it refuses text into an enum column); the other databases as text. Read an enum column
/// as a `String`.
///
/// ```no_run
/// # use migrate_runtime::prelude::*;
/// use migrate_runtime::portable::Label;
///
/// async fn cheer_up(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
///     ctx.query("UPDATE people SET mood = ? WHERE mood = ?")
///         .bind(Label::new("mood", "happy"))
///         .bind(Label::new("mood", "sad"))
///         .execute(ctx.conn())
///         .await?;
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    type_name: &'static str,
    label: Option<String>,
}

impl Label {
    /// `label`, of the enum type `type_name` (the name given to `Type::enumeration`).
    pub fn new(type_name: &'static str, label: impl Into<String>) -> Self {
        Label {
            type_name,
            label: Some(label.into()),
        }
    }

    /// A NULL of the enum type `type_name`.
    pub fn null(type_name: &'static str) -> Self {
        Label {
            type_name,
            label: None,
        }
    }
}

impl sqlx::Type<Portable> for Label {
    fn type_info() -> PortableTypeInfo {
        <String as sqlx::Type<Portable>>::type_info()
    }
}

impl sqlx::Encode<'_, Portable> for Label {
    fn produces(&self) -> Option<PortableTypeInfo> {
        Some(PortableTypeInfo::new(
            self.type_name,
            Kind::Enum(self.type_name),
        ))
    }

    fn encode_by_ref(&self, buf: &mut Vec<Value>) -> Result<IsNull, BoxDynError> {
        match &self.label {
            Some(label) => {
                buf.push(Value::Text(label.clone()));
                Ok(IsNull::No)
            }
            None => Ok(IsNull::Yes),
        }
    }
}
