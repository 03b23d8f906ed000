//! Reading the `#[migration(…)]` headers of migration files without compiling them, so that
//! the macro can check the whole history while it expands one migration.
//!
//! Files are lexed with proc-macro2's own lexer (forced even inside a proc macro, so that
//! line numbers refer to the scanned file) and every `#[migration(…)]` attribute found is
//! parsed with [`header::parse`](crate::header::parse). Attributes that do not parse are left
//! out: the macro reports them where they stand.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::{fs, io};

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use crate::header;

/// One migration header found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedMigration {
    /// The file it is in.
    pub file: PathBuf,
    /// The line of its `revision` literal.
    pub line: usize,
    /// Its revision id.
    pub revision: String,
    /// Its `down` revisions.
    pub down: Vec<String>,
    /// Its `depends_on` revisions.
    pub depends_on: Vec<String>,
    /// Its branch labels.
    pub branch_labels: Vec<String>,
}

impl ScannedMigration {
    /// The header as the graph check takes it.
    pub fn declared(&self) -> crate::Declared<'_> {
        crate::Declared {
            revision: &self.revision,
            down: self
                .down
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .into(),
            depends_on: (self.depends_on.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .into(),
            branch_labels: (self.branch_labels.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .into(),
        }
    }
}

/// Where migration files live, relative to the crate's manifest, unless its `Cargo.toml` says
/// otherwise.
pub const DEFAULT_VERSIONS_FOLDER: &str = "src/versions";

/// The versions folder of the crate whose manifest folder is `manifest`, relative to it:
/// `[package.metadata.migrate] versions = "…"` in its `Cargo.toml`, else `src/versions`. The
/// macro checks this folder and `migrate-build` compiles it, so the two always agree.
pub fn versions_folder(manifest: &Path) -> PathBuf {
    let configured = fs::read_to_string(manifest.join("Cargo.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|table| {
            let metadata = table.get("package")?.get("metadata")?.get("migrate")?;
            Some(metadata.get("versions")?.as_str()?.to_owned())
        });
    PathBuf::from(configured.unwrap_or_else(|| DEFAULT_VERSIONS_FOLDER.to_owned()))
}

/// The databases the crate whose manifest folder is `manifest` declares, by their declared
/// names (`postgres`, `mysql`, `sqlite`): `[package.metadata.migrate] databases = [...]` in its
/// `Cargo.toml`; none when it declares none. The macro refuses, at compile time, the builder
/// calls one of them cannot run, and `migrate-build` hands them to the crate as `DATABASES`.
///
/// # Errors
///
/// A list that is not a list of names, or names a database migrate does not run on: the
/// message says which and what to write.
pub fn declared_databases(manifest: &Path) -> Result<Vec<&'static str>, String> {
    let Some(declared) = fs::read_to_string(manifest.join("Cargo.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|table| {
            let metadata = table.get("package")?.get("metadata")?.get("migrate")?;
            metadata.get("databases").cloned()
        })
    else {
        return Ok(Vec::new());
    };
    let expected = "`[package.metadata.migrate] databases` in Cargo.toml is a list of the \
                    databases the history runs on: `postgres`, `mysql` (MariaDB too) or `sqlite`";
    let names = declared.as_array().ok_or_else(|| expected.to_owned())?;
    let mut databases = Vec::new();
    for name in names {
        let text = name.as_str().ok_or_else(|| expected.to_owned())?;
        let database = crate::portability::canonical_database(text)
            .ok_or_else(|| format!("`{text}` is not a database migrate runs on; {expected}"))?;
        if !databases.contains(&database) {
            databases.push(database);
        }
    }
    Ok(databases)
}

/// The `.rs` files directly in `folder`, sorted by name; none when the folder does not exist.
pub fn folder_files(folder: &Path) -> io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Every migration header of the file at `path`.
pub fn scan_file(path: &Path) -> io::Result<Vec<ScannedMigration>> {
    let text = fs::read_to_string(path)?;
    Ok(scan_source(&text, path))
}

/// Every migration header of `source`, recorded as coming from `file`.
pub fn scan_source(source: &str, file: &Path) -> Vec<ScannedMigration> {
    proc_macro2::fallback::force();
    let mut found = Vec::new();
    if let Ok(tokens) = TokenStream::from_str(source) {
        collect(tokens, file, &mut found);
    }
    proc_macro2::fallback::unforce();
    found
}

/// Walk `tokens` (and the bodies of modules and blocks) for `#[migration(…)]`.
fn collect(tokens: TokenStream, file: &Path, found: &mut Vec<ScannedMigration>) {
    let mut previous_was_pound = false;
    for tree in tokens {
        match &tree {
            TokenTree::Group(group)
                if group.delimiter() == Delimiter::Bracket && previous_was_pound =>
            {
                if let Some(args) = migration_arguments(group.stream()) {
                    found.extend(record(args, file));
                }
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                collect(group.stream(), file, found);
            }
            _ => {}
        }
        previous_was_pound = matches!(&tree, TokenTree::Punct(p) if p.as_char() == '#');
    }
}

/// The arguments of an attribute's content `migration(…)` or `path::migration(…)`.
fn migration_arguments(attribute: TokenStream) -> Option<TokenStream> {
    let trees: Vec<TokenTree> = attribute.into_iter().collect();
    let (last, path) = trees.split_last()?;
    let TokenTree::Group(arguments) = last else {
        return None;
    };
    let names_migration =
        matches!(path.last(), Some(TokenTree::Ident(name)) if name == "migration");
    (arguments.delimiter() == Delimiter::Parenthesis && names_migration).then(|| arguments.stream())
}

fn record(arguments: TokenStream, file: &Path) -> Option<ScannedMigration> {
    let header = header::parse(arguments).ok()?;
    let values = |literals: &[syn::LitStr]| literals.iter().map(syn::LitStr::value).collect();
    Some(ScannedMigration {
        file: file.to_owned(),
        line: header.revision.span().start().line,
        revision: header.revision.value(),
        down: values(&header.down),
        depends_on: values(&header.depends_on),
        branch_labels: values(&header.branch_labels),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_header_with_its_line() {
        let source = r#"
// #[migration(revision = "in_a_comment")]
use migrate_runtime::prelude::*;

pub struct A;

#[migration(revision = "aaa", message = "first")]
impl Migration for A {}

mod nested {
    #[migrate_runtime::migration(
        revision = "bbb",
        down = "aaa",
        depends_on = ["ccc"],
    )]
    impl Migration for B {}
}

#[migration(revision = "Not valid")]
impl Migration for C {}
"#;
        let found = scan_source(source, Path::new("x.rs"));
        let summary: Vec<_> = found
            .iter()
            .map(|m| {
                (
                    m.revision.as_str(),
                    m.line,
                    m.down.clone(),
                    m.depends_on.clone(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("aaa", 7, vec![], vec![]),
                ("bbb", 12, vec!["aaa".to_owned()], vec!["ccc".to_owned()]),
            ]
        );
    }
}
