//! The SQL every database shares: standard DDL, data ops, back-fills, and the version and
//! history tables. Each backend calls these and overrides only what it spells differently.

pub(crate) mod backfill;
pub(crate) mod data;
pub(crate) mod ddl;
pub(crate) mod history_table;
pub(crate) mod index_ddl;
pub(crate) mod script;
pub(crate) mod transaction;
pub(crate) mod version_table;
