//! The models against the history: what autogenerate writes and what `check` reports.

use super::Migrator;
use crate::autogenerate::{self, AutogenerateError, Change, RenameDecider, Renames};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::model::Models;
use crate::registry::Migrations;
use crate::state::Schema;

impl Migrations {
    /// The changes that bring the schema at the head of these migrations (an empty one when
    /// there are none yet) to the schema `models` declare, compared as `dialect` reads them,
    /// without a database. `decide` says whether a dropped and an added table or column of
    /// the same shape that no `renamed_from` mentions are a rename (see
    /// [`autogenerate::changes`]). Empty when the models match the history.
    pub fn model_changes(
        &self,
        models: &Models,
        dialect: Dialect,
        decide: &mut RenameDecider<'_>,
    ) -> Result<Vec<Change>, Error> {
        if self.defs().is_empty() {
            let declared = models
                .schema(self.naming_convention(), dialect)
                .map_err(AutogenerateError::from)?;
            let renames = Renames::of(models);
            return Ok(autogenerate::changes(
                &Schema::default(),
                &declared,
                &renames,
                dialect,
                decide,
            )?);
        }
        Migrator::offline(self, dialect)?.model_changes(models, decide)
    }
}

impl Migrator {
    /// [`Migrations::model_changes`] for this migrator's history and database.
    pub fn model_changes(
        &self,
        models: &Models,
        decide: &mut RenameDecider<'_>,
    ) -> Result<Vec<Change>, Error> {
        let heads = self.graph.heads();
        if heads.len() > 1 {
            let heads = heads
                .iter()
                .map(|&node| self.graph.revision(node).to_string())
                .collect();
            return Err(AutogenerateError::SeveralHeads(heads).into());
        }
        let history = self.replay_at(&heads)?;
        let declared = models
            .schema(&self.naming, self.dialect())
            .map_err(AutogenerateError::from)?;
        let renames = Renames::of(models);
        Ok(autogenerate::changes(
            &history,
            &declared,
            &renames,
            self.dialect(),
            decide,
        )?)
    }
}
