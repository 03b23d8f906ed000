//! The example crate's command line, built here so that tests can run it as a process
//! (`CARGO_BIN_EXE_example-migrate`); it is the same `main` as `migrations/src/bin/migrate.rs`.

use std::process::ExitCode;

fn main() -> ExitCode {
    migrate_runtime::cli::main(migrations::migrations(), migrations::VERSIONS_DIR)
}
