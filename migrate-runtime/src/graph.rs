//! The revision graph: migrations as nodes of a DAG whose edges are `down` revisions.

use std::collections::HashMap;

use crate::migration::{MigrationDef, Source};
use crate::registry::Migrations;
use crate::suggest;

/// A history that does not form a valid revision graph.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GraphError {
    /// Two migrations declare one revision.
    #[error("revision `{revision}` is declared twice, in {first} and in {second}")]
    DuplicateRevision {
        /// The revision.
        revision: String,
        /// Where it is declared first.
        first: Source,
        /// Where it is declared again.
        second: Source,
    },
    /// A `down` revision that no migration declares.
    #[error("revision `{revision}` has down revision `{down}`, which is not a known revision")]
    UnknownDown {
        /// The migration that names it.
        revision: String,
        /// The unknown revision.
        down: String,
        /// Where the migration is defined.
        location: Source,
        /// A known revision with a similar name.
        similar: Option<String>,
    },
    /// Revisions that follow each other round in a circle.
    #[error("revisions form a cycle: {}", cycle.join(" -> "))]
    Cycle {
        /// The revisions on the cycle, in order, the first repeated at the end.
        cycle: Vec<String>,
    },
}

impl GraphError {
    /// What to do about it, where there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            GraphError::UnknownDown {
                similar: Some(similar),
                ..
            } => Some(format!(
                "a revision with a similar name exists: `{similar}`"
            )),
            GraphError::DuplicateRevision { .. } => {
                Some("give one of the two migrations a fresh revision id".to_owned())
            }
            _ => None,
        }
    }
}

/// One migration in the graph, with its edges as indices.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) def: &'static MigrationDef,
    pub(crate) parents: Vec<usize>,
    pub(crate) children: Vec<usize>,
}

/// The validated revision graph of a set of migrations.
#[derive(Debug)]
pub struct RevisionGraph {
    nodes: Vec<Node>,
    by_revision: HashMap<&'static str, usize>,
    /// Every node, parents before children; ties broken by revision id.
    order: Vec<usize>,
}

impl RevisionGraph {
    /// Build and validate the graph: unique revisions, known `down`s, no cycle.
    pub fn new(migrations: &Migrations) -> Result<Self, GraphError> {
        let mut defs = migrations.defs().to_vec();
        defs.sort_by_key(|def| def.revision());
        let mut by_revision = HashMap::with_capacity(defs.len());
        for (index, def) in defs.iter().enumerate() {
            if let Some(first) = by_revision.insert(def.revision(), index) {
                return Err(GraphError::DuplicateRevision {
                    revision: def.revision().to_owned(),
                    first: defs[first].source(),
                    second: def.source(),
                });
            }
        }
        let mut nodes: Vec<Node> = defs
            .iter()
            .map(|def| Node {
                def,
                parents: Vec::new(),
                children: Vec::new(),
            })
            .collect();
        for index in 0..nodes.len() {
            let def = nodes[index].def;
            for down in def.down() {
                let Some(&parent) = by_revision.get(down) else {
                    return Err(GraphError::UnknownDown {
                        revision: def.revision().to_owned(),
                        down: (*down).to_owned(),
                        location: def.source(),
                        similar: suggest::closest(down, by_revision.keys().copied())
                            .map(str::to_owned),
                    });
                };
                nodes[index].parents.push(parent);
                nodes[parent].children.push(index);
            }
        }
        let order = topological_order(&nodes)?;
        Ok(RevisionGraph {
            nodes,
            by_revision,
            order,
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
    pub(crate) fn revision(&self, index: usize) -> &'static str {
        self.nodes[index].def.revision()
    }

    /// The node of an exact revision id.
    pub(crate) fn index_of(&self, revision: &str) -> Option<usize> {
        self.by_revision.get(revision).copied()
    }

    /// Every revision id.
    pub(crate) fn revisions(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.nodes.iter().map(|node| node.def.revision())
    }

    /// Nodes, parents before children.
    pub(crate) fn order(&self) -> &[usize] {
        &self.order
    }

    /// Nodes that no other revision follows, in graph order.
    pub(crate) fn heads(&self) -> Vec<usize> {
        let heads = self.order.iter().copied();
        heads
            .filter(|&i| self.nodes[i].children.is_empty())
            .collect()
    }

    /// Nodes that follow no other revision, in graph order.
    pub(crate) fn bases(&self) -> Vec<usize> {
        let bases = self.order.iter().copied();
        bases
            .filter(|&i| self.nodes[i].parents.is_empty())
            .collect()
    }

    /// `starts` and everything they follow, as a membership mask.
    pub(crate) fn ancestors(&self, starts: &[usize]) -> Vec<bool> {
        self.walk(starts, |node| &node.parents)
    }

    /// `starts` and everything that follows them, as a membership mask.
    pub(crate) fn descendants(&self, starts: &[usize]) -> Vec<bool> {
        self.walk(starts, |node| &node.children)
    }

    fn walk(&self, starts: &[usize], next: impl Fn(&Node) -> &Vec<usize>) -> Vec<bool> {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = starts.to_vec();
        while let Some(index) = stack.pop() {
            if !std::mem::replace(&mut seen[index], true) {
                stack.extend(next(&self.nodes[index]));
            }
        }
        seen
    }
}

/// Kahn's algorithm, lowest revision id first among the ready; a leftover means a cycle.
fn topological_order(nodes: &[Node]) -> Result<Vec<usize>, GraphError> {
    let mut waiting: Vec<usize> = nodes.iter().map(|node| node.parents.len()).collect();
    let mut ready: std::collections::BTreeSet<usize> =
        (0..nodes.len()).filter(|&i| waiting[i] == 0).collect();
    let mut order = Vec::with_capacity(nodes.len());
    while let Some(index) = ready.pop_first() {
        order.push(index);
        for &child in &nodes[index].children {
            waiting[child] -= 1;
            if waiting[child] == 0 {
                ready.insert(child);
            }
        }
    }
    if order.len() == nodes.len() {
        return Ok(order);
    }
    Err(GraphError::Cycle {
        cycle: find_cycle(nodes, &waiting),
    })
}

/// Follow parents from a node left over by Kahn's algorithm until a node repeats.
fn find_cycle(nodes: &[Node], waiting: &[usize]) -> Vec<String> {
    let Some(start) = (0..nodes.len()).find(|&i| waiting[i] > 0) else {
        return Vec::new();
    };
    let mut path = vec![start];
    let mut current = start;
    loop {
        let Some(&parent) = nodes[current].parents.iter().find(|&&p| waiting[p] > 0) else {
            return Vec::new();
        };
        if let Some(position) = path.iter().position(|&i| i == parent) {
            let mut cycle: Vec<String> = path[position..]
                .iter()
                .rev()
                .map(|&i| nodes[i].def.revision().to_owned())
                .collect();
            // Start at the lowest revision, so that the message does not depend on the search.
            let lowest = (0..cycle.len()).min_by_key(|&i| &cycle[i]).unwrap_or(0);
            cycle.rotate_left(lowest);
            cycle.push(cycle[0].clone());
            return cycle;
        }
        path.push(parent);
        current = parent;
    }
}

/// A revision of the graph with the facts `history`, `heads` and `current` show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The revision id.
    pub revision: &'static str,
    /// The revisions it follows.
    pub down: &'static [&'static str],
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
}

impl RevisionGraph {
    /// The facts about one node.
    pub(crate) fn describe(&self, index: usize) -> Revision {
        let node = &self.nodes[index];
        Revision {
            revision: node.def.revision(),
            down: node.def.down(),
            message: node.def.message(),
            source: node.def.source(),
            is_head: node.children.is_empty(),
            is_branch_point: node.children.len() > 1,
            is_merge_point: node.parents.len() > 1,
        }
    }

    /// Every revision, newest first.
    pub fn newest_first(&self) -> Vec<Revision> {
        self.order.iter().rev().map(|&i| self.describe(i)).collect()
    }

    /// The heads, oldest first.
    pub fn head_revisions(&self) -> Vec<Revision> {
        self.heads().into_iter().map(|i| self.describe(i)).collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::migration::Migration;
    use crate::plan::Plan;

    struct Empty;

    impl Migration for Empty {
        fn upgrade(&self) -> Plan {
            Plan::new()
        }

        fn downgrade(&self) -> Plan {
            Plan::new()
        }
    }

    /// A graph from `(revision, downs)` pairs.
    pub(crate) fn graph(
        edges: &[(&'static str, &'static [&'static str])],
    ) -> Result<RevisionGraph, GraphError> {
        let defs = edges.iter().map(|&(revision, down)| {
            let def = MigrationDef::new(revision, &Empty)
                .with_down(down)
                .with_source("x.rs", 1);
            &*Box::leak(Box::new(def))
        });
        RevisionGraph::new(&Migrations::from_defs(defs))
    }

    #[test]
    fn orders_parents_before_children_whatever_the_registration_order() {
        let g = graph(&[("c", &["b"]), ("a", &[]), ("b", &["a"])]).unwrap();
        let order: Vec<&str> = g.order().iter().map(|&i| g.revision(i)).collect();
        assert_eq!(order, ["a", "b", "c"]);
        assert_eq!(
            g.heads().iter().map(|&i| g.revision(i)).collect::<Vec<_>>(),
            ["c"]
        );
    }

    #[test]
    fn an_unknown_down_names_the_closest_revision() {
        let error = graph(&[("ae1027a6acf0", &[]), ("b", &["ae1027a6acf9"])]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "revision `b` has down revision `ae1027a6acf9`, which is not a known revision"
        );
        assert_eq!(
            error.help().as_deref(),
            Some("a revision with a similar name exists: `ae1027a6acf0`")
        );
    }

    #[test]
    fn a_duplicate_revision_is_refused() {
        let error = graph(&[("a", &[]), ("a", &[])]).unwrap_err();
        assert!(
            matches!(error, GraphError::DuplicateRevision { .. }),
            "{error}"
        );
    }

    #[test]
    fn a_cycle_is_named_in_order() {
        let error =
            graph(&[("root", &[]), ("a", &["c"]), ("b", &["a"]), ("c", &["b"])]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "revisions form a cycle: a -> b -> c -> a"
        );
    }
}
