//! Why an op does not fit the schema.

/// An op that does not fit the schema the history built so far: what the database would
/// refuse when the migration runs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// A table of that name exists.
    #[error("table `{0}` already exists")]
    TableExists(String),
    /// No table of that name.
    #[error("there is no table `{0}`")]
    NoSuchTable(String),
    /// A column of that name exists in the table.
    #[error("table `{table}` already has a column `{column}`")]
    ColumnExists {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// No column of that name in the table.
    #[error("table `{table}` has no column `{column}`")]
    NoSuchColumn {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// An index of that name exists.
    #[error("an index `{0}` already exists")]
    IndexExists(String),
    /// No index of that name.
    #[error("there is no index `{0}`")]
    NoSuchIndex(String),
    /// A constraint of that name exists on the table.
    #[error("table `{table}` already has a constraint `{name}`")]
    ConstraintExists {
        /// The table.
        table: String,
        /// The constraint.
        name: String,
    },
    /// No constraint of that name on the table.
    #[error("table `{table}` has no constraint `{name}`")]
    NoSuchConstraint {
        /// The table.
        table: String,
        /// The constraint.
        name: String,
    },
    /// The table has a primary key already.
    #[error("table `{0}` already has a primary key")]
    PrimaryKeyExists(String),
    /// A foreign key to a table that does not exist.
    #[error("a foreign key of `{table}` refers to `{referred}`, which does not exist")]
    NoReferredTable {
        /// The referring table.
        table: String,
        /// The missing table.
        referred: String,
    },
    /// A table or column that another table's foreign key refers to.
    #[error("`{target}` is referred to by a foreign key of `{by}`: drop or change that key first")]
    Referenced {
        /// What was to be dropped.
        target: String,
        /// The table whose key refers to it.
        by: String,
    },
    /// A change of identity the column's state does not allow (PostgreSQL's rules).
    #[error("column `{table}.{column}` {reason}")]
    Identity {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// What stands in the way, and what to do.
        reason: &'static str,
    },
    /// No enum type of that name.
    #[error("there is no enum type `{0}`")]
    NoSuchEnum(String),
    /// Values added to an enum type that do not fit it.
    #[error("values added to the enum type `{name}` do not fit: {reason}")]
    EnumValues {
        /// The enum type.
        name: String,
        /// What does not fit, and what to write.
        reason: String,
    },
    /// Raw SQL whose effect on the schema is not read: what follows cannot be known.
    #[error(
        "raw SQL whose effect on the schema migrate does not read (`{0}`): the schema past it is not known; declare what it does with `.changes_schema(op)` or `.leaves_schema()`"
    )]
    RawSql(String),
}
