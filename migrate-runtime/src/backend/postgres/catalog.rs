//! PostgreSQL's catalog: whether a table exists.

/// The columns of a table, in order: binds are the schema (empty for the current one) and
/// the table.
// language=SQL
pub(crate) const TABLE_COLUMNS: &str = "SELECT column_name::text FROM information_schema.columns \
     WHERE table_schema = coalesce(nullif($1, ''), current_schema()) AND table_name = $2 \
     ORDER BY ordinal_position";
