//! The history's head as a schema, without a database, and what the models change against it:
//! what autogenerate writes and what `check` reports.

use std::collections::HashMap;

use super::Migrator;
use crate::autogenerate::{self, AutogenerateError, Change, RenameDecider, Renames};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::model::Models;
use crate::op::Op;
use crate::registry::Migrations;
use crate::state::Schema;

impl Migrations {
    /// The schema at the head of these migrations, replayed as `dialect` reads it; empty when
    /// there are none yet. Several heads are an error: a new migration follows one.
    pub fn head_schema(&self, dialect: Dialect) -> Result<Schema, Error> {
        if self.defs().is_empty() {
            return Ok(Schema::default());
        }
        let migrator = Migrator::offline(self, dialect)?;
        let heads = migrator.graph.heads();
        if heads.len() > 1 {
            let heads = heads
                .iter()
                .map(|&node| migrator.graph.revision(node).to_string())
                .collect();
            return Err(AutogenerateError::SeveralHeads(heads).into());
        }
        migrator.replay_at(&heads, dialect)
    }

    /// The changes that bring the schema at the head of these migrations to the schema
    /// `models` declare, compared as `dialect` reads them, without a database. `decide` says
    /// whether a dropped and an added table or column of the same shape that no
    /// `renamed_from` mentions are a rename (see [`autogenerate::changes`]). Empty when the
    /// models match the history.
    pub fn model_changes(
        &self,
        models: &Models,
        dialect: Dialect,
        decide: &mut RenameDecider<'_>,
    ) -> Result<Vec<Change>, Error> {
        let declared = models
            .schema(self.naming_convention(), dialect)
            .map_err(AutogenerateError::from)?;
        let declared = declared.filtered(self.table_filter());
        let history = self.head_schema(dialect)?.filtered(self.table_filter());
        let renames = Renames::of(models);
        let mut changes = autogenerate::changes(&history, &declared, &renames, dialect, decide)?;
        self.for_their_databases(models, dialect, &mut changes)?;
        Ok(changes)
    }

    /// An index the models declare for some databases only (`.only_on(…)`) is made there
    /// only: its `create_index` among `changes` (compared as `dialect`) says so, and where
    /// `dialect` is not among them, the history is read as one of them for whether it is made
    /// already. An index dropped is dropped where the history made it.
    fn for_their_databases(
        &self,
        models: &Models,
        dialect: Dialect,
        changes: &mut Vec<Change>,
    ) -> Result<(), Error> {
        // The head as each other database reads it, replayed once.
        let mut heads: HashMap<Dialect, Option<Schema>> = HashMap::new();
        for table in models.tables() {
            for (create, only) in table.indexes_only_on() {
                let databases: Vec<&str> = only.databases.iter().map(|d| d.name()).collect();
                let only_there = format!(" ({} only)", databases.join(", "));
                let made_here = changes.iter_mut().find(|change| {
                    matches!(&change.op, Op::CreateIndex(made) if made.name == create.name)
                });
                if let Some(change) = made_here {
                    change.op = only.wrap(change.op.clone());
                    change.summary.push_str(&only_there);
                    continue;
                }
                let Some(&there) = only.databases.first() else {
                    continue;
                };
                if only.databases.contains(&dialect) || !self.table_filter().admits(&create.table) {
                    continue;
                }
                let made = match self.head_on(&mut heads, there) {
                    Some(history) => has_index(history, Some(&create.table), &create.name),
                    // The error of a history that database cannot replay.
                    None => has_index(&self.head_schema(there)?, Some(&create.table), &create.name),
                };
                if !made {
                    changes.push(Change {
                        op: only.wrap(create.clone()),
                        summary: format!(
                            "added index `{}` on `{}`{only_there}",
                            create.name, create.table
                        ),
                        destructive: false,
                    });
                }
            }
        }
        let declared = match self.databases() {
            [] => &[Dialect::Postgres, Dialect::MySql, Dialect::Sqlite][..],
            declared => declared,
        };
        for change in changes.iter_mut() {
            let Op::DropIndex(drop) = &change.op else {
                continue;
            };
            let mut made_on = Vec::new();
            for &database in declared {
                // A history this database cannot replay: the drop is left as written.
                let made = (self.head_on(&mut heads, database))
                    .is_none_or(|history| has_index(history, None, &drop.name));
                if made {
                    made_on.push(database);
                }
            }
            if made_on.len() < declared.len() && !made_on.is_empty() {
                change.op = crate::op::ForDatabases::only_on(change.op.clone(), made_on);
            }
        }
        Ok(())
    }

    /// The head as `database` reads it, replayed the first time it is asked for; `None` when
    /// the history cannot be replayed there.
    fn head_on<'h>(
        &self,
        heads: &'h mut HashMap<Dialect, Option<Schema>>,
        database: Dialect,
    ) -> Option<&'h Schema> {
        (heads.entry(database))
            .or_insert_with(|| self.head_schema(database).ok())
            .as_ref()
    }
}

/// Whether `table` (any table, for `None`) of `schema` has the index `name`.
fn has_index(schema: &Schema, table: Option<&str>, name: &str) -> bool {
    (schema.tables.values())
        .filter(|candidate| table.is_none_or(|table| candidate.name == table))
        .any(|candidate| candidate.indexes.iter().any(|index| index.name == name))
}
