//! Results as text, in Alembic's shapes: `rev (label) (head)` for `current` and `heads`,
//! `down -> rev (marks), message` for `history`, Alembic's verbose block under `-v`.

use super::output::Report;
use crate::revision_info::Revision;

/// Print `report` on stdout.
pub(super) fn print(report: &Report, verbose: bool) {
    match report {
        Report::Ran(_) => {}
        Report::Script { script, .. } => print!("{}", script.text),
        Report::Show {
            revision,
            dialect,
            upgrade,
            downgrade,
        } => {
            println!("{}", long(revision, &[]));
            println!("-- upgrade ({dialect})");
            print!("{}", upgrade.text.trim_start());
            println!();
            println!("-- downgrade ({dialect})");
            print!("{}", downgrade.text.trim_start());
        }
        Report::Current(current) | Report::Stamped(current) => {
            if current.is_empty() {
                println!("<base> (no migration applied)");
            }
            for revision in current {
                println!("{}", pick(verbose, short(revision), long(revision, &[])));
            }
        }
        Report::History { revisions, current } => {
            for revision in revisions {
                println!(
                    "{}",
                    pick(verbose, arrow(revision, current), long(revision, current))
                );
            }
        }
        Report::Heads(heads) => {
            for revision in heads {
                println!("{}", pick(verbose, short(revision), long(revision, &[])));
            }
        }
        Report::Branches(points) => {
            for (point, children) in points {
                println!("{}", short(point));
                for child in children {
                    println!(
                        "{:width$} -> {}, {}",
                        "",
                        short(child),
                        child.message,
                        width = point.revision.len()
                    );
                }
            }
        }
        Report::Check(pending) if pending.is_empty() => println!("the database is at head"),
        Report::Check(pending) => {
            println!(
                "the database is not at head: {} migration(s) to apply",
                pending.len()
            );
            for revision in pending {
                println!("  {}", arrow(revision, &[]));
            }
        }
        Report::Written(path) => println!("Generating {} ... done", path.display()),
    }
}

fn pick(verbose: bool, line: String, block: String) -> String {
    if verbose { block } else { line }
}

/// ` (label) (head) (current) (branchpoint) (mergepoint)`.
fn marks(revision: &Revision, current: &[Revision]) -> String {
    let mut marks = String::new();
    if !revision.branch_labels.is_empty() {
        marks.push_str(&format!(" ({})", revision.branch_labels.join(", ")));
    }
    if revision.is_head {
        marks.push_str(" (head)");
    }
    if revision.is_effective_head {
        marks.push_str(" (effective head)");
    }
    if current.iter().any(|c| c.revision == revision.revision) {
        marks.push_str(" (current)");
    }
    if revision.is_branch_point {
        marks.push_str(" (branchpoint)");
    }
    if revision.is_merge_point {
        marks.push_str(" (mergepoint)");
    }
    marks
}

/// `rev (marks)`.
fn short(revision: &Revision) -> String {
    format!("{}{}", revision.revision, marks(revision, &[]))
}

/// The revisions it follows: `<base>`, `a`, or `a, b`; dependencies in parentheses.
fn down(revision: &Revision) -> String {
    let mut down = match revision.down {
        [] => "<base>".to_owned(),
        down => down.join(", "),
    };
    if !revision.depends_on.is_empty() {
        down.push_str(&format!(" ({})", revision.depends_on.join(", ")));
    }
    down
}

/// `down -> rev (marks), message`.
fn arrow(revision: &Revision, current: &[Revision]) -> String {
    format!(
        "{} -> {}{}, {}",
        down(revision),
        revision.revision,
        marks(revision, current),
        revision.message
    )
}

/// Alembic's verbose block.
fn long(revision: &Revision, current: &[Revision]) -> String {
    let mut block = format!(
        "Rev: {}{}\nParent: {}\n",
        revision.revision,
        marks(revision, current),
        down(revision)
    );
    if !revision.branch_labels.is_empty() {
        block.push_str(&format!(
            "Branch names: {}\n",
            revision.branch_labels.join(", ")
        ));
    }
    block.push_str(&format!(
        "Path: {}\n\n    {}\n",
        revision.source, revision.message
    ));
    block
}
