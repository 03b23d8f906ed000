//! PostgreSQL's catalog: whether a table exists.

/// The columns of a table, in order: binds are the schema (empty for the current one) and
/// the table.
// language=SQL
pub(crate) const TABLE_COLUMNS: &str = "SELECT a.attname::text FROM pg_catalog.pg_attribute a \
     JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = coalesce(nullif($1, ''), current_schema()) AND c.relname = $2 \
     AND c.relkind IN ('r', 'p', 'v') AND a.attnum > 0 AND NOT a.attisdropped \
     ORDER BY a.attnum";
