//! The example schema history: one file per migration in `src/versions/`, each picked up by
//! `build.rs` with no `mod` line to write.

use migrate_runtime::Migrations;

pub mod models;

include!(concat!(env!("OUT_DIR"), "/migrate_versions.rs"));

/// Every migration of this crate (and of any other crate linked into the program).
///
/// Calling it from the binary or the app is also what links this crate's registrations in.
/// The history runs on all three databases, and says so in its `Cargo.toml`: a builder call
/// one of them cannot run does not compile, autogenerate refuses such an op, and
/// `tests/models.rs` checks every migration on each.
pub fn migrations() -> Migrations {
    Migrations::registered()
        .with_versions_dir(VERSIONS_DIR)
        .with_databases(DATABASES.iter().copied())
}
