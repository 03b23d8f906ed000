//! SQLite's catalog: a table's `CREATE TABLE` text and its indexes and triggers, for the table
//! rebuild, and whether a table exists.

use crate::database::BackendConnection;

use crate::backend::ReflectedTable;

/// A read of the schema, which fails on a file that is not a SQLite database.
// language=SQL
pub(crate) const PROBE: &str = "SELECT count(*) FROM sqlite_master";

/// The columns of a table, in order: binds are the schema (empty for `main`) and the table.
// language=SQL
pub(crate) const TABLE_COLUMNS: &str =
    "SELECT name FROM pragma_table_info(?2, coalesce(nullif(?1, ''), 'main')) ORDER BY cid";

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
