//! The schema as a value: `migrate schema` (the history replayed offline, printed as the
//! DDL of SQLite and as JSON) and `upgrade --sql` (replayed along the way), each a separate
//! process with no database, beside `current` on an empty SQLite file, the floor of a run;
//! and `check` on an up-to-date SQLite database, which replays the history and reads the
//! catalog to find drift.

use std::io::{self, Write as _};
use std::path::Path;

use crate::history::ScratchCrate;
use crate::runtime::{build_release, migrate, timed};

/// Measure every size, printing a Markdown table.
pub(crate) fn run(work_dir: &Path, sizes: &[usize], runs: usize) -> io::Result<()> {
    std::fs::create_dir_all(work_dir)?;
    let work_dir = work_dir.canonicalize()?;
    println!(
        "| migrations | `schema` (SQLite DDL) | `schema --format json` | `upgrade --sql` | `current`, empty SQLite file | schema ÷ current | `check` at head, drift included |"
    );
    println!("|---|---|---|---|---|---|---|");
    for &size in sizes {
        let scratch = ScratchCrate::generate(&work_dir, size)?;
        let binary = build_release(&scratch, &work_dir.join("target"))?;
        let database = work_dir.join("replay.db");
        // A fresh file for each history (`current` reads an empty one).
        let _ = std::fs::remove_file(&database);
        let url = format!("sqlite://{}", database.display());
        let time = |args: &[&str]| timed(&binary, &url, args, runs);
        let ddl = time(&["schema", "--dialect", "sqlite"])?;
        let json = time(&["--format", "json", "schema"])?;
        let script = time(&["upgrade", "--sql", "--dialect", "sqlite", "head"])?;
        let current = time(&["current"])?;
        migrate(&binary, &url, &["upgrade", "head"])?;
        let check = time(&["check"])?;
        println!(
            "| {size} | {ddl} | {json} | {script} | {current} | {:.2} | {check} |",
            ddl.ratio(&current)
        );
        io::stdout().flush()?;
    }
    Ok(())
}
