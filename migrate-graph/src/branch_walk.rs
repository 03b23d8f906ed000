//! `label@+N` and `label@-N`: counting along a branch from where the database is on it, and
//! the downgrade targets whose label narrows what is reverted (`label@REV`), as Alembic's
//! `_parse_upgrade_target`, `_parse_downgrade_target`, `_walk` and
//! `_collect_downgrade_revisions` do. A revision is on a branch when it shares the branch's
//! line of history (it follows the labelled revision or precedes it through `down` edges).

use crate::graph::RevisionGraph;
use crate::resolve::Position;
use crate::suggest;
use crate::target::{Anchor, BranchAt, Target, TargetError};

impl RevisionGraph {
    /// The revision a label stands for: the one declaring it, or a revision named as a branch.
    pub(crate) fn branch_node(&self, label: &str) -> Result<usize, TargetError> {
        if let Some(declaring) = self.declaring(label) {
            return Ok(declaring);
        }
        self.find(label).map_err(|_| {
            let labels = (0..self.len()).flat_map(|i| self.labels(i).iter().copied());
            TargetError::UnknownLabel {
                label: label.to_owned(),
                similar: suggest::closest(label, labels).map(str::to_owned),
            }
        })
    }

    /// Where a downgrade to `target` leaves the database: as [`RevisionGraph::resolve`],
    /// except for the targets Alembic reads differently going down: `label@REV` takes any
    /// revision and reverts only the branch's side of a fork after it, `label@head` is the
    /// history's one head, and a revision and steps after it (`REV+N`) may be the target.
    pub fn resolve_downgrade(
        &self,
        target: &Target,
        current: &[usize],
    ) -> Result<Position, TargetError> {
        match target {
            Target::Branch {
                label,
                at:
                    at @ (BranchAt::Revision(_)
                    | BranchAt::Relative(..)
                    | BranchAt::RevisionRelative { .. }
                    | BranchAt::Head),
            } => self.downgrade_on_branch(label, at, current, &target.to_string()),
            Target::Relative {
                anchor: Anchor::Revision(revision),
                steps,
            } if *steps > 0 => {
                let start = self.find(revision)?;
                let after = self.walk_up(Some(start), *steps, None, &target.to_string())?;
                self.revert_after(after, None, current)
            }
            _ => self.resolve(target, current),
        }
    }

    /// A downgrade to `label@REV`, `label@-N`, `label@REV±N` or `label@head`: what follows the
    /// revision reached is reverted, only the branch's side where the history forks after it.
    pub(crate) fn downgrade_on_branch(
        &self,
        label: &str,
        at: &BranchAt,
        current: &[usize],
        target: &str,
    ) -> Result<Position, TargetError> {
        let branch = self.branch_node(label)?;
        let after = match at {
            BranchAt::Revision(text) => Some(self.find(text)?),
            BranchAt::Relative(steps) if *steps < 0 => {
                let start = self.branch_start_down(label, current, target)?;
                self.walk_down(start, *steps, target)?
            }
            BranchAt::RevisionRelative { revision, steps } if *steps < 0 => {
                let start = self.find_on_branch(revision, branch, label)?;
                self.walk_down(start, *steps, target)?
            }
            BranchAt::RevisionRelative { revision, steps } => {
                let start = self.find(revision)?;
                self.walk_up(Some(start), *steps, Some(branch), target)?
            }
            // As Alembic: the label does not narrow `head` going down.
            BranchAt::Head => match self.resolve(&Target::Head, current)? {
                Position::At(heads) => heads.first().copied(),
                _ => None,
            },
            _ => {
                return Err(TargetError::WrongDirection {
                    target: target.to_owned(),
                    command: "upgrade",
                });
            }
        };
        self.revert_after(after, Some((branch, label)), current)
    }

    /// `-N` from several current revisions: Alembic counts from the first row of the version
    /// table (and warns that this will be refused one day), reverting only that line.
    pub(crate) fn downgrade_from_first_row(
        &self,
        current: &[usize],
        steps: i64,
        target: &str,
    ) -> Result<Position, TargetError> {
        let Some(&first) = current.first() else {
            return Err(TargetError::RelativeOutOfRange {
                target: target.to_owned(),
                available: 0,
                upward: false,
            });
        };
        let after = self.walk_down(first, steps, target)?;
        let label = self.revision(first).as_str();
        self.revert_after(after, Some((first, label)), current)
    }

    /// Revert what follows `after` (everything from the bases for `None`); where the history
    /// forks right after it, only the side that leads to the branch's revision, if one is
    /// given with its label.
    fn revert_after(
        &self,
        after: Option<usize>,
        branch: Option<(usize, &str)>,
        current: &[usize],
    ) -> Result<Position, TargetError> {
        let mut roots = match after {
            Some(node) => self.node(node).children.clone(),
            None => self.bases(),
        };
        if let Some((branch, label)) = branch
            && roots.len() > 1
        {
            let line = self.lineage(&[branch]);
            roots.retain(|&r| line[r]);
            if roots.is_empty() {
                let at = after.map_or_else(|| "base".to_owned(), |n| self.revision(n).to_string());
                return Err(TargetError::NotOnBranch {
                    revision: at,
                    label: label.to_owned(),
                });
            }
        }
        if let Some(node) = after {
            let applied = self.ancestors(current);
            let reverted = self.descendants(&roots);
            if !current.contains(&node) && !(0..self.len()).any(|i| applied[i] && reverted[i]) {
                return Err(TargetError::NotApplied(self.revision(node).to_string()));
            }
        }
        Ok(Position::Without(roots))
    }

    /// `label@+N`: `N` revisions up the branch from the one revision of it the database is at
    /// (or its newest applied one), each step to the one child on the branch.
    pub(crate) fn walk_up_branch(
        &self,
        label: &str,
        steps: i64,
        current: &[usize],
        target: &str,
    ) -> Result<Position, TargetError> {
        let branch = self.branch_node(label)?;
        let on_branch = |i: usize| self.shares_lineage(i, branch);
        let mut starts = self.rows_on_branch(current, branch);
        if starts.is_empty() {
            let applied = self.ancestors(current);
            let active: Vec<usize> = (0..self.len())
                .filter(|&i| applied[i] && on_branch(i))
                .collect();
            starts = active
                .iter()
                .copied()
                .filter(|&i| !active.iter().any(|&a| self.before(a).contains(&i)))
                .collect();
        }
        let start = match starts.as_slice() {
            [] => None,
            [one] => Some(*one),
            several => {
                return Err(self.several_current(target, several));
            }
        };
        let end = self.walk_up(start, steps, Some(branch), target)?;
        Ok(Position::At(end.into_iter().collect()))
    }

    /// `steps` revisions up from `start` (`None`: from base), each step to the one child
    /// (one base) on the branch's line of history when a branch is given.
    pub(crate) fn walk_up(
        &self,
        start: Option<usize>,
        steps: i64,
        branch: Option<usize>,
        target: &str,
    ) -> Result<Option<usize>, TargetError> {
        let mut at = start;
        for done in 0..steps {
            let next: Vec<usize> = match at {
                Some(node) => self.node(node).children.clone(),
                None => self.bases(),
            };
            let next: Vec<usize> = next
                .into_iter()
                .filter(|&n| branch.is_none_or(|b| self.shares_lineage(n, b)))
                .collect();
            at = Some(self.one_step(&next, at, target, done, true)?);
        }
        Ok(at)
    }

    /// Where `label@-N` starts: the one revision of the branch among the version rows, or
    /// else the newest applied revision of it.
    fn branch_start_down(
        &self,
        label: &str,
        current: &[usize],
        target: &str,
    ) -> Result<usize, TargetError> {
        let branch = self.branch_node(label)?;
        let on_branch = |i: usize| self.shares_lineage(i, branch);
        let mut starts = self.rows_on_branch(current, branch);
        if starts.is_empty() {
            let applied = self.ancestors(current);
            let set: Vec<usize> = (0..self.len()).filter(|&i| applied[i]).collect();
            starts = set
                .iter()
                .copied()
                .filter(|&i| {
                    let after = self.line_after(i);
                    on_branch(i) && !set.iter().any(|&o| o != i && after[o])
                })
                .collect();
        }
        match starts.as_slice() {
            [one] => Ok(*one),
            [] => Err(TargetError::RelativeOutOfRange {
                target: target.to_owned(),
                available: 0,
                upward: false,
            }),
            several => Err(self.several_current(target, several)),
        }
    }

    /// `N` revisions down from `start` through `down` edges; `None` for `base`.
    pub(crate) fn walk_down(
        &self,
        start: usize,
        steps: i64,
        target: &str,
    ) -> Result<Option<usize>, TargetError> {
        let mut at = Some(start);
        for done in 0..steps.abs() {
            let Some(node) = at else {
                return Err(TargetError::RelativeOutOfRange {
                    target: target.to_owned(),
                    available: done,
                    upward: false,
                });
            };
            at = match self.node(node).parents.as_slice() {
                [] => None,
                parents => Some(self.one_step(parents, at, target, done, false)?),
            };
        }
        Ok(at)
    }

    /// The version rows on the line of history of `branch`.
    fn rows_on_branch(&self, current: &[usize], branch: usize) -> Vec<usize> {
        let on_branch = |&row: &usize| self.shares_lineage(row, branch);
        current.iter().copied().filter(on_branch).collect()
    }

    /// The refusal of a count from the current revision when the database is at `several`.
    pub(crate) fn several_current(&self, target: &str, several: &[usize]) -> TargetError {
        TargetError::SeveralCurrent {
            target: target.to_owned(),
            current: several
                .iter()
                .map(|&i| self.revision(i).to_string())
                .collect(),
        }
    }

    /// The one revision a walk steps to from `at`; none or several are an error.
    fn one_step(
        &self,
        next: &[usize],
        at: Option<usize>,
        target: &str,
        done: i64,
        upward: bool,
    ) -> Result<usize, TargetError> {
        match next {
            [one] => Ok(*one),
            [] => Err(TargetError::RelativeOutOfRange {
                target: target.to_owned(),
                available: done,
                upward,
            }),
            _ => Err(TargetError::RelativeBranch {
                target: target.to_owned(),
                at: at.map_or_else(|| "base".to_owned(), |n| self.revision(n).to_string()),
                upward,
            }),
        }
    }
}
