//! What embedding migrate costs an application: the clean build (dependencies included) of a
//! small app that runs its migrations at start-up on PostgreSQL alone
//! (`default-features = false, features = ["postgres"]`), beside the same app built with every
//! feature and the command line, as every app was built before the runtime had features.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::stats::Samples;

/// One way of depending on migrate.
struct Variant {
    name: &'static str,
    what: &'static str,
    dependencies: fn(&Path) -> String,
}

const VARIANTS: [Variant; 2] = [
    Variant {
        name: "postgres_only",
        what: "PostgreSQL only, no CLI",
        dependencies: |repo| {
            format!(
                "migrate-runtime = {{ path = {:?}, default-features = false, features = [\"postgres\"] }}\n",
                path(repo, "migrate-runtime")
            )
        },
    },
    Variant {
        name: "all_features",
        what: "every driver and the CLI",
        dependencies: |repo| {
            format!(
                "migrate-runtime = {{ path = {:?} }}\nmigrate-cli = {{ path = {:?} }}\n",
                path(repo, "migrate-runtime"),
                path(repo, "migrate-cli")
            )
        },
    },
];

/// The app's `main`: migrate at start-up, then (it would) serve.
const MAIN: &str = "#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n    \
    let url = std::env::var(\"DATABASE_URL\").unwrap_or_default();\n    \
    let migrations = migrate_runtime::Migrations::registered();\n    \
    if let Ok(migrator) = migrate_runtime::Migrator::with_migrations(&url, &migrations) {\n        \
    let _ = migrator.upgrade(\"head\").await;\n    }\n}\n";

fn path(repo: &Path, krate: &str) -> String {
    repo.join(krate).display().to_string()
}

/// Build each variant from nothing `runs` times, printing a Markdown table.
pub(crate) fn run(work_dir: &Path, runs: usize) -> io::Result<()> {
    fs::create_dir_all(work_dir)?;
    let work_dir = work_dir.canonicalize()?;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()?;
    println!(
        "| app depends on | crates compiled | clean build, dependencies included | ÷ every feature |"
    );
    println!("|---|---|---|---|");
    let mut rows = Vec::new();
    for variant in &VARIANTS {
        let root = generate(&work_dir, &repo, variant)?;
        let target = work_dir.join(format!("target_app_{}", variant.name));
        let mut crates = 0;
        let build = Samples::collect(runs, || {
            let _ = fs::remove_dir_all(&target);
            let (elapsed, compiled) = clean_build(&root, &target)?;
            crates = compiled;
            Ok::<_, io::Error>(elapsed)
        })?;
        rows.push((variant, crates, build));
    }
    let all = rows.last().map(|(_, _, build)| build.clone());
    for (variant, crates, build) in &rows {
        let ratio = all.as_ref().map_or(1.0, |all| build.ratio(all));
        println!("| {} | {crates} | {build} | {ratio:.2} |", variant.what);
    }
    Ok(())
}

/// The app's crate for `variant`, written afresh.
fn generate(work_dir: &Path, repo: &Path, variant: &Variant) -> io::Result<PathBuf> {
    let root = work_dir.join(format!("bench_app_{}", variant.name));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("src"))?;
    let manifest = format!(
        "[package]\nname = \"bench_app_{}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{}tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\n[workspace]\n",
        variant.name,
        (variant.dependencies)(repo)
    );
    fs::write(root.join("Cargo.toml"), manifest)?;
    fs::copy(repo.join("Cargo.lock"), root.join("Cargo.lock"))?;
    fs::write(root.join("src/main.rs"), MAIN)?;
    Ok(root)
}

/// `cargo build` into an empty target folder: how long it took and how many crates it
/// compiled.
fn clean_build(root: &Path, target: &Path) -> io::Result<(Duration, usize)> {
    let started = Instant::now();
    let output = Command::new("cargo")
        .args(["build", "--color", "never"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .output()?;
    let elapsed = started.elapsed();
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "`cargo build` of the app failed:\n{log}"
        )));
    }
    let compiled = log
        .lines()
        .filter(|l| l.trim_start().starts_with("Compiling "))
        .count();
    Ok((elapsed, compiled))
}
