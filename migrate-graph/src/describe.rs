//! What `history`, `heads`, `branches`, `current` and `show` say about each revision.

use crate::graph::RevisionGraph;
use crate::graph::Source;
use crate::resolve::Position;
use crate::revision::RevisionId;
use crate::target::TargetError;

/// A revision of the graph with the facts `history`, `heads` and `current` show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The revision id.
    pub revision: RevisionId,
    /// The revisions it follows.
    pub down: Vec<RevisionId>,
    /// The migration's message.
    pub message: &'static str,
    /// Where the migration is defined.
    pub source: Source,
    /// No revision follows it.
    pub is_head: bool,
    /// Several revisions follow it.
    pub is_branch_point: bool,
    /// It follows several revisions.
    pub is_merge_point: bool,
    /// A head that other revisions depend on, which the version table does not list once
    /// they are applied (Alembic's "effective head").
    pub is_effective_head: bool,
    /// Revisions of other branches it depends on.
    pub depends_on: Vec<RevisionId>,
    /// Its branch labels, declared or inherited.
    pub branch_labels: Vec<&'static str>,
}

impl RevisionGraph {
    /// The facts about one node.
    pub fn describe(&self, index: usize) -> Revision {
        let node = self.node(index);
        Revision {
            revision: self.revision(index),
            down: ids(node.entry.down),
            message: node.entry.message,
            source: node.entry.source,
            is_head: node.children.is_empty() && node.dependents.is_empty(),
            is_effective_head: node.children.is_empty() && !node.dependents.is_empty(),
            depends_on: ids(node.entry.depends_on),
            branch_labels: self.labels(index).to_vec(),
            is_branch_point: node.children.len() > 1,
            is_merge_point: node.parents.len() > 1,
        }
    }

    /// The branch points, each with the revisions that follow it.
    pub fn branch_points(&self) -> Vec<(Revision, Vec<Revision>)> {
        let points = self
            .order()
            .iter()
            .copied()
            .filter(|&i| self.node(i).children.len() > 1);
        points
            .map(|i| {
                let children = self
                    .node(i)
                    .children
                    .iter()
                    .map(|&c| self.describe(c))
                    .collect();
                (self.describe(i), children)
            })
            .collect()
    }

    /// The heads, oldest first.
    pub fn head_revisions(&self) -> Vec<Revision> {
        self.heads().into_iter().map(|i| self.describe(i)).collect()
    }
}

impl RevisionGraph {
    /// The heads the version table lists once everything is applied (heads that no revision
    /// depends on), oldest first.
    pub fn real_head_revisions(&self) -> Vec<Revision> {
        let heads = self.real_heads().into_iter();
        heads.map(|i| self.describe(i)).collect()
    }

    /// Whether `revision` is the full id of a revision of the graph.
    pub fn contains(&self, revision: &str) -> bool {
        self.index_of(revision).is_some()
    }

    /// The one revision `target` names without a database: a revision or unique prefix, a
    /// branch label, `head`, `label@head`, `REV+N`, …
    pub fn single_revision(&self, target: &str) -> Result<RevisionId, TargetError> {
        match self.resolve(&target.parse()?, &[])? {
            Position::At(nodes) if nodes.len() == 1 => Ok(self.revision(nodes[0])),
            _ => Err(TargetError::NotOneRevision(target.to_owned())),
        }
    }
}

/// Names a checked graph knows, as ids.
fn ids(names: &'static [&'static str]) -> Vec<RevisionId> {
    names
        .iter()
        .map(|&name| RevisionId::checked(name))
        .collect()
}
