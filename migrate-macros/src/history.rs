//! The whole-history check at compile time. The attribute sees one migration, so it reads
//! the headers of every file of the crate's versions folder (`src/versions/`, or
//! `[package.metadata.migrate] versions` in its `Cargo.toml`), and of the file it stands in,
//! and checks them together with [`migrate_graph::check`]. Each problem is reported once, on
//! the migration it belongs to: a duplicate on the later declaration, an unknown reference on
//! its literal, a cycle on its lowest revision.
//!
//! A checked history is kept for [`FRESH_FOR`], per crate and set of files: a build of N
//! migrations reads the N headers about once, not N times, and a long-lived process (an IDE's
//! proc-macro server) still sees edits within a moment. The databases the crate declares are
//! read with it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

use migrate_graph::header::Header;
use migrate_graph::scan::{
    ScannedMigration, declared_databases, folder_files, scan_file, versions_folder,
};
use migrate_graph::{Declared, Problem, Reference};
use proc_macro2::Span;
use syn::LitStr;

/// How long a checked history is reused before the files are read again.
const FRESH_FOR: Duration = Duration::from_secs(2);

/// The checked history of a crate's versions folder and possibly one more file.
struct History {
    /// The versions folder, relative to the manifest, for messages.
    folder: PathBuf,
    /// The files read, canonical and sorted.
    files: Vec<PathBuf>,
    entries: Vec<ScannedMigration>,
    position: HashMap<(PathBuf, usize), usize>,
    problems: Vec<Problem>,
    /// The databases the crate declares, or what is wrong with the list.
    declared: Result<Vec<&'static str>, String>,
}

/// Histories by crate manifest and extra file, with the time they were read.
type Cache = Mutex<HashMap<(PathBuf, Option<PathBuf>), (Instant, Arc<History>)>>;

static HISTORIES: LazyLock<Cache> = LazyLock::new(Cache::default);

/// Report the problems of the whole history that belong to the migration of `header`.
pub(crate) fn check(header: &Header) -> syn::Result<()> {
    let span = header.revision.span();
    let Some(file) = span.local_file().and_then(|f| f.canonicalize().ok()) else {
        return Ok(());
    };
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let folder_history = history(&manifest, None);
    let outside = folder_history.files.binary_search(&file).is_err();
    let history = match outside {
        true => history(&manifest, Some(file.clone())),
        false => folder_history,
    };
    let Some(&entry) = history.position.get(&(file, span.start().line)) else {
        return Ok(());
    };
    let errors = history.problems.iter().filter_map(|problem| {
        let error = error(problem, entry, header, &history, &manifest)?;
        Some(match (outside, problem) {
            (true, Problem::UnknownReference { .. }) => with_folder_note(error, &history.folder),
            _ => error,
        })
    });
    errors
        .reduce(|mut all, error| {
            all.combine(error);
            all
        })
        .map_or(Ok(()), Err)
}

/// The databases the crate being compiled declares (`[package.metadata.migrate] databases`),
/// read with its history.
pub(crate) fn declared() -> Result<Vec<&'static str>, String> {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    history(&manifest, None).declared.clone()
}

/// The history of the crate at `manifest` (and `extra`), reused while fresh.
fn history(manifest: &Path, extra: Option<PathBuf>) -> Arc<History> {
    let mut cache = HISTORIES.lock().unwrap_or_else(PoisonError::into_inner);
    let key = (manifest.to_owned(), extra);
    if let Some((read_at, history)) = cache.get(&key)
        && read_at.elapsed() < FRESH_FOR
    {
        return Arc::clone(history);
    }
    let history = Arc::new(read_history(manifest, key.1.as_deref()));
    cache.insert(key, (Instant::now(), Arc::clone(&history)));
    history
}

/// Read every header of the versions folder and `extra`, and check them together.
fn read_history(manifest: &Path, extra: Option<&Path>) -> History {
    let folder = versions_folder(manifest);
    let listed = folder_files(&manifest.join(&folder)).unwrap_or_default();
    let mut files: Vec<PathBuf> = listed
        .iter()
        .filter_map(|f| f.canonicalize().ok())
        .collect();
    files.extend(extra.map(Path::to_owned));
    files.sort();
    let mut entries: Vec<ScannedMigration> = files
        .iter()
        .flat_map(|file| scan_file(file).unwrap_or_default())
        .collect();
    entries.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let declared: Vec<Declared<'_>> = entries.iter().map(ScannedMigration::declared).collect();
    let problems = migrate_graph::check(&declared).err().unwrap_or_default();
    let position = entries
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.file.clone(), e.line), i))
        .collect();
    History {
        folder,
        files,
        entries,
        position,
        problems,
        declared: declared_databases(manifest),
    }
}

/// The compile error for `problem` if it belongs to `entry`.
fn error(
    problem: &Problem,
    entry: usize,
    header: &Header,
    history: &History,
    manifest: &Path,
) -> Option<syn::Error> {
    let (span, note) = match problem {
        Problem::DuplicateRevision { first, second, .. } if *second == entry => {
            let first = &history.entries[*first];
            let path = first.file.strip_prefix(manifest).unwrap_or(&first.file);
            let note = format!("note: first declared in {}:{}", path.display(), first.line);
            (header.revision.span(), Some(note))
        }
        Problem::DuplicateLabel {
            label,
            first,
            second,
        } if *second == entry => {
            let first = &history.entries[*first];
            let path = first.file.strip_prefix(manifest).unwrap_or(&first.file);
            let note = format!("note: first declared in {}:{}", path.display(), first.line);
            (
                literal_named(header.branch_labels.iter(), label)?,
                Some(note),
            )
        }
        Problem::LabelIsRevision {
            entry: owner,
            label,
            ..
        } if *owner == entry => (literal_named(header.branch_labels.iter(), label)?, None),
        Problem::UnknownReference {
            entry: owner,
            reference,
            position,
            ..
        } if *owner == entry => (reference_span(header, *reference, *position)?, None),
        Problem::Cycle { entries, revisions } if entries.first() == Some(&entry) => {
            let previous = revisions.last()?;
            let literal = header.down.iter().chain(&header.depends_on);
            (literal_named(literal, previous)?, None)
        }
        _ => return None,
    };
    let mut message = problem.to_string();
    for line in note
        .into_iter()
        .chain(problem.help().map(|h| format!("help: {h}")))
    {
        message.push('\n');
        message.push_str(&line);
    }
    Some(syn::Error::new(span, message))
}

/// For a migration outside the versions folder, say where the history was read from.
fn with_folder_note(error: syn::Error, folder: &Path) -> syn::Error {
    let note = format!(
        "{error}\nnote: the history was read from `{}` and this file; if the migrations live elsewhere, set `versions` under `[package.metadata.migrate]` in Cargo.toml",
        folder.display()
    );
    syn::Error::new(error.span(), note)
}

fn reference_span(header: &Header, reference: Reference, position: usize) -> Option<Span> {
    let list = match reference {
        Reference::Down => &header.down,
        Reference::DependsOn => &header.depends_on,
    };
    list.get(position).map(LitStr::span)
}

fn literal_named<'a>(mut literals: impl Iterator<Item = &'a LitStr>, name: &str) -> Option<Span> {
    literals.find(|l| l.value() == name).map(LitStr::span)
}
