//! Compile cost: a clean build of a generated migrations crate (its dependencies already
//! built), an incremental build after adding one migration file, and the time of the
//! whole-history check the `#[migration]` macro runs once per build; with peers, the same
//! for the history written as a sea-orm-migration crate.

use std::io;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use migrate_graph::Declared;
use migrate_graph::scan::{ScannedMigration, folder_files, scan_file};

use crate::history::{self, ScratchCrate};
use crate::sea_orm;
use crate::stats::Samples;

/// Measure every size in `sizes`, printing a Markdown table (and one for sea-orm-migration
/// when `with_peers`).
pub(crate) fn run(
    work_dir: &Path,
    sizes: &[usize],
    runs: usize,
    with_peers: bool,
) -> io::Result<()> {
    std::fs::create_dir_all(work_dir)?;
    let work_dir = work_dir.canonicalize()?;
    println!(
        "| migrations | clean build | incremental build, one file added | history check | check / clean build |"
    );
    println!("|---|---|---|---|---|");
    let mut ours = Vec::new();
    for &size in sizes {
        let scratch = ScratchCrate::generate(&work_dir, size)?;
        let target = work_dir.join("target");
        cargo(&scratch, &target, &["build"])?;
        let clean = Samples::collect(runs, || {
            cargo(&scratch, &target, &["clean", "-p", &scratch.name])?;
            cargo(&scratch, &target, &["build"])
        })?;
        let incremental = Samples::collect(runs, || add_one_and_build(&scratch, &target, size))?;
        let check = Samples::collect(runs.max(5), || check_history(&scratch.versions()))?;
        let share = check.ratio(&clean) * 100.0;
        println!("| {size} | {clean} | {incremental} | {check} | {share:.2} % |");
        ours.push((size, clean, incremental));
    }
    if with_peers {
        compare_sea_orm(&work_dir, &ours, runs)?;
    }
    Ok(())
}

/// The same clean and incremental builds for the history as a sea-orm-migration crate, and
/// migrate's time as a share of them.
fn compare_sea_orm(
    work_dir: &Path,
    ours: &[(usize, Samples, Samples)],
    runs: usize,
) -> io::Result<()> {
    println!();
    println!(
        "| migrations | sea-orm-migration {} clean build | incremental build, one file added | migrate clean ÷ sea-orm | migrate incremental ÷ sea-orm |",
        sea_orm::VERSION
    );
    println!("|---|---|---|---|---|");
    let target = work_dir.join("target");
    for (size, our_clean, our_incremental) in ours {
        let size = *size;
        let scratch = sea_orm::generate(work_dir, size)?;
        cargo(&scratch, &target, &["build"])?;
        let clean = Samples::collect(runs, || {
            cargo(&scratch, &target, &["clean", "-p", &scratch.name])?;
            cargo(&scratch, &target, &["build"])
        })?;
        let incremental = Samples::collect(runs, || {
            sea_orm::add_one(&scratch, size)?;
            let elapsed = cargo(&scratch, &target, &["build"]);
            sea_orm::remove_one(&scratch, size)?;
            cargo(&scratch, &target, &["build"])?;
            elapsed
        })?;
        println!(
            "| {size} | {clean} | {incremental} | {:.2} | {:.2} |",
            our_clean.ratio(&clean),
            our_incremental.ratio(&incremental)
        );
    }
    Ok(())
}

/// Run `cargo ARGS` in the scratch crate; the time it took.
fn cargo(scratch: &ScratchCrate, target: &Path, args: &[&str]) -> io::Result<Duration> {
    let started = Instant::now();
    let status = Command::new("cargo")
        .args(args)
        .arg("--quiet")
        .current_dir(&scratch.root)
        .env("CARGO_TARGET_DIR", target)
        .status()?;
    if !status.success() {
        return Err(io::Error::other(format!(
            "`cargo {}` failed",
            args.join(" ")
        )));
    }
    Ok(started.elapsed())
}

/// Add migration number `size` (following the last one), build, and take it away again.
fn add_one_and_build(scratch: &ScratchCrate, target: &Path, size: usize) -> io::Result<Duration> {
    let (file, source) = history::migration(size);
    let path = scratch.versions().join(file);
    std::fs::write(&path, source)?;
    let elapsed = cargo(scratch, target, &["build"]);
    std::fs::remove_file(&path)?;
    cargo(scratch, target, &["build"])?;
    elapsed
}

/// What the macro does once per build: read every header of the folder and check them.
fn check_history(versions: &Path) -> io::Result<Duration> {
    let started = Instant::now();
    let mut scanned = Vec::new();
    for file in folder_files(versions)? {
        scanned.extend(scan_file(&file)?);
    }
    let declared: Vec<Declared<'_>> = scanned.iter().map(ScannedMigration::declared).collect();
    let checked = migrate_graph::check(&declared);
    let elapsed = started.elapsed();
    match checked {
        Ok(_) => Ok(elapsed),
        Err(problems) => Err(io::Error::other(format!(
            "generated history is invalid: {problems:?}"
        ))),
    }
}
