//! Table comments; tables created (each after the tables it refers to) and dropped (each after the tables that
//! refer to it; a cycle loses one table's keys first), with their PostgreSQL enum types.

use std::collections::BTreeSet;

use super::{AutogenerateError, Differ};
use crate::dialect::Dialect;
use crate::op;
use crate::schema::{ConstraintKind, Type};
use crate::state::Table;

impl Differ<'_> {
    /// Table comments set, changed or taken away.
    pub(super) fn comment_tables(&mut self) -> Result<(), AutogenerateError> {
        for name in self.common_tables() {
            let wanted = self.to.tables[&name].comment.clone();
            if self.current.tables[&name].comment == wanted {
                continue;
            }
            let summary = match &wanted {
                Some(_) => format!("comment of table `{name}` set"),
                None => format!("comment of table `{name}` taken away"),
            };
            self.push(
                op::comment_on_table(&name, wanted.as_deref()),
                summary,
                false,
            )?;
        }
        Ok(())
    }

    /// New tables, each after the tables it refers to; a key to a table created later (a
    /// cycle) is added with the other keys.
    pub(super) fn create_tables(&mut self) -> Result<(), AutogenerateError> {
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

    /// Tables `to` does not have, each after the tables that refer to it; in a cycle, the
    /// keys of one table go first.
    pub(super) fn drop_tables(&mut self) -> Result<(), AutogenerateError> {
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
                    self.drop_constraint(
                        &table,
                        key.name.as_deref(),
                        ConstraintKind::ForeignKey,
                        &key.columns,
                        None,
                    )?;
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
}
