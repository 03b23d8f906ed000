//! `cargo run --bin migrate -- <command>`: the command line over this crate's migrations.

use std::process::ExitCode;

fn main() -> ExitCode {
    migrate_cli::main(migrations::migrations())
}
