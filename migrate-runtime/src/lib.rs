//! Runtime of **migrate**, Alembic for Rust: op builders, schema types, plans, each database's
//! SQL ([`backend`]), the executor, the version and history tables, the lock, and the embedding
//! API ([`Migrator`]). The revision graph is the `migrate-graph` crate; the command line is
//! `migrate-cli`.
//!
//! Migrations are written with `#[migration]` and the builders of [`op`]; see the
//! [`prelude`] for what a migration file imports.
//!
//! Cargo features: `postgres`, `sqlite`, `mysql` (the databases a program can connect to; SQL
//! renders offline for all three regardless) and `tls` (rustls), all on by default.

// A build without any database feature renders SQL offline only: its per-database dispatch
// has no arm but the impossible one, and what only the drivers use goes unused.
#![cfg_attr(
    not(any(feature = "postgres", feature = "sqlite", feature = "mysql")),
    allow(unused_imports, unused_variables, unreachable_code, dead_code)
)]

pub mod autogenerate;
pub mod backend;
pub mod clock;
mod connection;
mod data_step;
mod database;
mod dialect;
mod error;
mod executor;
mod history;
mod introspect;
mod lock;
mod migration;
mod migrator;
pub mod model;
pub mod op;
mod plan;
pub mod portable;
mod progress;
mod registry;
pub mod schema;
pub mod state;
pub mod testing;

pub use connection::BackendConnection;
pub use data_step::{
    Bind, DataContext, DataError, DataFn, DataQuery, DataStep, Decoded, FirstColumn, Query,
    QueryAs, QueryScalar, ReadRow, Rows,
};
pub use database::{ConnectError, DatabaseUrl, ScratchDatabase, ScratchError, UrlError};
pub use dialect::{Dialect, UnknownDatabase};
pub use error::{Error, ErrorKind};
pub use executor::{MigrationError, StepFailure};
pub use history::{Edited, HistoryRow};
pub use lock::LockError;
pub use migrate_graph::Source;
pub use migrate_graph::{
    Anchor, BranchAt, Direction, GraphError, Revision, RevisionGraph, RevisionId, Target,
    TargetError,
};
pub use migrate_macros::{data_step, migration};
pub use migration::{Migration, MigrationDef};
pub use migrator::{
    AppPool, CheckReport, DEFAULT_VERSION_TABLE, Migrator, RunReport, SqlScript, StepReport,
    TableRows, check_baseline, read_database, read_rows,
};
pub use plan::{Irreversible, Plan, RenderedOp, Step};
pub use progress::TARGET as PROGRESS_TARGET;
pub use registry::Migrations;
pub use schema::{NamingConvention, NamingError};

/// What a migration file needs: `use migrate_runtime::prelude::*;`.
pub mod prelude {
    pub use crate::data_step::{DataContext, DataError};
    pub use crate::dialect::Dialect;
    pub use crate::migration::{Migration, MigrationDef};
    pub use crate::op::{self, ForDatabases};
    pub use crate::plan::Plan;
    pub use crate::schema::{
        CheckConstraint, Column, DefaultValue, ForeignKey, Identity, ReferentialAction, Type,
        UniqueConstraint, Value,
    };
    pub use migrate_macros::{data_step, migration};
}

/// Used by the code `#[migration]` and `#[data_step]` generate; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use crate::data_step::{DataStepCode, type_id_of};
    pub use inventory;
    pub use sqlx;
}
