//! Migrations as SQL without a database: `upgrade --sql`, `downgrade --sql` and `show`.

use super::{Migrator, parse_target};
use crate::backend::script;
use crate::dialect::Dialect;
use crate::error::Error;
use crate::offline::{self, SqlScript};
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
        let position = self.graph.resolve(&to, &[])?;
        self.replay_to(&position, self.dialect())
    }

    /// The schema at `position`, replayed from base.
    pub(super) fn replay_to(
        &self,
        position: &Position,
        dialect: Dialect,
    ) -> Result<crate::state::Schema, Error> {
        let mut schema = crate::state::Schema::default();
        for step in self.graph.upgrade_route(&[], position) {
            let def = self.defs[step.node];
            let plan = self.plan_of(step.node, step.direction, dialect);
            for part in plan.steps() {
                let crate::plan::Step::Op(op) = part else {
                    continue;
                };
                let op = op.named(&self.naming);
                schema
                    .apply_for(&op, dialect)
                    .map_err(|cause| Error::Replay {
                        revision: def.revision().to_owned(),
                        op: op.to_string(),
                        cause,
                    })?;
            }
        }
        Ok(schema)
    }

    /// The schema where the version table lists `nodes` (none: base).
    pub(super) fn replay_at(
        &self,
        nodes: &[usize],
        dialect: Dialect,
    ) -> Result<crate::state::Schema, Error> {
        match nodes {
            [] => self.replay_to(&Position::Base, dialect),
            nodes => self.replay_to(&Position::At(nodes.to_vec()), dialect),
        }
    }

    /// The plan of migration `node` in `direction`. A derived downgrade that the ops alone
    /// cannot give (a drop, a column changed in place) is derived from the schema the history
    /// built before the migration; a written or declared one is as written.
    pub(super) fn plan_of(
        &self,
        node: usize,
        direction: Direction,
        dialect: Dialect,
    ) -> crate::plan::Plan {
        let def = self.defs[node];
        let plan = match direction {
            Direction::Upgrade => return def.upgrade(),
            Direction::Downgrade => def.downgrade(),
        };
        if !matches!(plan.irreversible(), Some(crate::plan::Irreversible::Op(_))) {
            return plan;
        }
        let before: Vec<usize> = (def.down().iter().chain(def.depends_on()))
            .filter_map(|revision| self.graph.find(revision).ok())
            .collect();
        match self.replay_at(&before, dialect) {
            Ok(schema) => def
                .upgrade()
                .named(&self.naming)
                .reversed_with(&schema, dialect),
            Err(_) => plan,
        }
    }

    /// The ops of `plan` as they run (constraints named), `None` for each data step.
    pub(super) fn typed_ops(&self, plan: &crate::plan::Plan) -> Vec<Option<crate::op::Op>> {
        plan.steps()
            .iter()
            .map(|step| match step {
                crate::plan::Step::Op(op) => Some(op.named(&self.naming).into_owned()),
                crate::plan::Step::Data(_) => None,
            })
            .collect()
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
        let mut typed = Vec::with_capacity(route.len());
        let mut prepared = Vec::with_capacity(route.len());
        for step in route {
            let plan = self.plan_of(step.node, step.direction, dialect);
            typed.push(self.typed_ops(&plan));
            prepared.push(self.prepare(step, plan, dialect, &[])?);
        }
        // Where the history cannot be replayed, the statements that need a definition stay
        // comments, as without a schema.
        let schema = self.replay_at(start, dialect).ok();
        Ok(offline::script(
            dialect,
            create_version_table,
            &prepared,
            &typed,
            schema,
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
