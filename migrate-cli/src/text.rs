//! Results as text, in Alembic's shapes: `rev (label) (head)` for `current` and `heads`,
//! `down -> rev (marks), message` for `history`, Alembic's verbose block under `-v`.

use crate::report::Report;
use migrate_runtime::Edited;
use migrate_runtime::{Revision, RevisionId};

/// Print `report` on stdout.
pub(super) fn print(report: &Report, verbose: bool) {
    match report {
        // What ran was logged as it ran; a run that had nothing to do says where it is.
        Report::Ran(run) if run.steps.is_empty() => {
            let at: Vec<String> = run.current.iter().map(short).collect();
            match at.as_slice() {
                [] => println!("nothing to do: the database is at <base>"),
                at => println!("nothing to do: the database is at {}", at.join(", ")),
            }
        }
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
        Report::Schema { sql, .. } => print!("{sql}"),
        Report::Current { current, edited } => {
            print_current(current, verbose);
            print_edited(edited);
        }
        Report::Stamped(current) => print_current(current, verbose),
        Report::History {
            revisions,
            current,
            applied,
        } => {
            for revision in revisions {
                let line = pick(verbose, arrow(revision, current), long(revision, current));
                println!("{line}");
            }
            if !applied.is_empty() {
                println!("Applied steps (history table), oldest first:");
            }
            for row in applied {
                println!(
                    "  {} {} {} ({} ms) by {}, checksum {}",
                    row.finished_at,
                    row.direction,
                    row.revision,
                    row.duration_ms,
                    row.applied_by,
                    &row.checksum[..row.checksum.len().min(12)]
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
        Report::Check {
            pending,
            edited,
            drift,
            accepted,
            not_described,
            models,
        } => {
            if pending.is_empty() {
                println!("the database is at head");
            } else {
                println!(
                    "the database is not at head: {} migration(s) to apply",
                    pending.len()
                );
            }
            for revision in pending {
                println!("  {}", arrow(revision, &[]));
            }
            print_edited(edited);
            match drift {
                Ok(drift) if drift.is_empty() => {}
                Ok(drift) => {
                    println!(
                        "the database has drifted from its history: {} difference(s)",
                        drift.len()
                    );
                    for difference in drift {
                        println!("  {difference}");
                    }
                }
                Err(reason) => println!("drift not checked: {reason}"),
            }
            let (accepted, stale) = accepted;
            if !accepted.is_empty() {
                println!(
                    "accepted in migrate.toml: {} difference(s), not a failure",
                    accepted.len()
                );
                for acceptance in accepted {
                    println!(
                        "  {} (accepted: {})",
                        acceptance.difference, acceptance.reason
                    );
                }
            }
            if !stale.is_empty() {
                println!(
                    "stale acceptances in migrate.toml: {} no longer differ; remove them",
                    stale.len()
                );
                for acceptance in stale {
                    println!("  {}", acceptance.difference);
                }
            }
            print_not_described(
                "not compared: migrate does not describe these; keep them by hand (the SQL each takes)",
                not_described,
            );
            match models {
                None => {}
                Some(Ok(changes)) if changes.is_empty() => {
                    println!("the models match the head of the history");
                }
                Some(Ok(changes)) => {
                    println!(
                        "the models differ from the head of the history: {} change(s) without a migration",
                        changes.len()
                    );
                    for change in changes {
                        println!("  {change}");
                    }
                }
                Some(Err(reason)) => println!("models not checked: {reason}"),
            }
        }
        Report::Written(path) => println!("Generating {} ... done", path.display()),
        Report::Generated {
            path,
            changes,
            not_described,
            stamp,
        } => {
            for change in changes {
                println!("{change}");
            }
            print_not_described(
                "not made by the baseline: migrate does not describe these (listed in the file, with the SQL each takes)",
                not_described,
            );
            match path {
                Some(path) => println!("Generating {} ... done", path.display()),
                None => println!(
                    "no changes: the head of the history is already that schema; nothing written"
                ),
            }
            if let Some(revision) = stamp {
                println!(
                    "the database read already has this schema: once the file is built, adopt it without running the migration with `migrate stamp {revision}` (and that database's URL)"
                );
            }
        }
        Report::Adopted {
            baseline,
            models,
            dependencies,
            changes,
            not_described,
            revision,
            checked,
        } => {
            println!("Adopting: the baseline makes {} object(s)", changes.len());
            print_not_described(
                "not made by the baseline: migrate does not describe these (listed in the file, with the SQL each takes)",
                not_described,
            );
            if *checked {
                println!(
                    "Checked: applied to an empty database of the same kind, the baseline gives this database's catalog"
                );
            }
            println!("Generating {} ... done", baseline.display());
            println!("Generating {} ... done", models.display());
            if !dependencies.is_empty() {
                println!(
                    "Added to the migrations crate's dependencies (the models' field types): {}",
                    dependencies.join(", ")
                );
            }
            println!("Stamped the database at {revision} (nothing ran)");
            println!(
                "Next: `migrate check` compares the database, the history and the models; change the models and `migrate revision --autogenerate -m MESSAGE`"
            );
        }
        Report::Imported { files, warnings } => {
            for file in files {
                println!("Generating {} ... done", file.display());
            }
            for warning in warnings {
                eprintln!("warning: {warning}");
            }
            println!(
                "Imported {} revision(s). A database Alembic manages is at one of them already: set `version_table = \"alembic_version\"` in migrate.toml to go on from where it is (`migrate current`, `check`, `upgrade`)",
                files.len()
            );
        }
        Report::Models(source) => print!("{source}"),
    }
}

fn print_current(current: &[Revision], verbose: bool) {
    if current.is_empty() {
        println!("<base> (no migration applied)");
    }
    for revision in current {
        println!("{}", pick(verbose, short(revision), long(revision, &[])));
    }
}

fn print_edited(edited: &[Edited]) {
    for edit in edited {
        println!(
            "migration {} was edited after it was applied on {} (checksum {} then, {} now)",
            edit.revision,
            edit.applied_at,
            &edit.recorded[..edit.recorded.len().min(12)],
            &edit.current[..edit.current.len().min(12)]
        );
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
    let mut down = match revision.down.as_slice() {
        [] => "<base>".to_owned(),
        down => listed(down),
    };
    if !revision.depends_on.is_empty() {
        down.push_str(&format!(" ({})", listed(&revision.depends_on)));
    }
    down
}

/// `a, b`.
fn listed(ids: &[RevisionId]) -> String {
    let texts: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
    texts.join(", ")
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

/// What the tables have that migrate neither describes nor compares, under `heading`: listed
/// with its SQL, not a failure.
fn print_not_described(heading: &str, items: &[migrate_runtime::state::NotDescribed]) {
    if items.is_empty() {
        return;
    }
    println!("{heading}:");
    for item in items {
        println!("  {item}");
    }
}
