//! [`Portable`], the sqlx database of data steps. Its connection is the migration's own
//! (PostgreSQL, SQLite or MySQL/MariaDB, inside the migration's transaction); each driver
//! reads a row into [`Value`](crate::schema::Value)s and binds them, and the conversions in
//! between let one data step, written once with the Rust types of the ecosystem
//! (`rust_decimal::Decimal`, `uuid::Uuid`, `chrono` dates and times, `serde_json::Value`,
//! `sqlx::types::Json<T>`, `Vec<u8>`, `Vec<T>` for PostgreSQL arrays, `Option` of each),
//! run unchanged on every database: a `Uuid` in a MySQL `CHAR(36)` reads back as a `Uuid`.
//!
//! It is a sqlx database like `Postgres` or `Any`: `sqlx::query`, `query_as` with a tuple or
//! a `#[derive(sqlx::FromRow)]` struct, and `query_scalar` run on
//! [`BackendConnection`](crate::BackendConnection). It has no connection of its own to
//! open, no transactions to begin (the migration's transaction is the one) and no prepared
//! statements to hand out; those calls are refused.

mod arguments;
mod driver;
mod executor;
mod kind;
mod plumbing;
mod row;
mod types;

pub use arguments::PortableArguments;
pub use kind::PortableTypeInfo;
pub use plumbing::{Unavailable, UnavailableOptions, UnavailableStatement};
pub use row::{PortableColumn, PortableQueryResult, PortableRow, PortableValue, PortableValueRef};
pub use types::{EnumLabels, Label};

/// The database of data steps: the migration's database, values converted per backend.
#[derive(Debug)]
pub struct Portable;

impl sqlx::Database for Portable {
    type Connection = Unavailable;
    type TransactionManager = Unavailable;
    type Row = PortableRow;
    type QueryResult = PortableQueryResult;
    type Column = PortableColumn;
    type TypeInfo = PortableTypeInfo;
    type Value = PortableValue;
    type ValueRef<'r> = PortableValueRef<'r>;
    type Arguments = PortableArguments;
    type ArgumentBuffer = Vec<crate::schema::Value>;
    type Statement = UnavailableStatement;

    const NAME: &'static str = "Portable";
    const URL_SCHEMES: &'static [&'static str] = &[];
}
