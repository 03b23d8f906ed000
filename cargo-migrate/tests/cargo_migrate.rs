//! `cargo migrate` as a new user meets it: `cargo new` a project, `cargo migrate init` with
//! this checkout as the dependency, write a migration, upgrade the embedded SQLite database
//! and read it back, all through real cargo processes.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test reports a failure by panicking, helpers included"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch folder, removed on drop.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// This checkout: the workspace around this crate.
fn checkout() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().expect("the workspace").to_owned()
}

/// Where the scratch project builds: beside this workspace's own target folder, kept between
/// runs so that only the first one compiles the dependencies.
fn scratch_target() -> PathBuf {
    let binary = Path::new(env!("CARGO_BIN_EXE_cargo-migrate"));
    let profile_dir = binary.parent().expect("the profile folder");
    profile_dir.with_file_name("cargo-migrate-scratch")
}

/// `cargo ARGS` in `dir`, with this build's `cargo-migrate` first on the `PATH`.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let binary = Path::new(env!("CARGO_BIN_EXE_cargo-migrate"));
    let bin_dir = binary.parent().expect("the binary's folder");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin_dir.to_owned()];
    paths.extend(std::env::split_paths(&path));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("PATH", std::env::join_paths(paths).expect("a PATH"))
        .env("CARGO_TARGET_DIR", scratch_target())
        .env_remove("DATABASE_URL")
        .env_remove("MIGRATE_ENV")
        .env_remove("MIGRATE_CONFIG")
        .env_remove("RUST_LOG")
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .expect("run cargo")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `output` succeeded; its stdout.
fn ok(output: &Output, what: &str) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{what}\nstdout: {}\nstderr: {}",
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// A scratch folder `name` holding a new cargo project `shop`, with this checkout's lock file.
fn new_project(name: &str) -> (Scratch, PathBuf) {
    let scratch = Scratch(std::env::temp_dir().join(format!("{name}_{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&scratch.0);
    std::fs::create_dir_all(&scratch.0).expect("a scratch folder");
    ok(
        &cargo(&scratch.0, &["new", "--vcs", "none", "--bin", "shop"]),
        "cargo new",
    );
    let project = scratch.0.join("shop");
    std::fs::write(project.join(".gitignore"), "/target\n").expect(".gitignore");
    // The versions this checkout is tested with, so that the scratch build reuses its cache.
    std::fs::copy(checkout().join("Cargo.lock"), project.join("Cargo.lock")).expect("Cargo.lock");
    (scratch, project)
}

#[test]
fn a_new_project_adopts_migrate_in_one_command() {
    let (_scratch, project) = new_project("cargo_migrate");

    let dependency = format!("path={}", checkout().display());
    let init = ok(
        &cargo(&project, &["migrate", "init", "--dependency", &dependency]),
        "init",
    );
    assert!(
        init.contains("Created the migrations crate `migrations`"),
        "{init}"
    );
    let manifest = std::fs::read_to_string(project.join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.starts_with("[package]\nname = \"shop\""),
        "kept: {manifest}"
    );
    assert!(
        manifest.contains("[workspace]\nmembers = [\"migrations\"]"),
        "{manifest}"
    );
    for file in [
        "Cargo.toml",
        "build.rs",
        "src/lib.rs",
        "src/bin/migrate.rs",
        "src/models.rs",
        "tests/models.rs",
    ] {
        assert!(project.join("migrations").join(file).is_file(), "{file}");
    }
    assert!(project.join("migrate.toml").is_file());
    // The checkout as the new crate reaches it: relative where they share a folder.
    let crate_manifest =
        std::fs::read_to_string(project.join("migrations/Cargo.toml")).expect("its Cargo.toml");
    let written = crate_manifest
        .split("path = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a path dependency");
    let resolved = project.join("migrations").join(written).canonicalize();
    let reached = resolved
        .ok()
        .and_then(|krate| krate.parent().map(Path::to_owned));
    assert_eq!(reached, checkout().canonicalize().ok(), "{written}");
    let shared = |p: &Path| {
        let full = p.canonicalize().ok()?;
        let first = full.components().nth(1)?;
        Some(first.as_os_str().to_owned())
    };
    if shared(&project) == shared(&checkout()) {
        assert!(Path::new(written).is_relative(), "{written}");
    }
    let ignored = std::fs::read_to_string(project.join(".gitignore")).expect(".gitignore");
    assert_eq!(ignored, "/target\n/migrate.db*\n");

    let again = cargo(&project, &["migrate", "init", "--dependency", &dependency]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    assert!(
        text(&again.stderr).contains("exists already"),
        "{}",
        text(&again.stderr)
    );
    let unchanged = std::fs::read_to_string(project.join("Cargo.toml")).expect("Cargo.toml");
    assert_eq!(unchanged, manifest, "a refused init changes nothing");

    let written = ok(
        &cargo(&project, &["migrate", "revision", "-m", "create users"]),
        "revision",
    );
    let path = written
        .trim()
        .strip_prefix("Generating ")
        .and_then(|rest| rest.strip_suffix(" ... done"))
        .unwrap_or_else(|| panic!("the written file: {written}"));
    let source = std::fs::read_to_string(path).expect("the migration file");
    let check = Command::new("rustfmt")
        .args(["--edition", "2024", "--check", path])
        .output();
    if let Ok(check) = check {
        assert!(
            check.status.success(),
            "rustfmt-clean: {}",
            text(&check.stdout)
        );
    }
    let filled = source.replacen(
        "        Plan::new()\n",
        // The README's example.
        "        Plan::new().op(\n            op::create_table(\"users\")\n                .column(Column::new(\"id\", Type::BigSerial).primary_key())\n                .column(Column::new(\"email\", Type::Varchar(255)).not_null().unique())\n                .column(Column::new(\"created_at\", Type::TimestampTz).default_sql(\"CURRENT_TIMESTAMP\")),\n        )\n",
        1,
    );
    assert_ne!(
        filled, source,
        "the template has an upgrade to fill: {source}"
    );
    std::fs::write(path, filled).expect("fill the migration");

    let upgrade = cargo(&project, &["migrate", "upgrade"]);
    ok(&upgrade, "upgrade");
    let revision = Path::new(path)
        .file_name()
        .and_then(|name| name.to_str())
        .and_then(|name| name.get(..12))
        .expect("the revision")
        .to_owned();
    let logs = text(&upgrade.stderr);
    assert!(
        logs.contains(&format!(
            "Running upgrade <base> -> {revision}, create users"
        )),
        "{logs}"
    );
    assert!(
        project.join("migrate.db").is_file(),
        "the database of migrate.toml"
    );
    let current = ok(&cargo(&project, &["migrate", "current"]), "current");
    assert_eq!(current.trim(), format!("{revision} (head)"));
    let from_below = ok(
        &cargo(&project.join("src"), &["migrate", "current"]),
        "current in src/",
    );
    assert_eq!(
        from_below, current,
        "run from the project's root, with its migrate.toml"
    );
    assert!(!project.join("src/migrate.db").exists());
    let table = ok(
        &cargo(
            &project,
            &["migrate", "show", "head", "--dialect", "sqlite"],
        ),
        "show",
    );
    assert!(table.contains("CREATE TABLE \"users\""), "{table}");
}

#[test]
fn outside_a_project_init_says_so() {
    let scratch =
        Scratch(std::env::temp_dir().join(format!("cargo_migrate_none_{}", std::process::id())));
    std::fs::create_dir_all(&scratch.0).expect("a scratch folder");
    let output = cargo(&scratch.0, &["migrate", "init"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("error: no cargo project here"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        std::fs::read_dir(&scratch.0).expect("list").count(),
        0,
        "nothing written"
    );
}

/// The written file's path, from `Generating PATH ... done`.
fn generated_path(output: &str) -> PathBuf {
    let line = output
        .lines()
        .find(|line| line.starts_with("Generating "))
        .unwrap_or_else(|| panic!("no file written: {output}"));
    let path = line
        .strip_prefix("Generating ")
        .and_then(|rest| rest.strip_suffix(" ... done"))
        .unwrap_or_else(|| panic!("the written file: {line}"));
    PathBuf::from(path)
}

const MODELS: &str = r#"use migrate_runtime::model::Model;

#[derive(Debug, Model)]
#[model(table = "users")]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    #[column(len = 255, unique)]
    pub email: String,
    pub nickname: Option<String>,
}
"#;

#[test]
fn models_drive_the_migrations() {
    let (_scratch, project) = new_project("cargo_migrate_models");
    let dependency = format!("path={}", checkout().display());
    ok(
        &cargo(&project, &["migrate", "init", "--dependency", &dependency]),
        "init",
    );
    let crate_dir = project.join("migrations");
    // `init` wrote an example model and its module; the user's own replaces it.
    std::fs::write(crate_dir.join("src/models.rs"), MODELS).expect("models.rs");

    let first = ok(
        &cargo(
            &project,
            &[
                "migrate",
                "revision",
                "--autogenerate",
                "-m",
                "create users",
            ],
        ),
        "revision --autogenerate",
    );
    assert!(first.starts_with("added table `users`\n"), "{first}");
    let path = generated_path(&first);
    if let Ok(check) = Command::new("rustfmt")
        .args(["--edition", "2024", "--check"])
        .arg(&path)
        .output()
    {
        assert!(
            check.status.success(),
            "rustfmt-clean: {}",
            text(&check.stdout)
        );
    }
    ok(&cargo(&project, &["migrate", "upgrade"]), "upgrade");
    ok(&cargo(&project, &["migrate", "check"]), "check");
    let nothing = ok(
        &cargo(
            &project,
            &["migrate", "revision", "--autogenerate", "-m", "nothing"],
        ),
        "revision --autogenerate with nothing to do",
    );
    assert!(nothing.contains("no changes"), "{nothing}");
    let files = std::fs::read_dir(crate_dir.join("src/versions"))
        .expect("versions")
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "rs"))
        })
        .count();
    assert_eq!(files, 1, "nothing written when nothing changed");

    // A field renamed (declared) and one added: `check` notices, autogenerate writes both.
    let changed = MODELS.replace(
        "    pub nickname: Option<String>,\n",
        "    #[column(renamed_from = \"nickname\")]\n    pub display_name: Option<String>,\n    #[column(default = 0)]\n    pub score: i32,\n",
    );
    std::fs::write(crate_dir.join("src/models.rs"), changed).expect("models.rs");
    let check = cargo(&project, &["migrate", "check"]);
    assert_eq!(check.status.code(), Some(4), "{}", text(&check.stderr));
    assert!(
        text(&check.stdout).contains("added column `users.score`"),
        "{}",
        text(&check.stdout)
    );
    let second = ok(
        &cargo(
            &project,
            &[
                "migrate",
                "revision",
                "--autogenerate",
                "-m",
                "rename nickname",
            ],
        ),
        "the second revision --autogenerate",
    );
    assert!(
        second.contains("renamed column `users.nickname` to `users.display_name`\n"),
        "{second}"
    );
    assert!(second.contains("added column `users.score`\n"), "{second}");
    let source = std::fs::read_to_string(generated_path(&second)).expect("the file");
    assert!(source.contains(".rename(\"display_name\")"), "{source}");
    ok(
        &cargo(&project, &["migrate", "upgrade"]),
        "the second upgrade",
    );
    ok(&cargo(&project, &["migrate", "check"]), "check after it");
    ok(
        &cargo(&project, &["migrate", "downgrade", "-1"]),
        "the derived downgrade",
    );
    let pending = cargo(&project, &["migrate", "check"]);
    assert_eq!(
        pending.status.code(),
        Some(1),
        "one migration to apply again"
    );
}
