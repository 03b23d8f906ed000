//! The revision graph: migrations as nodes of a DAG whose edges are `down` revisions (and
//! `depends_on` dependencies), checked at start-up by the same rules as at compile time.

use std::collections::HashMap;
use std::fmt;

use crate::branch_labels;
use crate::check::{Declared, Problem, check};
use crate::revision::RevisionId;

/// Where a migration is defined, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The file, relative to the crate's manifest (as `file!()` gives it).
    pub file: &'static str,
    /// The line of the `#[migration]` attribute.
    pub line: u32,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A migration's header as the graph knows it, and where it is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Its revision id.
    pub revision: &'static str,
    /// The revisions it follows.
    pub down: &'static [&'static str],
    /// Revisions of other branches that must be applied before it.
    pub depends_on: &'static [&'static str],
    /// Names for its branch.
    pub branch_labels: &'static [&'static str],
    /// Its message.
    pub message: &'static str,
    /// Where it is defined.
    pub source: Source,
}

/// A history that breaks the rules of [`check`](mod@crate::check): every problem found, with where it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct GraphError {
    /// The problems, each with the migration it is reported on.
    pub problems: Vec<LocatedProblem>,
}

/// A problem and the migration it is reported on.
#[derive(Debug, Clone, PartialEq)]
pub struct LocatedProblem {
    /// What is wrong.
    pub problem: Problem,
    /// Where the migration is defined.
    pub location: Source,
    /// For a revision declared twice, where it was declared first.
    pub first: Option<Source>,
}

impl fmt::Display for LocatedProblem {
    /// The problem and where it is, on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.problem, self.location)?;
        if let Some(first) = self.first {
            write!(f, "; first declared in {first}")?;
        }
        Ok(())
    }
}

impl fmt::Display for GraphError {
    /// The first problem on one line, and how many more there are; `problems` has each.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [] => f.write_str("the history breaks a rule"),
            [one] => write!(f, "{one}"),
            [first, rest @ ..] => write!(f, "{first}; and {} more problem(s)", rest.len()),
        }
    }
}

impl GraphError {
    /// What to do about the first problem, where there is something to say.
    pub fn help(&self) -> Option<String> {
        self.problems.first().and_then(|p| p.problem.help())
    }

    /// The problems, each placed at the entry it is reported on.
    pub fn new(problems: Vec<Problem>, entries: &[Entry]) -> Self {
        let source = |entry: usize| entries.get(entry).map_or(UNKNOWN, |e| e.source);
        let problems = problems
            .into_iter()
            .map(|problem| {
                let (entry, first) = match &problem {
                    Problem::MalformedRevision { entry, .. }
                    | Problem::MalformedLabel { entry, .. }
                    | Problem::LabelIsRevision { entry, .. }
                    | Problem::UnknownReference { entry, .. } => (*entry, None),
                    Problem::DuplicateRevision { first, second, .. }
                    | Problem::DuplicateLabel { first, second, .. } => (*second, Some(*first)),
                    Problem::Cycle { entries: cycle, .. } => {
                        (cycle.first().copied().unwrap_or(0), None)
                    }
                    Problem::NoDowngrade { revision, .. } => {
                        let entry = entries.iter().position(|e| e.revision == revision);
                        (entry.unwrap_or(0), None)
                    }
                };
                LocatedProblem {
                    location: source(entry),
                    first: first.map(source),
                    problem,
                }
            })
            .collect();
        GraphError { problems }
    }
}

/// The place of a problem on no entry (which cannot happen for problems `check` reports).
const UNKNOWN: Source = Source {
    file: "<unknown>",
    line: 0,
};

/// One migration in the graph, with its edges as indices.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) entry: Entry,
    /// Its `down` revisions.
    pub(crate) parents: Vec<usize>,
    /// The revisions whose `down` names it.
    pub(crate) children: Vec<usize>,
    /// Its `depends_on` revisions.
    pub(crate) dependencies: Vec<usize>,
    /// The revisions whose `depends_on` names it.
    pub(crate) dependents: Vec<usize>,
}

/// The validated revision graph of a set of migrations.
#[derive(Debug, Clone)]
pub struct RevisionGraph {
    nodes: Vec<Node>,
    by_revision: HashMap<&'static str, usize>,
    /// Every node after its parents and dependencies; ties broken by revision id.
    order: Vec<usize>,
    /// Each node's branch labels, declared or inherited.
    labels: Vec<Vec<&'static str>>,
}

impl RevisionGraph {
    /// Build and check the graph of `entries` (node `i` is `entries[i]`): well-formed and
    /// unique revisions, known `down`s and `depends_on`s, no cycle.
    pub fn new(entries: &[Entry]) -> Result<Self, GraphError> {
        let declared: Vec<Declared<'_>> = entries
            .iter()
            .map(|entry| Declared {
                revision: entry.revision,
                down: entry.down.into(),
                depends_on: entry.depends_on.into(),
                branch_labels: entry.branch_labels.into(),
            })
            .collect();
        let checked = check(&declared).map_err(|p| GraphError::new(p, entries))?;
        let mut nodes: Vec<Node> = entries
            .iter()
            .zip(checked.parents.into_iter().zip(checked.dependencies))
            .map(|(&entry, (parents, dependencies))| Node {
                entry,
                parents,
                children: Vec::new(),
                dependencies,
                dependents: Vec::new(),
            })
            .collect();
        for index in 0..nodes.len() {
            for parent in nodes[index].parents.clone() {
                nodes[parent].children.push(index);
            }
            for dependency in nodes[index].dependencies.clone() {
                nodes[dependency].dependents.push(index);
            }
        }
        let by_revision = checked.index;
        let labels = branch_labels::inherit(
            &nodes
                .iter()
                .map(|n| n.entry.branch_labels)
                .collect::<Vec<_>>(),
            &nodes
                .iter()
                .map(|n| n.parents.as_slice())
                .collect::<Vec<_>>(),
            &nodes
                .iter()
                .map(|n| n.children.as_slice())
                .collect::<Vec<_>>(),
        );
        Ok(RevisionGraph {
            nodes,
            by_revision,
            order: checked.order,
            labels,
        })
    }

    /// How many migrations the graph holds.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the graph holds no migration.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub(crate) fn node(&self, index: usize) -> &Node {
        &self.nodes[index]
    }

    /// The revision id of a node.
    pub fn revision(&self, index: usize) -> RevisionId {
        RevisionId::checked(self.nodes[index].entry.revision)
    }

    /// The node of an exact revision id.
    pub fn index_of(&self, revision: &str) -> Option<usize> {
        self.by_revision.get(revision).copied()
    }

    /// Every revision id.
    pub(crate) fn revisions(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.nodes.iter().map(|node| node.entry.revision)
    }

    /// A node's branch labels, declared or inherited.
    pub(crate) fn labels(&self, index: usize) -> &[&'static str] {
        &self.labels[index]
    }

    /// Nodes, each after its parents and dependencies.
    pub(crate) fn order(&self) -> &[usize] {
        &self.order
    }

    /// Nodes that no other revision follows, in graph order.
    pub fn heads(&self) -> Vec<usize> {
        let heads = self.order.iter().copied();
        heads
            .filter(|&i| self.nodes[i].children.is_empty())
            .collect()
    }

    /// Heads that no revision depends on either: the ones the version table lists once
    /// everything is applied.
    pub(crate) fn real_heads(&self) -> Vec<usize> {
        let heads = self.heads().into_iter();
        heads
            .filter(|&i| self.nodes[i].dependents.is_empty())
            .collect()
    }

    /// The revision that declares `label`.
    pub(crate) fn declaring(&self, label: &str) -> Option<usize> {
        (0..self.nodes.len()).find(|&i| self.nodes[i].entry.branch_labels.contains(&label))
    }

    /// Nodes that follow no other revision, in graph order.
    pub(crate) fn bases(&self) -> Vec<usize> {
        let bases = self.order.iter().copied();
        bases
            .filter(|&i| self.nodes[i].parents.is_empty())
            .collect()
    }

    /// `starts` and everything that must be applied with them (parents and dependencies,
    /// transitively), as a membership mask.
    pub fn ancestors(&self, starts: &[usize]) -> Vec<bool> {
        self.walk(starts, |node| [&node.parents, &node.dependencies])
    }

    /// `starts` and every revision they follow through `down` edges alone (no dependencies),
    /// as a membership mask: the line of history a branch label grows from.
    pub(crate) fn lineage(&self, starts: &[usize]) -> Vec<bool> {
        self.walk(starts, |node| [&node.parents, &[]])
    }

    /// Whether `a` and `b` are on one line of history through `down` edges (one follows the
    /// other, or they are the same): Alembic's "shares lineage", which makes a revision a
    /// member of a branch.
    pub(crate) fn shares_lineage(&self, a: usize, b: usize) -> bool {
        self.lineage(&[a])[b] || self.lineage(&[b])[a]
    }

    /// `start` and every revision that follows it through `down` edges alone.
    pub(crate) fn line_after(&self, start: usize) -> Vec<bool> {
        self.walk(&[start], |node| [&node.children, &[]])
    }

    /// `starts` and everything that must be reverted with them (children and dependents,
    /// transitively), as a membership mask.
    pub(crate) fn descendants(&self, starts: &[usize]) -> Vec<bool> {
        self.walk(starts, |node| [&node.children, &node.dependents])
    }

    fn walk(&self, starts: &[usize], next: impl Fn(&Node) -> [&[usize]; 2]) -> Vec<bool> {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = starts.to_vec();
        while let Some(index) = stack.pop() {
            if !std::mem::replace(&mut seen[index], true) {
                stack.extend(next(&self.nodes[index]).into_iter().flatten());
            }
        }
        seen
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A graph from `(revision, downs)` pairs, each in `x.rs` at line 1.
    pub(crate) fn graph(
        edges: &[(&'static str, &'static [&'static str])],
    ) -> Result<RevisionGraph, GraphError> {
        let full: Vec<_> = edges
            .iter()
            .map(|&(r, d)| (r, d, &[][..], &[][..]))
            .collect();
        full_graph(&full)
    }

    /// A revision, its downs, its `depends_on` and its branch labels.
    pub(crate) type Declared = (
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        &'static [&'static str],
    );

    /// A graph from full declarations, each in `x.rs` at line 1.
    pub(crate) fn full_graph(declared: &[Declared]) -> Result<RevisionGraph, GraphError> {
        let entries: Vec<Entry> = declared
            .iter()
            .map(|&(revision, down, depends_on, branch_labels)| Entry {
                revision,
                down,
                depends_on,
                branch_labels,
                message: "",
                source: Source {
                    file: "x.rs",
                    line: 1,
                },
            })
            .collect();
        RevisionGraph::new(&entries)
    }

    #[test]
    fn orders_parents_before_children_whatever_the_entry_order() {
        let g = graph(&[("c", &["b"]), ("a", &[]), ("b", &["a"])]).unwrap();
        let order: Vec<&str> = g.order().iter().map(|&i| g.revision(i).as_str()).collect();
        assert_eq!(order, ["a", "b", "c"]);
        assert_eq!(
            g.heads().iter().map(|&i| g.revision(i)).collect::<Vec<_>>(),
            ["c"]
        );
    }

    #[test]
    fn problems_are_reported_with_the_wording_of_the_macro_and_a_location() {
        let error = graph(&[("ae1027a6acf0", &[]), ("b", &["ae1027a6acf9"])]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "revision `b` has down revision `ae1027a6acf9`, which is not a known revision (x.rs:1)"
        );
        assert_eq!(
            error.help().as_deref(),
            Some("a revision with a similar name exists: `ae1027a6acf0`")
        );
        let error = graph(&[("a", &[]), ("a", &[])]).unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("revision `a` is declared twice"), "{text}");
        assert!(text.ends_with("; first declared in x.rs:1"), "{text}");
        let error = graph(&[("root", &[]), ("a", &["c"]), ("b", &["a"]), ("c", &["b"])]);
        let text = error.unwrap_err().to_string();
        assert!(
            text.starts_with("revisions form a cycle: a -> b -> c -> a"),
            "{text}"
        );
    }
}
