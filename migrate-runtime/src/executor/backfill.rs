//! A back-fill run online: batch by batch along its key, with progress.

use crate::connection::BackendConnection;

use super::{Failure, StepFailure};
use crate::backend::BatchedUpdate;
use crate::database;
use crate::progress::Progress;

/// Run a back-fill batch by batch, walking the key; the rows it updated. Each boundary is
/// past the one before, or the walk stops with an error: it never loops.
pub(super) async fn run_backfill(
    conn: &mut BackendConnection,
    update: &BatchedUpdate,
    op: &str,
) -> Result<u64, Failure> {
    let numeric = match update.key_types_sql() {
        Some(sql) => {
            let types = database::fetch_rows_of_strings(conn, &sql)
                .await
                .map_err(|e| Failure::new(op, &sql, e))?;
            let numeric = |column: &String| {
                types.iter().any(|row| {
                    row.first().and_then(Option::as_deref) == Some(column.as_str())
                        && row.get(1).and_then(Option::as_deref) == Some("1")
                })
            };
            update.key().iter().map(numeric).collect()
        }
        None => Vec::new(),
    };
    let mut progress = Progress::start(update.table());
    let mut last: Option<Vec<String>> = None;
    let mut rows = 0;
    loop {
        let boundary_sql = update.boundary(last.as_deref(), &numeric);
        let row = database::fetch_rows_of_strings(conn, &boundary_sql)
            .await
            .map_err(|e| Failure::new(op, &boundary_sql, e))?;
        let boundary: Option<Vec<String>> = match row.into_iter().next() {
            None => None,
            Some(literals) => Some(
                literals
                    .into_iter()
                    .collect::<Option<_>>()
                    .ok_or_else(|| Failure::new(op, &boundary_sql, StepFailure::KeyStalled))?,
            ),
        };
        if boundary.is_some() && boundary == last {
            return Err(Failure::new(op, &boundary_sql, StepFailure::KeyStalled));
        }
        let batch = update.batch(last.as_deref(), boundary.as_deref());
        tracing::debug!("{batch}");
        rows += database::execute(conn, &batch)
            .await
            .map_err(|e| Failure::new(op, &batch, e))?;
        progress.update(rows);
        match boundary {
            Some(boundary) => last = Some(boundary),
            None => break,
        }
    }
    let not_null_sql = update.key_declared_not_null_sql();
    let not_null = database::fetch_rows_of_strings(conn, &not_null_sql)
        .await
        .map_err(|e| Failure::new(op, &not_null_sql, e))?;
    let key_not_null = not_null
        .first()
        .and_then(|row| row.first())
        .and_then(Option::as_deref)
        == Some("1");
    if !key_not_null {
        let nulls = update.null_keys();
        rows += database::execute(conn, &nulls)
            .await
            .map_err(|e| Failure::new(op, &nulls, e))?;
    }
    progress.finish(rows);
    Ok(rows)
}
