//! Between the schema's values and the op vocabulary: a table, column, key or index of the
//! schema as the op that creates it, and the other way round.

use super::{ColumnState, ForeignKeyState, IndexState, Table};
use crate::op::{self, Op};
use crate::schema::{Column, ForeignKey};

impl Table {
    /// An empty table named `name`.
    pub(crate) fn new(name: impl Into<String>, comment: Option<String>) -> Self {
        Table {
            name: name.into(),
            columns: Vec::new(),
            primary_key: None,
            foreign_keys: Vec::new(),
            uniques: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
            comment,
        }
    }
}

impl ColumnState {
    /// The column as `create_table` and `add_column` take it.
    pub(crate) fn to_column(&self) -> Column {
        let mut column = Column::new(&self.name, self.ty.clone());
        if !self.nullable {
            column = column.not_null();
        }
        if let Some(default) = &self.default {
            column = column.default(default.clone());
        }
        if let Some(comment) = &self.comment {
            column = column.comment(comment);
        }
        column.generated = self.generated.clone();
        column.identity = self.identity.clone();
        column.collation = self.collation.clone();
        column
    }
}

impl From<&ForeignKey> for ForeignKeyState {
    fn from(key: &ForeignKey) -> Self {
        ForeignKeyState {
            name: key.name.clone(),
            columns: key.columns.clone(),
            referred_table: key.referred_table.clone(),
            referred_columns: key.referred_columns.clone(),
            on_delete: key.on_delete,
            on_update: key.on_update,
            deferrable: key.deferrable,
        }
    }
}

impl ForeignKeyState {
    /// The key as ops take it.
    pub(crate) fn to_key(&self) -> ForeignKey {
        ForeignKey {
            name: self.name.clone(),
            columns: self.columns.clone(),
            referred_table: self.referred_table.clone(),
            referred_columns: self.referred_columns.clone(),
            on_delete: self.on_delete,
            on_update: self.on_update,
            deferrable: self.deferrable,
        }
    }
}

impl IndexState {
    /// The `create_index` of this index on `table`.
    pub(crate) fn creation_op(&self, table: &str) -> Op {
        let mut create = op::create_index(&self.name, table, self.columns.clone());
        if self.unique {
            create = create.unique();
        }
        if let Some(condition) = &self.where_sql {
            create = create.where_sql(condition);
        }
        create.key_options = self.key_options.clone();
        create.include = self.include.clone();
        create.into()
    }
}
