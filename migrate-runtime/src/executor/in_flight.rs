//! A MySQL DDL statement in flight when a run was killed: the history table recorded that it
//! was sent (a `running` row) but not that it committed (a `partial` row). The rerun asks the
//! catalog: the tables it changes as the history builds them before the statement, or after
//! it, decide whether it runs or is recorded as done.

use super::StepFailure;
use crate::backend::Dialect;
use crate::connection::BackendConnection;
use crate::introspect::{self, Tables};
use crate::state::{self, Schema};

/// The statement a killed run had sent, and the tables it changes as the history builds them
/// before and after it (a table absent on one side is created or dropped by it).
#[derive(Debug, Clone)]
pub(crate) struct InFlight {
    /// Its position among the step's statements, from 1.
    pub(crate) statement: usize,
    pub(crate) before: Schema,
    pub(crate) after: Schema,
}

/// What the catalog says of the statement in flight.
pub(crate) enum Outcome {
    /// The tables are as after it: it committed.
    Committed,
    /// The tables are as before it (or it changes no table): it is to run.
    NotRun,
}

impl InFlight {
    /// `before` and `after` restricted to the tables that differ between them.
    pub(crate) fn new(statement: usize, before: &Schema, after: &Schema) -> Self {
        let changed: Vec<&String> = before
            .tables
            .keys()
            .chain(after.tables.keys())
            .filter(|name| before.table(name) != after.table(name))
            .collect();
        let only = |schema: &Schema| Schema {
            tables: changed
                .iter()
                .filter_map(|name| schema.table(name).map(|t| ((*name).clone(), t.clone())))
                .collect(),
            ..Schema::default()
        };
        InFlight {
            statement,
            before: only(before),
            after: only(after),
        }
    }

    /// Read the changed tables from the catalog and tell which side they are on; neither is
    /// [`StepFailure::InFlight`], with the differences from the state after the statement.
    pub(crate) async fn outcome(
        &self,
        conn: &mut BackendConnection,
        dialect: Dialect,
    ) -> Result<Outcome, StepFailure> {
        let names: Vec<String> = self
            .before
            .tables
            .keys()
            .chain(self.after.tables.keys())
            .cloned()
            .collect();
        if names.is_empty() {
            return Ok(Outcome::NotRun);
        }
        let live = introspect::read(conn, dialect, Tables::Only(&names)).await?;
        let live = Schema {
            tables: live.tables,
            ..Schema::default()
        };
        if state::differences(&self.after, &live, dialect).is_empty() {
            return Ok(Outcome::Committed);
        }
        let from_before = state::differences(&self.before, &live, dialect);
        match from_before.is_empty() {
            true => Ok(Outcome::NotRun),
            false => Err(StepFailure::InFlight(
                from_before.iter().map(ToString::to_string).collect(),
            )),
        }
    }
}
