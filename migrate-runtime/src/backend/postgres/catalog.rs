//! PostgreSQL's catalog: whether a table exists.

/// Whether a table exists in the current schema; binds the table name.
// language=SQL
pub(crate) const TABLE_EXISTS: &str = "SELECT count(*) FROM information_schema.tables \
     WHERE table_schema = current_schema() AND table_name = $1";
