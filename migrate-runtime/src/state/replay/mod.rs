//! Replay: each op applied to a [`Schema`], refused where the database would refuse it.

use super::{
    CheckState, ColumnState, DatabaseObject, ForeignKeyState, PrimaryKey, Schema, Table,
    UniqueState,
};
use crate::dialect::Dialect;
use crate::op::{
    AddColumn, AlterColumn, CreateTable, DropConstraint, Op, SchemaEffect, TableConstraint,
};
use crate::schema::{Column, ForeignKey, Type, UniqueConstraint};

mod error;
mod indexes;
mod parsed;

pub(crate) use parsed::statement_text;
mod raw_sql;

pub use error::ReplayError;
use raw_sql::mentions_word;

impl Schema {
    /// Apply `op`, as the database would; nothing changes when it is refused (each op is
    /// checked whole before the schema changes). Raw SQL is read in any of the three
    /// databases' SQL; [`apply_for`](Schema::apply_for) reads it as one database does.
    pub fn apply(&mut self, op: &Op) -> Result<(), ReplayError> {
        self.apply_read_as(op, None)
    }

    /// [`apply`](Schema::apply), raw SQL read as `dialect` reads it (PostgreSQL folds unquoted
    /// names to lower case).
    pub fn apply_for(&mut self, op: &Op, dialect: Dialect) -> Result<(), ReplayError> {
        self.apply_read_as(op, Some(dialect))
    }

    fn apply_read_as(&mut self, op: &Op, dialect: Option<Dialect>) -> Result<(), ReplayError> {
        match op {
            Op::CreateTable(create) => self.create_table(create),
            Op::DropTable(drop) => {
                self.table_named(&drop.name)?;
                self.refuse_if_referred(&drop.name, None)?;
                self.tables.remove(&drop.name);
                // Its triggers go with it.
                let on_it = |object: &DatabaseObject| object.table.as_deref() == Some(&drop.name);
                self.objects.retain(|object| !on_it(object));
                for name in &drop.enum_types {
                    self.enums.remove(name);
                }
                Ok(())
            }
            Op::RenameTable(rename) => self.rename_table(&rename.from, &rename.to, dialect),
            Op::CommentOnTable(comment) => {
                let table = self.table_mut(&comment.table)?;
                table.comment = comment.comment.clone().filter(|text| !text.is_empty());
                Ok(())
            }
            Op::AddColumn(add) => self.add_column(add),
            Op::DropColumn(drop) => {
                self.drop_column(&drop.table, &drop.column, dialect)?;
                for name in &drop.enum_types {
                    self.enums.remove(name);
                }
                Ok(())
            }
            Op::AlterColumn(alter) => self.alter_column(alter, dialect),
            Op::CreateIndex(create) => self.create_index(create, dialect),
            Op::DropIndex(drop) => self.drop_index(drop),
            Op::AddConstraint(add) => self.add_constraint(&add.table, &add.constraint),
            Op::DropConstraint(drop) => self.drop_constraint(drop),
            Op::Execute(execute) => match &execute.effect {
                SchemaEffect::Nothing => Ok(()),
                SchemaEffect::Ops(ops) => ops.iter().try_for_each(|op| self.apply(op)),
                SchemaEffect::Undeclared => self.apply_sql(&execute.sql, dialect),
            },
            Op::BulkInsert(_) | Op::Update(_) | Op::Delete(_) | Op::Backfill(_) => Ok(()),
        }
    }

    fn table_named(&self, name: &str) -> Result<&Table, ReplayError> {
        self.tables
            .get(name)
            .ok_or_else(|| ReplayError::NoSuchTable(name.to_owned()))
    }

    fn table_mut(&mut self, name: &str) -> Result<&mut Table, ReplayError> {
        self.tables
            .get_mut(name)
            .ok_or_else(|| ReplayError::NoSuchTable(name.to_owned()))
    }

    fn create_table(&mut self, create: &CreateTable) -> Result<(), ReplayError> {
        if self.tables.contains_key(&create.name) {
            return Err(ReplayError::TableExists(create.name.clone()));
        }
        let mut table = Table::new(&create.name, create.comment.clone());
        for column in &create.columns {
            if table.column(&column.name).is_some() {
                return Err(ReplayError::ColumnExists {
                    table: create.name.clone(),
                    column: column.name.clone(),
                });
            }
            table.columns.push(column_state(column));
        }
        let mut key: Vec<String> = create.primary_key.clone();
        key.extend(
            create
                .columns
                .iter()
                .filter(|column| column.primary_key)
                .map(|column| column.name.clone()),
        );
        if !key.is_empty() {
            key_columns_not_null(&mut table, &key);
            table.primary_key = Some(PrimaryKey {
                name: create.primary_key_name.clone(),
                columns: key,
            });
        }
        let inline_uniques = create
            .columns
            .iter()
            .filter(|c| c.unique)
            .map(|c| UniqueConstraint {
                name: c.unique_name.clone(),
                columns: vec![c.name.clone()],
            });
        table.uniques = inline_uniques
            .chain(create.uniques.iter().cloned())
            .map(|unique| UniqueState {
                name: unique.name,
                columns: unique.columns,
            })
            .collect();
        let keys = create.columns.iter().filter_map(|c| c.references.as_ref());
        for key in keys.chain(&create.foreign_keys) {
            self.require_referred(&create.name, key)?;
            table.foreign_keys.push(ForeignKeyState::from(key));
        }
        table.checks = create
            .checks
            .iter()
            .map(|check| CheckState {
                name: check.name.clone(),
                condition: check.condition.clone(),
            })
            .collect();
        for column in &create.columns {
            self.note_enum(&column.ty);
        }
        self.tables.insert(create.name.clone(), table);
        Ok(())
    }

    /// Refuse a foreign key of `table` to a table that does not exist (itself aside).
    fn require_referred(&self, table: &str, key: &ForeignKey) -> Result<(), ReplayError> {
        if key.referred_table == table || self.tables.contains_key(&key.referred_table) {
            return Ok(());
        }
        Err(ReplayError::NoReferredTable {
            table: table.to_owned(),
            referred: key.referred_table.clone(),
        })
    }

    /// Remember a PostgreSQL enum type a column brings.
    fn note_enum(&mut self, ty: &Type) {
        if let Type::Enum { name, values } = ty {
            self.enums.insert(name.clone(), values.clone());
        }
    }

    fn rename_table(
        &mut self,
        from: &str,
        to: &str,
        dialect: Option<Dialect>,
    ) -> Result<(), ReplayError> {
        if self.tables.contains_key(to) {
            return Err(ReplayError::TableExists(to.to_owned()));
        }
        let Some(mut table) = self.tables.remove(from) else {
            return Err(ReplayError::NoSuchTable(from.to_owned()));
        };
        table.name = to.to_owned();
        self.tables.insert(to.to_owned(), table);
        for object in &mut self.objects {
            object.table_renamed(from, to, dialect);
        }
        for table in self.tables.values_mut() {
            for key in &mut table.foreign_keys {
                if key.referred_table == from {
                    key.referred_table = to.to_owned();
                }
            }
        }
        Ok(())
    }

    fn add_column(&mut self, add: &AddColumn) -> Result<(), ReplayError> {
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

    fn drop_column(
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
        let stores = |index: &crate::state::IndexState| {
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

    /// Refuse to drop `table` (or its `column`) while another table's foreign key uses it.
    fn refuse_if_referred(&self, table: &str, column: Option<&str>) -> Result<(), ReplayError> {
        for other in self.tables.values().filter(|other| other.name != table) {
            let referring = other.foreign_keys.iter().any(|key| {
                key.referred_table == table
                    && column.is_none_or(|column| key.referred_columns.iter().any(|c| c == column))
            });
            if referring {
                let target = match column {
                    Some(column) => format!("{table}.{column}"),
                    None => table.to_owned(),
                };
                return Err(ReplayError::Referenced {
                    target,
                    by: other.name.clone(),
                });
            }
        }
        Ok(())
    }

    fn alter_column(
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

    fn add_constraint(
        &mut self,
        table_name: &str,
        constraint: &TableConstraint,
    ) -> Result<(), ReplayError> {
        if let TableConstraint::ForeignKey(key) = constraint {
            self.require_referred(table_name, key)?;
        }
        let table = self.table_mut(table_name)?;
        let name = constraint.name();
        if !name.is_empty() && constraint_names(table).any(|taken| taken == name) {
            return Err(ReplayError::ConstraintExists {
                table: table_name.to_owned(),
                name: name.to_owned(),
            });
        }
        match constraint {
            TableConstraint::ForeignKey(key) => table.foreign_keys.push(ForeignKeyState::from(key)),
            TableConstraint::Unique(unique) => table.uniques.push(UniqueState {
                name: unique.name.clone(),
                columns: unique.columns.clone(),
            }),
            TableConstraint::Check(check) => table.checks.push(CheckState {
                name: check.name.clone(),
                condition: check.condition.clone(),
            }),
            TableConstraint::PrimaryKey { name, columns } => {
                if table.primary_key.is_some() {
                    return Err(ReplayError::PrimaryKeyExists(table_name.to_owned()));
                }
                key_columns_not_null(table, columns);
                table.primary_key = Some(PrimaryKey {
                    name: Some(name.clone()),
                    columns: columns.clone(),
                });
            }
        }
        Ok(())
    }

    fn drop_constraint(&mut self, drop: &DropConstraint) -> Result<(), ReplayError> {
        let table = self.table_mut(&drop.table)?;
        let name = Some(drop.name.as_str());
        let before = constraint_names(table).count();
        table.foreign_keys.retain(|key| key.name.as_deref() != name);
        table
            .uniques
            .retain(|unique| unique.name.as_deref() != name);
        table.checks.retain(|check| check.name.as_deref() != name);
        if table
            .primary_key
            .as_ref()
            .is_some_and(|key| key.name.as_deref() == name)
        {
            table.primary_key = None;
        }
        if constraint_names(table).count() == before {
            return Err(ReplayError::NoSuchConstraint {
                table: drop.table.clone(),
                name: drop.name.clone(),
            });
        }
        Ok(())
    }
}

/// The names of a table's named constraints.
pub(super) fn constraint_names(table: &Table) -> impl Iterator<Item = &str> {
    let keys = table.foreign_keys.iter().filter_map(|k| k.name.as_deref());
    let uniques = table.uniques.iter().filter_map(|u| u.name.as_deref());
    let checks = table.checks.iter().filter_map(|c| c.name.as_deref());
    let primary = table.primary_key.iter().filter_map(|k| k.name.as_deref());
    keys.chain(uniques).chain(checks).chain(primary)
}

/// A primary key's columns take no NULL, as every database makes them.
fn key_columns_not_null(table: &mut Table, key: &[String]) {
    for column in &mut table.columns {
        if key.contains(&column.name) {
            column.nullable = false;
        }
    }
}

pub(super) fn no_column(table: &str, column: &str) -> ReplayError {
    ReplayError::NoSuchColumn {
        table: table.to_owned(),
        column: column.to_owned(),
    }
}

/// A column as the schema holds it; a primary key column takes no NULL.
fn column_state(column: &Column) -> ColumnState {
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
