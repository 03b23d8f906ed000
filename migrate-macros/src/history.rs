//! The whole-history check at compile time. The attribute sees one migration, so it reads
//! the headers of every file of the crate's versions folder (`src/versions/`, or
//! `[package.metadata.migrate] versions` in its `Cargo.toml`), and of the file it stands in,
//! and checks them together with [`migrate_graph::check`]. Each problem is
//! reported once, on the migration it belongs to: a duplicate on the later declaration, an
//! unknown reference on its literal, a cycle on its lowest revision.
//!
//! Files are read once per compiler process and the history checked once per set of files,
//! so a crate of N migrations costs one scan and one check, not N.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use migrate_graph::header::Header;
use migrate_graph::scan::{ScannedMigration, folder_files, scan_file};
use migrate_graph::{Declared, Problem, Reference};
use proc_macro2::Span;
use syn::LitStr;

/// Where migration files live, relative to the crate's manifest, unless its `Cargo.toml` says
/// otherwise.
const DEFAULT_VERSIONS_FOLDER: &str = "src/versions";

/// The checked history of one set of files.
struct History {
    entries: Vec<ScannedMigration>,
    position: HashMap<(PathBuf, usize), usize>,
    problems: Vec<Problem>,
}

/// Histories by the file read besides the versions folder, if any.
type Cache = Mutex<HashMap<Option<PathBuf>, Arc<History>>>;

static HISTORIES: LazyLock<Cache> = LazyLock::new(Cache::default);

/// Report the problems of the whole history that belong to the migration of `header`.
pub(crate) fn check(header: &Header) -> syn::Result<()> {
    let span = header.revision.span();
    let Some(file) = span.local_file().and_then(|f| f.canonicalize().ok()) else {
        return Ok(());
    };
    let outside = CRATE.files.binary_search(&file).is_err();
    let history = history(outside.then(|| file.clone()));
    let Some(&entry) = history.position.get(&(file, span.start().line)) else {
        return Ok(());
    };
    let errors = history.problems.iter().filter_map(|problem| {
        let error = error(problem, entry, header, &history, &CRATE.manifest)?;
        Some(match (outside, problem) {
            (true, Problem::UnknownReference { .. }) => with_folder_note(error),
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

/// The crate being compiled: its manifest folder and its migration files, canonical.
struct CrateFiles {
    manifest: PathBuf,
    files: Vec<PathBuf>,
}

/// Read once per compiler process, which compiles one crate.
static CRATE: LazyLock<CrateFiles> = LazyLock::new(|| {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let folder = manifest.join(versions_folder(&manifest));
    let files = folder_files(&folder).unwrap_or_default();
    let mut files: Vec<PathBuf> = files.iter().filter_map(|f| f.canonicalize().ok()).collect();
    files.sort();
    CrateFiles { manifest, files }
});

/// `[package.metadata.migrate] versions = "…"` in the crate's `Cargo.toml`, else `src/versions`.
fn versions_folder(manifest: &Path) -> PathBuf {
    let configured = std::fs::read_to_string(manifest.join("Cargo.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|table| {
            let metadata = table.get("package")?.get("metadata")?.get("migrate")?;
            Some(metadata.get("versions")?.as_str()?.to_owned())
        });
    PathBuf::from(configured.unwrap_or_else(|| DEFAULT_VERSIONS_FOLDER.to_owned()))
}

/// The history of the versions folder and `extra`, scanned and checked on first use.
fn history(extra: Option<PathBuf>) -> Arc<History> {
    let mut cache = HISTORIES.lock().unwrap_or_else(PoisonError::into_inner);
    let history = cache.entry(extra).or_insert_with_key(|extra| {
        let mut entries: Vec<ScannedMigration> = CRATE
            .files
            .iter()
            .chain(extra)
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
        Arc::new(History {
            entries,
            position,
            problems,
        })
    });
    Arc::clone(history)
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
fn with_folder_note(error: syn::Error) -> syn::Error {
    let folder = versions_folder(&CRATE.manifest);
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
