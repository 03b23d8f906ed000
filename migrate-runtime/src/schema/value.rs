//! Typed values for `execute` binds, `bulk_insert` rows, `update` and `delete`, and for the
//! binds and rows of data steps: written into SQL as literals escaped by the dialect (so that
//! offline SQL shows exactly what runs), or bound and read back through the database's driver.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

/// A value of a row or a bind.
///
/// Each variant is stored as the column type of the same name stores it on each database
/// (see [`Type`](crate::schema::Type)): a [`Value::Uuid`] is PostgreSQL `uuid`, MySQL
/// `CHAR(36)` with dashes and SQLite `CHAR(32)` with 32 hex digits (as SQLAlchemy's `Uuid`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number (finite).
    Float(f64),
    /// Text.
    Text(String),
    /// Binary data.
    Bytes(Vec<u8>),
    /// An exact decimal number.
    Decimal(Decimal),
    /// A UUID.
    Uuid(Uuid),
    /// A calendar date.
    Date(NaiveDate),
    /// A time of day.
    Time(NaiveTime),
    /// A date and time without time zone.
    Timestamp(NaiveDateTime),
    /// An instant, in UTC (a `TIMESTAMP WITH TIME ZONE`).
    TimestampTz(DateTime<Utc>),
    /// A JSON document.
    Json(serde_json::Value),
    /// An array of values (PostgreSQL only).
    Array(Vec<Value>),
}

impl Value {
    /// An array of `values` (a PostgreSQL array; other databases refuse it).
    pub fn array<I>(values: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Value>,
    {
        Value::Array(values.into_iter().map(Into::into).collect())
    }

    /// The name of its kind, for messages: `uuid`, `decimal`, …
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Text(_) => "text",
            Value::Bytes(_) => "bytes",
            Value::Decimal(_) => "decimal",
            Value::Uuid(_) => "uuid",
            Value::Date(_) => "date",
            Value::Time(_) => "time",
            Value::Timestamp(_) => "timestamp",
            Value::TimestampTz(_) => "timestamptz",
            Value::Json(_) => "json",
            Value::Array(_) => "array",
        }
    }
}

/// How dates, times and timestamps are written as text, in literals and SQLite binds: what each database reads back
/// and what SQLite's own `CURRENT_TIMESTAMP` writes (fractions of a second only when there
/// are some).
pub(crate) const DATE: &str = "%Y-%m-%d";
/// A time of day.
pub(crate) const TIME: &str = "%H:%M:%S%.f";
/// A date and time without time zone.
pub(crate) const TIMESTAMP: &str = "%Y-%m-%d %H:%M:%S%.f";
/// An instant, written in UTC with its offset.
pub(crate) const TIMESTAMP_UTC: &str = "%Y-%m-%d %H:%M:%S%.f+00:00";

macro_rules! value_from {
    ($($source:ty => $variant:ident($convert:expr)),* $(,)?) => {
        $(
            impl From<$source> for Value {
                fn from(value: $source) -> Self {
                    Value::$variant($convert(value))
                }
            }
        )*
    };
}

value_from! {
    bool => Bool(std::convert::identity),
    i8 => Int(i64::from),
    i16 => Int(i64::from),
    i32 => Int(i64::from),
    i64 => Int(std::convert::identity),
    u8 => Int(i64::from),
    u16 => Int(i64::from),
    u32 => Int(i64::from),
    f32 => Float(f64::from),
    f64 => Float(std::convert::identity),
    &str => Text(str::to_owned),
    String => Text(std::convert::identity),
    &String => Text(String::clone),
    Vec<u8> => Bytes(std::convert::identity),
    &[u8] => Bytes(<[u8]>::to_vec),
    Decimal => Decimal(std::convert::identity),
    Uuid => Uuid(std::convert::identity),
    NaiveDate => Date(std::convert::identity),
    NaiveTime => Time(std::convert::identity),
    NaiveDateTime => Timestamp(std::convert::identity),
    DateTime<Utc> => TimestampTz(std::convert::identity),
    DateTime<FixedOffset> => TimestampTz(|instant: DateTime<FixedOffset>| instant.to_utc()),
    serde_json::Value => Json(std::convert::identity),
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}

/// A row of values, from a tuple of values or a `Vec<Value>`.
pub trait IntoRow {
    /// The values, in column order.
    fn into_row(self) -> Vec<Value>;
}

impl IntoRow for Vec<Value> {
    fn into_row(self) -> Vec<Value> {
        self
    }
}

macro_rules! tuple_rows {
    ($(($($name:ident),+)),* $(,)?) => {
        $(
            impl<$($name: Into<Value>),+> IntoRow for ($($name,)+) {
                #[allow(non_snake_case)]
                fn into_row(self) -> Vec<Value> {
                    let ($($name,)+) = self;
                    vec![$($name.into()),+]
                }
            }
        )*
    };
}

tuple_rows! {
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F),
    (A, B, C, D, E, F, G),
    (A, B, C, D, E, F, G, H),
}
