//! Drift: the live catalog against the schema the history says the database is at.

use super::{Migrator, close};
use crate::backend::Statement;
use crate::error::Error;
use crate::executor::{ExpectedDefinition, InFlight, PreparedStep, resume};
use crate::history::Edited;
use crate::state::{self, Difference, Schema};
use migrate_graph::Revision;

/// What `migrate check` reports, read on one connection.
#[derive(Debug)]
pub struct CheckReport {
    /// The migrations not yet applied, in the order they would run.
    pub pending: Vec<Revision>,
    /// Applied migrations edited since they ran.
    pub edited: Vec<Edited>,
    /// How the database differs from the schema at its revision; the replay error when raw
    /// SQL in the history hides that schema.
    pub drift: Result<Vec<Difference>, Error>,
}

impl Migrator {
    /// The database's schema as its catalog reports it (the version and history tables
    /// aside), types and defaults as the catalog spells them.
    pub async fn database_schema(&self) -> Result<Schema, Error> {
        let mut connection = self.connect().await?;
        let schema = self.read_catalog(&mut connection).await;
        close(connection).await;
        schema
    }

    /// How the database differs from the schema the history builds up to the revision(s)
    /// the database is at: tables, columns (type, nullability, default, comment), keys,
    /// unique constraints, indexes and PostgreSQL enum types. Empty when they agree.
    pub async fn drift(&self) -> Result<Vec<Difference>, Error> {
        let mut connection = self.connect().await?;
        let read = async {
            let current = self.current_nodes(&mut connection).await?;
            let found = self.read_catalog(&mut connection).await?;
            Ok::<_, Error>((current, found))
        };
        let read = read.await;
        close(connection).await;
        let (current, found) = read?;
        self.differences_at(&current, found)
    }

    /// Everything `check` looks at, on one connection: what is pending, what was edited, and
    /// the drift.
    pub async fn check(&self) -> Result<CheckReport, Error> {
        crate::registry::check_downgrades(&self.defs)?;
        let mut connection = self.connect().await?;
        let current = match self.current_nodes(&mut connection).await {
            Ok(current) => current,
            Err(error) => {
                close(connection).await;
                return Err(error);
            }
        };
        // The replay, work for the processor, runs on a thread of its own beside the reads,
        // work for the database.
        let (sender, replayed) = tokio::sync::oneshot::channel();
        let (migrator, at) = (self.clone(), current.clone());
        std::thread::spawn(move || sender.send(migrator.replay_at(&at, migrator.dialect())));
        let read = async {
            let edited = self.edited_on(&mut connection, &current).await?;
            let found = self.read_catalog(&mut connection).await?;
            Ok::<_, Error>((edited, found))
        };
        let read = read.await;
        close(connection).await;
        let (edited, found) = read?;
        // Only a panic of the thread closes the channel without a result: replay here then.
        let expected = match replayed.await {
            Ok(expected) => expected,
            Err(_) => self.replay_at(&current, self.dialect()),
        };
        let drift = match expected {
            Ok(expected) => Ok(self.compare(expected, found)),
            Err(error @ Error::Replay { .. }) => Err(error),
            Err(error) => return Err(error),
        };
        let pending = self.pending_from(&current);
        Ok(CheckReport {
            pending,
            edited,
            drift,
        })
    }

    /// How `found` differs from the schema where the version table lists `current`.
    fn differences_at(&self, current: &[usize], found: Schema) -> Result<Vec<Difference>, Error> {
        let expected = self.replay_at(current, self.dialect())?;
        Ok(self.compare(expected, found))
    }

    /// How `found` differs from `expected`, in the tables the filter admits.
    fn compare(&self, expected: Schema, found: Schema) -> Vec<Difference> {
        let expected = expected.filtered(&self.tables);
        let found = found.filtered(&self.tables);
        state::differences(&expected, &found, self.dialect())
    }

    async fn read_catalog(
        &self,
        connection: &mut crate::database::Connection,
    ) -> Result<Schema, Error> {
        let own = crate::introspect::own_tables(&self.version_table);
        let dialect = connection.dialect();
        crate::introspect::read(
            connection.conn(),
            dialect,
            crate::introspect::Tables::AllBut(&own),
        )
        .await
        .map_err(|cause| Error::Catalog { cause })
    }
}

impl Migrator {
    /// For each step of a route starting where the version table lists `start`, the tables
    /// and columns its statements read from the live database (SQLite rebuilds, MySQL
    /// `MODIFY COLUMN`), as the history builds them where the step starts. Nothing where the
    /// history cannot be replayed (raw SQL not read), as `check` does not compare there.
    pub(super) fn expect_definitions(
        &self,
        prepared: &mut [PreparedStep],
        plans: &[crate::plan::Plan],
        start: &[usize],
    ) {
        let reads_live = |statement: &Statement| {
            matches!(statement, Statement::Rebuild(_) | Statement::Modify(_))
        };
        if !prepared
            .iter()
            .any(|step| step.statements().any(reads_live))
        {
            return;
        }
        let Ok(mut schema) = self.replay_at(start, self.dialect()) else {
            return;
        };
        for (step, plan) in prepared.iter_mut().zip(plans) {
            step.expected = read_definitions(step, &schema);
            for op in self.typed_ops(plan).into_iter().flatten() {
                if schema.apply_for(&op, self.dialect()).is_err() {
                    return;
                }
            }
        }
    }

    /// For a step that a killed run left with a MySQL DDL statement in flight (announced, not
    /// recorded as committed): the tables that statement changes, as the history builds them
    /// before and after it, for the rerun to ask the catalog which it is. Left out when the
    /// history cannot be replayed there (the rerun then sends the statement again).
    pub(super) fn expect_in_flight(
        &self,
        prepared: &mut [PreparedStep],
        plans: &[crate::plan::Plan],
        start: &[usize],
        recorded: &[crate::history::HistoryRow],
    ) {
        let in_flight = |step: &PreparedStep| {
            let sent = resume::in_flight(recorded, step.def.revision())?;
            let statement = step.statements().nth(step.resume_after)?;
            (resume::fingerprint(statement) == sent).then_some(step.resume_after + 1)
        };
        if !prepared.iter().any(|step| in_flight(step).is_some()) {
            return;
        }
        let Ok(mut schema) = self.replay_at(start, self.dialect()) else {
            return;
        };
        for (step, plan) in prepared.iter_mut().zip(plans) {
            let at = in_flight(step);
            let counts: Vec<usize> = step.ops.iter().map(|op| op.statements.len()).collect();
            let mut counted = 0;
            for (op, count) in self.typed_ops(plan).into_iter().zip(counts) {
                let before = schema.clone();
                if let Some(op) = &op
                    && schema.apply_for(op, self.dialect()).is_err()
                {
                    return;
                }
                let range = counted + 1..=counted + count;
                counted += count;
                if let Some(statement) = at.filter(|at| range.contains(at)) {
                    step.in_flight = Some(InFlight::new(statement, &before, &schema));
                }
            }
        }
    }
}

/// The definitions `step` reads, from `schema` (where the step starts); a table the step
/// creates or renames before reading it is not there, and not compared.
fn read_definitions(step: &PreparedStep, schema: &Schema) -> Vec<ExpectedDefinition> {
    let mut expected: Vec<ExpectedDefinition> = Vec::new();
    for statement in step.statements() {
        let (table, column) = match statement {
            Statement::Rebuild(rebuild) => (rebuild.table(), None),
            Statement::Modify(modify) => (modify.table(), Some(modify.column())),
            _ => continue,
        };
        let Some(definition) = schema.table(table) else {
            continue;
        };
        match expected.iter_mut().find(|e| e.table.name == table) {
            Some(known) => match (&mut known.columns, column) {
                (Some(columns), Some(column)) => columns.push(column.to_owned()),
                (columns, _) => *columns = None,
            },
            None => expected.push(ExpectedDefinition {
                table: definition.clone(),
                columns: column.map(|column| vec![column.to_owned()]),
            }),
        }
    }
    expected
}
