//! The rules a history of migrations must follow, in one place for both checkers: the
//! `#[migration]` macro (compile errors pointing at the offending literal) and the runtime
//! (the same checks on the collected registry at start-up, with the same wording).
//!
//! - [`revision`]: what a revision id may look like;
//! - [`check`]: unique revisions, known `down` and `depends_on`, no cycle, and an order;
//! - [`suggest`]: the known name closest to a mistyped one;
//! - with the `scan` feature, [`header`] parses `#[migration(…)]` arguments and [`scan`]
//!   reads every header of a folder of migration files.

pub mod check;
#[cfg(feature = "scan")]
pub mod header;
pub mod revision;
#[cfg(feature = "scan")]
pub mod scan;
pub mod suggest;

pub use check::{Checked, Declared, Problem, Reference, check};

/// The op builders whose effect cannot be undone from the op alone (data or definitions are
/// lost), so that a migration using them needs a written downgrade or the `irreversible` flag.
pub const IRREVERSIBLE_OPS: [&str; 7] = [
    "drop_table",
    "drop_column",
    "drop_index",
    "execute",
    "drop_constraint",
    "bulk_insert",
    "backfill",
];
pub use revision::{MAX_REVISION_LEN, RevisionIdError, check_revision_id};
