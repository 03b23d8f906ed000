//! Where a target leaves the database: a [`Position`] in the graph, found from the target and
//! the database's current revisions.

use crate::graph::RevisionGraph;
use crate::suggest;
use crate::target::{Anchor, BranchAt, Target, TargetError};

/// Where a command should leave the database, in graph nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// No migration applied.
    Base,
    /// None of these revisions applied, nor anything that follows them.
    Without(Vec<usize>),
    /// These revisions and everything they follow applied.
    At(Vec<usize>),
}

impl RevisionGraph {
    /// The node of a full revision id, a branch label (the revision declaring it), or a unique
    /// prefix of a revision id or label of more than three characters (Alembic's rule).
    pub fn find(&self, text: &str) -> Result<usize, TargetError> {
        self.find_among(text, |_| true)
    }

    fn find_among(&self, text: &str, keep: impl Fn(usize) -> bool) -> Result<usize, TargetError> {
        if let Some(index) = self.index_of(text).filter(|&i| keep(i)) {
            return Ok(index);
        }
        if let Some(index) = self.declaring(text).filter(|&i| keep(i)) {
            return Ok(index);
        }
        // As Alembic: a prefix matches the revision ids and branch labels longer than three
        // characters, each a key of its own (a label and its revision are two matches).
        let matches: Vec<(usize, &str)> = (0..self.len())
            .filter(|&i| keep(i))
            .flat_map(|i| {
                let declared = self.node(i).entry.branch_labels.iter().copied();
                std::iter::once(self.revision(i).as_str())
                    .chain(declared)
                    .map(move |key| (i, key))
            })
            .filter(|(_, key)| key.len() > 3 && key.starts_with(text))
            .collect();
        match matches.as_slice() {
            [(one, _)] => Ok(*one),
            [] => Err(TargetError::Unknown {
                target: text.to_owned(),
                similar: suggest::closest(text, self.revisions()).map(str::to_owned),
            }),
            several => {
                let mut candidates: Vec<String> =
                    several.iter().map(|(_, key)| (*key).to_owned()).collect();
                candidates.sort_unstable();
                Err(TargetError::Ambiguous {
                    prefix: text.to_owned(),
                    candidates,
                })
            }
        }
    }

    /// Where an upgrade to `target` leaves the database: as [`RevisionGraph::resolve`],
    /// refused as Alembic refuses it when the target names several revisions of which one
    /// needs another, or the version rows do (a row kept beside one that follows it by
    /// reverting a merge of the two).
    pub fn resolve_upgrade(
        &self,
        target: &Target,
        current: &[usize],
    ) -> Result<Position, TargetError> {
        let overlap = |nodes: &[usize], named: String| match self.overlapping(nodes) {
            Some((revision, needed)) => Err(TargetError::Overlapping {
                target: named,
                revision: self.revision(revision).to_string(),
                needed: self.revision(needed).to_string(),
            }),
            None => Ok(()),
        };
        overlap(current, "the version table".to_owned())?;
        let position = self.resolve(target, current)?;
        if let Position::At(nodes) = &position {
            overlap(nodes, format!("`{target}`"))?;
        }
        Ok(position)
    }

    /// A member of `nodes` that needs another member, with that one.
    fn overlapping(&self, nodes: &[usize]) -> Option<(usize, usize)> {
        nodes.iter().find_map(|&node| {
            let needs = self.ancestors(&[node]);
            let needed = nodes.iter().find(|&&other| other != node && needs[other]);
            needed.map(|&needed| (node, needed))
        })
    }

    /// Resolve `target` to a position, counting relative targets from `current`.
    pub fn resolve(&self, target: &Target, current: &[usize]) -> Result<Position, TargetError> {
        match target {
            Target::Base => Ok(Position::Base),
            // Alembic's `heads` leaves out a revision only another depends on; its `head` counts
            // it (two such heads are "multiple heads").
            Target::Heads => Ok(Position::At(self.real_heads())),
            Target::Branch { label, at } => {
                self.resolve_branch(label, at, current, &target.to_string())
            }
            Target::Head => match self.heads().as_slice() {
                [] => Ok(Position::Base),
                [head] => Ok(Position::At(vec![*head])),
                heads => Err(TargetError::MultipleHeads {
                    heads: heads
                        .iter()
                        .map(|&h| self.revision(h).to_string())
                        .collect(),
                }),
            },
            Target::Revision(text) => Ok(Position::At(vec![self.find(text)?])),
            Target::Relative { anchor, steps } => {
                let start = match anchor {
                    // As Alembic: `head-1` counts from the head (several heads are an error).
                    Anchor::Revision(text) if matches!(text.as_str(), "head" | "heads") => {
                        self.resolve(&Target::Head, current)?
                    }
                    Anchor::Revision(text) => Position::At(vec![self.find(text)?]),
                    Anchor::Current => match current {
                        [] => Position::Base,
                        [one] => Position::At(vec![*one]),
                        several if *steps < 0 => {
                            return self.downgrade_from_first_row(
                                several,
                                *steps,
                                &target.to_string(),
                            );
                        }
                        several => {
                            return Err(self.several_current(&target.to_string(), several));
                        }
                    },
                };
                let (position, last_left) = self.step(start, *steps, &target.to_string())?;
                // Down from the database's own position, Alembic reverts the line walked, not
                // every branch that grows from where the walk stops (a revision applied there
                // only as another's dependency stays).
                match (anchor, last_left) {
                    (Anchor::Current, Some(left)) if *steps < 0 => {
                        Ok(Position::Without(vec![left]))
                    }
                    _ => Ok(position),
                }
            }
        }
    }

    /// The position of `label@…` (or `REV@…`, a revision standing for its line of history):
    /// `head`, `heads`, `base`, a revision of the branch, or steps along it.
    fn resolve_branch(
        &self,
        label: &str,
        at: &BranchAt,
        current: &[usize],
        target: &str,
    ) -> Result<Position, TargetError> {
        let branch = self.branch_node(label)?;
        match at {
            BranchAt::Relative(steps) if *steps > 0 => {
                self.walk_up_branch(label, *steps, current, target)
            }
            BranchAt::Relative(_) => self.downgrade_on_branch(label, at, current, target),
            BranchAt::Base => Ok(self.base_below(branch)),
            BranchAt::Head => self.one_head(|h| self.shares_lineage(h, branch), label),
            BranchAt::Heads => Ok(Position::At(
                self.heads()
                    .into_iter()
                    .filter(|&h| self.shares_lineage(h, branch))
                    .collect(),
            )),
            BranchAt::Revision(text) => Ok(Position::At(vec![
                self.find_on_branch(text, branch, label)?,
            ])),
            BranchAt::RevisionRelative { revision, steps } if *steps > 0 => {
                let start = self.find(revision)?;
                let end = self.walk_up(Some(start), *steps, Some(branch), target)?;
                Ok(Position::At(end.into_iter().collect()))
            }
            BranchAt::RevisionRelative { revision, steps } => {
                let start = self.find_on_branch(revision, branch, label)?;
                Ok(match self.walk_down(start, *steps, target)? {
                    Some(end) => Position::At(vec![end]),
                    None => Position::Base,
                })
            }
        }
    }

    /// A revision of the branch `branch` (labelled `label`): an id, or a prefix among the
    /// revisions sharing its line of history.
    pub(crate) fn find_on_branch(
        &self,
        text: &str,
        branch: usize,
        label: &str,
    ) -> Result<usize, TargetError> {
        match self.find_among(text, |i| self.shares_lineage(i, branch)) {
            Err(TargetError::Unknown { .. }) if self.find(text).is_ok() => {
                Err(TargetError::NotOnBranch {
                    revision: text.to_owned(),
                    label: label.to_owned(),
                })
            }
            found => found,
        }
    }

    /// `label@base`, the label declared on `revision`: the base of the root(s) its line of
    /// history grows from. With one root that is `base` itself (everything is reverted); with
    /// several, only the trees of the roots below the label, as Alembic does.
    fn base_below(&self, revision: usize) -> Position {
        let roots = self.bases();
        if roots.len() <= 1 {
            return Position::Base;
        }
        let below = self.lineage(&[revision]);
        Position::Without(roots.into_iter().filter(|&r| below[r]).collect())
    }

    /// The one head that `keep` keeps; several are an error naming them, as `label@head`.
    fn one_head(&self, keep: impl Fn(usize) -> bool, label: &str) -> Result<Position, TargetError> {
        let heads: Vec<usize> = self.heads().into_iter().filter(|&h| keep(h)).collect();
        match heads.as_slice() {
            [head] => Ok(Position::At(vec![*head])),
            several => Err(TargetError::BranchHeads {
                label: label.to_owned(),
                heads: several
                    .iter()
                    .map(|&h| self.revision(h).to_string())
                    .collect(),
            }),
        }
    }

    /// Move `steps` revisions from `start` along a line of history: where the walk ends, and,
    /// walking down, the last revision it stepped off.
    fn step(
        &self,
        start: Position,
        steps: i64,
        target: &str,
    ) -> Result<(Position, Option<usize>), TargetError> {
        let upward = steps > 0;
        let mut position = start;
        let mut last_left = None;
        for done in 0..steps.abs() {
            let next = match (&position, upward) {
                (Position::Base | Position::Without(_), true) => self.bases(),
                (Position::Base | Position::Without(_), false) => Vec::new(),
                (Position::At(at), true) => self.node(at[0]).children.clone(),
                (Position::At(at), false) => {
                    last_left = Some(at[0]);
                    match self.node(at[0]).parents.as_slice() {
                        [] => {
                            position = Position::Base;
                            continue;
                        }
                        parents => parents.to_vec(),
                    }
                }
            };
            position = match next.as_slice() {
                [one] => Position::At(vec![*one]),
                [] => {
                    return Err(TargetError::RelativeOutOfRange {
                        target: target.to_owned(),
                        available: done,
                        upward,
                    });
                }
                _ => {
                    let at = match &position {
                        Position::Base | Position::Without(_) => "base".to_owned(),
                        Position::At(at) => self.revision(at[0]).to_string(),
                    };
                    return Err(TargetError::RelativeBranch {
                        target: target.to_owned(),
                        at,
                        upward,
                    });
                }
            };
        }
        Ok((position, last_left))
    }
}
