//! Before a step whose SQL is written from a live definition (a SQLite table rebuild reads
//! the table, a MySQL `MODIFY COLUMN` the column): that definition compared with the one the
//! history builds, so that a database changed by hand is reported as drift before anything
//! of the step runs, instead of the hand-made version being carried on silently.

use super::StepFailure;
use crate::backend::Dialect;
use crate::connection::BackendConnection;
use crate::introspect::{self, Tables};
use crate::state::{self, Schema, Table};

/// A table as the history builds it where the step starts; `columns`: only these matter
/// (a `MODIFY COLUMN`), or the whole table (a rebuild).
#[derive(Debug, Clone)]
pub(crate) struct ExpectedDefinition {
    pub(crate) table: Table,
    pub(crate) columns: Option<Vec<String>>,
}

/// Refuse with [`StepFailure::Drifted`] when the live definitions differ from `expected`.
pub(super) async fn check(
    conn: &mut BackendConnection,
    dialect: Dialect,
    expected: &[ExpectedDefinition],
) -> Result<(), StepFailure> {
    if expected.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = expected.iter().map(|e| e.table.name.clone()).collect();
    let live = introspect::read(conn, dialect, Tables::Only(&names)).await?;
    let mut drift = Vec::new();
    for definition in expected {
        let name = &definition.table.name;
        let only = |table: Option<&Table>| Schema {
            tables: table
                .map(|t| (t.name.clone(), t.clone()))
                .into_iter()
                .collect(),
            ..Schema::default()
        };
        let differences = state::differences(
            &only(Some(&definition.table)),
            &only(live.table(name)),
            dialect,
        );
        let about_columns = |object: &str| match &definition.columns {
            None => true,
            Some(columns) => columns
                .iter()
                .any(|column| object.starts_with(&format!("column `{column}`"))),
        };
        drift.extend(
            differences
                .into_iter()
                .filter(|difference| about_columns(&difference.object))
                .map(|difference| difference.to_string()),
        );
    }
    match drift.is_empty() {
        true => Ok(()),
        false => Err(StepFailure::Drifted(drift)),
    }
}
