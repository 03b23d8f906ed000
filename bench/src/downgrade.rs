//! Derived downgrades: a history that adds a column to one table and drops it again, over
//! and over, with no downgrade written. `downgrade --sql head:base` derives each drop's
//! downgrade from the schema before it; beside `upgrade --sql` of the same history, which
//! replays it once, each a separate process with no database.

use std::io::{self, Write as _};
use std::path::Path;

use crate::history::{ScratchCrate, dropping_migration};
use crate::runtime::{build_release, timed};

/// Measure every size, printing a Markdown table.
pub(crate) fn run(work_dir: &Path, sizes: &[usize], runs: usize) -> io::Result<()> {
    std::fs::create_dir_all(work_dir)?;
    let work_dir = work_dir.canonicalize()?;
    println!(
        "| migrations | `upgrade --sql` | `downgrade --sql head:base` | downgrade ÷ upgrade |"
    );
    println!("|---|---|---|---|");
    for &size in sizes {
        let name = format!("bench_dropping_{size}");
        let scratch = ScratchCrate::generate_with(&work_dir, &name, size, dropping_migration)?;
        let binary = build_release(&scratch, &work_dir.join("target"))?;
        let url = format!("sqlite://{}", work_dir.join("dropping.db").display());
        let time = |args: &[&str]| timed(&binary, &url, args, runs);
        let upgrade = time(&["upgrade", "--sql", "--dialect", "sqlite", "head"])?;
        let downgrade = time(&["downgrade", "--sql", "--dialect", "sqlite", "head:base"])?;
        println!(
            "| {size} | {upgrade} | {downgrade} | {:.2} |",
            downgrade.ratio(&upgrade)
        );
        io::stdout().flush()?;
    }
    Ok(())
}
