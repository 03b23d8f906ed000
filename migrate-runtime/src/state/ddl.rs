//! A schema as DDL: the ops that create it from nothing, rendered by a dialect.

use super::{Schema, Table};
use crate::backend::RenderError;
use crate::dialect::Dialect;
use crate::op::{self, Op};
use crate::schema::{CheckConstraint, UniqueConstraint};

impl Schema {
    /// The ops that create this schema in an empty database: its extensions and sequences
    /// (which tables may use), each table (a table before the tables whose foreign keys refer
    /// to it), then its indexes; then its views, triggers, routines, and the indexes and
    /// constraints held whole, each by its statement.
    pub fn creation_ops(&self) -> Vec<Op> {
        let (before, after): (Vec<_>, Vec<_>) =
            (self.objects.iter()).partition(|object| object.kind.comes_before_tables());
        let made = |object: &super::DatabaseObject| op::execute(object.definition.clone()).into();
        let tables = self.tables_in_creation_order().into_iter();
        (before.into_iter().map(made))
            .chain(tables.flat_map(Table::creation_ops))
            .chain(after.into_iter().map(made))
            .collect()
    }

    /// The ops that make `table` again with what goes with it: the table, its indexes, then
    /// its triggers (each by its statement).
    pub(crate) fn table_creation_ops(&self, table: &Table) -> Vec<Op> {
        let mut ops = table.creation_ops();
        let triggers = (self.objects.iter())
            .filter(|object| object.table.as_deref() == Some(table.name.as_str()));
        ops.extend(triggers.map(|trigger| op::execute(trigger.definition.clone()).into()));
        ops
    }

    /// The schema as a script of `dialect`: one statement a line group, each ending in `;`.
    pub fn to_sql(&self, dialect: Dialect) -> Result<String, RenderError> {
        let mut script = String::new();
        for op in self.creation_ops() {
            for statement in dialect.render(&op)? {
                if let Some(sql) = statement.offline_sql() {
                    script.push_str(&sql);
                    script.push_str(";\n\n");
                }
            }
        }
        Ok(script)
    }

    /// The tables, each after the tables it refers to (a cycle is broken by name order).
    fn tables_in_creation_order(&self) -> Vec<&Table> {
        let mut ordered: Vec<&Table> = Vec::new();
        let mut placed = std::collections::BTreeSet::new();
        while ordered.len() < self.tables.len() {
            let ready = self.tables.values().find(|table| {
                !placed.contains(&table.name)
                    && table.foreign_keys.iter().all(|key| {
                        key.referred_table == table.name
                            || placed.contains(&key.referred_table)
                            || !self.tables.contains_key(&key.referred_table)
                    })
            });
            let next = ready.or_else(|| {
                self.tables
                    .values()
                    .find(|table| !placed.contains(&table.name))
            });
            let Some(next) = next else { break };
            placed.insert(next.name.clone());
            ordered.push(next);
        }
        ordered
    }
}

impl Table {
    /// The ops that create this table: `create_table`, then its indexes.
    pub fn creation_ops(&self) -> Vec<Op> {
        let mut ops = vec![self.create_op().into()];
        ops.extend(
            self.indexes
                .iter()
                .map(|index| index.creation_op(&self.name)),
        );
        ops
    }
}

impl Table {
    /// `create_table` for this table, every constraint named as it is.
    pub(crate) fn create_op(&self) -> op::CreateTable {
        let table = self;
        let mut create = op::create_table(&table.name);
        for state in &table.columns {
            create = create.column(state.to_column());
        }
        if let Some(key) = &table.primary_key {
            create = create.primary_key(key.columns.clone());
            create.primary_key_name = key.name.clone();
        }
        for unique in &table.uniques {
            create = create.unique(UniqueConstraint {
                name: unique.name.clone(),
                columns: unique.columns.clone(),
            });
        }
        for key in &table.foreign_keys {
            create = create.foreign_key(key.to_key());
        }
        for check in &table.checks {
            create = create.check(CheckConstraint {
                name: check.name.clone(),
                condition: check.condition.clone(),
            });
        }
        if let Some(comment) = &table.comment {
            create = create.comment(comment);
        }
        create
    }
}
