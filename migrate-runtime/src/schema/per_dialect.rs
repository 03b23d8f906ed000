//! SQL written once per database, for what the three do not spell alike: a column type
//! ([`Type::per_dialect`](crate::schema::Type::per_dialect)) or a default
//! ([`DefaultValue::per_dialect`](crate::schema::DefaultValue::per_dialect)).

/// The same thing in each database's own SQL, used as written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PerDialect {
    /// PostgreSQL's.
    pub postgres: String,
    /// SQLite's.
    pub sqlite: String,
    /// MySQL's and MariaDB's.
    pub mysql: String,
}

impl PerDialect {
    /// `postgres`, `sqlite` and `mysql`'s spellings.
    pub fn new(
        postgres: impl Into<String>,
        sqlite: impl Into<String>,
        mysql: impl Into<String>,
    ) -> Self {
        PerDialect {
            postgres: postgres.into(),
            sqlite: sqlite.into(),
            mysql: mysql.into(),
        }
    }
}
