//! Indexes: created where the name is free (per table on MySQL, per schema elsewhere) and the
//! columns exist, and dropped.

use super::{ReplayError, no_column};
use crate::dialect::Dialect;
use crate::op::{CreateIndex, DropIndex};
use crate::schema::{Type, is_expression_key};
use crate::state::{IndexState, Schema};

impl Schema {
    /// Create the index `create` describes, refused where its name is taken or a column
    /// it names is missing.
    pub(super) fn create_index(
        &mut self,
        create: &CreateIndex,
        dialect: Option<Dialect>,
    ) -> Result<(), ReplayError> {
        // MySQL scopes an index's name to its table; the others to the schema.
        let taken = match dialect {
            Some(Dialect::MySql) => self
                .table_named(&create.table)?
                .indexes
                .iter()
                .any(|index| index.name == create.name),
            _ => self.index_table(&create.name).is_some(),
        };
        if taken {
            return match create.if_not_exists {
                true => Ok(()),
                false => Err(ReplayError::IndexExists(create.name.clone())),
            };
        }
        let table = self.table_mut(&create.table)?;
        for column in &create.columns {
            // An expression (`lower(email)`) names no column of its own.
            if !is_expression_key(column) && table.column(column).is_none() {
                return Err(no_column(&create.table, column));
            }
        }
        // MariaDB keeps a unique key on a whole text column as a hash, which has no order.
        let hashed = |column: &str| {
            dialect == Some(Dialect::MySql)
                && create.unique
                && table.column(column).is_some_and(|c| c.ty == Type::Text)
        };
        let mut key_options = create.key_options.clone();
        for (column, key) in &mut key_options {
            if hashed(column) && key.prefix.is_none() {
                key.descending = false;
            }
        }
        table.indexes.push(IndexState {
            name: create.name.clone(),
            columns: create.columns.clone(),
            unique: create.unique,
            where_sql: create.where_sql.clone(),
            key_options: key_options
                .into_iter()
                .map(|(column, key)| (column, key.normalized()))
                .filter(|(_, key)| !key.is_plain())
                .collect(),
            include: create.include.clone(),
        });
        Ok(())
    }

    /// The table holding the index `name`.
    pub(super) fn index_table(&self, name: &str) -> Option<String> {
        self.tables
            .values()
            .find(|table| table.indexes.iter().any(|index| index.name == name))
            .map(|table| table.name.clone())
    }

    pub(super) fn drop_index(&mut self, drop: &DropIndex) -> Result<(), ReplayError> {
        let holder = match &drop.table {
            Some(table) => self
                .table_named(table)?
                .indexes
                .iter()
                .any(|index| index.name == drop.name)
                .then(|| table.clone()),
            None => self.index_table(&drop.name),
        };
        match holder {
            Some(table) => {
                let table = self.table_mut(&table)?;
                table.indexes.retain(|index| index.name != drop.name);
                Ok(())
            }
            None if drop.if_exists => Ok(()),
            None => Err(ReplayError::NoSuchIndex(drop.name.clone())),
        }
    }
}
