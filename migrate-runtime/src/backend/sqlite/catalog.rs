//! SQLite's catalog: a table's `CREATE TABLE` text and its indexes and triggers, for the table
//! rebuild, and whether a table exists.

use crate::connection::BackendConnection;

use crate::backend::ReflectedTable;

/// A read of the schema, which fails on a file that is not a SQLite database.
// language=SQL
pub(crate) const PROBE: &str = "SELECT count(*) FROM sqlite_master";

/// Whether the schema (MySQL: database; SQLite: attached database) `$1` exists: a count.
// language=SQL
pub(crate) const SCHEMA_EXISTS: &str = "SELECT count(*) FROM pragma_database_list WHERE name = ?1";

/// The columns of a table with their declared types, in order: binds are the schema (empty
/// for `main`) and the table.
// language=SQL
pub(crate) const TABLE_COLUMNS: &str =
    "SELECT name, type FROM pragma_table_info(?2, coalesce(nullif(?1, ''), 'main')) ORDER BY cid";

/// The `CREATE TABLE` text of `table`, and the texts of its explicit indexes and triggers;
/// none when there is no such table.
pub(crate) async fn reflect_table(
    conn: &mut BackendConnection,
    table: &str,
) -> Result<Option<ReflectedTable>, sqlx::Error> {
    // language=SQL
    let sql = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1";
    let create: Option<String> = sqlx::query_scalar(sql)
        .bind(table)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(create_sql) = create else {
        return Ok(None);
    };
    // language=SQL
    let sql = "SELECT sql FROM sqlite_master \
               WHERE type IN ('index', 'trigger') AND tbl_name = ?1 AND sql IS NOT NULL \
               ORDER BY type, name";
    let dependents_sql = sqlx::query_scalar(sql)
        .bind(table)
        .fetch_all(&mut *conn)
        .await?;
    Ok(Some(ReflectedTable {
        create_sql,
        dependents_sql,
    }))
}

/// For drift: every column of every table (generated ones too, not the hidden columns of
/// virtual tables), in order: table, name, type as the catalog writes it, not null (0 or 1),
/// default, key position. Filtered by the tables a JSON array bind lists (`NULL`: every
/// table). The rows come as one JSON array: the driver hands each row over from its own
/// thread, which costs more than reading it (so do the queries below).
// language=SQL
pub(crate) const INTROSPECT_COLUMNS: &str = "SELECT json_group_array(json_array(m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk) ORDER BY m.name, p.cid) FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p WHERE p.hidden <> 1 AND m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND (?1 IS NULL OR m.name IN (SELECT value FROM json_each(?1)))";

/// For drift: every foreign key column of every table, in key order: table, key, column, referred table and column, actions.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_KEYS: &str = "SELECT json_group_array(json_array(m.name, p.id, p.\"table\", p.\"from\", p.\"to\", p.on_update, p.on_delete) ORDER BY m.name, p.id, p.seq) FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND (?1 IS NULL OR m.name IN (SELECT value FROM json_each(?1)))";

/// For drift: every key column of every index of every table: table, index, unique (0 or 1), origin, column (none for an expression), the index's text, descending (0 or 1).
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_INDEXES: &str = "SELECT json_group_array(json_array(m.name, l.name, l.\"unique\", l.origin, i.name, s.sql, i.\"desc\") ORDER BY m.name, l.name, i.seqno) FROM sqlite_schema m JOIN pragma_index_list(m.name) l JOIN pragma_index_xinfo(l.name) i LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = l.name WHERE i.key = 1 AND m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND (?1 IS NULL OR m.name IN (SELECT value FROM json_each(?1)))";

/// For drift: the `CREATE TABLE` text of every table, where SQLite keeps constraint names and
/// checks.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_TABLE_SQL: &str = "SELECT json_group_array(json_array(name, sql) ORDER BY name) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND (?1 IS NULL OR name IN (SELECT value FROM json_each(?1)))";

/// Views and triggers, in the order they were made: kind, name, a trigger's table, the
/// statement as it was written.
// language=SQL
pub(crate) const INTROSPECT_OBJECTS: &str = "SELECT type, name, CASE type WHEN 'trigger' THEN tbl_name END, sql FROM sqlite_master WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY rowid";
