//! `cargo migrate`, the cargo subcommand of **migrate**: `cargo migrate init` adds a
//! migrations crate to a cargo project ([`init`]); every other subcommand runs the project's
//! own migrations binary (`cargo migrate upgrade` is `cargo run -p migrations --bin migrate --
//! upgrade`), which holds the migrations and the command line (`migrate_cli`).
//!
//! It depends on nothing of migrate that talks to a database, so that installing it compiles
//! in about a minute, not the command line's SQL parser and drivers (`BENCHMARKS.md`).

pub mod init;

/// The embedded database of a project that configures none, as `migrate.toml` names it:
/// `migrate_cli::DEFAULT_DATABASE_URL`, which a test holds this to.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://migrate.db";
