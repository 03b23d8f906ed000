//! Branch labels as Alembic spreads them: a label declared on a revision names it, every
//! revision that follows it, and the revisions before it up to the nearest branch point or
//! merge point, so that `label@head` and `label@base` find the branch's ends.

use crate::graph::Node;

/// Each node's labels, declared or inherited, sorted.
pub(crate) fn inherit(nodes: &[Node]) -> Vec<Vec<&'static str>> {
    let mut labels: Vec<Vec<&'static str>> = vec![Vec::new(); nodes.len()];
    for (index, node) in nodes.iter().enumerate() {
        let declared = node.entry.branch_labels;
        if declared.is_empty() {
            continue;
        }
        for follower in followers(nodes, index) {
            labels[follower].extend(declared);
        }
        let mut current = index;
        while nodes[current].children.len() <= 1 && nodes[current].parents.len() <= 1 {
            labels[current].extend(declared);
            match nodes[current].parents.as_slice() {
                [parent] => current = *parent,
                _ => break,
            }
        }
    }
    for set in &mut labels {
        set.sort_unstable();
        set.dedup();
    }
    labels
}

/// `start` and every node that follows it through `down` edges.
fn followers(nodes: &[Node], start: usize) -> Vec<usize> {
    let mut seen = vec![false; nodes.len()];
    let mut stack = vec![start];
    let mut found = Vec::new();
    while let Some(index) = stack.pop() {
        if !std::mem::replace(&mut seen[index], true) {
            found.push(index);
            stack.extend(&nodes[index].children);
        }
    }
    found
}
