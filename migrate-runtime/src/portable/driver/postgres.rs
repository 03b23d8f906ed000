//! PostgreSQL under the portable database: values read by their type, binds as the types
//! PostgreSQL tells apart (integer widths, enum labels, typed NULLs).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rust_decimal::Decimal;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArguments, PgTypeKind, PgValueRef, Postgres};
use sqlx::types::Json;
use sqlx::{Arguments as _, Decode, TypeInfo as _, ValueRef as _};
use uuid::Uuid;

use super::{Driver, Kind, Value, bound, unreadable};

/// A NULL of no stated type: PostgreSQL infers it from where it goes, as for `NULL`.
struct Untyped;

impl sqlx::Type<Postgres> for Untyped {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        sqlx::postgres::PgTypeInfo::with_oid(sqlx::postgres::types::Oid(UNKNOWN_OID))
    }
}

impl sqlx::Encode<'_, Postgres> for Untyped {
    fn encode_by_ref(
        &self,
        _: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, BoxDynError> {
        Ok(sqlx::encode::IsNull::Yes)
    }
}

/// A label of a named enum type, sent as that type (its binary form is the label's text).
struct EnumLabel {
    /// `Kind::Enum` with the type's name.
    type_name: Kind,
    label: Option<String>,
}

impl sqlx::Type<Postgres> for EnumLabel {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        sqlx::postgres::PgTypeInfo::with_oid(sqlx::postgres::types::Oid(UNKNOWN_OID))
    }
}

impl sqlx::Encode<'_, Postgres> for EnumLabel {
    fn produces(&self) -> Option<sqlx::postgres::PgTypeInfo> {
        match self.type_name {
            Kind::Enum(name) => Some(sqlx::postgres::PgTypeInfo::with_name(name)),
            _ => None,
        }
    }

    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, BoxDynError> {
        match &self.label {
            Some(label) => {
                buf.extend_from_slice(label.as_bytes());
                Ok(sqlx::encode::IsNull::No)
            }
            None => Ok(sqlx::encode::IsNull::Yes),
        }
    }
}

/// PostgreSQL's `unknown` type, of a literal not yet resolved.
const UNKNOWN_OID: u32 = 705;

impl Driver for Postgres {
    fn bind(arguments: super::PortableArguments) -> Result<PgArguments, BoxDynError> {
        let mut out = PgArguments::default();
        for (value, kind) in bound(arguments) {
            add(&mut out, value, kind)?;
        }
        Ok(out)
    }

    fn read(value: PgValueRef<'_>) -> Result<Value, BoxDynError> {
        if value.is_null() {
            return Ok(Value::Null);
        }
        let ty = value.type_info().into_owned();
        macro_rules! decode {
            ($t:ty) => {
                <$t as Decode<Postgres>>::decode(value)?
            };
        }
        Ok(match ty.name() {
            "VOID" => Value::Null,
            "BOOL" => Value::Bool(decode!(bool)),
            "INT2" => Value::Int(decode!(i16).into()),
            "INT4" => Value::Int(decode!(i32).into()),
            "INT8" => Value::Int(decode!(i64)),
            "OID" => Value::Int(decode!(sqlx::postgres::types::Oid).0.into()),
            "FLOAT4" => Value::Float(decode!(f32).into()),
            "FLOAT8" => Value::Float(decode!(f64)),
            "NUMERIC" => Value::Decimal(decode!(Decimal)),
            "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" | "CITEXT" | "UNKNOWN" | "\"CHAR\"" => {
                Value::Text(decode!(String))
            }
            "BYTEA" => Value::Bytes(decode!(Vec<u8>)),
            "UUID" => Value::Uuid(decode!(Uuid)),
            "DATE" => Value::Date(decode!(NaiveDate)),
            "TIME" => Value::Time(decode!(NaiveTime)),
            "TIMESTAMP" => Value::Timestamp(decode!(NaiveDateTime)),
            "TIMESTAMPTZ" => Value::TimestampTz(decode!(DateTime<Utc>)),
            "JSON" | "JSONB" => Value::Json(decode!(serde_json::Value)),
            name if name.ends_with("[]") => read_array(value, &name[..name.len() - 2])?,
            // An enum's value comes as its label.
            _ if matches!(ty.kind(), PgTypeKind::Enum(_)) => Value::Text(decode!(String)),
            other => return Err(unreadable("PostgreSQL", other)),
        })
    }

    fn rows_affected(result: &sqlx::postgres::PgQueryResult) -> u64 {
        result.rows_affected()
    }
}

/// An array, by the name of its element type.
fn read_array(value: PgValueRef<'_>, element: &str) -> Result<Value, BoxDynError> {
    macro_rules! elements {
        ($t:ty, $variant:expr) => {{
            let items = <Vec<Option<$t>> as Decode<Postgres>>::decode(value)?;
            let convert = $variant;
            items
                .into_iter()
                .map(|item| item.map_or(Value::Null, &convert))
                .collect()
        }};
    }
    Ok(Value::Array(match element {
        "BOOL" => elements!(bool, Value::Bool),
        "INT2" => elements!(i16, |n: i16| Value::Int(n.into())),
        "INT4" => elements!(i32, |n: i32| Value::Int(n.into())),
        "INT8" => elements!(i64, Value::Int),
        "FLOAT4" => elements!(f32, |n: f32| Value::Float(n.into())),
        "FLOAT8" => elements!(f64, Value::Float),
        "NUMERIC" => elements!(Decimal, Value::Decimal),
        "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" => elements!(String, Value::Text),
        "BYTEA" => elements!(Vec<u8>, Value::Bytes),
        "UUID" => elements!(Uuid, Value::Uuid),
        "DATE" => elements!(NaiveDate, Value::Date),
        "TIME" => elements!(NaiveTime, Value::Time),
        "TIMESTAMP" => elements!(NaiveDateTime, Value::Timestamp),
        "TIMESTAMPTZ" => elements!(DateTime<Utc>, Value::TimestampTz),
        "JSON" | "JSONB" => elements!(Json<serde_json::Value>, |j: Json<_>| Value::Json(j.0)),
        other => return Err(unreadable("PostgreSQL", &format!("{other}[]"))),
    }))
}

/// Bind `value`, as the kind it was bound as where PostgreSQL tells them apart.
fn add(out: &mut PgArguments, value: Value, kind: Kind) -> Result<(), BoxDynError> {
    match value {
        Value::Null => add_null(out, kind),
        Value::Bool(flag) => out.add(flag),
        Value::Int(number) => match kind {
            Kind::SmallInt => out.add(i16::try_from(number)?),
            Kind::Int => out.add(i32::try_from(number)?),
            _ => out.add(number),
        },
        #[allow(clippy::cast_possible_truncation, reason = "bound from an f32")]
        Value::Float(number) => match kind {
            Kind::Real => out.add(number as f32),
            _ => out.add(number),
        },
        Value::Text(label) if matches!(kind, Kind::Enum(_)) => out.add(EnumLabel {
            type_name: kind,
            label: Some(label),
        }),
        Value::Text(text) => out.add(text),
        Value::Bytes(bytes) => out.add(bytes),
        Value::Decimal(number) => out.add(number),
        Value::Uuid(uuid) => out.add(uuid),
        Value::Date(date) => out.add(date),
        Value::Time(time) => out.add(time),
        Value::Timestamp(instant) => out.add(instant),
        Value::TimestampTz(instant) => out.add(instant),
        Value::Json(document) => out.add(Json(document)),
        Value::Array(elements) => add_array(out, elements),
    }
}

/// A NULL of the type its Rust type binds as.
fn add_null(out: &mut PgArguments, kind: Kind) -> Result<(), BoxDynError> {
    match kind {
        Kind::Bool => out.add(None::<bool>),
        Kind::SmallInt => out.add(None::<i16>),
        Kind::Int => out.add(None::<i32>),
        Kind::BigInt => out.add(None::<i64>),
        Kind::Real => out.add(None::<f32>),
        Kind::Double => out.add(None::<f64>),
        Kind::Decimal => out.add(None::<Decimal>),
        Kind::Text => out.add(None::<String>),
        Kind::Bytes => out.add(None::<Vec<u8>>),
        Kind::Uuid => out.add(None::<Uuid>),
        Kind::Date => out.add(None::<NaiveDate>),
        Kind::Time => out.add(None::<NaiveTime>),
        Kind::Timestamp => out.add(None::<NaiveDateTime>),
        Kind::TimestampTz => out.add(None::<DateTime<Utc>>),
        Kind::Json => out.add(None::<Json<serde_json::Value>>),
        Kind::Enum(_) => out.add(EnumLabel {
            type_name: kind,
            label: None,
        }),
        Kind::Null | Kind::Array => out.add(None::<Untyped>),
    }
}

/// An array, typed by its first element that is not NULL.
fn add_array(out: &mut PgArguments, elements: Vec<Value>) -> Result<(), BoxDynError> {
    macro_rules! typed {
        ($variant:ident, $t:ty) => {{
            let typed = elements
                .into_iter()
                .map(|element| match element {
                    Value::$variant(item) => Ok(Some(<$t>::from(item))),
                    Value::Null => Ok(None),
                    other => Err(format!(
                        "an array holds a {} among {} elements; PostgreSQL arrays hold one type",
                        other.kind(),
                        stringify!($variant)
                    )),
                })
                .collect::<Result<Vec<Option<$t>>, String>>()?;
            out.add(typed)
        }};
    }
    let first = elements
        .iter()
        .find(|element| !matches!(element, Value::Null));
    match first {
        None => typed!(Text, String),
        Some(Value::Bool(_)) => typed!(Bool, bool),
        Some(Value::Int(_)) => typed!(Int, i64),
        Some(Value::Float(_)) => typed!(Float, f64),
        Some(Value::Text(_)) => typed!(Text, String),
        Some(Value::Bytes(_)) => typed!(Bytes, Vec<u8>),
        Some(Value::Decimal(_)) => typed!(Decimal, Decimal),
        Some(Value::Uuid(_)) => typed!(Uuid, Uuid),
        Some(Value::Date(_)) => typed!(Date, NaiveDate),
        Some(Value::Time(_)) => typed!(Time, NaiveTime),
        Some(Value::Timestamp(_)) => typed!(Timestamp, NaiveDateTime),
        Some(Value::TimestampTz(_)) => typed!(TimestampTz, DateTime<Utc>),
        Some(Value::Json(_)) => typed!(Json, Json<serde_json::Value>),
        Some(Value::Array(_) | Value::Null) => {
            Err("arrays of arrays are not bound; bind a JSON value".into())
        }
    }
}
