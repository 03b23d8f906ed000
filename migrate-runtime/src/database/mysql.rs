//! Reading a MySQL column back from `information_schema`, for `MODIFY COLUMN`.

use sqlx::AnyConnection;

use crate::dialect::{ReflectedColumn, Unsupported};
use crate::executor::StepFailure;

/// The current definition of `table.column`.
pub(crate) async fn reflect_column(
    conn: &mut AnyConnection,
    table: &str,
    column: &str,
) -> Result<ReflectedColumn, StepFailure> {
    // language=SQL
    let sql = "SELECT CAST(COLUMN_TYPE AS CHAR), IS_NULLABLE, CAST(COLUMN_DEFAULT AS CHAR), EXTRA, COLUMN_COMMENT \
               FROM information_schema.COLUMNS \
               WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?";
    let row: Option<(String, String, Option<String>, String, String)> = sqlx::query_as(sql)
        .bind(table)
        .bind(column)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((column_type, nullable, default, extra, comment)) = row else {
        return Err(StepFailure::Unsupported(Unsupported::NoSuchColumn {
            table: table.to_owned(),
            column: column.to_owned(),
        }));
    };
    // language=SQL
    let version: String = sqlx::query_scalar("SELECT VERSION()")
        .fetch_one(&mut *conn)
        .await?;
    let mariadb = version.contains("MariaDB");
    Ok(ReflectedColumn {
        column_type,
        nullable: nullable == "YES",
        default: default_expression(default, &extra, mariadb),
        auto_increment: extra.to_ascii_lowercase().contains("auto_increment"),
        comment,
    })
}

/// `COLUMN_DEFAULT` as SQL: MariaDB gives an expression (strings quoted, `NULL` for none);
/// MySQL gives a bare value, or an expression when `EXTRA` says `DEFAULT_GENERATED`.
fn default_expression(default: Option<String>, extra: &str, mariadb: bool) -> Option<String> {
    let default = default?;
    if mariadb {
        return (default != "NULL").then_some(default);
    }
    if extra.contains("DEFAULT_GENERATED") {
        return Some(default);
    }
    Some(crate::dialect::Dialect::MySql.literal(&default))
}
