//! Reading a SQLite table back from the catalog, for the table rebuild.

use sqlx::AnyConnection;

use crate::dialect::{RebuildObstacle, ReflectedTable, Unsupported};
use crate::executor::StepFailure;

/// The `CREATE TABLE` text of `table`, and the texts of its explicit indexes and triggers.
pub(crate) async fn reflect_table(
    conn: &mut AnyConnection,
    table: &str,
) -> Result<ReflectedTable, StepFailure> {
    // language=SQL
    let sql = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1";
    let create: Option<String> = sqlx::query_scalar(sql)
        .bind(table)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(create_sql) = create else {
        return Err(StepFailure::Unsupported(Unsupported::Rebuild {
            table: table.to_owned(),
            what: RebuildObstacle::NoSuchTable,
        }));
    };
    // language=SQL
    let sql = "SELECT sql FROM sqlite_master \
               WHERE type IN ('index', 'trigger') AND tbl_name = ?1 AND sql IS NOT NULL \
               ORDER BY type, name";
    let dependents_sql = sqlx::query_scalar(sql)
        .bind(table)
        .fetch_all(&mut *conn)
        .await?;
    Ok(ReflectedTable {
        create_sql,
        dependents_sql,
    })
}
