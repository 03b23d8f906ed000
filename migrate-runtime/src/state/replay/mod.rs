//! Replay: each op applied to a [`Schema`], refused where the database would refuse it.

use super::{
    CheckState, DatabaseObject, ForeignKeyState, PrimaryKey, Schema, Table, UniqueState,
    condition_text,
};
use crate::dialect::Dialect;
use crate::op::{CreateTable, DropConstraint, Op, SchemaEffect, TableConstraint};
use crate::schema::{ConstraintKind, ForeignKey, Type, UniqueConstraint};

mod columns;
use columns::column_state;
mod enums;
mod error;
mod indexes;
mod parsed;

pub(crate) use parsed::statement_text;
mod raw_sql;

pub use error::ReplayError;

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
            Op::AlterEnum(alter) => self.alter_enum(alter, dialect),
            // Read as a database it skips, nothing changes.
            Op::OnlyOn(only) => match dialect.map(|dialect| only.on(dialect)) {
                Some(None) => Ok(()),
                _ => self.apply_read_as(&only.op, dialect),
            },
            Op::CreateIndex(create) => self.create_index(create, dialect),
            Op::DropIndex(drop) => self.drop_index(drop),
            Op::AddConstraint(add) => self.add_constraint(&add.table, &add.constraint),
            Op::DropConstraint(drop) => self.drop_constraint(drop, dialect),
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

    fn drop_constraint(
        &mut self,
        drop: &DropConstraint,
        dialect: Option<Dialect>,
    ) -> Result<(), ReplayError> {
        let table = self.table_mut(&drop.table)?;
        if dialect == Some(Dialect::MySql) && !drop.with_implicit_index {
            table.keep_foreign_key_index(drop);
        }
        if let (true, Some(condition)) = (drop.is_unnamed(), &drop.condition) {
            return match table.unnamed_check(condition) {
                Some(at) => {
                    table.checks.remove(at);
                    Ok(())
                }
                None => Err(ReplayError::NoSuchConstraint {
                    table: drop.table.clone(),
                    name: format!("without a name: CHECK ({condition})"),
                }),
            };
        }
        if drop.is_unnamed() {
            return match table.unnamed_constraint(drop.kind, &drop.columns) {
                Some(UnnamedConstraint::ForeignKey(at)) => {
                    table.foreign_keys.remove(at);
                    Ok(())
                }
                Some(UnnamedConstraint::Unique(at)) => {
                    table.uniques.remove(at);
                    Ok(())
                }
                Some(UnnamedConstraint::PrimaryKey) => {
                    table.primary_key = None;
                    Ok(())
                }
                None => Err(ReplayError::NoSuchConstraint {
                    table: drop.table.clone(),
                    name: format!("without a name on ({})", drop.columns.join(", ")),
                }),
            };
        }
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

/// Where a constraint without a name is in its table.
pub(crate) enum UnnamedConstraint {
    /// The foreign key at this index.
    ForeignKey(usize),
    /// The unique constraint at this index.
    Unique(usize),
    /// The primary key.
    PrimaryKey,
}

impl Table {
    /// The check without a name whose condition means `condition`; else one the replay named
    /// (as it names those of raw SQL read for SQLite).
    pub(crate) fn unnamed_check(&self, condition: &str) -> Option<usize> {
        let wanted = condition_text(condition);
        let find = |unnamed_only: bool| {
            (self.checks.iter()).position(|check| {
                (check.name.is_none() || !unnamed_only)
                    && condition_text(&check.condition) == wanted
            })
        };
        find(true).or_else(|| find(false))
    }

    /// The constraint without a name of `kind` (any kind but checks, when none is said) on
    /// exactly `columns`; else the one of that kind on them that the replay named (raw SQL
    /// read for SQLite, which keeps no name, is named as PostgreSQL would name it).
    pub(crate) fn unnamed_constraint(
        &self,
        kind: Option<ConstraintKind>,
        columns: &[String],
    ) -> Option<UnnamedConstraint> {
        let wanted = |wanted: ConstraintKind| kind.is_none_or(|kind| kind == wanted);
        let find = |unnamed_only: bool| {
            let fits = |name: &Option<String>, on: &[String]| {
                (name.is_none() || !unnamed_only) && on == columns
            };
            let key = (self.foreign_keys.iter())
                .position(|key| fits(&key.name, &key.columns))
                .filter(|_| wanted(ConstraintKind::ForeignKey))
                .map(UnnamedConstraint::ForeignKey);
            let unique = (self.uniques.iter())
                .position(|unique| fits(&unique.name, &unique.columns))
                .filter(|_| wanted(ConstraintKind::Unique))
                .map(UnnamedConstraint::Unique);
            let primary = (self.primary_key.as_ref())
                .filter(|key| fits(&key.name, &key.columns))
                .filter(|_| wanted(ConstraintKind::PrimaryKey))
                .map(|_| UnnamedConstraint::PrimaryKey);
            key.or(unique).or(primary)
        };
        find(true).or_else(|| find(false))
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
