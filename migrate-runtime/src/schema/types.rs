//! Column types, written once and rendered by each dialect.

use super::PerDialect;

/// The type of a column, independent of the database.
///
/// Each dialect renders the type it stands for; a type a database has no equivalent for
/// (for example [`Type::Jsonb`] on SQLite) makes rendering fail with an error that names it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Type {
    /// 16-bit integer.
    SmallInt,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    BigInt,
    /// Auto-incrementing 32-bit integer (PostgreSQL `SERIAL`, SQLite `INTEGER` row id).
    Serial,
    /// Auto-incrementing 64-bit integer (PostgreSQL `BIGSERIAL`, SQLite `INTEGER` row id).
    BigSerial,
    /// True or false.
    Boolean,
    /// Single-precision floating point.
    Real,
    /// Double-precision floating point.
    Double,
    /// Exact decimal with `precision` digits, `scale` of them after the point.
    Numeric {
        /// Total number of digits.
        precision: u32,
        /// Digits after the decimal point.
        scale: u32,
    },
    /// Text of at most the given number of characters.
    Varchar(u32),
    /// Text of any length.
    Text,
    /// Text of exactly the given number of characters.
    Char(u32),
    /// Calendar date.
    Date,
    /// Time of day.
    Time,
    /// Date and time without time zone.
    Timestamp,
    /// Date and time with time zone.
    TimestampTz,
    /// A span of time (PostgreSQL only).
    Interval,
    /// A UUID.
    Uuid,
    /// JSON document.
    Json,
    /// Binary JSON document (PostgreSQL only).
    Jsonb,
    /// Binary data.
    Bytes,
    /// An array of another type (PostgreSQL only).
    Array(Box<Type>),
    /// One of a fixed set of strings: a named type on PostgreSQL (created with the table or
    /// column), `ENUM(…)` on MySQL, text with a `CHECK` on SQLite.
    Enum {
        /// The PostgreSQL type's name.
        name: String,
        /// The allowed values, in order.
        values: Vec<String>,
    },
    /// A type written as raw SQL text, used as it is on every dialect.
    Custom(String),
    /// A type written once per database. See [`Type::per_dialect`].
    PerDialect(Box<PerDialect>),
}

impl Type {
    /// `NUMERIC(precision, scale)`.
    pub fn numeric(precision: u32, scale: u32) -> Self {
        Type::Numeric { precision, scale }
    }

    /// An array whose elements are of type `element`.
    pub fn array(element: Type) -> Self {
        Type::Array(Box::new(element))
    }

    /// An enumerated type named `name` (on PostgreSQL) allowing `values`.
    pub fn enumeration<V>(name: impl Into<String>, values: V) -> Self
    where
        V: IntoIterator,
        V::Item: Into<String>,
    {
        Type::Enum {
            name: name.into(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }

    /// A type written as raw SQL text, such as `"CITEXT"`.
    pub fn custom(sql: impl Into<String>) -> Self {
        Type::Custom(sql.into())
    }

    /// A type spelled for each database, used as written:
    /// `Type::per_dialect("CITEXT", "TEXT COLLATE NOCASE", "VARCHAR(255)")`.
    pub fn per_dialect(
        postgres: impl Into<String>,
        sqlite: impl Into<String>,
        mysql: impl Into<String>,
    ) -> Self {
        Type::PerDialect(Box::new(PerDialect::new(postgres, sqlite, mysql)))
    }

    /// Whether the database generates the values of a column of this type.
    pub fn is_auto_increment(&self) -> bool {
        matches!(self, Type::Serial | Type::BigSerial)
    }

    /// Whether a column of this type holds text, and so has a collation on MySQL.
    pub(crate) fn holds_text(&self) -> bool {
        matches!(
            self,
            Type::Varchar(_) | Type::Char(_) | Type::Text | Type::Enum { .. }
        )
    }
}
