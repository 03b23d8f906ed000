//! The route from the database's position to a target: which migrations run, in which
//! direction and order, and how each one changes the version table's rows.

use std::fmt;

use crate::graph::RevisionGraph;
use crate::resolve::Position;
use crate::revision::RevisionId;
use crate::target::TargetError;

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
pub struct VersionChange {
    /// Rows removed.
    pub delete: Vec<RevisionId>,
    /// Rows added.
    pub insert: Vec<RevisionId>,
}

impl VersionChange {
    /// Apply the change to the version rows `rows`.
    pub fn apply_to(&self, rows: &mut Vec<RevisionId>) {
        rows.retain(|row| !self.delete.contains(row));
        rows.extend(self.insert.iter().cloned());
    }
}

/// One migration to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The migration's node.
    pub node: usize,
    /// Which way it runs.
    pub direction: Direction,
    /// How it changes the version table.
    pub version_change: VersionChange,
    /// The version rows the step expects to find: another runner may have moved them.
    pub rows_before: Vec<RevisionId>,
}

impl RevisionGraph {
    /// Upgrade from the version rows `current` until `to` and all it follows are applied.
    pub fn upgrade_route(&self, current: &[usize], to: &Position) -> Vec<Step> {
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
                // A parent or a dependency stops being a head once this revision is applied.
                let covered = self.before(node);
                let delete: Vec<usize> = rows
                    .iter()
                    .copied()
                    .filter(|r| covered.contains(r))
                    .collect();
                let rows_before = self.names(&rows);
                rows.retain(|r| !delete.contains(r));
                rows.push(node);
                Step {
                    node,
                    direction: Direction::Upgrade,
                    version_change: self.change(&delete, &[node]),
                    rows_before,
                }
            })
            .collect()
    }

    /// Downgrade from the version rows `current`, reverting everything applied after `to`.
    pub fn downgrade_route(
        &self,
        current: &[usize],
        to: &Position,
    ) -> Result<Vec<Step>, TargetError> {
        let applied = self.ancestors(current);
        let keep = match to {
            Position::Base => vec![false; self.len()],
            Position::Without(branch) => {
                let reverted = self.descendants(branch);
                reverted.into_iter().map(|r| !r).collect()
            }
            Position::At(targets) => {
                if let Some(&missing) = targets.iter().find(|&&t| !applied[t]) {
                    return Err(TargetError::NotApplied(self.revision(missing).to_string()));
                }
                // What follows a target through `down` edges goes, with all that depends on
                // it; a revision that only depends on a target stays, as the target does.
                let children: Vec<usize> = targets
                    .iter()
                    .flat_map(|&t| self.node(t).children.iter().copied())
                    .collect();
                let after = self.descendants(&children);
                (0..self.len())
                    .map(|i| !after[i] || targets.contains(&i))
                    .collect()
            }
        };
        if let Position::At(targets) = to
            && let Some(&target) = targets.iter().find(|t| !current.contains(t))
            && !(0..self.len()).any(|i| applied[i] && !keep[i])
        {
            // Applied only because a current revision depends on it: Alembic's "Nothing to drop".
            return Err(TargetError::OnlyADependency {
                target: self.revision(target).to_string(),
                current: current
                    .iter()
                    .map(|&c| self.revision(c).to_string())
                    .collect(),
            });
        }
        let mut rows = current.to_vec();
        let reverted = self.order().iter().rev().copied();
        Ok(reverted
            .filter(|&node| applied[node] && !keep[node])
            .map(|node| {
                let rows_before = self.names(&rows);
                rows.retain(|&r| r != node);
                let exposed = self.exposed_by_revert(node, &rows);
                rows.extend(&exposed);
                Step {
                    node,
                    direction: Direction::Downgrade,
                    version_change: self.change(&[node], &exposed),
                    rows_before,
                }
            })
            .collect())
    }

    /// The rows that replace `node`'s when it is reverted, the other rows being `others`, as
    /// Alembic's version table keeps them: what it came after (its parents and the
    /// dependencies its ancestors do not already have) that no other row needs. With no
    /// other row, one of those that another of them needs is left out too; with others, it
    /// stays (a merge of a revision with its own ancestor gives both rows back).
    fn exposed_by_revert(&self, node: usize, others: &[usize]) -> Vec<usize> {
        let after = self.normalized_before(node);
        let needed: Vec<bool> = match others {
            // One revision before it: nothing else to need it.
            [] if after.len() < 2 => vec![false; self.len()],
            [] => {
                let mut needed = vec![false; self.len()];
                for &d in &after {
                    let below = self.ancestors(&[d]);
                    for (i, &b) in below.iter().enumerate() {
                        needed[i] |= b && i != d;
                    }
                }
                needed
            }
            others => self.ancestors(others),
        };
        let mut exposed: Vec<usize> = after.into_iter().filter(|&d| !needed[d]).collect();
        exposed.retain(|d| !others.contains(d));
        exposed
    }

    /// `node`'s parents, and its dependencies that none of its ancestors through `down`
    /// edges depends on already (Alembic's normalized down revisions).
    fn normalized_before(&self, node: usize) -> Vec<usize> {
        let own = self.node(node);
        if own.dependencies.is_empty() {
            return own.parents.clone();
        }
        let line = self.lineage(&[node]);
        let inherited = |d: usize| {
            (0..self.len()).any(|a| a != node && line[a] && self.node(a).dependencies.contains(&d))
        };
        let mut before = own.parents.clone();
        before.extend(own.dependencies.iter().copied().filter(|&d| !inherited(d)));
        before
    }

    /// The version rows after stamping `to` over the rows `current`: rows unrelated to the
    /// target stay, the target's revisions replace the rest.
    pub fn stamped_rows(&self, current: &[usize], to: &Position) -> Vec<usize> {
        match to {
            Position::Base => Vec::new(),
            Position::Without(nodes) => {
                let reverted = self.descendants(nodes);
                let applied = self.ancestors(current);
                let kept: Vec<usize> = (0..self.len())
                    .filter(|&i| applied[i] && !reverted[i])
                    .collect();
                self.heads_of(&kept)
            }
            Position::At(targets) => {
                let below_target = self.ancestors(targets);
                let above_target = self.descendants(targets);
                let unrelated = current.iter().copied();
                let mut rows: Vec<usize> = unrelated
                    .filter(|&r| !below_target[r] && !above_target[r])
                    .collect();
                rows.extend(targets);
                self.heads_of(&rows)
            }
        }
    }

    /// The version rows that another row follows (it needs them applied): a version table
    /// lists only heads, so such a row is stale, unless a revert left it so, as Alembic's do.
    pub fn stale_rows(&self, rows: &[usize]) -> Vec<usize> {
        let heads = self.heads_of(rows);
        rows.iter()
            .copied()
            .filter(|&r| !heads.contains(&r) && !self.left_by_revert(r, rows))
            .collect()
    }

    /// Whether `row` is what a revision not applied came after (a parent or a dependency):
    /// reverting a revision gives back every row it came after that no other row needs at
    /// that moment, so one may stay beside a row that needs it (`down = [a, b]` where `b`
    /// follows `a`, a parent and a dependency alike). Rows that only edits make have every
    /// revision after them applied.
    fn left_by_revert(&self, row: usize, rows: &[usize]) -> bool {
        let applied = self.ancestors(rows);
        let node = self.node(row);
        node.children
            .iter()
            .chain(&node.dependents)
            .any(|&after| !applied[after])
    }

    /// The members of `set` that no other member follows: what the version table lists.
    pub(crate) fn heads_of(&self, set: &[usize]) -> Vec<usize> {
        let mut heads: Vec<usize> = set
            .iter()
            .copied()
            .filter(|&x| {
                let others: Vec<usize> = set.iter().copied().filter(|&y| y != x).collect();
                !self.ancestors(&others)[x]
            })
            .collect();
        heads.sort_unstable();
        heads.dedup();
        heads
    }

    /// What must be applied before `node`: its parents, then its dependencies.
    pub(crate) fn before(&self, node: usize) -> Vec<usize> {
        let node = self.node(node);
        node.parents
            .iter()
            .chain(&node.dependencies)
            .copied()
            .collect()
    }

    /// The revision ids of `rows`, sorted.
    pub fn names(&self, rows: &[usize]) -> Vec<RevisionId> {
        let mut names: Vec<RevisionId> = rows.iter().map(|&r| self.revision(r)).collect();
        names.sort_unstable();
        names
    }

    fn change(&self, delete: &[usize], insert: &[usize]) -> VersionChange {
        VersionChange {
            delete: delete.iter().map(|&i| self.revision(i)).collect(),
            insert: insert.iter().map(|&i| self.revision(i)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::tests::{full_graph, graph};
    use crate::resolve::Position;
    use crate::target::Target;

    fn texts(ids: &[crate::RevisionId]) -> Vec<&'static str> {
        ids.iter().map(|id| id.as_str()).collect()
    }

    fn revisions(g: &crate::graph::RevisionGraph, nodes: &[usize]) -> Vec<crate::RevisionId> {
        nodes.iter().map(|&i| g.revision(i)).collect()
    }

    #[test]
    fn a_linear_upgrade_replaces_the_single_row_step_by_step() {
        let g = graph(&[("a", &[]), ("b", &["a"]), ("c", &["b"])]).unwrap();
        let a = g.index_of("a").unwrap();
        let route = g.upgrade_route(&[a], &g.resolve(&Target::Head, &[a]).unwrap());
        let steps: Vec<_> = route
            .iter()
            .map(|s| (g.revision(s.node), s.version_change.clone()))
            .collect();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].0, "b");
        assert_eq!(
            (texts(&steps[0].1.delete), texts(&steps[0].1.insert)),
            (vec!["a"], vec!["b"])
        );
        assert_eq!(
            (texts(&steps[1].1.delete), texts(&steps[1].1.insert)),
            (vec!["b"], vec!["c"])
        );
    }

    #[test]
    fn downgrading_one_branch_leaves_the_other_applied() {
        // a → b1, a → b2: both heads applied; downgrade to `a` reverts both, newest first.
        let g = graph(&[("a", &[]), ("b1", &["a"]), ("b2", &["a"])]).unwrap();
        let heads = g.heads();
        let b1 = g.index_of("b1").unwrap();
        let route = g.downgrade_route(&heads, &Position::At(vec![b1])).unwrap();
        assert!(route.is_empty(), "b1 is already the target");
        let a = g.index_of("a").unwrap();
        let route = g.downgrade_route(&heads, &Position::At(vec![a])).unwrap();
        let reverted: Vec<usize> = route.iter().map(|s| s.node).collect();
        assert_eq!(revisions(&g, &reverted), ["b2", "b1"]);
        let last = &route[1].version_change;
        assert_eq!(
            (texts(&last.delete), texts(&last.insert)),
            (vec!["b1"], vec!["a"])
        );
        let first = &route[0].version_change;
        assert_eq!(
            (texts(&first.delete), texts(&first.insert)),
            (vec!["b2"], vec![])
        );
    }

    /// `a` forks into `b1` and `b2`, which `m` merges.
    fn merged() -> crate::graph::RevisionGraph {
        graph(&[
            ("a", &[]),
            ("b1", &["a"]),
            ("b2", &["a"]),
            ("m", &["b1", "b2"]),
        ])
        .unwrap()
    }

    #[test]
    fn upgrading_through_a_merge_joins_the_rows() {
        let g = merged();
        let route = g.upgrade_route(&[], &g.resolve(&Target::Head, &[]).unwrap());
        let merge = route.last().unwrap();
        assert_eq!(g.revision(merge.node), "m");
        let mut deleted = merge.version_change.delete.clone();
        deleted.sort_unstable();
        assert_eq!(deleted, ["b1", "b2"]);
        assert_eq!(merge.version_change.insert, ["m"]);
    }

    #[test]
    fn relative_targets_stop_at_branch_points() {
        let g = graph(&[("a", &[]), ("b1", &["a"]), ("b2", &["a"])]).unwrap();
        let a = g.index_of("a").unwrap();
        let target: Target = "+1".parse().unwrap();
        let error = g.resolve(&target, &[a]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`+1` is ambiguous: revision `a` has several children"
        );
        let target: Target = "-2".parse().unwrap();
        assert!(
            g.resolve(&target, &[a]).is_err(),
            "only one step down to base"
        );
        let target: Target = "-1".parse().unwrap();
        assert_eq!(
            g.resolve(&target, &[a]).unwrap(),
            Position::Without(vec![a])
        );
        // From several heads, as Alembic: counted from the first row, only its line goes.
        let heads = g.heads();
        assert_eq!(
            g.resolve(&target, &heads).unwrap(),
            Position::Without(vec![heads[0]])
        );
    }

    #[test]
    fn stepping_down_from_a_merge_is_ambiguous() {
        let g = merged();
        let m = g.index_of("m").unwrap();
        let error = g.resolve(&"-1".parse().unwrap(), &[m]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`-1` is ambiguous: revision `m` has several parents"
        );
    }

    /// The revisions `target` reverts from `current` (revision ids), newest first.
    fn reverted(
        g: &crate::graph::RevisionGraph,
        current: &[&str],
        target: &str,
    ) -> Result<Vec<String>, crate::TargetError> {
        let current: Vec<usize> = current.iter().map(|c| g.index_of(c).unwrap()).collect();
        let position = g.resolve(&target.parse().unwrap(), &current)?;
        let route = g.downgrade_route(&current, &position)?;
        Ok(route
            .iter()
            .map(|s| g.revision(s.node).to_string())
            .collect())
    }

    #[test]
    fn a_label_base_reverts_the_trees_below_the_label() {
        // Two roots: `a1 → a2` (labelled `left` on a2) and `b1 → b2`.
        let g = full_graph(&[
            ("a1", &[], &[], &[]),
            ("a2", &["a1"], &[], &["left"]),
            ("b1", &[], &[], &[]),
            ("b2", &["b1"], &[], &[]),
        ])
        .unwrap();
        let both = ["a2", "b2"];
        assert_eq!(reverted(&g, &both, "left@base").unwrap(), ["a2", "a1"]);
        assert_eq!(reverted(&g, &both, "b2@base").unwrap(), ["b2", "b1"]);
        // One root: `left@base` is `base`, every branch reverted.
        let g = full_graph(&[
            ("r", &[], &[], &[]),
            ("x", &["r"], &[], &["left"]),
            ("y", &["r"], &[], &[]),
        ])
        .unwrap();
        assert_eq!(
            reverted(&g, &["x", "y"], "left@base").unwrap(),
            ["y", "x", "r"]
        );
    }

    #[test]
    fn a_revision_that_depends_on_the_target_stays() {
        // `a → b`, and `d` (on its own root `c`) depends on `a`.
        let g = full_graph(&[
            ("a", &[], &[], &[]),
            ("b", &["a"], &[], &[]),
            ("c", &[], &[], &[]),
            ("d", &["c"], &["a"], &[]),
        ])
        .unwrap();
        assert_eq!(reverted(&g, &["b", "d"], "a").unwrap(), ["b"]);
        // Reverting `a` itself takes `d` with it.
        assert_eq!(reverted(&g, &["b", "d"], "base").unwrap().len(), 4);
        let error = reverted(&g, &["d"], "a").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("cannot downgrade to `a`: nothing applied follows it on its branch"),
            "Alembic's \"Nothing to drop\": {error}"
        );
    }

    #[test]
    fn stepping_down_from_the_current_revision_reverts_the_line_walked() {
        // `p` forks into `c1 → h` and `c2`; `h` depends on `c2`, so the database's one row is `h`.
        let g = full_graph(&[
            ("p", &[], &[], &[]),
            ("c1", &["p"], &[], &[]),
            ("c2", &["p"], &[], &[]),
            ("h", &["c1"], &["c2"], &[]),
        ])
        .unwrap();
        assert_eq!(reverted(&g, &["h"], "-2").unwrap(), ["h", "c1"]);
        // Counted from a named revision, every branch above where the walk stops goes.
        assert_eq!(reverted(&g, &["h"], "c1-1").unwrap(), ["h", "c2", "c1"]);
    }
}
