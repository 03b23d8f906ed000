//! JSON, borrowed text and bytes, typed NULLs, arrays, enum labels and [`Value`] itself.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rust_decimal::Decimal;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;

use super::{Convert, cannot, decode};
use crate::portable::kind::{Kind, PortableTypeInfo};
use crate::portable::{Portable, PortableValueRef};
use crate::schema::Value;
use uuid::Uuid;

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
