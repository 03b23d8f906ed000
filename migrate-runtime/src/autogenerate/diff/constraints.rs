//! Keys, unique and check constraints and indexes: those that go dropped first (foreign keys
//! before what they refer to), those that come added after the tables and columns they need.

use super::{AutogenerateError, Differ};
use crate::dialect::Dialect;
use crate::op::{self, TableConstraint};
use crate::schema::ConstraintKind;
use crate::state::{
    ColumnState, Schema, Table, UniqueState, same_check, same_index, same_key, same_type,
    same_unique, serves_a_key,
};

impl Differ<'_> {
    /// Foreign keys of the tables that stay which `to` does not have, first of all: the keys,
    /// uniques and columns they refer to may go after them. On MySQL, a key on a column (at
    /// either end) whose type or collation changes goes too, and is made again after: MySQL
    /// refuses to change a column a foreign key uses.
    pub(super) fn drop_outdated_keys(&mut self) -> Result<(), AutogenerateError> {
        for name in self.common_tables() {
            let table = self.current.tables[&name].clone();
            let target = &self.to.tables[&name];
            for key in &table.foreign_keys {
                let outdated = !target
                    .foreign_keys
                    .iter()
                    .any(|k| same_key(k, key, self.dialect));
                let blocks = (key.columns.iter()).any(|c| self.retyped_on_mysql(&name, c))
                    || (key.referred_columns.iter())
                        .any(|c| self.retyped_on_mysql(&key.referred_table, c));
                if outdated || blocks {
                    self.drop_constraint(
                        &name,
                        key.name.as_deref(),
                        ConstraintKind::ForeignKey,
                        &key.columns,
                        None,
                    )?;
                }
            }
        }
        Ok(())
    }

    /// Whether column `column` of `table` changes its type or collation in place on MySQL.
    fn retyped_on_mysql(&self, table: &str, column: &str) -> bool {
        fn find<'s>(schema: &'s Schema, table: &str, column: &str) -> Option<&'s ColumnState> {
            (schema.tables.get(table)).and_then(|t| t.columns.iter().find(|c| c.name == column))
        }
        let collation = |c: &ColumnState| c.collation.as_deref().map(str::to_lowercase);
        let (now, to) = (
            find(&self.current, table, column),
            find(self.to, table, column),
        );
        match (self.dialect, now, to) {
            (Dialect::MySql, Some(now), Some(to)) => {
                !same_type(&now.ty, &to.ty, self.dialect) || collation(now) != collation(to)
            }
            _ => false,
        }
    }

    /// Indexes, unique and check constraints and primary keys of the tables that stay which
    /// `to` does not have, so that nothing they hold blocks the changes after them.
    pub(super) fn drop_outdated_constraints(&mut self) -> Result<(), AutogenerateError> {
        for name in self.common_tables() {
            let table = self.current.tables[&name].clone();
            let target = &self.to.tables[&name];
            for index in &table.indexes {
                let dialect = self.dialect;
                // MySQL's index of a dropped foreign key serves the key `to` has on its
                // columns, as the index MySQL would make for it.
                let serves_a_key =
                    dialect == Dialect::MySql && serves_a_key(index, &target.foreign_keys);
                if !serves_a_key && !target.indexes.iter().any(|i| same_index(i, index, dialect)) {
                    self.push(
                        op::drop_index(&index.name).on(&name),
                        format!("dropped index `{}` of `{name}`", index.name),
                        false,
                    )?;
                }
            }
            for unique in &table.uniques {
                if !target.uniques.iter().any(|u| same_unique(u, unique)) {
                    self.drop_constraint(
                        &name,
                        unique.name.as_deref(),
                        ConstraintKind::Unique,
                        &unique.columns,
                        None,
                    )?;
                }
            }
            for check in &table.checks {
                if !target.checks.iter().any(|c| same_check(c, check)) {
                    let condition = Some(check.condition.as_str());
                    self.drop_constraint(
                        &name,
                        check.name.as_deref(),
                        ConstraintKind::Check,
                        &[],
                        condition,
                    )?;
                }
            }
            let key_columns = |table: &Table| table.primary_key.as_ref().map(|k| k.columns.clone());
            if let Some(key) = &table.primary_key
                && key_columns(&table) != key_columns(target)
            {
                self.drop_constraint(
                    &name,
                    key.name.as_deref(),
                    ConstraintKind::PrimaryKey,
                    &key.columns,
                    None,
                )?;
            }
        }
        Ok(())
    }

    /// Keys, constraints and indexes of `to` not yet in place: primary keys, unique and check
    /// constraints of every table first, then the foreign keys (which may refer to those),
    /// then the indexes.
    pub(super) fn add_constraints(&mut self) -> Result<(), AutogenerateError> {
        let tables: Vec<Table> = self.to.tables.values().cloned().collect();
        for target in &tables {
            self.add_keys_and_constraints(target)?;
        }
        for target in &tables {
            let table = self.current.tables[&target.name].clone();
            for key in &target.foreign_keys {
                if !table
                    .foreign_keys
                    .iter()
                    .any(|k| same_key(k, key, self.dialect))
                {
                    self.push(
                        op::AddConstraint::new(
                            target.name.clone(),
                            TableConstraint::ForeignKey(key.to_key()),
                        ),
                        format!(
                            "added foreign key `{}` ({}) to `{}`",
                            target.name,
                            key.columns.join(", "),
                            key.referred_table
                        ),
                        false,
                    )?;
                }
            }
        }
        for target in &tables {
            let table = self.current.tables[&target.name].clone();
            for index in &target.indexes {
                let dialect = self.dialect;
                if !table.indexes.iter().any(|i| same_index(i, index, dialect)) {
                    self.push(
                        index.creation_op(&target.name),
                        format!("added index `{}` on `{}`", index.name, target.name),
                        false,
                    )?;
                }
            }
        }
        Ok(())
    }

    /// The primary key, unique and check constraints of `target` not yet in place.
    fn add_keys_and_constraints(&mut self, target: &Table) -> Result<(), AutogenerateError> {
        let name = &target.name;
        let table = self.current.tables[name].clone();
        if let Some(key) = &target.primary_key
            && table.primary_key.as_ref().map(|k| &k.columns) != Some(&key.columns)
        {
            let key_name = key.name.clone().unwrap_or_else(|| format!("{name}_pkey"));
            self.push(
                op::create_primary_key(key_name, name, key.columns.clone()),
                format!(
                    "added a primary key to `{name}` ({})",
                    key.columns.join(", ")
                ),
                false,
            )?;
        }
        for unique in &target.uniques {
            if !table.uniques.iter().any(|u| u.columns == unique.columns) {
                self.push(
                    op::AddConstraint::new(
                        name.clone(),
                        TableConstraint::Unique(unique_of(unique)),
                    ),
                    format!(
                        "added unique constraint on `{name}` ({})",
                        unique.columns.join(", ")
                    ),
                    false,
                )?;
            }
        }
        for check in &target.checks {
            if !table.checks.iter().any(|c| same_check(c, check)) {
                let constraint = crate::schema::CheckConstraint {
                    name: check.name.clone(),
                    condition: check.condition.clone(),
                };
                self.push(
                    op::AddConstraint::new(name.clone(), TableConstraint::Check(constraint)),
                    format!("added check constraint on `{name}`: {}", check.condition),
                    false,
                )?;
            }
        }
        Ok(())
    }
}

fn unique_of(unique: &UniqueState) -> crate::schema::UniqueConstraint {
    crate::schema::UniqueConstraint {
        name: unique.name.clone(),
        columns: unique.columns.clone(),
    }
}
