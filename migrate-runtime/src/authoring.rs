//! Writing new migration files: `revision` and `merge`, from one template.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::clock;

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
}

impl NewMigration {
    /// `<revision>_<message as a slug>.rs`.
    pub fn file_name(&self) -> String {
        let slug: String = words(&self.message).join("_");
        let slug: String = slug.chars().take(40).collect();
        match slug.is_empty() {
            true => format!("{}.rs", self.revision),
            false => format!("{}_{slug}.rs", self.revision),
        }
    }

    /// The file's Rust source, dated `date`.
    pub fn source(&self, date: &str) -> String {
        let name = struct_name(&self.message, &self.revision);
        let mut arguments = vec![format!("revision = {:?}", self.revision)];
        arguments.extend(list("down", &self.down));
        arguments.extend(list("depends_on", &self.depends_on));
        arguments.extend(list("branch_labels", &self.branch_labels));
        arguments.push(format!("message = {:?}", self.message));
        let doc = self.message.replace('\n', " ");
        format!(
            "//! {doc}\n//!\n//! Created {date}.\n\nuse migrate_runtime::prelude::*;\n\npub struct {name};\n\n\
             #[migration({})]\nimpl Migration for {name} {{\n    fn upgrade(&self) -> Plan {{\n        Plan::new()\n    }}\n\n    \
             fn downgrade(&self) -> Plan {{\n        Plan::new()\n    }}\n}}\n",
            arguments.join(", ")
        )
    }

    /// Write the file into `folder` (created if missing); its path.
    pub fn write(&self, folder: &Path) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(folder)?;
        let path = folder.join(self.file_name());
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        std::io::Write::write_all(&mut file, self.source(&clock::today()).as_bytes())?;
        Ok(path)
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
pub(crate) fn fresh_revision(taken: impl Fn(&str) -> bool) -> String {
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
        };
        assert_eq!(new.file_name(), "0a1b2c3d4e5f_add_e_mail_to_users.rs");
        assert!(
            new.source("2026-11-21")
                .contains("pub struct AddEMailToUsers;")
        );
        assert_eq!(struct_name("2fa codes", "0a1b"), "Migration0A1B2faCodes");
    }

    #[test]
    fn the_template_is_the_reviewed_compile_pass_case() {
        let new = NewMigration {
            revision: "0a1b2c3d4e5f".into(),
            down: vec!["a1a1a1a1a1a1".into(), "b1b1b1b1b1b1".into()],
            depends_on: vec!["c1c1c1c1c1c1".into()],
            branch_labels: vec!["billing".into()],
            message: "merge \"billing\" heads".into(),
        };
        let case = include_str!("../../ui-tests/tests/pass/template.rs");
        let (_, generated) = case
            .split_once("// --- generated by `revision` ---\n")
            .unwrap_or_default();
        let (generated, _) = generated.split_once("// --- end ---").unwrap_or_default();
        assert_eq!(generated, new.source("2026-11-21"));
    }
}
