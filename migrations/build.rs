//! Declares every file of `src/versions/` as a module, so that a new migration file needs no
//! `mod` line: the list is written to `$OUT_DIR/versions.rs`, and cargo reruns this script
//! whenever a file in the folder is added, removed or changed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let versions = manifest.join("src").join("versions");
    println!("cargo::rerun-if-changed={}", versions.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&versions)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    files.retain(|path| path.extension().is_some_and(|e| e == "rs"));
    files.sort();
    let mut code = String::new();
    for path in &files {
        let module = module_name(path);
        let _infallible = writeln!(
            code,
            "#[path = {:?}]\nmod {module};",
            path.display().to_string()
        );
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    fs::write(out.join("versions.rs"), code)
}

/// `3b5e1c9a7f20_initial_schema.rs` → `v3b5e1c9a7f20_initial_schema`.
fn module_name(path: &Path) -> String {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("v{name}")
}
