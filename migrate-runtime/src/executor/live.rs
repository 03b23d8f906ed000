//! Statements written from the live database (a SQLite rebuild reads the table, a MySQL
//! `MODIFY COLUMN` the column, a MySQL `DROP COLUMN` the keys on it), and SQLite's
//! foreign-key switch and check around a rebuild.

use super::Failure;
use crate::backend::{Dialect, RebuildObstacle, Statement, Unsupported, mysql, sqlite};
use crate::connection::BackendConnection;
use crate::database::{self, Connection};
use crate::executor::StepFailure;

/// The SQL of a statement; for one that needs the live definition of a table or column,
/// read it and produce the SQL.
pub(super) async fn expand(
    conn: &mut BackendConnection,
    dialect: Dialect,
    statement: &Statement,
) -> Result<Vec<String>, StepFailure> {
    match (statement, dialect) {
        (Statement::Sql(sql), _) => Ok(vec![sql.clone()]),
        (Statement::Rebuild(rebuild), Dialect::Sqlite) => {
            let table = sqlite::catalog::reflect_table(conn, rebuild.table()).await?;
            let table = table.ok_or_else(|| Unsupported::Rebuild {
                table: rebuild.table().to_owned(),
                what: RebuildObstacle::NoSuchTable,
            })?;
            Ok(rebuild.expand(table)?)
        }
        (Statement::Modify(modify), Dialect::MySql) => {
            let column = mysql::catalog::reflect_column(conn, modify.table(), modify.column());
            let column = column.await?.ok_or_else(|| Unsupported::NoSuchColumn {
                table: modify.table().to_owned(),
                column: modify.column().to_owned(),
            })?;
            Ok(vec![modify.expand(column)?])
        }
        (Statement::DropColumn(drop), Dialect::MySql) => {
            let keys = mysql::catalog::foreign_keys_on(conn, drop.table(), drop.column());
            Ok(drop.expand(&keys.await?))
        }
        (Statement::DropColumn(_), _) => Err(StepFailure::Unsupported(Unsupported::Feature {
            feature: "MySQL's foreign-key lookup for DROP COLUMN",
            alternative: "render the plan for the database it runs on",
        })),
        (Statement::Rebuild(rebuild), _) => Err(StepFailure::Unsupported(Unsupported::Rebuild {
            table: rebuild.table().to_owned(),
            what: RebuildObstacle::NotSqlite,
        })),
        (Statement::Modify(modify), _) => {
            Err(StepFailure::Unsupported(Unsupported::NoSuchColumn {
                table: modify.table().to_owned(),
                column: modify.column().to_owned(),
            }))
        }
        // Data steps are run by the executor, not expanded to SQL.
        (Statement::Data(_) | Statement::Backfill(_), _) => Ok(Vec::new()),
    }
}

pub(super) async fn set_foreign_keys(connection: &mut Connection, on: bool) -> Result<(), Failure> {
    let sql = sqlite::session::foreign_keys(on);
    database::execute(connection.conn(), sql)
        .await
        .map(drop)
        .map_err(|e| Failure::new("foreign key switch", sql, e))
}

pub(super) async fn check_foreign_key_violations(
    conn: &mut BackendConnection,
) -> Result<(), Failure> {
    let sql = sqlite::session::FOREIGN_KEY_CHECK;
    let violations = database::fetch_strings(conn, sql)
        .await
        .map_err(|e| Failure::new("foreign key check", sql, e))?;
    if violations.is_empty() {
        return Ok(());
    }
    let cause = StepFailure::ForeignKeyViolations(violations.len());
    Err(Failure::new("foreign key check", sql, cause))
}
