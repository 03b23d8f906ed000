//! The bound values of a portable query.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;

use super::Portable;
use super::kind::Kind;
use crate::schema::Value;

/// The values bound to a query's placeholders, each with the kind of the Rust type that
/// bound it (an `i32` binds as PostgreSQL `INT4`, a `None::<Uuid>` as a `UUID` NULL).
#[derive(Debug, Clone, Default)]
pub struct PortableArguments {
    pub(crate) values: Vec<Value>,
    pub(crate) kinds: Vec<Kind>,
}

impl sqlx::Arguments for PortableArguments {
    type Database = Portable;

    fn reserve(&mut self, additional: usize, _size: usize) {
        self.values.reserve(additional);
        self.kinds.reserve(additional);
    }

    fn add<'t, T>(&mut self, value: T) -> Result<(), BoxDynError>
    where
        T: sqlx::Encode<'t, Portable> + sqlx::Type<Portable>,
    {
        let kind = value.produces().unwrap_or_else(T::type_info).kind;
        let before = self.values.len();
        match value.encode(&mut self.values)? {
            IsNull::No => {}
            IsNull::Yes => {
                self.values.truncate(before);
                self.values.push(Value::Null);
            }
        }
        self.kinds.push(kind);
        Ok(())
    }

    fn len(&self) -> usize {
        self.values.len()
    }
}

impl sqlx::IntoArguments<Portable> for PortableArguments {
    fn into_arguments(self) -> PortableArguments {
        self
    }
}
