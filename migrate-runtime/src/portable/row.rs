//! Rows, columns and values of the portable database.

use std::borrow::Cow;
use std::sync::Arc;

use super::Portable;
use super::kind::{Kind, PortableTypeInfo};
use crate::schema::Value;

/// A column of a portable row: its position, name and SQL type.
#[derive(Debug, Clone)]
pub struct PortableColumn {
    pub(crate) ordinal: usize,
    pub(crate) name: Arc<str>,
    pub(crate) type_info: PortableTypeInfo,
}

impl sqlx::Column for PortableColumn {
    type Database = Portable;

    fn ordinal(&self) -> usize {
        self.ordinal
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn type_info(&self) -> &PortableTypeInfo {
        &self.type_info
    }
}

/// A row read by the backend's driver, each column a [`Value`].
#[derive(Debug, Clone)]
pub struct PortableRow {
    pub(crate) columns: Arc<[PortableColumn]>,
    pub(crate) values: Vec<Value>,
}

impl PortableRow {
    /// The values, in column order.
    pub fn values(&self) -> &[Value] {
        &self.values
    }
}

impl sqlx::Row for PortableRow {
    type Database = Portable;

    fn columns(&self) -> &[PortableColumn] {
        &self.columns
    }

    fn try_get_raw<I>(&self, index: I) -> Result<PortableValueRef<'_>, sqlx::Error>
    where
        I: sqlx::ColumnIndex<Self>,
    {
        let index = index.index(self)?;
        Ok(PortableValueRef {
            value: &self.values[index],
            column: &self.columns[index],
        })
    }
}

impl sqlx::ColumnIndex<PortableRow> for usize {
    fn index(&self, row: &PortableRow) -> Result<usize, sqlx::Error> {
        match *self < row.values.len() {
            true => Ok(*self),
            false => Err(sqlx::Error::ColumnIndexOutOfBounds {
                index: *self,
                len: row.values.len(),
            }),
        }
    }
}

impl sqlx::ColumnIndex<PortableRow> for &'_ str {
    fn index(&self, row: &PortableRow) -> Result<usize, sqlx::Error> {
        row.columns
            .iter()
            .position(|column| &*column.name == *self)
            .ok_or_else(|| sqlx::Error::ColumnNotFound((*self).to_owned()))
    }
}

/// A value of a row, with the SQL type of its column.
#[derive(Debug, Clone, Copy)]
pub struct PortableValueRef<'r> {
    pub(crate) value: &'r Value,
    column: &'r PortableColumn,
}

impl<'r> PortableValueRef<'r> {
    /// The value.
    pub fn value(&self) -> &'r Value {
        self.value
    }
}

impl<'r> sqlx::ValueRef<'r> for PortableValueRef<'r> {
    type Database = Portable;

    fn to_owned(&self) -> PortableValue {
        PortableValue {
            value: self.value.clone(),
            type_info: sqlx::ValueRef::type_info(self).into_owned(),
            column: self.column.clone(),
        }
    }

    /// The column's type as the database names it; where it names none (SQLite's expressions,
    /// `NULL`), the kind of the value, so that a mismatch names what was read.
    fn type_info(&self) -> Cow<'_, PortableTypeInfo> {
        let kind = Kind::of(self.value);
        let declared = sqlx::TypeInfo::name(&self.column.type_info);
        let undeclared = declared.is_empty() || declared.eq_ignore_ascii_case("NULL");
        Cow::Owned(match (undeclared, kind) {
            (true, kind) if kind != Kind::Null => {
                PortableTypeInfo::new(self.value.kind().to_ascii_uppercase(), kind)
            }
            _ => self.column.type_info.with_kind(kind),
        })
    }

    fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
}

/// A value taken out of a row.
#[derive(Debug, Clone)]
pub struct PortableValue {
    value: Value,
    type_info: PortableTypeInfo,
    column: PortableColumn,
}

impl sqlx::Value for PortableValue {
    type Database = Portable;

    fn as_ref(&self) -> PortableValueRef<'_> {
        PortableValueRef {
            value: &self.value,
            column: &self.column,
        }
    }

    fn type_info(&self) -> Cow<'_, PortableTypeInfo> {
        Cow::Borrowed(&self.type_info)
    }

    fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
}

/// What a statement did: the rows it changed.
#[derive(Debug, Clone, Copy, Default)]
pub struct PortableQueryResult {
    pub(crate) rows_affected: u64,
}

impl PortableQueryResult {
    /// The number of rows the statement inserted, updated or deleted.
    pub fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

impl Extend<PortableQueryResult> for PortableQueryResult {
    fn extend<T: IntoIterator<Item = PortableQueryResult>>(&mut self, results: T) {
        for result in results {
            self.rows_affected += result.rows_affected;
        }
    }
}
