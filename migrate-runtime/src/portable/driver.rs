//! Each database's driver under the portable one: how a row's value is read into a
//! [`Value`] (by the SQL type the database reports) and how bound values are passed (as the
//! column types of [`Type`](crate::schema::Type) store them on that database).

use std::sync::Arc;

use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;
use sqlx::error::BoxDynError;
use sqlx::{Column as _, Either, Row as _, TypeInfo as _};

use super::kind::{Kind, PortableTypeInfo};
use super::{PortableArguments, PortableColumn, PortableQueryResult, PortableRow};
use crate::schema::Value;

/// A database driver the portable database runs on.
pub(crate) trait Driver: sqlx::Database {
    /// The bound values as this driver's arguments.
    fn bind(arguments: PortableArguments) -> Result<Self::Arguments, BoxDynError>;

    /// A value of a row, read as its SQL type says.
    fn read(value: Self::ValueRef<'_>) -> Result<Value, BoxDynError>;

    /// The rows a statement changed.
    fn rows_affected(result: &Self::QueryResult) -> u64;
}

/// What a portable query streams back.
pub(crate) type Results<'e> =
    BoxStream<'e, Result<Either<PortableQueryResult, PortableRow>, sqlx::Error>>;

/// What a portable query carries to the driver: its SQL, its arguments (none for a plain
/// query) and whether its statement is to be kept; or why its values could not be bound.
pub(crate) struct Taken(Result<(sqlx::SqlStr, Option<PortableArguments>, bool), sqlx::Error>);

impl Taken {
    /// Take them out of `query`.
    pub(crate) fn from<'q, E: sqlx::Execute<'q, super::Portable>>(mut query: E) -> Self {
        let arguments = query.take_arguments().map_err(sqlx::Error::Encode);
        Taken(arguments.map(|arguments| {
            let persistent = query.persistent();
            (query.sql(), arguments, persistent)
        }))
    }
}

/// A portable query as the driver takes it: without arguments as a plain query (several
/// statements allowed), as sqlx sends one; with them, bound for the driver.
enum Sent<DB: sqlx::Database> {
    Plain(sqlx::SqlStr),
    Bound(sqlx::query::Query<'static, DB, DB::Arguments>),
}

impl<DB> Sent<DB>
where
    DB: Driver + sqlx::database::HasStatementCache,
    DB::Arguments: sqlx::IntoArguments<DB>,
{
    fn new(taken: Taken) -> Result<Self, sqlx::Error> {
        let (sql, arguments, persistent) = taken.0?;
        Ok(match arguments {
            None => Sent::Plain(sql),
            Some(arguments) => {
                let bound = DB::bind(arguments).map_err(sqlx::Error::Encode)?;
                Sent::Bound(sqlx::query_with(sql, bound).persistent(persistent))
            }
        })
    }
}

impl<DB> sqlx::Execute<'static, DB> for Sent<DB>
where
    DB: sqlx::Database,
    DB::Arguments: sqlx::IntoArguments<DB>,
{
    fn sql(self) -> sqlx::SqlStr {
        match self {
            Sent::Plain(sql) => sql,
            Sent::Bound(query) => sqlx::Execute::sql(query),
        }
    }

    fn statement(&self) -> Option<&DB::Statement> {
        match self {
            Sent::Plain(_) => None,
            Sent::Bound(query) => query.statement(),
        }
    }

    fn take_arguments(&mut self) -> Result<Option<DB::Arguments>, BoxDynError> {
        match self {
            Sent::Plain(_) => Ok(None),
            Sent::Bound(query) => query.take_arguments(),
        }
    }

    fn persistent(&self) -> bool {
        match self {
            Sent::Plain(_) => true,
            Sent::Bound(query) => query.persistent(),
        }
    }
}

/// An error as the only item of a stream.
fn failed<'e, T: Send + 'e>(error: sqlx::Error) -> BoxStream<'e, Result<T, sqlx::Error>> {
    futures_util::stream::once(async { Err(error) }).boxed()
}

/// Run `sql` on the driver's connection, its rows read into portable rows.
pub(crate) fn fetch_many<'e, C>(conn: &'e mut C, query: Taken) -> Results<'e>
where
    C: sqlx::Connection,
    C::Database: Driver + sqlx::database::HasStatementCache,
    for<'c> &'c mut C: sqlx::Executor<'c, Database = C::Database>,
    <C::Database as sqlx::Database>::Arguments: sqlx::IntoArguments<C::Database>,
    usize: sqlx::ColumnIndex<<C::Database as sqlx::Database>::Row>,
{
    let sent = match Sent::<C::Database>::new(query) {
        Ok(sent) => sent,
        Err(error) => return failed(error),
    };
    let mut columns: Option<Arc<[PortableColumn]>> = None;
    sqlx::Executor::fetch_many(conn, sent)
        .map(move |result| match result? {
            Either::Left(done) => Ok(Either::Left(PortableQueryResult {
                rows_affected: <C::Database as Driver>::rows_affected(&done),
            })),
            Either::Right(row) => read_row::<C::Database>(&row, &mut columns).map(Either::Right),
        })
        .boxed()
}

/// Run `sql` on the driver's connection for what it changes; any rows are left unread.
pub(crate) fn execute_many<'e, C>(
    conn: &'e mut C,
    query: Taken,
) -> BoxStream<'e, Result<PortableQueryResult, sqlx::Error>>
where
    C: sqlx::Connection,
    C::Database: Driver + sqlx::database::HasStatementCache,
    for<'c> &'c mut C: sqlx::Executor<'c, Database = C::Database>,
    <C::Database as sqlx::Database>::Arguments: sqlx::IntoArguments<C::Database>,
{
    let sent = match Sent::<C::Database>::new(query) {
        Ok(sent) => sent,
        Err(error) => return failed(error),
    };
    sqlx::Executor::execute_many(conn, sent)
        .map(|result| {
            result.map(|done| PortableQueryResult {
                rows_affected: <C::Database as Driver>::rows_affected(&done),
            })
        })
        .boxed()
}

/// A driver's row as a portable row; the columns are read once per query.
fn read_row<DB>(
    row: &DB::Row,
    columns: &mut Option<Arc<[PortableColumn]>>,
) -> Result<PortableRow, sqlx::Error>
where
    DB: Driver,
    usize: sqlx::ColumnIndex<DB::Row>,
{
    let values = (0..row.len())
        .map(|index| {
            let raw = row.try_get_raw(index)?;
            DB::read(raw).map_err(|source| sqlx::Error::ColumnDecode {
                index: index.to_string(),
                source,
            })
        })
        .collect::<Result<Vec<Value>, sqlx::Error>>()?;
    let columns = columns.get_or_insert_with(|| {
        row.columns()
            .iter()
            .zip(&values)
            .enumerate()
            .map(|(ordinal, (column, value))| PortableColumn {
                ordinal,
                name: column.name().into(),
                type_info: PortableTypeInfo::new(column.type_info().name(), Kind::of(value)),
            })
            .collect()
    });
    Ok(PortableRow {
        columns: Arc::clone(columns),
        values,
    })
}

/// The bound values with the kind each was bound as.
fn bound(arguments: PortableArguments) -> impl Iterator<Item = (Value, Kind)> {
    arguments.values.into_iter().zip(arguments.kinds)
}

/// A value of a type no data step reads.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn unreadable(database: &str, sql_type: &str) -> BoxDynError {
    format!("data steps do not read the {database} type {sql_type}; convert it in the query (for example `CAST(x AS TEXT)`)").into()
}

#[cfg(feature = "postgres")]
mod postgres {
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
}

#[cfg(feature = "sqlite")]
mod sqlite {
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
}

#[cfg(feature = "mysql")]
mod mysql {
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
                | "TINYINT UNSIGNED" | "SMALLINT UNSIGNED" | "INT UNSIGNED"
                | "MEDIUMINT UNSIGNED" => Value::Int(decode!(i64)),
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
                "BINARY" | "VARBINARY" | "TINYBLOB" | "BLOB" | "MEDIUMBLOB" | "LONGBLOB"
                | "BIT" => Value::Bytes(decode!(Vec<u8>)),
                other => return Err(unreadable("MySQL", other)),
            })
        }

        fn rows_affected(result: &sqlx::mysql::MySqlQueryResult) -> u64 {
            result.rows_affected()
        }
    }
}
