//! The example schema history: one file per migration in `src/versions/`, each picked up by
//! `build.rs` with no `mod` line to write.

use migrate_runtime::Migrations;

/// The migration files of `src/versions/`.
mod versions {
    include!(concat!(env!("OUT_DIR"), "/versions.rs"));
}

/// The folder of this crate's migration files, where `migrate revision` writes new ones.
pub const VERSIONS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/versions");

/// Every migration of this crate (and of any other crate linked into the program).
///
/// Calling it from the binary is also what links this crate's registrations in.
pub fn migrations() -> Migrations {
    Migrations::registered()
}
