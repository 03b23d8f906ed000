//! The whole `build.rs` of a migrations crate:
//!
//! ```no_run
//! fn main() -> std::io::Result<()> {
//!     migrate_build::generate()
//! }
//! ```
//!
//! It declares every `.rs` file of the crate's versions folder (`src/versions`, or
//! `[package.metadata.migrate] versions` in its `Cargo.toml`, read by the same code as the
//! `#[migration]` macro) as a module, so that a new migration file needs no `mod` line, and
//! tells cargo to run again when a file is added, removed or changed. It also hands the crate
//! the databases its `Cargo.toml` declares (`[package.metadata.migrate] databases = [...]`,
//! which `#[migration]` checks every builder call against at compile time) as `DATABASES`.
//! The crate's `lib.rs` includes the result:
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/migrate_versions.rs"));
//!
//! pub fn migrations() -> migrate_runtime::Migrations {
//!     migrate_runtime::Migrations::registered()
//!         .with_versions_dir(VERSIONS_DIR)
//!         .with_databases(DATABASES.iter().copied())
//! }
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

use migrate_graph::portability::dialect_variant;
use migrate_graph::scan::{declared_databases, folder_files, versions_folder};

/// The file written into `OUT_DIR`.
pub const GENERATED_FILE: &str = "migrate_versions.rs";

/// Write `$OUT_DIR/migrate_versions.rs` for the crate being built: a private module
/// `versions` with one module per migration file, `pub const VERSIONS_DIR`, the folder's
/// absolute path, and `pub const DATABASES`, the databases the crate declares.
///
/// # Errors
///
/// A variable cargo sets is missing, the folder cannot be read, or the declared databases
/// are not a list of `postgres`, `mysql` and `sqlite`.
pub fn generate() -> io::Result<()> {
    let manifest = PathBuf::from(required_var("CARGO_MANIFEST_DIR")?);
    let out = PathBuf::from(required_var("OUT_DIR")?);
    let folder = manifest.join(versions_folder(&manifest));
    println!("cargo::rerun-if-changed={}", folder.display());
    println!(
        "cargo::rerun-if-changed={}",
        manifest.join("Cargo.toml").display()
    );
    let databases = declared_databases(&manifest).map_err(io::Error::other)?;
    let mut code = source(&folder)?;
    code.push_str(&databases_source(&databases));
    fs::write(out.join(GENERATED_FILE), code)
}

/// `pub const DATABASES` for the declared names of `databases` (`postgres`, `mysql`, `sqlite`).
pub fn databases_source(databases: &[&str]) -> String {
    let variants: Vec<String> = (databases.iter())
        .map(|name| format!("::migrate_runtime::Dialect::{}", dialect_variant(name)))
        .collect();
    format!(
        "\n/// The databases this crate declares (`[package.metadata.migrate] databases` in its\n\
         /// Cargo.toml): each migration's builder calls are checked against them when it compiles.\n\
         pub const DATABASES: &[::migrate_runtime::Dialect] = &[{}];\n",
        variants.join(", ")
    )
}

/// The generated source for the migration files of `folder`.
pub fn source(folder: &Path) -> io::Result<String> {
    let files = folder_files(folder)?;
    let mut code = String::from("/// The migration files, one module each.\nmod versions {\n");
    for path in &files {
        let path_text = path.display().to_string();
        let _infallible = writeln!(
            code,
            "    #[path = {path_text:?}]\n    mod {};",
            module_name(path)
        );
    }
    let folder_text = folder.display().to_string();
    let _infallible = writeln!(
        code,
        "}}\n\n/// The folder of this crate's migration files, where `migrate revision` writes new ones.\npub const VERSIONS_DIR: &str = {folder_text:?};"
    );
    Ok(code)
}

fn required_var(name: &str) -> io::Result<String> {
    env::var(name).map_err(|_| {
        io::Error::other(format!(
            "`{name}` is not set; call `migrate_build::generate()` from a build script"
        ))
    })
}

/// `3b5e1c9a7f20_initial_schema.rs` → `v3b5e1c9a7f20_initial_schema`.
fn module_name(path: &Path) -> String {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name: String = stem
        .chars()
        .map(|c| match c.is_ascii_alphanumeric() {
            true => c.to_ascii_lowercase(),
            false => '_',
        })
        .collect();
    format!("v{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rust_file_of_the_folder_becomes_a_module() {
        let folder = env::temp_dir().join(format!("migrate_build_{}", std::process::id()));
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("ae10_Add-users.rs"), "").unwrap();
        fs::write(folder.join("notes.md"), "").unwrap();
        let code = source(&folder).unwrap();
        fs::remove_dir_all(&folder).unwrap();
        assert!(code.contains("mod vae10_add_users;"), "{code}");
        assert!(!code.contains("notes"), "{code}");
        assert!(code.contains(&format!(
            "pub const VERSIONS_DIR: &str = {:?};",
            folder.display().to_string()
        )));
    }

    #[test]
    fn the_declared_databases_are_dialects() {
        let code = databases_source(&["postgres", "mysql", "sqlite"]);
        assert!(
            code.contains(
                "pub const DATABASES: &[::migrate_runtime::Dialect] = &[::migrate_runtime::Dialect::Postgres, ::migrate_runtime::Dialect::MySql, ::migrate_runtime::Dialect::Sqlite];"
            ),
            "{code}"
        );
        assert!(databases_source(&[]).contains("= &[];"));
    }

    #[test]
    fn a_missing_folder_is_an_empty_history() {
        let code = source(Path::new("/nonexistent/versions")).unwrap();
        assert!(code.contains("mod versions {\n}"), "{code}");
    }
}
