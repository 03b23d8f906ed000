//! The route from the database's position to a target: which migrations run, in which
//! direction and order, and how each one changes the version table's rows.

use std::fmt;

use crate::graph::RevisionGraph;
use crate::target::{Position, TargetError};

/// Which way a migration runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Forward, running `upgrade`.
    Upgrade,
    /// Backward, running `downgrade`.
    Downgrade,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Upgrade => "upgrade",
            Direction::Downgrade => "downgrade",
        })
    }
}

/// The rows a step removes from and adds to the version table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct VersionChange {
    pub(crate) delete: Vec<&'static str>,
    pub(crate) insert: Vec<&'static str>,
}

/// One migration to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) node: usize,
    pub(crate) direction: Direction,
    pub(crate) version_change: VersionChange,
}

impl RevisionGraph {
    /// Upgrade from the version rows `current` until `to` and all it follows are applied.
    pub(crate) fn upgrade_route(&self, current: &[usize], to: &Position) -> Vec<Step> {
        let Position::At(targets) = to else {
            return Vec::new();
        };
        let applied = self.ancestors(current);
        let wanted = self.ancestors(targets);
        let mut rows = current.to_vec();
        let pending = self.order().iter().copied();
        pending
            .filter(|&node| wanted[node] && !applied[node])
            .map(|node| {
                let parents = &self.node(node).parents;
                let delete: Vec<usize> = rows
                    .iter()
                    .copied()
                    .filter(|r| parents.contains(r))
                    .collect();
                rows.retain(|r| !delete.contains(r));
                rows.push(node);
                Step {
                    node,
                    direction: Direction::Upgrade,
                    version_change: self.change(&delete, &[node]),
                }
            })
            .collect()
    }

    /// Downgrade from the version rows `current`, reverting everything applied after `to`.
    pub(crate) fn downgrade_route(
        &self,
        current: &[usize],
        to: &Position,
    ) -> Result<Vec<Step>, TargetError> {
        let applied = self.ancestors(current);
        let keep = match to {
            Position::Base => vec![false; self.len()],
            Position::At(targets) => {
                if let Some(&missing) = targets.iter().find(|&&t| !applied[t]) {
                    return Err(TargetError::NotApplied(self.revision(missing).to_owned()));
                }
                let after = self.descendants(targets);
                (0..self.len())
                    .map(|i| !after[i] || targets.contains(&i))
                    .collect()
            }
        };
        let mut rows = current.to_vec();
        let reverted = self.order().iter().rev().copied();
        Ok(reverted
            .filter(|&node| applied[node] && !keep[node])
            .map(|node| {
                rows.retain(|&r| r != node);
                let still_applied = self.ancestors(&rows);
                let parents = self.node(node).parents.iter().copied();
                let exposed: Vec<usize> = parents.filter(|&p| !still_applied[p]).collect();
                rows.extend(&exposed);
                Step {
                    node,
                    direction: Direction::Downgrade,
                    version_change: self.change(&[node], &exposed),
                }
            })
            .collect())
    }

    fn change(&self, delete: &[usize], insert: &[usize]) -> VersionChange {
        VersionChange {
            delete: delete.iter().map(|&i| self.revision(i)).collect(),
            insert: insert.iter().map(|&i| self.revision(i)).collect(),
        }
    }
}
