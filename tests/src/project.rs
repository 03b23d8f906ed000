//! A new cargo project made the way a user makes one (`cargo new`, then `init` with this
//! checkout as the dependency), and its commands run as processes: `cargo …` and the
//! migrations crate's own `migrate` binary, as `cargo migrate …` runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cargo_migrate::init::{self, Dependency};

/// A scratch project, its folder removed on drop.
pub struct Project {
    /// The folder holding it, removed on drop.
    scratch: PathBuf,
    /// The project's own folder (its `Cargo.toml`).
    dir: PathBuf,
    /// Where it builds: kept between runs, so that only the first compiles the dependencies.
    target: PathBuf,
}

/// This checkout: the workspace around the tests crate.
pub fn checkout() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    match manifest.parent() {
        Some(workspace) => workspace.to_owned(),
        None => panic!("the tests crate is in a workspace"),
    }
}

impl Project {
    /// `cargo new --bin NAME` in a fresh scratch folder, then `init` on `database` (the
    /// migrations crate `migrations`, this checkout as its dependency). It builds in the
    /// `cargo-migrate-scratch` folder beside the profile folder of `built_binary` (any binary
    /// of this workspace's tests: `env!("CARGO_BIN_EXE_example-migrate")`).
    pub fn new(name: &str, database: &str, built_binary: &str) -> Self {
        let scratch = std::env::temp_dir().join(format!("{name}_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&scratch);
        if let Err(error) = std::fs::create_dir_all(&scratch) {
            panic!("a scratch folder {}: {error}", scratch.display());
        }
        let profile_dir = Path::new(built_binary).parent().unwrap_or(Path::new("."));
        let project = Project {
            dir: scratch.join(name),
            scratch,
            target: profile_dir.with_file_name("cargo-migrate-scratch"),
        };
        let scratch = project.scratch.clone();
        project.exits(
            &project.cargo_in(&scratch, &["new", "--vcs", "none", "--bin", name]),
            0,
            "cargo new",
        );
        let lock = std::fs::copy(
            checkout().join("Cargo.lock"),
            project.dir.join("Cargo.lock"),
        );
        if let Err(error) = lock {
            panic!("Cargo.lock: {error}");
        }
        let dependency = Dependency::Path(checkout());
        let manifest = project.dir.join("Cargo.toml");
        if let Err(error) = init::init(&manifest, Path::new("migrations"), &dependency, database) {
            panic!("init: {error}");
        }
        project
    }

    /// The project's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A file of the project, by its path from the project's folder.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    /// The text of a file of the project.
    pub fn read(&self, relative: &str) -> String {
        match std::fs::read_to_string(self.path(relative)) {
            Ok(text) => text,
            Err(error) => panic!("{relative}: {error}"),
        }
    }

    /// Write a file of the project.
    pub fn write(&self, relative: &str, text: &str) {
        if let Err(error) = std::fs::write(self.path(relative), text) {
            panic!("{relative}: {error}");
        }
    }

    /// `cargo ARGS` in the project.
    pub fn cargo(&self, args: &[&str]) -> Output {
        self.cargo_in(&self.dir, args)
    }

    /// The migrations crate's `migrate` binary with `args`, as `cargo migrate ARGS` runs it.
    pub fn migrate(&self, args: &[&str]) -> Output {
        let mut all = vec!["run", "-q", "-p", "migrations", "--bin", "migrate", "--"];
        all.extend(args);
        self.cargo(&all)
    }

    /// `output` exited with `code`; its stdout.
    pub fn exits(&self, output: &Output, code: i32, what: &str) -> String {
        assert_eq!(
            output.status.code(),
            Some(code),
            "{what}\nstdout: {}\nstderr: {}",
            text(&output.stdout),
            text(&output.stderr)
        );
        text(&output.stdout)
    }

    fn cargo_in(&self, dir: &Path, args: &[&str]) -> Output {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .args(args)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("DATABASE_URL")
            .env_remove("MIGRATE_ENV")
            .env_remove("MIGRATE_CONFIG")
            .env_remove("RUST_LOG")
            .env_remove("CARGO_MANIFEST_DIR")
            .output();
        match output {
            Ok(output) => output,
            Err(error) => panic!("cargo {args:?}: {error}"),
        }
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// Bytes a process wrote, as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The path of a file a command wrote, from its `Generating PATH ... done` line.
pub fn generated_path(output: &str) -> PathBuf {
    let line = (output.lines())
        .find(|line| line.starts_with("Generating "))
        .unwrap_or_else(|| panic!("no file written: {output}"));
    let path = (line.strip_prefix("Generating "))
        .and_then(|rest| rest.strip_suffix(" ... done"))
        .unwrap_or_else(|| panic!("the written file: {line}"));
    PathBuf::from(path)
}
