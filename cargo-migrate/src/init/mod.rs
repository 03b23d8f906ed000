//! `cargo migrate init`: add a migrations crate to a cargo project — the crate's files, a
//! `migrate.toml`, and the crate as a member of the workspace (a standalone package becomes
//! one), editing the root `Cargo.toml` with `toml_edit` so that the user's formatting stays.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use migrate_graph::portability::{DATABASE_NAMES, canonical_database};
use toml_edit::{Array, DocumentMut, Item, Table, value};

mod files;
use files::{config_text, crate_files};

/// Where the migrate crates come from, as the new crate's dependencies name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dependency {
    /// A published version: `migrate-runtime = "0.1"`.
    Version(String),
    /// A checkout of this repository: each crate at `<path>/<crate>`.
    Path(PathBuf),
    /// This repository by git URL.
    Git(String),
}

impl Default for Dependency {
    /// The checkout this tool was built from (`cargo install --path cargo-migrate`), while it is
    /// there; else this tool's version.
    fn default() -> Self {
        let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        match checkout
            .join("migrate-runtime")
            .join("Cargo.toml")
            .is_file()
        {
            true => Dependency::Path(checkout),
            false => Dependency::Version(env!("CARGO_PKG_VERSION").to_owned()),
        }
    }
}

impl FromStr for Dependency {
    type Err = InitError;

    /// `version=0.1`, `path=../migrate` or `git=https://…`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || InitError::BadDependency(text.to_owned());
        let (kind, rest) = text.split_once('=').ok_or_else(bad)?;
        if rest.is_empty() {
            return Err(bad());
        }
        match kind {
            "version" => Ok(Dependency::Version(rest.to_owned())),
            "path" => Ok(Dependency::Path(PathBuf::from(rest))),
            "git" => Ok(Dependency::Git(rest.to_owned())),
            _ => Err(bad()),
        }
    }
}

/// Why `init` changed nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InitError {
    /// A `--dependency` that is none of the three forms.
    #[error("`{0}` is not a dependency source; expected `version=X`, `path=DIR` or `git=URL`")]
    BadDependency(String),
    /// A `--database` that is none of the three.
    #[error("`{0}` is not a database migrate runs on; expected {DATABASE_NAMES}")]
    BadDatabase(String),
    /// A `--dependency path=…` without the migrate crates in it.
    #[error("`{}` does not hold the migrate crates (no `migrate-runtime/Cargo.toml` in it)", .0.display())]
    NotMigrateCheckout(PathBuf),
    /// No `Cargo.toml` in the folder or any folder above it.
    #[error("no Cargo.toml in `{}` or any folder above it", .0.display())]
    NoProject(PathBuf),
    /// The crate's folder exists already.
    #[error("`{}` exists already", .0.display())]
    Exists(PathBuf),
    /// `--path` that leaves the project or is empty.
    #[error("`{}` is not a folder inside the project", .0.display())]
    BadPath(PathBuf),
    /// A folder name that cannot be a package name.
    #[error(
        "`{0}` cannot be a package name; use letters, digits, `-` and `_`, starting with a letter"
    )]
    BadName(String),
    /// The root manifest cannot be edited.
    #[error("`{}` is not a valid Cargo.toml: {reason}", path.display())]
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("cannot read or write `{}`: {cause}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        cause: std::io::Error,
    },
}

/// What `init` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initialized {
    /// The new crate's folder.
    pub crate_dir: PathBuf,
    /// The new crate's package name.
    pub package: String,
    /// The root manifest, now listing the crate as a member.
    pub manifest: PathBuf,
    /// The settings file, when `init` wrote one (an existing one is kept).
    pub config: Option<PathBuf>,
    /// Whether the embedded database was added to the project's `.gitignore`.
    pub ignored: bool,
}

/// The database `--database` names, `postgres` (`postgresql`), `mysql` (`mariadb`) or
/// `sqlite`, by its declared name.
pub fn parse_database(text: &str) -> Result<&'static str, InitError> {
    canonical_database(text).ok_or_else(|| InitError::BadDatabase(text.to_owned()))
}

/// Add a migrations crate at `relative` (such as `migrations`) to the project whose root
/// manifest is `root_manifest`, for `database` (its driver, and `migrate.toml`'s URL).
/// Everything is checked before the first file is written.
pub fn init(
    root_manifest: &Path,
    relative: &Path,
    dependency: &Dependency,
    database: &str,
) -> Result<Initialized, InitError> {
    let root = root_manifest.parent().unwrap_or(Path::new("."));
    let inside = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    let package = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let (Some(package), true) = (package, inside) else {
        return Err(InitError::BadPath(relative.to_owned()));
    };
    let valid = package.starts_with(|c: char| c.is_ascii_alphabetic())
        && package
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(InitError::BadName(package));
    }
    let crate_dir = root.join(relative);
    if crate_dir.exists() {
        return Err(InitError::Exists(crate_dir));
    }
    let dependency = seen_from(dependency, &crate_dir)?;
    let text = fs::read_to_string(root_manifest).map_err(io(root_manifest))?;
    let manifest = add_member(&text, relative).map_err(|reason| InitError::Manifest {
        path: root_manifest.to_owned(),
        reason,
    })?;
    // Everything is written beside its place first, then moved in: a failure leaves the
    // project as it was.
    let staged_crate = staging(&crate_dir);
    let staged_manifest = staging(root_manifest);
    let written = write_crate(&staged_crate, &package, &dependency, database)
        .and_then(|()| fs::write(&staged_manifest, &manifest).map_err(io(&staged_manifest)));
    if let Err(error) = written {
        let _ = fs::remove_dir_all(&staged_crate);
        let _ = fs::remove_file(&staged_manifest);
        return Err(error);
    }
    if let Some(parent) = crate_dir.parent() {
        fs::create_dir_all(parent).map_err(io(parent))?;
    }
    fs::rename(&staged_crate, &crate_dir).map_err(io(&crate_dir))?;
    if let Err(error) = fs::rename(&staged_manifest, root_manifest) {
        let _ = fs::remove_dir_all(&crate_dir);
        let _ = fs::remove_file(&staged_manifest);
        return Err(io(root_manifest)(error));
    }
    let config_path = root.join("migrate.toml");
    let config = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&config_path)
    {
        Ok(mut file) => {
            std::io::Write::write_all(&mut file, config_text(database).as_bytes())
                .map_err(io(&config_path))?;
            Some(config_path)
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => None,
        Err(error) => return Err(io(&config_path)(error)),
    };
    // The embedded database's file, not a server's.
    let ignored = database == "sqlite" && ignore_database(root)?;
    Ok(Initialized {
        crate_dir,
        package,
        manifest: root_manifest.to_owned(),
        config,
        ignored,
    })
}

/// Add the embedded default database to the project's `.gitignore`, when there is one and
/// it does not list it; whether it did.
fn ignore_database(root: &Path) -> Result<bool, InitError> {
    let path = root.join(".gitignore");
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(false);
    };
    let file = crate::DEFAULT_DATABASE_URL.trim_start_matches("sqlite://");
    let listed = text
        .lines()
        .any(|line| line.trim().trim_start_matches('/').trim_end_matches('*') == file);
    if listed {
        return Ok(false);
    }
    let separator = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    // With its journal and a lock file a killed run leaves behind (`migrate.db-migrate-lock`).
    fs::write(&path, format!("{text}{separator}/{file}*\n")).map_err(io(&path))?;
    Ok(true)
}

/// An I/O error about `path`.
fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InitError {
    let path = path.to_owned();
    move |cause| InitError::Io { path, cause }
}

/// Where `path` is prepared before it is moved in: a hidden sibling.
fn staging(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.migrate-init-{}", std::process::id()))
}

/// The crate's files under `dir`.
fn write_crate(
    dir: &Path,
    package: &str,
    dependency: &Dependency,
    database: &str,
) -> Result<(), InitError> {
    for (file, contents) in crate_files(package, dependency, database) {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        fs::write(&path, contents).map_err(io(&path))?;
    }
    Ok(())
}

/// A path dependency as the new crate's folder `crate_dir` reaches it: relative where the
/// two share a root (so that a teammate's clone and CI find it too), absolute otherwise.
fn seen_from(dependency: &Dependency, crate_dir: &Path) -> Result<Dependency, InitError> {
    let Dependency::Path(path) = dependency else {
        return Ok(dependency.clone());
    };
    let checkout = path
        .canonicalize()
        .map_err(|_| InitError::NotMigrateCheckout(path.clone()))?;
    if !checkout
        .join("migrate-runtime")
        .join("Cargo.toml")
        .is_file()
    {
        return Err(InitError::NotMigrateCheckout(path.clone()));
    }
    // The crate's folder does not exist yet: its parent, the project, does.
    let base = match (crate_dir.parent(), crate_dir.file_name()) {
        (Some(parent), Some(name)) => parent.canonicalize().ok().map(|p| p.join(name)),
        _ => None,
    };
    Ok(Dependency::Path(
        base.and_then(|base| relative_path(&checkout, &base))
            .unwrap_or(checkout),
    ))
}

/// `target` as a path from `base` (both absolute): `..` up to their common folder, then down;
/// none when they share nothing but the file system's root.
fn relative_path(target: &Path, base: &Path) -> Option<PathBuf> {
    let (target, base): (Vec<Component>, Vec<Component>) =
        (target.components().collect(), base.components().collect());
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let shared_folder = target[..common]
        .iter()
        .any(|c| matches!(c, Component::Normal(_)));
    if !shared_folder {
        return None;
    }
    let mut path: PathBuf = base[common..]
        .iter()
        .map(|_| Component::ParentDir)
        .collect();
    path.extend(&target[common..]);
    Some(path)
}

/// The root manifest with `relative` among its workspace members; a `[workspace]` table is
/// added to a standalone package.
fn add_member(text: &str, relative: &Path) -> Result<String, String> {
    let mut document: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let member = relative.to_string_lossy().replace('\\', "/");
    let workspace = document
        .entry("workspace")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_like_mut()
        .ok_or("`workspace` is not a table")?;
    let members = workspace
        .entry("members")
        .or_insert(value(Array::new()))
        .as_array_mut()
        .ok_or("`workspace.members` is not an array")?;
    if !members.iter().any(|m| m.as_str() == Some(&member)) {
        push_in_style(members, &member);
    }
    Ok(document.to_string())
}

/// Append `member` to `members` one per line when the array is written one per line, keeping
/// a comment after the last element on that element's line.
fn push_in_style(members: &mut Array, member: &str) {
    let last_prefix = members
        .iter()
        .last()
        .and_then(|m| m.decor().prefix()?.as_str().map(str::to_owned));
    let Some(indent) = last_prefix.and_then(|p| p.rsplit_once('\n').map(|(_, i)| i.to_owned()))
    else {
        members.push(member);
        return;
    };
    let trailing = members.trailing().as_str().unwrap_or_default().to_owned();
    let after_last = match trailing.contains('\n') {
        true => trailing.trim_end_matches([' ', '\t']).to_owned(),
        false => format!("{trailing}\n"),
    };
    members.push_formatted(
        toml_edit::Value::from(member).decorated(format!("{after_last}{indent}"), ""),
    );
    members.set_trailing("\n");
    members.set_trailing_comma(true);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_is_added_keeping_the_users_formatting() {
        let text = "# my project\n[workspace]\nmembers = [\n    \"app\",  # the server\n]\n";
        let edited = add_member(text, Path::new("migrations")).unwrap();
        assert!(
            edited.starts_with("# my project\n[workspace]\n"),
            "{edited}"
        );
        assert!(
            edited.ends_with("members = [\n    \"app\",  # the server\n    \"migrations\",\n]\n"),
            "{edited}"
        );
        assert_eq!(
            add_member(&edited, Path::new("migrations")).unwrap(),
            edited
        );
    }

    #[test]
    fn a_standalone_package_becomes_a_workspace() {
        let text = "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n";
        let edited = add_member(text, Path::new("db/migrations")).unwrap();
        assert!(edited.starts_with(text), "{edited}");
        assert!(
            edited.contains("[workspace]\nmembers = [\"db/migrations\"]"),
            "{edited}"
        );
    }

    #[test]
    fn path_dependencies_are_written_relative_to_the_new_crate() {
        let path = |p: &str| PathBuf::from(p);
        assert_eq!(
            relative_path(
                &path("/home/ann/migrate"),
                &path("/home/ann/shop/migrations")
            ),
            Some(path("../../migrate"))
        );
        assert_eq!(
            relative_path(
                &path("/work/shop/vendor/migrate"),
                &path("/work/shop/migrations")
            ),
            Some(path("../vendor/migrate"))
        );
        assert_eq!(
            relative_path(&path("/opt/migrate"), &path("/home/ann/shop")),
            None
        );
    }

    #[test]
    fn the_declared_database_picks_the_driver_and_the_url() {
        let root = std::env::temp_dir().join(format!("migrate-init-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        let manifest = root.join("Cargo.toml");
        fs::write(
            &manifest,
            "[package]\nname = \"shop\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        let dependency = Dependency::Version("0.1".into());
        let database = parse_database("PostgreSQL").unwrap();
        let done = init(&manifest, Path::new("migrations"), &dependency, database).unwrap();
        let crate_manifest = fs::read_to_string(done.crate_dir.join("Cargo.toml")).unwrap();
        assert!(
            crate_manifest.contains("features = [\"tls\", \"postgres\"]"),
            "{crate_manifest}"
        );
        let config = fs::read_to_string(root.join("migrate.toml")).unwrap();
        assert!(
            config.contains("database_url = \"${DATABASE_URL}\""),
            "{config}"
        );
        let library = fs::read_to_string(done.crate_dir.join("src/lib.rs")).unwrap();
        assert!(library.contains("pub mod models;"), "{library}");
        assert!(
            library.contains(".with_databases(DATABASES.iter().copied())"),
            "{library}"
        );
        assert!(
            crate_manifest.contains("[package.metadata.migrate]\ndatabases = [\"postgres\"]"),
            "{crate_manifest}"
        );
        let test = fs::read_to_string(done.crate_dir.join("tests/models.rs")).unwrap();
        assert!(test.contains("migrations::migrations()"), "{test}");
        assert!(matches!(
            parse_database("oracle"),
            Err(InitError::BadDatabase(unknown)) if unknown == "oracle"
        ));
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn dependency_sources_are_parsed() {
        assert_eq!(
            "version=0.2".parse::<Dependency>().ok(),
            Some(Dependency::Version("0.2".into()))
        );
        assert_eq!(
            "git=https://x/y".parse::<Dependency>().ok(),
            Some(Dependency::Git("https://x/y".into()))
        );
        assert!("registry=foo".parse::<Dependency>().is_err());
        assert!("path=".parse::<Dependency>().is_err());
    }
}
