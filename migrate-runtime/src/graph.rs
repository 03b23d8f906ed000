//! The revision graph: migrations as nodes of a DAG whose edges are `down` revisions (and
//! `depends_on` dependencies), checked at start-up by the same rules as at compile time.

use std::collections::HashMap;
use std::fmt;

use migrate_graph::{Declared, Problem};

use crate::branch_labels;
use crate::migration::{MigrationDef, Source};
use crate::plan::Irreversible;
use crate::registry::Migrations;

/// A history that breaks the rules of [`migrate_graph`]: every problem found, with where it is.
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

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, located) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\nerror: ")?;
            }
            write!(f, "{}\n  --> {}", located.problem, located.location)?;
            if let Some(first) = located.first {
                write!(f, "\n  note: first declared in {first}")?;
            }
        }
        Ok(())
    }
}

impl GraphError {
    /// What to do about the first problem, where there is something to say.
    pub fn help(&self) -> Option<String> {
        self.problems.first().and_then(|p| p.problem.help())
    }

    fn new(problems: Vec<Problem>, defs: &[&'static MigrationDef]) -> Self {
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
                    Problem::Cycle { entries, .. } => (entries.first().copied().unwrap_or(0), None),
                    Problem::NoDowngrade { revision, .. } => {
                        let entry = defs.iter().position(|d| d.revision() == revision);
                        (entry.unwrap_or(0), None)
                    }
                };
                LocatedProblem {
                    location: defs[entry].source(),
                    first: first.map(|f| defs[f].source()),
                    problem,
                }
            })
            .collect();
        GraphError { problems }
    }
}

/// One migration in the graph, with its edges as indices.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) def: &'static MigrationDef,
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
#[derive(Debug)]
pub struct RevisionGraph {
    nodes: Vec<Node>,
    by_revision: HashMap<&'static str, usize>,
    /// Every node after its parents and dependencies; ties broken by revision id.
    order: Vec<usize>,
    /// Each node's branch labels, declared or inherited.
    labels: Vec<Vec<&'static str>>,
}

impl RevisionGraph {
    /// Build and check the graph: well-formed and unique revisions, known `down`s and
    /// `depends_on`s, no cycle, and a downgrade (written, derivable or declared impossible)
    /// for every migration.
    pub fn new(migrations: &Migrations) -> Result<Self, GraphError> {
        let mut defs = migrations.defs().to_vec();
        defs.sort_by_key(|def| (def.revision(), def.source().file, def.source().line));
        let declared: Vec<Declared<'_>> = defs
            .iter()
            .map(|def| Declared {
                revision: def.revision(),
                down: def.down().to_vec(),
                depends_on: def.depends_on().to_vec(),
                branch_labels: def.branch_labels().to_vec(),
            })
            .collect();
        let checked = migrate_graph::check(&declared).map_err(|p| GraphError::new(p, &defs))?;
        let missing_downgrades = missing_downgrades(&defs);
        if !missing_downgrades.is_empty() {
            return Err(GraphError::new(missing_downgrades, &defs));
        }
        let mut nodes: Vec<Node> = defs
            .iter()
            .zip(checked.parents.into_iter().zip(checked.dependencies))
            .map(|(def, (parents, dependencies))| Node {
                def,
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
        let by_revision = defs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.revision(), i))
            .collect();
        let labels = branch_labels::inherit(&nodes);
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

    /// A node's branch labels, declared or inherited.
    pub(crate) fn labels(&self, index: usize) -> &[&'static str] {
        &self.labels[index]
    }

    /// Nodes, each after its parents and dependencies.
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
        (0..self.nodes.len()).find(|&i| self.nodes[i].def.branch_labels().contains(&label))
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
    pub(crate) fn ancestors(&self, starts: &[usize]) -> Vec<bool> {
        self.walk(starts, |node| [&node.parents, &node.dependencies])
    }

    /// `starts` and everything that must be reverted with them (children and dependents,
    /// transitively), as a membership mask.
    pub(crate) fn descendants(&self, starts: &[usize]) -> Vec<bool> {
        self.walk(starts, |node| [&node.children, &node.dependents])
    }

    fn walk(&self, starts: &[usize], next: impl Fn(&Node) -> [&Vec<usize>; 2]) -> Vec<bool> {
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

/// Migrations whose derived downgrade cannot run and that are not declared irreversible.
fn missing_downgrades(defs: &[&'static MigrationDef]) -> Vec<Problem> {
    let without = defs.iter().filter(|def| !def.is_irreversible());
    without
        .filter_map(|def| match def.downgrade().irreversible() {
            Some(Irreversible::Op(op)) => Some(Problem::NoDowngrade {
                revision: def.revision().to_owned(),
                op: op.clone(),
            }),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::migration::Migration;
    use crate::plan::Plan;

    struct Empty;

    /// An upgrade that cannot be reversed, with no downgrade written.
    struct Irreversible;

    impl Migration for Irreversible {
        fn upgrade(&self) -> Plan {
            Plan::new().op(crate::op::execute("DELETE FROM t"))
        }
    }

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
    fn problems_are_reported_with_the_wording_of_the_macro_and_a_location() {
        let error = graph(&[("ae1027a6acf0", &[]), ("b", &["ae1027a6acf9"])]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "revision `b` has down revision `ae1027a6acf9`, which is not a known revision\n  --> x.rs:1"
        );
        assert_eq!(
            error.help().as_deref(),
            Some("a revision with a similar name exists: `ae1027a6acf0`")
        );
        let error = graph(&[("a", &[]), ("a", &[])]).unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("revision `a` is declared twice"), "{text}");
        assert!(text.ends_with("note: first declared in x.rs:1"), "{text}");
        let error = graph(&[("root", &[]), ("a", &["c"]), ("b", &["a"]), ("c", &["b"])]);
        let text = error.unwrap_err().to_string();
        assert!(
            text.starts_with("revisions form a cycle: a -> b -> c -> a"),
            "{text}"
        );
    }

    #[test]
    fn an_irreversible_upgrade_without_downgrade_is_refused_at_start_up() {
        let def = MigrationDef::new("a", &Irreversible).with_source("a.rs", 3);
        let error = RevisionGraph::new(&Migrations::from_defs([&*Box::leak(Box::new(def))]));
        assert_eq!(
            error.unwrap_err().to_string(),
            "migration `a` has no downgrade, and `execute(\"DELETE FROM t\")` in its upgrade cannot be reversed automatically\n  --> a.rs:3"
        );
        let declared = MigrationDef::new("a", &Irreversible).irreversible();
        let graph = RevisionGraph::new(&Migrations::from_defs([&*Box::leak(Box::new(declared))]));
        assert!(graph.is_ok(), "declared irreversible");
    }
}
