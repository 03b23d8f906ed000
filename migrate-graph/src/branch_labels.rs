//! Branch labels as Alembic spreads them: a label declared on a revision names it, every
//! revision that follows it, and the revisions before it up to the nearest branch point or
//! merge point, so that `label@head` and `label@base` find the branch's ends.

/// Each node's labels, declared or inherited, sorted; `declared[i]`, `parents[i]` and
/// `children[i]` are node `i`'s own labels and edges.
pub(crate) fn inherit(
    declared: &[&'static [&'static str]],
    parents: &[&[usize]],
    children: &[&[usize]],
) -> Vec<Vec<&'static str>> {
    let mut labels: Vec<Vec<&'static str>> = vec![Vec::new(); declared.len()];
    for (index, own) in declared.iter().enumerate() {
        if own.is_empty() {
            continue;
        }
        for follower in followers(children, index) {
            labels[follower].extend(own.iter());
        }
        let mut current = index;
        while children[current].len() <= 1 && parents[current].len() <= 1 {
            labels[current].extend(own.iter());
            match parents[current] {
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
fn followers(children: &[&[usize]], start: usize) -> Vec<usize> {
    let mut seen = vec![false; children.len()];
    let mut stack = vec![start];
    let mut found = Vec::new();
    while let Some(index) = stack.pop() {
        if !std::mem::replace(&mut seen[index], true) {
            found.push(index);
            stack.extend(children[index]);
        }
    }
    found
}
