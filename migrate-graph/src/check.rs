//! Checking a history as a whole: every revision well-formed and declared once, every `down`
//! and `depends_on` known, no cycle; and, when all holds, an order with parents first.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

use crate::revision::{RevisionIdError, check_revision_id};
use crate::suggest;

/// One migration's header, as far as the graph is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared<'a> {
    /// Its revision id.
    pub revision: &'a str,
    /// The revisions it follows.
    pub down: Cow<'a, [&'a str]>,
    /// Revisions that must be applied before it, without being its parents.
    pub depends_on: Cow<'a, [&'a str]>,
    /// Names for its branch.
    pub branch_labels: Cow<'a, [&'a str]>,
}

/// Which list of a header names another revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// `down`.
    Down,
    /// `depends_on`.
    DependsOn,
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reference::Down => "down revision",
            Reference::DependsOn => "dependency",
        })
    }
}

/// A rule of the history that a set of headers breaks. Entries are indices into the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// A revision id that is not well-formed.
    #[error("revision id `{revision}` is not valid: {error}")]
    MalformedRevision {
        /// The entry.
        entry: usize,
        /// The id.
        revision: String,
        /// What is wrong with it.
        error: RevisionIdError,
    },
    /// A revision declared by two entries; `second` is the later one in input order.
    #[error("revision `{revision}` is declared twice")]
    DuplicateRevision {
        /// The id.
        revision: String,
        /// The entry that declares it first.
        first: usize,
        /// The entry that declares it again.
        second: usize,
    },
    /// A branch label that is not well-formed.
    #[error("branch label `{label}` is not valid: {error}")]
    MalformedLabel {
        /// The entry.
        entry: usize,
        /// The label.
        label: String,
        /// What is wrong with it.
        error: RevisionIdError,
    },
    /// A branch label declared by two entries; `second` is the later one.
    #[error("branch label `{label}` is declared twice")]
    DuplicateLabel {
        /// The label.
        label: String,
        /// The entry that declares it first.
        first: usize,
        /// The entry that declares it again.
        second: usize,
    },
    /// A branch label spelled like a revision id, which targets could not tell apart.
    #[error("branch label `{label}` of revision `{revision}` is also a revision id")]
    LabelIsRevision {
        /// The entry that declares the label.
        entry: usize,
        /// Its revision.
        revision: String,
        /// The label.
        label: String,
    },
    /// A `down` or `depends_on` naming no declared revision.
    #[error("revision `{revision}` has {reference} `{missing}`, which is not a known revision")]
    UnknownReference {
        /// The entry that names it.
        entry: usize,
        /// Its revision.
        revision: String,
        /// In which list.
        reference: Reference,
        /// Its position in that list.
        position: usize,
        /// The unknown name.
        missing: String,
        /// A known revision with a similar name.
        similar: Option<String>,
    },
    /// A migration whose upgrade cannot be reversed, with neither a downgrade nor the
    /// `irreversible` flag.
    #[error(
        "migration `{revision}` has no downgrade, and `{op}` in its upgrade cannot be reversed automatically"
    )]
    NoDowngrade {
        /// Its revision.
        revision: String,
        /// The op that cannot be reversed, as written.
        op: String,
    },
    /// Revisions that follow each other round in a circle.
    #[error("revisions form a cycle: {}", cycle_text(revisions))]
    Cycle {
        /// The entries on the cycle, in order, starting at the lowest revision id; each is
        /// followed by the next, the last by the first.
        entries: Vec<usize>,
        /// Their revision ids, in the same order.
        revisions: Vec<String>,
    },
}

fn cycle_text(revisions: &[String]) -> String {
    let mut path: Vec<&str> = revisions.iter().map(String::as_str).collect();
    path.extend(revisions.first().map(String::as_str));
    path.join(" -> ")
}

impl Problem {
    /// What to do about it, where there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            Problem::UnknownReference {
                similar: Some(similar),
                ..
            } => Some(format!(
                "a revision with a similar name exists: `{similar}`"
            )),
            Problem::DuplicateRevision { .. } => {
                Some("give one of the two migrations a fresh revision id".to_owned())
            }
            Problem::DuplicateLabel { .. } | Problem::LabelIsRevision { .. } => {
                Some("choose another label".to_owned())
            }
            Problem::Cycle { .. } => {
                Some("a migration's `down` must name an older revision".to_owned())
            }
            Problem::NoDowngrade { .. } => Some(
                "write `fn downgrade`, or add `irreversible` to its `#[migration(…)]`".to_owned(),
            ),
            _ => None,
        }
    }
}

/// A valid history: edges as indices into the input, and an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked<'a> {
    /// Each revision's entry.
    pub index: HashMap<&'a str, usize>,
    /// Each entry's `down` revisions.
    pub parents: Vec<Vec<usize>>,
    /// Each entry's `depends_on` revisions.
    pub dependencies: Vec<Vec<usize>>,
    /// Every entry, each after its parents and dependencies; ties by lowest revision id.
    pub order: Vec<usize>,
}

/// Check a whole history, reporting every problem found.
pub fn check<'a>(declared: &[Declared<'a>]) -> Result<Checked<'a>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(declared.len());
    for (entry, header) in declared.iter().enumerate() {
        if let Err(error) = check_revision_id(header.revision) {
            problems.push(Problem::MalformedRevision {
                entry,
                revision: header.revision.to_owned(),
                error,
            });
        }
        if let Some(&first) = index.get(header.revision) {
            problems.push(Problem::DuplicateRevision {
                revision: header.revision.to_owned(),
                first,
                second: entry,
            });
        } else {
            index.insert(header.revision, entry);
        }
    }
    check_labels(declared, &index, &mut problems);
    let parents = resolve(declared, &index, Reference::Down, &mut problems);
    let dependencies = resolve(declared, &index, Reference::DependsOn, &mut problems);
    let order = order(declared, &parents, &dependencies, &mut problems);
    if problems.is_empty() {
        Ok(Checked {
            index,
            parents,
            dependencies,
            order,
        })
    } else {
        Err(problems)
    }
}

/// Every label declared once, and none spelled like a revision.
fn check_labels(
    declared: &[Declared<'_>],
    index: &HashMap<&str, usize>,
    problems: &mut Vec<Problem>,
) {
    let mut labels: HashMap<&str, usize> = HashMap::new();
    for (entry, header) in declared.iter().enumerate() {
        for &label in header.branch_labels.iter() {
            if let Err(error) = check_revision_id(label) {
                problems.push(Problem::MalformedLabel {
                    entry,
                    label: label.to_owned(),
                    error,
                });
            }
            if index.contains_key(label) {
                problems.push(Problem::LabelIsRevision {
                    entry,
                    revision: header.revision.to_owned(),
                    label: label.to_owned(),
                });
            }
            if let Some(&first) = labels.get(label) {
                problems.push(Problem::DuplicateLabel {
                    label: label.to_owned(),
                    first,
                    second: entry,
                });
            } else {
                labels.insert(label, entry);
            }
        }
    }
}

/// The entries each header names in one of its lists; unknown names become problems.
fn resolve(
    declared: &[Declared<'_>],
    index: &HashMap<&str, usize>,
    reference: Reference,
    problems: &mut Vec<Problem>,
) -> Vec<Vec<usize>> {
    let known = || index.keys().copied();
    let mut edges = Vec::with_capacity(declared.len());
    for (entry, header) in declared.iter().enumerate() {
        let mut targets = Vec::new();
        let names = match reference {
            Reference::Down => &header.down,
            Reference::DependsOn => &header.depends_on,
        };
        for (position, &name) in names.iter().enumerate() {
            match index.get(name) {
                Some(&target) => targets.push(target),
                None => problems.push(Problem::UnknownReference {
                    entry,
                    revision: header.revision.to_owned(),
                    reference,
                    position,
                    missing: name.to_owned(),
                    similar: suggest::closest(name, known()).map(str::to_owned),
                }),
            }
        }
        edges.push(targets);
    }
    edges
}

/// Kahn's algorithm over parents and dependencies; what it cannot order lies on or after a
/// cycle, and each cycle becomes a problem.
fn order(
    declared: &[Declared<'_>],
    parents: &[Vec<usize>],
    dependencies: &[Vec<usize>],
    problems: &mut Vec<Problem>,
) -> Vec<usize> {
    let count = declared.len();
    let before = |entry: usize| parents[entry].iter().chain(&dependencies[entry]).copied();
    let mut waiting: Vec<usize> = (0..count).map(|entry| before(entry).count()).collect();
    // The entries after each one, all in one list: those after `e` are
    // `after[starts[e]..starts[e + 1]]`.
    let mut starts = vec![0; count + 1];
    for earlier in (0..count).flat_map(before) {
        starts[earlier + 1] += 1;
    }
    for entry in 0..count {
        starts[entry + 1] += starts[entry];
    }
    let mut filled = starts.clone();
    let mut after = vec![0; starts[count]];
    for entry in 0..count {
        for earlier in before(entry) {
            after[filled[earlier]] = entry;
            filled[earlier] += 1;
        }
    }
    let mut ready: BTreeSet<(&str, usize)> = (0..count)
        .filter(|&e| waiting[e] == 0)
        .map(|e| (declared[e].revision, e))
        .collect();
    let mut order = Vec::with_capacity(count);
    while let Some((_, entry)) = ready.pop_first() {
        order.push(entry);
        for &next in &after[starts[entry]..starts[entry + 1]] {
            waiting[next] -= 1;
            if waiting[next] == 0 {
                ready.insert((declared[next].revision, next));
            }
        }
    }
    if order.len() < count {
        problems.extend(cycles(declared, &waiting, before));
    }
    order
}

/// Every cycle among the entries Kahn's algorithm left waiting, each reported once.
fn cycles<I: Iterator<Item = usize>>(
    declared: &[Declared<'_>],
    waiting: &[usize],
    before: impl Fn(usize) -> I,
) -> Vec<Problem> {
    let mut visited = vec![false; declared.len()];
    let mut found = Vec::new();
    for start in (0..declared.len()).filter(|&e| waiting[e] > 0) {
        let mut path = Vec::new();
        let mut current = start;
        while !visited[current] {
            visited[current] = true;
            path.push(current);
            match before(current).find(|&e| waiting[e] > 0) {
                Some(earlier) => current = earlier,
                None => break,
            }
        }
        if let Some(position) = path.iter().position(|&e| e == current) {
            let mut entries: Vec<usize> = path[position..].iter().rev().copied().collect();
            let lowest = (0..entries.len())
                .min_by_key(|&i| declared[entries[i]].revision)
                .unwrap_or(0);
            entries.rotate_left(lowest);
            let revisions = entries
                .iter()
                .map(|&e| declared[e].revision.to_owned())
                .collect();
            found.push(Problem::Cycle { entries, revisions });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared<'a>(edges: &[(&'a str, &[&'a str])]) -> Vec<Declared<'a>> {
        edges
            .iter()
            .map(|&(revision, down)| Declared {
                revision,
                down: down.to_vec().into(),
                depends_on: Cow::Borrowed(&[]),
                branch_labels: Cow::Borrowed(&[]),
            })
            .collect()
    }

    #[test]
    fn orders_parents_first_whatever_the_input_order() {
        let checked = check(&declared(&[("c", &["b"]), ("a", &[]), ("b", &["a"])])).unwrap();
        assert_eq!(checked.order, [1, 2, 0]);
        assert_eq!(checked.parents, [vec![2], vec![], vec![1]]);
    }

    #[test]
    fn reports_every_problem_at_once() {
        let problems = check(&declared(&[
            ("ae1027a6acf0", &[]),
            ("b", &["ae1027a6acf9"]),
            ("b", &[]),
            ("b-d", &[]),
        ]))
        .unwrap_err();
        let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "revision `b` is declared twice",
                "revision id `b-d` is not valid: `-` is not allowed; use letters, digits, `_` and `.`",
                "revision `b` has down revision `ae1027a6acf9`, which is not a known revision",
            ]
        );
        assert_eq!(
            problems[2].help().as_deref(),
            Some("a revision with a similar name exists: `ae1027a6acf0`")
        );
    }

    #[test]
    fn names_a_cycle_in_order_from_its_lowest_revision() {
        let problems = check(&declared(&[
            ("root", &[]),
            ("b", &["a"]),
            ("c", &["b"]),
            ("a", &["c"]),
            ("d", &["c"]),
        ]))
        .unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].to_string(),
            "revisions form a cycle: a -> b -> c -> a"
        );
        assert!(matches!(&problems[0], Problem::Cycle { entries, .. } if entries == &[3, 1, 2]));
    }

    #[test]
    fn labels_are_unique_and_unlike_revisions() {
        let mut history = declared(&[("a", &[]), ("b", &["a"]), ("c", &["a"])]);
        history[1].branch_labels = vec!["shop"].into();
        history[2].branch_labels = vec!["shop", "a"].into();
        let problems = check(&history).unwrap_err();
        let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "branch label `shop` is declared twice",
                "branch label `a` of revision `c` is also a revision id",
            ]
        );
    }

    #[test]
    fn a_dependency_is_an_edge_for_order_and_cycles() {
        let mut history = declared(&[("a", &[]), ("b", &[])]);
        history[0].depends_on = vec!["b"].into();
        assert_eq!(check(&history).unwrap().order, [1, 0]);
        history[1].depends_on = vec!["a"].into();
        assert!(matches!(
            check(&history).unwrap_err()[0],
            Problem::Cycle { .. }
        ));
    }
}
