//! Writing new migration files: `revision` and `merge`, from one template.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use migrate_graph::check_revision_id;
use migrate_runtime::clock;
use migrate_runtime::{Error, RevisionGraph, TargetError};

use crate::error::CliError;
use crate::format;

/// The upgrade of a new migration that nothing fills in.
const EMPTY_PLAN: &str = "Plan::new()";

/// A migration file about to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMigration {
    /// Its fresh revision id.
    pub revision: String,
    /// The revisions it follows.
    pub down: Vec<String>,
    /// Revisions of other branches it depends on.
    pub depends_on: Vec<String>,
    /// Labels for the branch it starts.
    pub branch_labels: Vec<String>,
    /// Its message.
    pub message: String,
    /// The body of its `upgrade`: `Plan::new()` and the ops.
    pub upgrade: String,
    /// Whether it is declared irreversible (an upgrade no downgrade can undo, such as raw SQL
    /// making a view).
    pub irreversible: bool,
    /// What the file does not make, listed in its header: a baseline's tables' partitioning,
    /// storage engines and the like, which migrate does not describe, with their SQL.
    pub not_carried: Vec<String>,
    /// An imported Alembic revision's `upgrade()`, when it works on rows in Python: kept in
    /// the header as a comment, to be ported by hand.
    pub python: Option<String>,
}

impl NewMigration {
    /// A migration following `head` (a revision, `label@head`, `REV@head`, or `base` for a new
    /// root), else the single head of `graph`; with its labels and dependencies resolved, and
    /// `rev_id` as its revision when given.
    pub fn revision(
        graph: &RevisionGraph,
        message: &str,
        head: Option<&str>,
        branch_label: Option<&str>,
        depends_on: &[String],
        rev_id: Option<&str>,
    ) -> Result<Self, CliError> {
        let down = match head {
            Some("base") => Vec::new(),
            Some(head) => vec![
                graph
                    .single_revision(head)
                    .map_err(Error::from)?
                    .to_string(),
            ],
            None => match graph.real_head_revisions().as_slice() {
                [] => Vec::new(),
                [head] => vec![head.revision.to_string()],
                heads => {
                    let heads = heads.iter().map(|h| h.revision.to_string()).collect();
                    return Err(CliError::WhichHead { heads });
                }
            },
        };
        let depends_on = depends_on
            .iter()
            .map(|d| {
                graph
                    .single_revision(d)
                    .map(|id| id.to_string())
                    .map_err(Error::from)
            })
            .collect::<Result<_, _>>()?;
        Ok(NewMigration {
            revision: revision_id(graph, rev_id)?,
            down,
            depends_on,
            branch_labels: branch_label.map(str::to_owned).into_iter().collect(),
            message: message.to_owned(),
            upgrade: EMPTY_PLAN.to_owned(),
            irreversible: false,
            not_carried: Vec::new(),
            python: None,
        })
    }

    /// A merge migration joining `revisions` (or every head, for `heads`).
    pub fn merge(
        graph: &RevisionGraph,
        message: &str,
        revisions: &[String],
    ) -> Result<Self, CliError> {
        let down: Vec<String> = match revisions {
            [heads] if heads == "heads" => {
                let heads = graph.real_head_revisions().into_iter();
                heads.map(|h| h.revision.to_string()).collect()
            }
            revisions => revisions
                .iter()
                .map(|r| {
                    graph
                        .single_revision(r)
                        .map(|id| id.to_string())
                        .map_err(Error::from)
                })
                .collect::<Result<_, _>>()?,
        };
        if down.len() < 2 {
            return Err(Error::from(TargetError::NothingToMerge(down)).into());
        }
        Ok(NewMigration {
            revision: revision_id(graph, None)?,
            down,
            depends_on: Vec::new(),
            branch_labels: Vec::new(),
            message: message.to_owned(),
            upgrade: EMPTY_PLAN.to_owned(),
            irreversible: false,
            not_carried: Vec::new(),
            python: None,
        })
    }

    /// `<revision>_<message as a slug>.rs`.
    pub fn file_name(&self) -> String {
        let slug: String = words(&self.message).join("_");
        let slug: String = slug.chars().take(40).collect();
        match slug.is_empty() {
            true => format!("{}.rs", self.revision),
            false => format!("{}_{slug}.rs", self.revision),
        }
    }

    /// The file's Rust source, dated `date`, formatted as rustfmt would. The downgrade is left
    /// out: it is derived from the upgrade, and a build that cannot derive it says which op
    /// needs a written one.
    pub fn source(&self, date: &str) -> String {
        let name = struct_name(&self.message, &self.revision);
        let mut arguments = vec![format!("revision = {:?}", self.revision)];
        arguments.extend(list("down", &self.down));
        arguments.extend(list("depends_on", &self.depends_on));
        arguments.extend(list("branch_labels", &self.branch_labels));
        arguments.push(format!("message = {:?}", self.message));
        if self.irreversible {
            arguments.push("irreversible".to_owned());
        }
        let doc = self.message.replace('\n', " ");
        let not_carried: String = match self.not_carried.is_empty() {
            true => String::new(),
            false => std::iter::once(
                "//!\n//! Not made by this migration (migrate does not describe these; add them by hand,\n//! with `op::execute`, where they matter):\n".to_owned(),
            )
            .chain((self.not_carried.iter()).map(|item| {
                // A virtual table's text keeps its own line breaks: one comment line each.
                format!("//! - {}\n", item.split_whitespace().collect::<Vec<_>>().join(" "))
            }))
            .collect(),
        };
        let python: String = match &self.python {
            None => String::new(),
            Some(source) => std::iter::once(
                "//!\n//! Alembic's `upgrade()` also worked on rows in Python, which is not carried here;\n//! port it to a data step (`Plan::data`) where it matters:\n//!\n//! ```python\n".to_owned(),
            )
            .chain(source.lines().map(|line| match line.trim_end() {
                "" => "//!\n".to_owned(),
                line => format!("//! {line}\n"),
            }))
            .chain(std::iter::once("//! ```\n".to_owned()))
            .collect(),
        };
        // rustfmt's `attr_fn_like_width`: longer arguments go one per line.
        let attribute = match arguments.join(", ") {
            line if line.len() <= 70 => format!("#[migration({line})]"),
            _ => format!("#[migration(\n    {}\n)]", arguments.join(",\n    ")),
        };
        format::rust(&format!(
            "//! {doc}\n//!\n//! Created {date}.\n{not_carried}{python}\nuse migrate_runtime::prelude::*;\n\npub struct {name};\n\n\
             {attribute}\nimpl Migration for {name} {{\n    fn upgrade(&self) -> Plan {{\n        {upgrade}\n    }}\n}}\n",
            upgrade = self.upgrade.replace('\n', "\n        ")
        ))
    }

    /// Write the file into `folder` (created if missing; an existing file is never
    /// overwritten); its path.
    pub fn write(&self, folder: &Path) -> Result<PathBuf, CliError> {
        let written = || {
            std::fs::create_dir_all(folder)?;
            let path = folder.join(self.file_name());
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            std::io::Write::write_all(&mut file, self.source(&clock::today()).as_bytes())?;
            Ok(path)
        };
        written().map_err(|cause| CliError::Write {
            folder: folder.to_owned(),
            cause,
        })
    }
}

/// `rev_id` checked (well formed, not taken), or a fresh one.
fn revision_id(graph: &RevisionGraph, rev_id: Option<&str>) -> Result<String, CliError> {
    let Some(id) = rev_id else {
        return Ok(fresh_revision(|id| graph.contains(id)));
    };
    check_revision_id(id).map_err(|cause| CliError::MalformedRevisionId {
        id: id.to_owned(),
        cause,
    })?;
    match graph.contains(id) {
        true => Err(CliError::TakenRevisionId { id: id.to_owned() }),
        false => Ok(id.to_owned()),
    }
}

/// `key = "a"` or `key = ["a", "b"]`, nothing for an empty list.
fn list(key: &str, values: &[String]) -> Option<String> {
    match values {
        [] => None,
        [one] => Some(format!("{key} = {one:?}")),
        several => {
            let quoted: Vec<String> = several.iter().map(|v| format!("{v:?}")).collect();
            Some(format!("{key} = [{}]", quoted.join(", ")))
        }
    }
}

/// The lowercase ASCII words of a message.
fn words(message: &str) -> Vec<String> {
    message
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// `add email to users` → `AddEmailToUsers`; a name that would not be an identifier gets
/// the revision.
fn struct_name(message: &str, revision: &str) -> String {
    let name: String = words(message)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => name,
        _ => format!("Migration{}{name}", revision.to_ascii_uppercase()),
    }
}

/// A fresh 12-hex-digit revision id that `taken` does not know.
fn fresh_revision(taken: impl Fn(&str) -> bool) -> String {
    let state = RandomState::new();
    (0_u64..)
        .map(|attempt| {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            let random = state.hash_one((nanos, attempt, std::process::id()));
            format!("{:012x}", random & 0xffff_ffff_ffff)
        })
        .find(|id| !taken(id))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_message() {
        let new = NewMigration {
            revision: "0a1b2c3d4e5f".into(),
            down: vec!["ffffffffffff".into()],
            depends_on: Vec::new(),
            branch_labels: vec!["billing".into()],
            message: "Add e-mail to users!".into(),
            upgrade: EMPTY_PLAN.into(),
            irreversible: false,
            not_carried: Vec::new(),
            python: None,
        };
        assert_eq!(new.file_name(), "0a1b2c3d4e5f_add_e_mail_to_users.rs");
        assert!(
            new.source("2026-11-21")
                .contains("pub struct AddEMailToUsers;")
        );
        assert_eq!(struct_name("2fa codes", "0a1b"), "Migration0A1B2faCodes");
    }

    #[test]
    fn an_irreversible_migration_says_so_in_its_header() {
        let new = NewMigration {
            revision: "0a1b2c3d4e5f".into(),
            down: Vec::new(),
            depends_on: Vec::new(),
            branch_labels: Vec::new(),
            message: "add a status".into(),
            upgrade: EMPTY_PLAN.into(),
            irreversible: true,
            not_carried: Vec::new(),
            python: None,
        };
        let source = new.source("2026-12-01");
        assert!(
            source.contains(r#"message = "add a status", irreversible)]"#),
            "{source}"
        );
    }

    #[test]
    fn a_baseline_lists_what_it_does_not_make_in_its_header() {
        let new = NewMigration {
            revision: "0a1b2c3d4e5f".into(),
            down: Vec::new(),
            depends_on: Vec::new(),
            branch_labels: Vec::new(),
            message: "baseline".into(),
            upgrade: EMPTY_PLAN.into(),
            irreversible: false,
            not_carried: vec!["table `m`: partitioning: PARTITION BY RANGE (at)".into()],
            python: None,
        };
        let source = new.source("2026-12-07");
        assert!(
            source.contains("//! Not made by this migration (migrate does not describe these")
                && source.contains("//! - table `m`: partitioning: PARTITION BY RANGE (at)\n"),
            "{source}"
        );
    }

    #[test]
    fn the_template_is_the_reviewed_compile_pass_case() {
        let new = NewMigration {
            revision: "0a1b2c3d4e5f".into(),
            down: vec!["a1a1a1a1a1a1".into(), "b1b1b1b1b1b1".into()],
            depends_on: vec!["c1c1c1c1c1c1".into()],
            branch_labels: vec!["billing".into()],
            message: "merge \"billing\" heads".into(),
            upgrade: EMPTY_PLAN.into(),
            irreversible: false,
            not_carried: Vec::new(),
            python: None,
        };
        let case = include_str!("../../ui-tests/tests/pass/template.rs");
        let (_, generated) = case
            .split_once("// --- generated by `revision` ---\n")
            .unwrap_or_default();
        let (generated, _) = generated.split_once("// --- end ---").unwrap_or_default();
        assert_eq!(generated, new.source("2026-11-21"));
    }
}
