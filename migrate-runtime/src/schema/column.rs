//! A column definition, as used by `create_table` and `add_column`.

use super::{ForeignKey, PerDialect, Type};

/// The value a database fills in when an insert leaves a column out (`DEFAULT …`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum DefaultValue {
    /// A string, rendered as a quoted SQL string literal.
    Text(String),
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Float(f64),
    /// A boolean, rendered as the dialect spells it.
    Boolean(bool),
    /// A SQL expression used as written, such as `CURRENT_TIMESTAMP`; never quoted.
    Sql(String),
    /// The current date and time as each database writes it: PostgreSQL `now()`, SQLite
    /// `CURRENT_TIMESTAMP`, MySQL `CURRENT_TIMESTAMP(6)`. See [`DefaultValue::now`].
    Now,
    /// Today's date: PostgreSQL and SQLite `CURRENT_DATE`, MySQL `(CURRENT_DATE)`. See
    /// [`DefaultValue::current_date`].
    CurrentDate,
    /// A new random uuid, as the column type `Type::Uuid` stores it. See
    /// [`DefaultValue::random_uuid`].
    RandomUuid,
    /// A SQL expression written once per database. See [`DefaultValue::per_dialect`].
    PerDialect(Box<PerDialect>),
}

impl DefaultValue {
    /// The current date and time, for a timestamp column, on every database: PostgreSQL
    /// `now()`, SQLite `CURRENT_TIMESTAMP`, MySQL `CURRENT_TIMESTAMP(6)` (the microseconds of
    /// `Type::Timestamp` and `Type::TimestampTz`; a `Type::custom("DATETIME")` column wants
    /// [`DefaultValue::per_dialect`] with `CURRENT_TIMESTAMP` on MySQL 8).
    ///
    /// ```
    /// use migrate_runtime::prelude::*;
    ///
    /// let created = Column::new("created_at", Type::TimestampTz).not_null().default(DefaultValue::now());
    /// # let _ = created;
    /// ```
    pub fn now() -> Self {
        DefaultValue::Now
    }

    /// Today's date, for a date column, on every database: PostgreSQL and SQLite
    /// `CURRENT_DATE`, MySQL `(CURRENT_DATE)` (MySQL 8.0.13, MariaDB 10.2 and later).
    pub fn current_date() -> Self {
        DefaultValue::CurrentDate
    }

    /// A new random uuid for a `Type::Uuid` column, in the form the column stores on each
    /// database: PostgreSQL `gen_random_uuid()` (PostgreSQL 13 and later), SQLite 32 random hex
    /// digits `(lower(hex(randomblob(16))))`, MySQL `(UUID())` (MySQL 8.0.13, MariaDB 10.2 and
    /// later).
    ///
    /// ```
    /// use migrate_runtime::prelude::*;
    ///
    /// let id = Column::new("id", Type::Uuid).primary_key().default(DefaultValue::random_uuid());
    /// # let _ = id;
    /// ```
    pub fn random_uuid() -> Self {
        DefaultValue::RandomUuid
    }

    /// An expression for each database, used as written (SQLite and MySQL 8 want an
    /// expression in parentheses): `DefaultValue::per_dialect("gen_random_uuid()",
    /// "(lower(hex(randomblob(16))))", "(UUID())")`.
    pub fn per_dialect(
        postgres: impl Into<String>,
        sqlite: impl Into<String>,
        mysql: impl Into<String>,
    ) -> Self {
        DefaultValue::PerDialect(Box::new(PerDialect::new(postgres, sqlite, mysql)))
    }
}

impl From<&str> for DefaultValue {
    fn from(value: &str) -> Self {
        DefaultValue::Text(value.to_owned())
    }
}

impl From<String> for DefaultValue {
    fn from(value: String) -> Self {
        DefaultValue::Text(value)
    }
}

impl From<i64> for DefaultValue {
    fn from(value: i64) -> Self {
        DefaultValue::Integer(value)
    }
}

impl From<i32> for DefaultValue {
    fn from(value: i32) -> Self {
        DefaultValue::Integer(value.into())
    }
}

impl From<f64> for DefaultValue {
    fn from(value: f64) -> Self {
        DefaultValue::Float(value)
    }
}

impl From<bool> for DefaultValue {
    fn from(value: bool) -> Self {
        DefaultValue::Boolean(value)
    }
}

/// A generated (computed) column: its value is an expression of the row's other columns,
/// written by the database (`GENERATED ALWAYS AS (expression) STORED` or `VIRTUAL`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Generated {
    /// The expression, as SQL.
    pub expression: String,
    /// Whether the value is stored (`STORED`) or computed when read (`VIRTUAL`, which
    /// PostgreSQL before 18 does not have).
    pub stored: bool,
}

/// One column: name, type, nullability, default and column-level constraints.
///
/// Columns are nullable unless marked [`not_null`](Column::not_null) or
/// [`primary_key`](Column::primary_key), as in SQL and Alembic.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Column {
    pub(crate) name: String,
    pub(crate) ty: Type,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) nullable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) default: Option<DefaultValue>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) primary_key: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) unique: bool,
    /// The name of the column's unique constraint, given by the naming convention.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) unique_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) references: Option<ForeignKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) comment: Option<String>,
    /// Its PostgreSQL enum type exists already: not created with it, nor dropped with it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) existing_type: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) generated: Option<Generated>,
}

impl Column {
    /// A nullable column named `name` of type `ty`.
    pub fn new(name: impl Into<String>, ty: Type) -> Self {
        Column {
            name: name.into(),
            ty,
            nullable: true,
            default: None,
            primary_key: false,
            unique: false,
            unique_name: None,
            references: None,
            comment: None,
            existing_type: false,
            generated: None,
        }
    }

    /// Refuse NULL (`NOT NULL`).
    pub fn not_null(mut self) -> Self {
        self.nullable = false;
        self
    }

    /// Make this column the table's primary key (which implies `NOT NULL`).
    pub fn primary_key(mut self) -> Self {
        self.primary_key = true;
        self.nullable = false;
        self
    }

    /// Require every value to be distinct (`UNIQUE`).
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    /// Server default: a literal value (`"active"`, `0`, `true`, …), quoted by the dialect,
    /// or a [`DefaultValue`] such as [`DefaultValue::now`] or [`DefaultValue::per_dialect`].
    pub fn default(mut self, value: impl Into<DefaultValue>) -> Self {
        self.default = Some(value.into());
        self
    }

    /// A stored generated column: the database computes it from `expression` on every write
    /// (it takes no default, and no insert or update writes it).
    ///
    /// ```
    /// use migrate_runtime::prelude::*;
    ///
    /// // PostgreSQL, MySQL and SQLite:
    /// // "duration_ns" BIGINT GENERATED ALWAYS AS (end_ns - start_ns) STORED
    /// let duration = Column::new("duration_ns", Type::BigInt).generated("end_ns - start_ns");
    /// # let _ = duration;
    /// ```
    pub fn generated(mut self, expression: impl Into<String>) -> Self {
        self.generated = Some(Generated {
            expression: expression.into(),
            stored: true,
        });
        self
    }

    /// A virtual generated column: computed when read, not stored (MySQL and SQLite;
    /// PostgreSQL 15 refuses it).
    pub fn generated_virtual(mut self, expression: impl Into<String>) -> Self {
        self.generated = Some(Generated {
            expression: expression.into(),
            stored: false,
        });
        self
    }

    /// Server default written as a SQL expression, such as `CURRENT_TIMESTAMP`.
    pub fn default_sql(mut self, expression: impl Into<String>) -> Self {
        self.default = Some(DefaultValue::Sql(expression.into()));
        self
    }

    /// Its PostgreSQL enum type exists already (another table's column created it): the
    /// type is not created with this column, nor dropped with its table. Autogenerate writes
    /// it for the second table of a shared `ModelEnum`.
    ///
    /// ```
    /// use migrate_runtime::prelude::*;
    ///
    /// let status = Type::enumeration("order_status", ["open", "paid"]);
    /// let refunds = op::create_table("refunds")
    ///     .column(Column::new("status", status).not_null().existing_type());
    /// # let _ = refunds;
    /// ```
    pub fn existing_type(mut self) -> Self {
        self.existing_type = true;
        self
    }

    /// Reference `table(column)` with a foreign key; refine it with `on_delete`/`on_update`.
    pub fn references(mut self, table: impl Into<String>, column: impl Into<String>) -> Self {
        let key = ForeignKey::new([self.name.clone()], table, [column.into()]);
        self.references = Some(key);
        self
    }

    /// What the database does to this row when the referenced row is deleted.
    ///
    /// Has effect only after [`references`](Column::references).
    pub fn on_delete(mut self, action: super::ReferentialAction) -> Self {
        self.references = self.references.map(|key| key.on_delete(action));
        self
    }

    /// What the database does to this row when the referenced key is updated.
    ///
    /// Has effect only after [`references`](Column::references).
    pub fn on_update(mut self, action: super::ReferentialAction) -> Self {
        self.references = self.references.map(|key| key.on_update(action));
        self
    }

    /// Describe the column in the database's catalog (PostgreSQL and MySQL comments; on
    /// SQLite a `/* … */` kept in the table's SQL).
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// The column's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}
