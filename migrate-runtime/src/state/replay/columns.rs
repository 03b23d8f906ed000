//! Columns: added, dropped (with what uses them, by each database's rule) and changed in
//! place.

use super::raw_sql::mentions_word;
use super::{ReplayError, no_column};
use crate::dialect::Dialect;
use crate::op::{AddColumn, AlterColumn, IdentityChange};
use crate::schema::Column;
use crate::state::{ColumnState, ForeignKeyState, IndexState, PrimaryKey, Schema, UniqueState};

impl Schema {
    pub(super) fn add_column(&mut self, add: &AddColumn) -> Result<(), ReplayError> {
        let column = &add.column;
        if let Some(key) = &column.references {
            self.require_referred(&add.table, key)?;
        }
        let table = self.table_named(&add.table)?;
        if table.column(&column.name).is_some() {
            return Err(ReplayError::ColumnExists {
                table: add.table.clone(),
                column: column.name.clone(),
            });
        }
        if column.primary_key && table.primary_key.is_some() {
            return Err(ReplayError::PrimaryKeyExists(add.table.clone()));
        }
        self.note_enum(&column.ty);
        let table = self.table_mut(&add.table)?;
        table.columns.push(column_state(column));
        if column.primary_key {
            table.primary_key = Some(PrimaryKey {
                name: None,
                columns: vec![column.name.clone()],
            });
        }
        if column.unique {
            table.uniques.push(UniqueState {
                name: column.unique_name.clone(),
                columns: vec![column.name.clone()],
            });
        }
        if let Some(key) = &column.references {
            table.foreign_keys.push(ForeignKeyState::from(key));
        }
        Ok(())
    }

    pub(super) fn drop_column(
        &mut self,
        table_name: &str,
        column: &str,
        dialect: Option<Dialect>,
    ) -> Result<(), ReplayError> {
        let table = self.table_named(table_name)?;
        if table.column(column).is_none() {
            return Err(no_column(table_name, column));
        }
        self.refuse_if_referred(table_name, Some(column))?;
        let table = self.table_mut(table_name)?;
        let mentions = |columns: &[String]| columns.iter().any(|c| c == column);
        table.columns.retain(|c| c.name != column);
        // MySQL takes the column out of its indexes, unique keys and primary key (an index
        // left with none goes); PostgreSQL and SQLite drop those that use it (an index whose
        // key, expressions, stored columns or condition name it: only PostgreSQL stores
        // columns beside the key).
        if dialect == Some(Dialect::MySql) {
            for index in &mut table.indexes {
                index.columns.retain(|key| key != column);
                index.key_options.remove(column);
            }
            table.indexes.retain(|index| !index.columns.is_empty());
            for unique in &mut table.uniques {
                unique.columns.retain(|key| key != column);
            }
            table.uniques.retain(|unique| !unique.columns.is_empty());
            if let Some(key) = &mut table.primary_key {
                key.columns.retain(|key| key != column);
            }
        }
        let stores = |index: &IndexState| {
            matches!(dialect, None | Some(Dialect::Postgres)) && mentions(&index.include)
        };
        table.indexes.retain(|index| {
            let in_key =
                (index.columns.iter()).any(|key| key == column || mentions_word(key, column));
            let in_condition = index
                .where_sql
                .as_deref()
                .is_some_and(|condition| mentions_word(condition, column));
            !(in_key || in_condition || stores(index))
        });
        table.uniques.retain(|unique| !mentions(&unique.columns));
        table.foreign_keys.retain(|key| !mentions(&key.columns));
        table
            .checks
            .retain(|check| !mentions_word(&check.condition, column));
        if table
            .primary_key
            .as_ref()
            .is_some_and(|key| key.columns.is_empty() || mentions(&key.columns))
        {
            table.primary_key = None;
        }
        Ok(())
    }

    pub(super) fn alter_column(
        &mut self,
        alter: &AlterColumn,
        dialect: Option<Dialect>,
    ) -> Result<(), ReplayError> {
        let table = self.table_named(&alter.table)?;
        if table.column(&alter.column).is_none() {
            return Err(no_column(&alter.table, &alter.column));
        }
        if let Some(ty) = &alter.ty {
            self.note_enum(ty);
        }
        let table = self.table_mut(&alter.table)?;
        if let Some(new_name) = &alter.new_name
            && new_name != &alter.column
            && table.column(new_name).is_some()
        {
            return Err(ReplayError::ColumnExists {
                table: alter.table.clone(),
                column: new_name.clone(),
            });
        }
        let Some(column) = table.columns.iter_mut().find(|c| c.name == alter.column) else {
            return Err(no_column(&alter.table, &alter.column));
        };
        if let Some(ty) = &alter.ty {
            // A new type keeps the column's collation while it holds text (MySQL's MODIFY
            // repeats it, SQLite's rebuild too); PostgreSQL's gives it the type's default.
            if !ty.holds_text() || dialect == Some(Dialect::Postgres) {
                column.collation = None;
            }
            column.ty = ty.clone();
        }
        if let Some(collation) = &alter.restated_collation {
            column.collation = collation.clone();
        }
        if let Some(nullable) = alter.nullable {
            column.nullable = nullable;
        }
        if let Some(default) = &alter.default {
            column.default = default.clone();
        }
        if let Some(comment) = &alter.comment {
            column.comment = comment.clone();
        }
        let refused = |reason| ReplayError::Identity {
            table: alter.table.clone(),
            column: alter.column.clone(),
            reason,
        };
        match &alter.identity {
            Some(IdentityChange::Add(_)) if column.identity.is_some() => {
                return Err(refused("is an identity column already: use `set_identity`"));
            }
            Some(IdentityChange::Add(_)) if column.nullable => {
                return Err(refused(
                    "takes NULL: an identity column is NOT NULL, add `.nullable(false)`",
                ));
            }
            Some(IdentityChange::Add(_))
                if column.default.is_some() || column.ty.is_auto_increment() =>
            {
                return Err(refused(
                    "has a default (or a serial's sequence): drop it first, and start the identity past the values there",
                ));
            }
            Some(IdentityChange::Set(_) | IdentityChange::Drop) if column.identity.is_none() => {
                return Err(refused("is no identity column"));
            }
            Some(IdentityChange::Add(identity) | IdentityChange::Set(identity)) => {
                column.identity = Some(identity.clone());
            }
            Some(IdentityChange::Drop) => column.identity = None,
            None => {}
        }
        if let Some(new_name) = alter.new_name.clone() {
            column.name = new_name.clone();
            self.rename_column_uses(&alter.table, &alter.column, &new_name);
        }
        Ok(())
    }

    /// After a column rename, the keys, constraints and indexes that named it.
    fn rename_column_uses(&mut self, table_name: &str, from: &str, to: &str) {
        let rename = |columns: &mut Vec<String>| {
            for column in columns.iter_mut().filter(|c| *c == from) {
                *column = to.to_owned();
            }
        };
        for table in self.tables.values_mut() {
            for key in &mut table.foreign_keys {
                if key.referred_table == table_name {
                    rename(&mut key.referred_columns);
                }
            }
            if table.name != table_name {
                continue;
            }
            for key in &mut table.foreign_keys {
                rename(&mut key.columns);
            }
            for unique in &mut table.uniques {
                rename(&mut unique.columns);
            }
            for index in &mut table.indexes {
                rename(&mut index.columns);
                rename(&mut index.include);
                if let Some(key) = index.key_options.remove(from) {
                    index.key_options.insert(to.to_owned(), key);
                }
            }
            if let Some(key) = &mut table.primary_key {
                rename(&mut key.columns);
            }
        }
    }
}

/// A column as the schema holds it; a primary key column takes no NULL.
pub(super) fn column_state(column: &Column) -> ColumnState {
    ColumnState {
        name: column.name.clone(),
        ty: column.ty.clone(),
        nullable: column.nullable && !column.primary_key,
        default: column.default.clone(),
        comment: column.comment.clone(),
        generated: column.generated.clone(),
        identity: column.identity.clone(),
        collation: column.collation.clone(),
    }
}
