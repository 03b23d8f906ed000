//! The typed vocabulary that operations are built from: column types, columns, constraints.

mod column;
mod constraint;
mod key_options;
mod names;
mod naming;
mod per_dialect;
mod types;
pub(crate) mod value;

pub use column::{Column, DefaultValue, Generated, Identity};
pub use constraint::{
    CheckConstraint, ConstraintKind, ForeignKey, ReferentialAction, UniqueConstraint,
};
pub use key_options::KeyOptions;
pub(crate) use key_options::is_expression_key;
pub use names::ColumnNames;
pub use naming::{NamingConvention, NamingError};
pub use per_dialect::PerDialect;
pub use types::Type;
pub use value::{IntoRow, Value};
