//! Dates, times and timestamps: from the database's own types, or from the text SQLite keeps
//! them in; a timestamp without zone is taken as UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use sqlx::error::BoxDynError;

use super::{Convert, cannot};
use crate::portable::kind::Kind;
use crate::schema::Value;

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
