//! The history's head as a schema, without a database, and what the models change against it:
//! what autogenerate writes and what `check` reports.

use super::Migrator;
use crate::autogenerate::{self, AutogenerateError, Change, RenameDecider, Renames};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::model::Models;
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
        Ok(autogenerate::changes(
            &history, &declared, &renames, dialect, decide,
        )?)
    }
}
