//! The revision graph of a migrate history, database-free: the rules a history must follow
//! (checked alike by the `#[migration]` macro, as compile errors on the offending literal, and
//! by the runtime at start-up, with the same wording), and Alembic's semantics over it.
//!
//! - [`revision`]: what a revision id may look like;
//! - [`check`](mod@check): unique revisions, known `down` and `depends_on`, no cycle, and an order;
//! - [`graph`]: the DAG of a checked history ([`RevisionGraph`]), with branch labels
//!   inherited as Alembic spreads them;
//! - [`target`]: `head`, `base`, prefixes, `label@head`, `+N`, `REV-N` …, parsed;
//! - [`resolve`]: where a target leaves the database ([`Position`]);
//! - [`route`]: the migrations between the database's version rows and a position, in order,
//!   with each one's change to the version table;
//! - [`range`]: `history -r A:B`; [`describe`]: what `history`, `heads` and `current` show;
//! - [`suggest`]: the known name closest to a mistyped one;
//! - [`portability`]: the builder calls a database cannot run, refused at compile time where
//!   a crate declares that database;
//! - with the `scan` feature, `header` parses `#[migration(…)]` arguments and `scan`
//!   reads every header of a folder of migration files.

mod branch_labels;
mod branch_walk;
pub mod check;
pub mod describe;
pub mod graph;
#[cfg(feature = "scan")]
pub mod header;
pub mod portability;
pub mod range;
pub mod resolve;
pub mod revision;
pub mod route;
#[cfg(feature = "scan")]
pub mod scan;
mod stamp;
pub mod suggest;
pub mod target;

pub use check::{Checked, Declared, Problem, Reference, check};
pub use describe::Revision;
pub use graph::{Entry, GraphError, LocatedProblem, RevisionGraph, Source};
pub use resolve::Position;
pub use revision::RevisionId;
pub use route::{Direction, Step, VersionChange};
pub use target::{Anchor, BranchAt, Target, TargetError};

/// The op builders whose effect cannot be undone from the op and the schema before it (raw
/// SQL, and rows written or changed), so that a migration using them needs a written downgrade
/// or the `irreversible` flag. Drops and column changes are undone from the replayed schema.
pub const IRREVERSIBLE_OPS: [&str; 5] = ["execute", "bulk_insert", "update", "delete", "backfill"];
pub use revision::{MAX_REVISION_LEN, RevisionIdError, check_revision_id};
