//! The one history walk: the steps of a route, each with its plan in its direction, and op by
//! op the schema the history has built before that op. The replay, derived downgrades,
//! offline scripts, `check` and a run's expectations of the live database all read the
//! history through it.
//!
//! ```text
//! let mut walk = migrator.walk(&start, route, dialect);
//! while let Some(visit) = walk.next() {
//!     match visit {
//!         Visit::Enter { step, before } => { /* a step begins; `before` is the schema there */ }
//!         Visit::Op { step, part, op, before } => { /* `op` runs on `before` */ }
//!     }
//! }
//! let (steps, schema_after) = walk.finish();
//! ```

use std::collections::HashMap;

use super::Migrator;
use crate::dialect::Dialect;
use crate::error::Error;
use crate::op::Op;
use crate::plan::{Irreversible, Plan, Step as Part};
use crate::state::Schema;
use migrate_graph::{Direction, Position, Step};

/// One step of a walked route: its plan in its direction and its ops as they run.
#[derive(Debug)]
pub(crate) struct Walked {
    /// Where the step is in the revision graph, and what it does to the version rows.
    pub(crate) step: Step,
    /// Its plan in its direction; a derived downgrade is derived from the schema the history
    /// built before the migration.
    pub(crate) plan: Plan,
    /// Each part of the plan: the op with its constraints named, `None` for a data step.
    pub(crate) ops: Vec<Option<Op>>,
}

/// What a walk visits next.
pub(crate) enum Visit<'w> {
    /// Step `step` of the route begins, on the schema `before` (`None` where raw SQL the
    /// replay cannot read hid it).
    Enter {
        step: usize,
        before: Option<&'w Schema>,
    },
    /// Part `part` of step `step` runs `op` (`None`: a data step) on the schema `before`.
    Op {
        step: usize,
        part: usize,
        op: Option<&'w Op>,
        before: Option<&'w Schema>,
    },
}

/// A route walked op by op. The schema where the route starts is replayed from base only
/// when a visit asks for it (a run that reads nothing from the history replays nothing).
pub(crate) struct Walk<'m> {
    migrator: &'m Migrator,
    dialect: Dialect,
    start: Vec<usize>,
    steps: Vec<Walked>,
    /// The schema where the walk is: `None` until replayed, the replay's error once an op
    /// did not fit.
    schema: Option<Result<Schema, Error>>,
    /// The next step and part to visit.
    cursor: (usize, usize),
    /// The part visited last, applied to the schema before the next visit.
    unapplied: Option<(usize, usize)>,
}

impl Migrator {
    /// The walk of `route`, which starts where the version table lists `start`.
    pub(crate) fn walk(&self, start: &[usize], route: Vec<Step>, dialect: Dialect) -> Walk<'_> {
        // Each downgrade's plan, built once: as written, or to be derived from the schema.
        let downgrades: Vec<Option<Plan>> = (route.iter())
            .map(|step| {
                (step.direction == Direction::Downgrade).then(|| self.defs[step.node].downgrade())
            })
            .collect();
        let derived: Vec<usize> = (route.iter().zip(&downgrades))
            .filter(|(_, plan)| plan.as_ref().is_some_and(derives))
            .map(|(step, _)| step.node)
            .collect();
        let (schema, mut before) = match derived.is_empty() {
            true => (None, HashMap::new()),
            false => {
                let (schema, before) = self.replay_from_base(start, &derived, dialect);
                (Some(schema), before)
            }
        };
        let steps = (route.into_iter().zip(downgrades))
            .map(|(step, downgrade)| {
                let def = self.defs[step.node];
                let plan = match (downgrade, before.remove(&step.node)) {
                    (None, _) => def.upgrade(),
                    (Some(_), Some(schema)) => {
                        (def.upgrade().named(&self.naming)).reversed_with(&schema, dialect)
                    }
                    (Some(downgrade), None) => downgrade,
                };
                let ops = self.typed_ops(&plan);
                Walked { step, plan, ops }
            })
            .collect();
        Walk {
            migrator: self,
            dialect,
            start: start.to_vec(),
            steps,
            schema,
            cursor: (0, 0),
            unapplied: None,
        }
    }

    /// The schema where the version table lists `nodes` (none: base), replayed from base.
    pub(crate) fn replay_at(&self, nodes: &[usize], dialect: Dialect) -> Result<Schema, Error> {
        self.replay_from_base(nodes, &[], dialect).0
    }

    /// The schema at `nodes`, replayed from base, and the schema before each of `derived` (for
    /// its derived downgrade; left out where the history cannot be replayed up to it).
    ///
    /// The schema before a migration is the one at its parents and dependencies. In the one
    /// replay it is the schema before the migration's first op wherever everything replayed
    /// so far is among its ancestors (any line of history); only a migration with a sibling
    /// branch replayed before it needs a replay of its own.
    fn replay_from_base(
        &self,
        nodes: &[usize],
        derived: &[usize],
        dialect: Dialect,
    ) -> (Result<Schema, Error>, HashMap<usize, Schema>) {
        let position = match nodes {
            [] => Position::Base,
            nodes => Position::At(nodes.to_vec()),
        };
        let route = self.graph.upgrade_route(&[], &position);
        let mut walk = Walk {
            migrator: self,
            dialect,
            start: Vec::new(),
            steps: (route.into_iter())
                .map(|step| {
                    let plan = self.defs[step.node].upgrade();
                    let ops = self.typed_ops(&plan);
                    Walked { step, plan, ops }
                })
                .collect(),
            schema: Some(Ok(Schema::default())),
            cursor: (0, 0),
            unapplied: None,
        };
        let nodes: Vec<usize> = walk.steps.iter().map(|walked| walked.step.node).collect();
        let mut before = HashMap::new();
        let mut own_replay = Vec::new();
        // Whether what is replayed so far is exactly the ancestors of the last migration
        // replayed: then a migration after that one alone starts on the schema at its parents.
        let mut closed = true;
        while let Some(visit) = walk.next() {
            let Visit::Enter { step, before: at } = visit else {
                continue;
            };
            let node = nodes[step];
            let parents = self.parents(node);
            let follows_the_last = match (step.checked_sub(1), parents.as_slice()) {
                (None, []) => true,
                (Some(last), [parent]) => *parent == nodes[last],
                _ => false,
            };
            let on_parents = match (closed && follows_the_last, derived.contains(&node)) {
                (true, _) => true,
                (false, true) => {
                    let ancestors = self.graph.ancestors(&parents);
                    ancestors.iter().filter(|&&a| a).count() == step
                }
                (false, false) => false,
            };
            closed = on_parents;
            match (derived.contains(&node), on_parents, at) {
                (true, true, Some(schema)) => {
                    before.insert(node, schema.clone());
                }
                (true, false, _) => own_replay.push((node, parents)),
                _ => {}
            }
        }
        for (node, parents) in own_replay {
            if let Ok(schema) = self.replay_at(&parents, dialect) {
                before.insert(node, schema);
            }
        }
        let (_, schema) = walk.finish();
        (schema, before)
    }

    /// The revisions `node` is applied after: its parents and dependencies.
    fn parents(&self, node: usize) -> Vec<usize> {
        let def = self.defs[node];
        (def.down().iter().chain(def.depends_on()))
            .filter_map(|revision| self.graph.find(revision).ok())
            .collect()
    }

    /// The ops of `plan` as they run (constraints named), `None` for each data step.
    fn typed_ops(&self, plan: &Plan) -> Vec<Option<Op>> {
        plan.steps()
            .iter()
            .map(|part| match part {
                Part::Op(op) => Some(op.named(&self.naming).into_owned()),
                Part::Data(_) => None,
            })
            .collect()
    }
}

impl Walk<'_> {
    /// The route's steps, with their plans.
    pub(crate) fn steps(&self) -> &[Walked] {
        &self.steps
    }

    /// The next step entered or op run, with the schema before it.
    pub(crate) fn next(&mut self) -> Option<Visit<'_>> {
        if let Some((step, part)) = self.unapplied.take() {
            self.apply(step, part);
        }
        let (step, part) = self.cursor;
        let parts = self.steps.get(step)?.ops.len();
        if part > parts {
            self.cursor = (step + 1, 0);
            return self.next();
        }
        self.ensure_replayed();
        self.cursor = (step, part + 1);
        self.unapplied = part.checked_sub(1).map(|op| (step, op));
        let before = self.known();
        Some(match part {
            0 => Visit::Enter { step, before },
            part => Visit::Op {
                step,
                part: part - 1,
                op: self.steps[step].ops[part - 1].as_ref(),
                before,
            },
        })
    }

    /// The steps, and the schema after the last (the replay's error where an op did not fit).
    pub(crate) fn finish(mut self) -> (Vec<Walked>, Result<Schema, Error>) {
        while self.next().is_some() {}
        self.ensure_replayed();
        let schema = self.schema.take().unwrap_or_else(|| Ok(Schema::default()));
        (self.steps, schema)
    }

    /// The schema where the walk is, when known.
    fn known(&self) -> Option<&Schema> {
        self.schema.as_ref().and_then(|schema| schema.as_ref().ok())
    }

    /// Replay the schema where the route starts, on first use.
    fn ensure_replayed(&mut self) {
        if self.schema.is_none() {
            let start = self.migrator.replay_at(&self.start, self.dialect);
            self.schema = Some(start);
        }
    }

    /// Follow part `part` of step `step` on the schema.
    fn apply(&mut self, step: usize, part: usize) {
        let Some(Ok(schema)) = &mut self.schema else {
            return;
        };
        let Some(op) = &self.steps[step].ops[part] else {
            return;
        };
        if let Err(cause) = schema.apply_for(op, self.dialect) {
            let revision = self.migrator.defs[self.steps[step].step.node].revision();
            self.schema = Some(Err(Error::Replay {
                revision: revision.to_owned(),
                op: op.to_string(),
                cause,
            }));
        }
    }
}

/// Whether `downgrade` is to be derived from the schema before its migration (its upgrade's
/// ops alone cannot say what a drop or a change in place undoes).
fn derives(downgrade: &Plan) -> bool {
    matches!(downgrade.irreversible(), Some(Irreversible::Op(_)))
}
