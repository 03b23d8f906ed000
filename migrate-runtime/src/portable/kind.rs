//! The type information of portable values: the SQL type's name as the database reported
//! it (or as a Rust type binds), and the kind of value it carries.

use std::fmt;
use std::sync::Arc;

use crate::schema::Value;

/// What a value is, whatever the database called its type; a bind's integer and float
/// widths are kept, so that PostgreSQL sees an `i32` as `INT4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Bool,
    SmallInt,
    Int,
    BigInt,
    Real,
    Double,
    Decimal,
    Text,
    Bytes,
    Uuid,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    Json,
    Array,
    /// A label of the named enum type (PostgreSQL's own type; text elsewhere).
    Enum(&'static str),
}

impl Kind {
    /// The kind of a value read from a row.
    pub(crate) fn of(value: &Value) -> Kind {
        match value {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Int(_) => Kind::BigInt,
            Value::Float(_) => Kind::Double,
            Value::Text(_) => Kind::Text,
            Value::Bytes(_) => Kind::Bytes,
            Value::Decimal(_) => Kind::Decimal,
            Value::Uuid(_) => Kind::Uuid,
            Value::Date(_) => Kind::Date,
            Value::Time(_) => Kind::Time,
            Value::Timestamp(_) => Kind::Timestamp,
            Value::TimestampTz(_) => Kind::TimestampTz,
            Value::Json(_) => Kind::Json,
            Value::Array(_) => Kind::Array,
        }
    }

    /// Whether it is an integer of any width.
    pub(crate) fn is_integer(self) -> bool {
        matches!(self, Kind::SmallInt | Kind::Int | Kind::BigInt)
    }
}

/// The SQL type of a portable column or value: its name as the database gave it (`UUID`,
/// `CHAR`, `NUMERIC`, …) and the kind of value it was read as.
#[derive(Debug, Clone, PartialEq)]
pub struct PortableTypeInfo {
    name: Arc<str>,
    pub(crate) kind: Kind,
}

impl PortableTypeInfo {
    pub(crate) fn new(name: impl Into<Arc<str>>, kind: Kind) -> Self {
        PortableTypeInfo {
            name: name.into(),
            kind,
        }
    }

    /// The same SQL type name, for a value of kind `kind`.
    pub(crate) fn with_kind(&self, kind: Kind) -> Self {
        PortableTypeInfo {
            name: Arc::clone(&self.name),
            kind,
        }
    }
}

impl fmt::Display for PortableTypeInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl sqlx::TypeInfo for PortableTypeInfo {
    fn is_null(&self) -> bool {
        self.kind == Kind::Null
    }

    fn name(&self) -> &str {
        &self.name
    }
}
