//! Migrations as SQL without a database: `upgrade --sql`, `downgrade --sql` and `show`.

use super::offline::{self, SqlScript};
use super::{Migrator, parse_target};
use crate::backend::script;
use crate::dialect::Dialect;
use crate::error::Error;
use migrate_graph::{Direction, Position, Revision, Step, TargetError};

impl Migrator {
    /// The SQL of an upgrade over `range` (`TO`, from base, or `FROM:TO`) for `dialect`,
    /// without a database.
    pub fn upgrade_sql(&self, range: &str, dialect: Dialect) -> Result<SqlScript, Error> {
        let (from, to) = match range.split_once(':') {
            Some((from, to)) => (Some(from), to),
            None => (None, range),
        };
        let to = parse_target(to, Direction::Upgrade)?;
        let start = self.start_of_range(from)?;
        let position = self.graph.resolve_upgrade(&to, &start)?;
        let route = self.graph.upgrade_route(&start, &position);
        let create = start
            .is_empty()
            .then(|| dialect.create_version_table(&self.version_table));
        self.script(route, dialect, create, &start)
    }

    /// The SQL of a downgrade over `range` (`FROM:TO`) for `dialect`, without a database.
    pub fn downgrade_sql(&self, range: &str, dialect: Dialect) -> Result<SqlScript, Error> {
        let Some((from, to)) = range.split_once(':') else {
            return Err(TargetError::NeedsRange(range.to_owned()).into());
        };
        let to = parse_target(to, Direction::Downgrade)?;
        let start = self.start_of_range(Some(from))?;
        let position = self.graph.resolve_downgrade(&to, &start)?;
        let route = self.graph.downgrade_route(&start, &position)?;
        self.script(route, dialect, None, &start)
    }

    /// The schema the history builds up to `target` (`head` for the head), replayed from the
    /// typed ops without a database. Unnamed constraints carry the names the naming convention
    /// gives them; data steps and row changes leave the schema alone.
    pub fn schema(&self, target: &str) -> Result<crate::state::Schema, Error> {
        let to = parse_target(target, Direction::Upgrade)?;
        match self.graph.resolve(&to, &[])? {
            Position::At(nodes) => self.replay_at(&nodes, self.dialect()),
            Position::Base | Position::Without(_) => self.replay_at(&[], self.dialect()),
        }
    }

    /// The version rows a range starts from: none for base or no `FROM`.
    fn start_of_range(&self, from: Option<&str>) -> Result<Vec<usize>, Error> {
        let Some(from) = from else {
            return Ok(Vec::new());
        };
        match self.graph.resolve(&from.parse()?, &[])? {
            Position::Base | Position::Without(_) => Ok(Vec::new()),
            Position::At(nodes) => Ok(nodes),
        }
    }

    /// The script of `route`, which starts where the version table lists `start`.
    fn script(
        &self,
        route: Vec<Step>,
        dialect: Dialect,
        create_version_table: Option<String>,
        start: &[usize],
    ) -> Result<SqlScript, Error> {
        let mut walk = self.walk(start, route, dialect);
        let prepared = (walk.steps().iter())
            .map(|walked| self.prepare(walked, dialect, &[]))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(offline::script(
            dialect,
            create_version_table,
            &prepared,
            &mut walk,
        ))
    }

    /// One migration as its header and the SQL of its upgrade and downgrade, for `dialect`.
    pub fn show(
        &self,
        revision: &str,
        dialect: Dialect,
    ) -> Result<(Revision, SqlScript, SqlScript), Error> {
        let node = self.graph.find(revision)?;
        let step = |direction| Step {
            node,
            direction,
            version_change: Default::default(),
            rows_before: Vec::new(),
        };
        let parents: Vec<usize> = (self.defs[node].down().iter())
            .filter_map(|parent| self.graph.find(parent).ok())
            .collect();
        let upgrade = self.script(vec![step(Direction::Upgrade)], dialect, None, &parents)?;
        let downgrade = match self.script(vec![step(Direction::Downgrade)], dialect, None, &[node])
        {
            Err(Error::Irreversible { reason, .. }) => SqlScript {
                text: script::comment(&format!("no downgrade: {reason}")),
                unrendered: Vec::new(),
            },
            other => other?,
        };
        Ok((self.graph.describe(node), upgrade, downgrade))
    }
}
