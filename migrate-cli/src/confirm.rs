//! `downgrade` on a terminal: a target given as a prefix of a revision (a typo may match
//! another), or one that reverts more than one migration, is shown and confirmed first.

use migrate_runtime::{Anchor, BranchAt, Migrator, Target};

use crate::error::CliError;
use crate::prompt;

/// The migrator to run `downgrade TARGET` with: as it is with `--yes` or without a terminal
/// (Alembic's behaviour, for scripts); on a terminal, asked first when the downgrade needs
/// it, and bound to what the user confirmed.
pub(crate) async fn downgrade(
    migrator: Migrator,
    target: &str,
    yes: bool,
) -> Result<Migrator, CliError> {
    if yes || !prompt::interactive() {
        return Ok(migrator);
    }
    let reverts = migrator.downgrade_preview(target).await?;
    let prefix = prefix_in(&migrator, target);
    if reverts.is_empty() || (reverts.len() == 1 && prefix.is_none()) {
        return Ok(migrator);
    }
    if let Some((prefix, revision)) = &prefix {
        eprintln!("`{prefix}` is a prefix of `{revision}`");
    }
    eprintln!("downgrade {target} reverts {}:", count(reverts.len()));
    for revision in &reverts {
        eprintln!("  {} {}", revision.revision, revision.message);
    }
    match prompt::ask("revert them? [y/N]").as_deref() {
        Some("y" | "yes") => Ok(migrator.confirmed_reverts(&reverts)),
        _ => Err(CliError::NotConfirmed),
    }
}

fn count(n: usize) -> String {
    match n {
        1 => "1 migration".to_owned(),
        n => format!("{n} migrations"),
    }
}

/// The revision text of `target` that is only a prefix of a revision id (not the whole id,
/// nor a branch label), with the revision it matched.
fn prefix_in(migrator: &Migrator, target: &str) -> Option<(String, String)> {
    let text = match target.parse::<Target>().ok()? {
        Target::Revision(text) => text,
        Target::Relative {
            anchor: Anchor::Revision(text),
            ..
        } => text,
        Target::Branch {
            at: BranchAt::Revision(text) | BranchAt::RevisionRelative { revision: text, .. },
            ..
        } => text,
        _ => return None,
    };
    let graph = migrator.graph();
    if graph.index_of(&text).is_some() {
        return None;
    }
    let node = graph.find(&text).ok()?;
    let revision = graph.revision(node).to_string();
    (revision != text && revision.starts_with(&text)).then_some((text, revision))
}
