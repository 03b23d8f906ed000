//! The ops that take one schema to another, found by comparing typed values: tables, columns
//! (type, nullability, default, comment), keys, unique and check constraints, indexes. Each op
//! is applied to a working copy of the starting schema as it is found, so the list is one the
//! replay accepts, in a safe order: keys and indexes that go are dropped first, then renames,
//! new tables (a table before the keys that refer to it), new and changed columns, new keys
//! and indexes, and last the columns and tables that go.

use std::collections::BTreeSet;

use super::{AutogenerateError, Change, RenameCandidate, Renames};
use crate::dialect::Dialect;
use crate::op::{self, Op, TableConstraint};
use crate::schema::{ConstraintKind, DefaultValue, ReferentialAction, Type};
use crate::state::{
    CheckState, ColumnState, ForeignKeyState, IndexState, Schema, Table, UniqueState,
    condition_text, default_text,
};

/// Decides whether a dropped and an added table or column of the same shape are a rename:
/// `Some(true)` rename, `Some(false)` drop and add, `None` refuse.
pub type RenameDecider<'a> = dyn FnMut(&RenameCandidate) -> Option<bool> + 'a;

/// The changes that take `from` to `to`, read as `dialect` reads them.
pub(crate) fn changes(
    from: &Schema,
    to: &Schema,
    renames: &Renames,
    dialect: Dialect,
    decide: &mut RenameDecider<'_>,
) -> Result<Vec<Change>, AutogenerateError> {
    let mut differ = Differ {
        current: from.clone(),
        to,
        dialect,
        changes: Vec::new(),
    };
    differ.rename_tables(renames, decide)?;
    differ.rename_columns(renames, decide)?;
    differ.drop_outdated_keys()?;
    differ.drop_outdated_constraints()?;
    differ.add_and_alter_columns()?;
    differ.create_tables()?;
    differ.add_constraints()?;
    differ.drop_columns()?;
    differ.drop_tables()?;
    Ok(differ.changes)
}

struct Differ<'a> {
    /// The schema as the changes found so far leave it.
    current: Schema,
    to: &'a Schema,
    dialect: Dialect,
    changes: Vec<Change>,
}

impl Differ<'_> {
    fn push(
        &mut self,
        op: impl Into<Op>,
        summary: String,
        destructive: bool,
    ) -> Result<(), AutogenerateError> {
        let op = op.into();
        self.current.apply_for(&op, self.dialect).map_err(|cause| {
            AutogenerateError::Inconsistent {
                op: op.to_string(),
                cause,
            }
        })?;
        self.changes.push(Change {
            op,
            summary,
            destructive,
        });
        Ok(())
    }

    /// Columns whose PostgreSQL enum type exists already (another table's) say so, so that
    /// their op does not create it again.
    fn mark_existing_types(&self, columns: &mut [crate::schema::Column]) {
        for column in columns {
            if let Type::Enum { name, .. } = &column.ty
                && self.current.enums.contains_key(name)
            {
                *column = column.clone().existing_type();
            }
        }
    }

    /// Drop the constraint `name` of `kind` from `table`.
    fn drop_constraint(
        &mut self,
        table: &str,
        name: Option<&str>,
        kind: ConstraintKind,
    ) -> Result<(), AutogenerateError> {
        let name = name.unwrap_or_default();
        let what = match kind {
            ConstraintKind::ForeignKey => "foreign key",
            ConstraintKind::Unique => "unique constraint",
            ConstraintKind::Check => "check constraint",
            ConstraintKind::PrimaryKey => "primary key",
        };
        self.push(
            op::drop_constraint(name, table).kind(kind),
            format!("dropped {what} `{name}` of `{table}`"),
            false,
        )
    }

    /// Rename the table `old` (with `table`, its column `old`) to `new`.
    fn rename(
        &mut self,
        table: Option<&str>,
        old: &str,
        new: &str,
    ) -> Result<(), AutogenerateError> {
        match table {
            None => self.push(
                op::rename_table(old, new),
                format!("renamed table `{old}` to `{new}`"),
                false,
            ),
            Some(table) => self.push(
                op::alter_column(table, old).rename(new),
                format!("renamed column `{table}.{old}` to `{table}.{new}`"),
                false,
            ),
        }
    }

    /// A drop and an add of the same shape, as `decide` says: a rename, the two (written by
    /// the later steps), or a refusal naming them.
    fn settle(
        &mut self,
        candidate: RenameCandidate,
        decide: &mut RenameDecider<'_>,
    ) -> Result<(), AutogenerateError> {
        match decide(&candidate) {
            Some(true) => self.rename(
                candidate.table.as_deref(),
                &candidate.dropped,
                &candidate.added,
            ),
            Some(false) => Ok(()),
            None => Err(AutogenerateError::Ambiguous(candidate)),
        }
    }

    /// Tables in both schemas (by their names in `to`).
    fn common_tables(&self) -> Vec<String> {
        self.to
            .tables
            .keys()
            .filter(|name| self.current.tables.contains_key(*name))
            .cloned()
            .collect()
    }

    fn rename_tables(
        &mut self,
        renames: &Renames,
        decide: &mut RenameDecider<'_>,
    ) -> Result<(), AutogenerateError> {
        for (new, old) in &renames.tables {
            let applies = self.to.tables.contains_key(new)
                && !self.current.tables.contains_key(new)
                && self.current.tables.contains_key(old)
                && !self.to.tables.contains_key(old);
            if applies {
                self.rename(None, old, new)?;
            }
        }
        let added: Vec<&Table> = self
            .to
            .tables
            .values()
            .filter(|table| !self.current.tables.contains_key(&table.name))
            .collect();
        for table in added {
            let gone = self.current.tables.values().find(|old| {
                !self.to.tables.contains_key(&old.name) && same_shape(old, table, self.dialect)
            });
            let Some(gone) = gone else { continue };
            let candidate = RenameCandidate {
                table: None,
                dropped: gone.name.clone(),
                added: table.name.clone(),
            };
            self.settle(candidate, decide)?;
        }
        Ok(())
    }

    fn rename_columns(
        &mut self,
        renames: &Renames,
        decide: &mut RenameDecider<'_>,
    ) -> Result<(), AutogenerateError> {
        for name in self.common_tables() {
            let target = &self.to.tables[&name];
            for (new, old) in renames.columns_of(&name) {
                let table = &self.current.tables[&name];
                let applies = target.column(new).is_some()
                    && table.column(new).is_none()
                    && table.column(old).is_some()
                    && target.column(old).is_none();
                if applies {
                    self.rename(Some(&name), old, new)?;
                }
            }
            let added: Vec<&ColumnState> = target
                .columns
                .iter()
                .filter(|column| self.current.tables[&name].column(&column.name).is_none())
                .collect();
            for column in added {
                let table = &self.current.tables[&name];
                let gone = table.columns.iter().find(|old| {
                    target.column(&old.name).is_none()
                        && same_type(&old.ty, &column.ty, self.dialect)
                });
                let Some(gone) = gone else { continue };
                let candidate = RenameCandidate {
                    table: Some(name.clone()),
                    dropped: gone.name.clone(),
                    added: column.name.clone(),
                };
                self.settle(candidate, decide)?;
            }
        }
        Ok(())
    }

    /// Foreign keys of the tables that stay which `to` does not have, first of all: the keys,
    /// uniques and columns they refer to may go after them.
    fn drop_outdated_keys(&mut self) -> Result<(), AutogenerateError> {
        for name in self.common_tables() {
            let table = self.current.tables[&name].clone();
            let target = &self.to.tables[&name];
            for key in &table.foreign_keys {
                if !target
                    .foreign_keys
                    .iter()
                    .any(|k| same_key(k, key, self.dialect))
                {
                    self.drop_constraint(&name, key.name.as_deref(), ConstraintKind::ForeignKey)?;
                }
            }
        }
        Ok(())
    }

    /// Indexes, unique and check constraints and primary keys of the tables that stay which
    /// `to` does not have, so that nothing they hold blocks the changes after them.
    fn drop_outdated_constraints(&mut self) -> Result<(), AutogenerateError> {
        for name in self.common_tables() {
            let table = self.current.tables[&name].clone();
            let target = &self.to.tables[&name];
            for index in &table.indexes {
                if !target.indexes.iter().any(|i| same_index(i, index)) {
                    self.push(
                        op::drop_index(&index.name).on(&name),
                        format!("dropped index `{}` of `{name}`", index.name),
                        false,
                    )?;
                }
            }
            for unique in &table.uniques {
                if !target.uniques.iter().any(|u| u.columns == unique.columns) {
                    self.drop_constraint(&name, unique.name.as_deref(), ConstraintKind::Unique)?;
                }
            }
            for check in &table.checks {
                if !target.checks.iter().any(|c| same_check(c, check)) {
                    self.drop_constraint(&name, check.name.as_deref(), ConstraintKind::Check)?;
                }
            }
            let key_columns = |table: &Table| table.primary_key.as_ref().map(|k| k.columns.clone());
            if let Some(key) = &table.primary_key
                && key_columns(&table) != key_columns(target)
            {
                self.drop_constraint(&name, key.name.as_deref(), ConstraintKind::PrimaryKey)?;
            }
        }
        Ok(())
    }

    /// New tables, each after the tables it refers to; a key to a table created later (a
    /// cycle) is added with the other keys.
    fn create_tables(&mut self) -> Result<(), AutogenerateError> {
        loop {
            let new = |table: &&Table| !self.current.tables.contains_key(&table.name);
            let ready = self.to.tables.values().filter(new).find(|table| {
                table.foreign_keys.iter().all(|key| {
                    key.referred_table == table.name
                        || self.current.tables.contains_key(&key.referred_table)
                })
            });
            let Some(table) = ready.or_else(|| self.to.tables.values().find(new)) else {
                return Ok(());
            };
            let mut create = table.clone();
            create.indexes.clear();
            create.foreign_keys.retain(|key| {
                key.referred_table == table.name
                    || self.current.tables.contains_key(&key.referred_table)
            });
            let mut op = create.create_op();
            self.mark_existing_types(&mut op.columns);
            self.push(op, format!("added table `{}`", table.name), false)?;
        }
    }

    fn add_and_alter_columns(&mut self) -> Result<(), AutogenerateError> {
        for name in self.common_tables() {
            let target = &self.to.tables[&name];
            for column in &target.columns {
                let Some(now) = self.current.tables[&name].column(&column.name).cloned() else {
                    let mut added = [column.to_column()];
                    self.mark_existing_types(&mut added);
                    let [added] = added;
                    self.push(
                        op::add_column(&name, added),
                        format!("added column `{name}.{}`", column.name),
                        false,
                    )?;
                    continue;
                };
                self.alter_column(&name, &now, column)?;
            }
        }
        Ok(())
    }

    fn alter_column(
        &mut self,
        table: &str,
        now: &ColumnState,
        to: &ColumnState,
    ) -> Result<(), AutogenerateError> {
        let mut alter = op::alter_column(table, &now.name);
        let mut what = Vec::new();
        let mut destructive = false;
        let postgres_enums = match (self.dialect, &now.ty, &to.ty) {
            (
                Dialect::Postgres,
                Type::Enum { name, values },
                Type::Enum {
                    name: other,
                    values: new,
                },
            ) => Some((name, values, other, new)),
            _ => None,
        };
        if let Some((name, values, other, new)) = postgres_enums
            && values != new
        {
            // PostgreSQL's enum type is changed in place, for every column using it.
            if name != other || !is_subsequence(values, new) {
                return Err(AutogenerateError::Unsupported(format!(
                    "the values of the enum type `{name}` (column `{table}.{}`) were removed, \
                     reordered or renamed; PostgreSQL only adds values in place: write that \
                     migration by hand (`ALTER TYPE … RENAME VALUE …`, or a new type and \
                     `op::alter_column(…).ty(…).using(…)`)",
                    now.name
                )));
            }
            self.add_enum_values(name, values, new)?;
        } else if !same_type(&now.ty, &to.ty, self.dialect) {
            // A serial column keeps its sequence: only the integer's width changes.
            alter = alter.ty(without_sequence(&to.ty));
            destructive = narrows(&now.ty, &to.ty);
            // PostgreSQL converts to another kind of type (text to integer, …) only when told
            // how; the others ignore it. A widening needs nothing.
            if destructive && let Ok(ty) = Dialect::Postgres.column_type(&to.ty) {
                let column = Dialect::Postgres.quote(&now.name);
                alter = alter.using(format!("CAST({column} AS {ty})"));
            }
            what.push(format!(
                "type {} to {}",
                self.type_text(&now.ty),
                self.type_text(&to.ty)
            ));
        }
        if now.nullable != to.nullable {
            alter = alter.nullable(to.nullable);
            what.push(match to.nullable {
                true => "now nullable".to_owned(),
                false => "now NOT NULL".to_owned(),
            });
        }
        if !same_default(now.default.as_ref(), to.default.as_ref(), self.dialect) {
            alter = match &to.default {
                Some(default) => alter.default(default.clone()),
                None => alter.drop_default(),
            };
            let shown = |default: Option<&DefaultValue>| {
                default.map_or("none".to_owned(), |d| self.dialect.default_value(d))
            };
            what.push(format!(
                "default {} to {}",
                shown(now.default.as_ref()),
                shown(to.default.as_ref())
            ));
        }
        if now.comment != to.comment {
            alter = alter.comment(to.comment.as_deref());
            what.push("comment".to_owned());
        }
        if what.is_empty() {
            return Ok(());
        }
        self.push(
            alter,
            format!("changed column `{table}.{}`: {}", now.name, what.join(", ")),
            destructive,
        )
    }

    /// `ALTER TYPE … ADD VALUE` for each value of `new` that `values` (of the PostgreSQL enum
    /// type `name`) lacks, placed before the value it precedes; the replay learns the new values
    /// for every column of the type. PostgreSQL cannot take a value out again: the migration
    /// is irreversible.
    fn add_enum_values(
        &mut self,
        name: &str,
        values: &[String],
        new: &[String],
    ) -> Result<(), AutogenerateError> {
        let dialect = Dialect::Postgres;
        let added: Vec<(usize, &String)> = new
            .iter()
            .enumerate()
            .filter(|(_, value)| !values.contains(value))
            .collect();
        let users: Vec<(String, String)> = self
            .current
            .tables
            .values()
            .flat_map(|table| {
                table.columns.iter().filter_map(|column| match &column.ty {
                    Type::Enum { name: used, .. } if used == name => {
                        Some((table.name.clone(), column.name.clone()))
                    }
                    _ => None,
                })
            })
            .collect();
        for (count, (position, value)) in added.iter().enumerate() {
            let before = new[position + 1..]
                .iter()
                .find(|next| values.contains(next));
            let mut sql = format!(
                "ALTER TYPE {} ADD VALUE {}",
                dialect.quote(name),
                dialect.literal(value)
            );
            if let Some(before) = before {
                sql.push_str(&format!(" BEFORE {}", dialect.literal(before)));
            }
            let mut execute = op::execute(sql);
            if count + 1 == added.len() {
                let ty = Type::Enum {
                    name: name.to_owned(),
                    values: new.to_vec(),
                };
                for (table, column) in &users {
                    execute =
                        execute.changes_schema(op::alter_column(table, column).ty(ty.clone()));
                }
            } else {
                execute = execute.leaves_schema();
            }
            self.push(
                execute,
                format!("added the value '{value}' to the enum type `{name}`"),
                false,
            )?;
        }
        Ok(())
    }

    /// Keys, constraints and indexes of `to` not yet in place: primary keys, unique and check
    /// constraints of every table first, then the foreign keys (which may refer to those),
    /// then the indexes.
    fn add_constraints(&mut self) -> Result<(), AutogenerateError> {
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
                if !table.indexes.iter().any(|i| same_index(i, index)) {
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

    fn drop_columns(&mut self) -> Result<(), AutogenerateError> {
        for name in self.common_tables() {
            let gone: Vec<String> = self.current.tables[&name]
                .columns
                .iter()
                .filter(|column| self.to.tables[&name].column(&column.name).is_none())
                .map(|column| column.name.clone())
                .collect();
            for column in gone {
                self.push(
                    op::drop_column(&name, &column),
                    format!("dropped column `{name}.{column}`"),
                    true,
                )?;
            }
        }
        Ok(())
    }

    /// Tables `to` does not have, each after the tables that refer to it; in a cycle, the
    /// keys of one table go first.
    fn drop_tables(&mut self) -> Result<(), AutogenerateError> {
        loop {
            let gone: BTreeSet<String> = self
                .current
                .tables
                .keys()
                .filter(|name| !self.to.tables.contains_key(*name))
                .cloned()
                .collect();
            let Some(first) = gone.first() else {
                return Ok(());
            };
            let referred = |name: &str| {
                self.current.tables.values().any(|table| {
                    table.name != name
                        && table.foreign_keys.iter().any(|k| k.referred_table == name)
                })
            };
            let free = gone.iter().find(|name| !referred(name));
            let Some(name) = free.cloned() else {
                // A cycle: the keys of one table of it go first. Every table in it refers to
                // another; should none, the first one goes as it is.
                let referring = gone.iter().find(|name| {
                    self.current.tables[*name]
                        .foreign_keys
                        .iter()
                        .any(|k| k.referred_table != **name)
                });
                let Some(table) = referring.cloned() else {
                    let first = first.clone();
                    let drop = self.drop_table_op(&first);
                    self.push(drop, format!("dropped table `{first}`"), true)?;
                    continue;
                };
                let keys = self.current.tables[&table].foreign_keys.clone();
                for key in keys.iter().filter(|k| k.referred_table != table) {
                    self.drop_constraint(&table, key.name.as_deref(), ConstraintKind::ForeignKey)?;
                }
                continue;
            };
            let drop = self.drop_table_op(&name);
            self.push(drop, format!("dropped table `{name}`"), true)?;
        }
    }

    /// `drop_table` of `name`, with the PostgreSQL enum types no other table uses.
    fn drop_table_op(&self, name: &str) -> op::DropTable {
        let enums_of = |table: &Table| -> Vec<String> {
            table
                .columns
                .iter()
                .filter_map(|column| match &column.ty {
                    Type::Enum { name, .. } => Some(name.clone()),
                    _ => None,
                })
                .collect()
        };
        let used_elsewhere: Vec<String> = self
            .current
            .tables
            .values()
            .filter(|table| table.name != name)
            .flat_map(enums_of)
            .collect();
        let mut drop = op::drop_table(name);
        if self.dialect == Dialect::Postgres {
            for enum_type in enums_of(&self.current.tables[name]) {
                if !used_elsewhere.contains(&enum_type) {
                    drop = drop.drop_enum_type(enum_type);
                }
            }
        }
        drop
    }

    fn type_text(&self, ty: &Type) -> String {
        self.dialect
            .column_type(ty)
            .unwrap_or_else(|_| format!("{ty:?}"))
    }
}

/// Whether two tables have the same columns, by name and type.
fn same_shape(a: &Table, b: &Table, dialect: Dialect) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns.iter().all(|column| {
            b.column(&column.name)
                .is_some_and(|other| same_type(&column.ty, &other.ty, dialect))
        })
}

/// Whether two types are the same column type on `dialect`: equal values, or two spellings
/// the dialect writes alike (`Type::custom("TEXT")` and `Type::Text`). Whether the database
/// numbers the column (`Serial` against `Integer`) is not compared: no database changes it in
/// place. Enum types compare by their values.
fn same_type(a: &Type, b: &Type, dialect: Dialect) -> bool {
    // An enum's name is a type of its own on PostgreSQL alone.
    if let (
        Type::Enum { name, values },
        Type::Enum {
            name: other,
            values: others,
        },
    ) = (a, b)
    {
        return values == others && (name == other || dialect != Dialect::Postgres);
    }
    let spelled = |ty: &Type| dialect.column_type(ty).ok().map(|t| t.to_ascii_lowercase());
    let alike = |a: &Type, b: &Type| {
        a == b || matches!((spelled(a), spelled(b)), (Some(a), Some(b)) if a == b)
    };
    // SQLite spells `Serial` and `BigSerial` alike (its row id), not `Integer` and `BigInt`.
    alike(a, b) || alike(&without_sequence(a), &without_sequence(b))
}

/// Whether `values` appear in `new` in the same order (others between them).
fn is_subsequence(values: &[String], new: &[String]) -> bool {
    let mut rest = new.iter();
    values.iter().all(|value| rest.any(|other| other == value))
}

/// `ty` without the database's numbering: `Serial` is `Integer`, `BigSerial` `BigInt`.
fn without_sequence(ty: &Type) -> Type {
    match ty {
        Type::Serial => Type::Integer,
        Type::BigSerial => Type::BigInt,
        other => other.clone(),
    }
}

/// Whether two defaults are the same: equal values, equal numbers, or what the dialect
/// writes alike (MySQL's `current_timestamp(6)` for `CURRENT_TIMESTAMP`).
fn same_default(a: Option<&DefaultValue>, b: Option<&DefaultValue>, dialect: Dialect) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let number = |value: &DefaultValue| match value {
                DefaultValue::Integer(i) => Some(*i as f64),
                DefaultValue::Float(f) => Some(*f),
                _ => None,
            };
            let spelled =
                |value: &DefaultValue| default_text(dialect, &dialect.default_value(value));
            a == b
                || matches!((number(a), number(b)), (Some(x), Some(y)) if x == y)
                || spelled(a) == spelled(b)
        }
        _ => false,
    }
}

fn same_key(a: &ForeignKeyState, b: &ForeignKeyState, dialect: Dialect) -> bool {
    // MySQL's RESTRICT is its NO ACTION.
    let action = |action: Option<ReferentialAction>| match action {
        None => ReferentialAction::NoAction,
        Some(ReferentialAction::Restrict) if dialect == Dialect::MySql => {
            ReferentialAction::NoAction
        }
        Some(action) => action,
    };
    a.columns == b.columns
        && a.referred_table == b.referred_table
        && a.referred_columns == b.referred_columns
        && action(a.on_delete) == action(b.on_delete)
        && action(a.on_update) == action(b.on_update)
}

fn same_check(a: &CheckState, b: &CheckState) -> bool {
    condition_text(&a.condition) == condition_text(&b.condition)
}

fn same_index(a: &IndexState, b: &IndexState) -> bool {
    let condition = |index: &IndexState| index.where_sql.as_deref().map(condition_text);
    a.columns == b.columns && a.unique == b.unique && condition(a) == condition(b)
}

fn unique_of(unique: &UniqueState) -> crate::schema::UniqueConstraint {
    crate::schema::UniqueConstraint {
        name: unique.name.clone(),
        columns: unique.columns.clone(),
    }
}

/// Whether changing a column from `from` to `to` can lose data: anything but a known
/// widening (a larger integer, a longer string, text, a wider decimal, double precision).
fn narrows(from: &Type, to: &Type) -> bool {
    use Type::*;
    let widens = match (&without_sequence(from), &without_sequence(to)) {
        (SmallInt, Integer | BigInt) | (Integer, BigInt) | (Real, Double) => true,
        (Varchar(a), Varchar(b)) | (Char(a), Varchar(b)) => b >= a,
        (Varchar(_) | Char(_), Text) => true,
        (
            Numeric {
                precision: p1,
                scale: s1,
            },
            Numeric {
                precision: p2,
                scale: s2,
            },
        ) => s2 >= s1 && p2.saturating_sub(*s2) >= p1.saturating_sub(*s1),
        (Json, Jsonb) | (Timestamp, TimestampTz) => true,
        _ => false,
    };
    !widens
}
