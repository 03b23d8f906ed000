//! Running one migration step: its statements and its version-table writes in one
//! transaction, committed together or not at all.

mod backfill;
mod batch;
mod definitions;
mod failure;
mod history_rows;
mod implicit_commit;
mod in_flight;
mod live;
pub(crate) mod resume;

pub(crate) use definitions::ExpectedDefinition;
pub use failure::{MigrationError, StepFailure};
use implicit_commit::{commits_implicitly, committed_despite_rollback};
pub(crate) use in_flight::InFlight;
use live::{check_foreign_key_violations, expand, set_foreign_keys};

use backfill::run_backfill;
use batch::{Batch, Entry};

use std::time::{Duration, Instant};

use crate::connection::BackendConnection;

use crate::backend::script;
use crate::backend::{Dialect, Statement, VersionWrite};
use crate::clock;
use crate::data_step::{DataContext, DataStep};
use crate::database::{self, Connection};
use crate::migration::MigrationDef;
use crate::plan::RenderedOp;
use migrate_graph::{Direction, RevisionId};

/// Where and how a step is recorded in the history table.
pub(crate) struct HistoryRecord {
    pub(crate) table: String,
    pub(crate) checksum: String,
    pub(crate) applied_by: String,
}

/// A migration ready to run: its plan rendered and its version writes known.
pub(crate) struct PreparedStep {
    pub(crate) def: &'static MigrationDef,
    pub(crate) dialect: Dialect,
    pub(crate) direction: Direction,
    pub(crate) ops: Vec<RenderedOp>,
    pub(crate) version_writes: Vec<VersionWrite>,
    pub(crate) history: HistoryRecord,
    /// The query of the version rows, and the rows it must find before the step runs.
    pub(crate) version_check: (String, Vec<RevisionId>),
    /// How many of its statements an interrupted run committed: a rerun starts after them.
    pub(crate) resume_after: usize,
    /// The definitions its statements read from the live database, as the history builds
    /// them where the step starts: compared before anything runs.
    pub(crate) expected: Vec<ExpectedDefinition>,
    /// Set when the run is asked to stop: checked before each statement.
    pub(crate) stop: StopFlag,
    /// The statement a killed run of it had sent without knowing whether it committed.
    pub(crate) in_flight: Option<InFlight>,
}

/// A flag that asks a run to stop between two statements (a Ctrl-C handler sets it).
pub(crate) type StopFlag = Option<std::sync::Arc<std::sync::atomic::AtomicBool>>;

/// Whether `flag` asks to stop.
pub(crate) fn stop_asked(flag: &StopFlag) -> bool {
    flag.as_ref()
        .is_some_and(|flag| flag.load(std::sync::atomic::Ordering::SeqCst))
}

/// What one run of a step keeps track of.
struct RunState {
    /// SQLite: foreign keys are off for a rebuild, so check them before committing.
    check_foreign_keys: bool,
    /// The statements done so far, version-table writes included, for a failure to list.
    executed: Vec<String>,
    /// Whether a version-table write is among them.
    version_written: bool,
    /// Whether each statement now commits on its own, recorded by a `partial` history row:
    /// in a non-transactional migration, and on MySQL once a DDL statement committed the
    /// transaction.
    commits_each: bool,
    /// When the step started, for the history table.
    started_at: String,
    started: Instant,
}

/// Where a step failed, before the step's identity is attached.
struct Failure {
    op: String,
    sql: String,
    cause: StepFailure,
}

impl Failure {
    fn new(op: &str, sql: &str, cause: impl Into<StepFailure>) -> Self {
        Failure {
            op: op.to_owned(),
            sql: sql.to_owned(),
            cause: cause.into(),
        }
    }
}

impl PreparedStep {
    fn error(
        &self,
        failure: Failure,
        left_applied: Vec<String>,
        state: &RunState,
    ) -> MigrationError {
        let version_written = state.version_written;
        MigrationError {
            revision: self.def.revision().to_owned(),
            message: self.def.message().to_owned(),
            direction: self.direction,
            op: failure.op,
            sql: failure.sql,
            cause: failure.cause,
            version_table_written: version_written && !left_applied.is_empty(),
            resumable: state.commits_each && !version_written,
            left_applied,
        }
    }

    /// Its statements, in the order they run.
    pub(crate) fn statements(&self) -> impl Iterator<Item = &Statement> {
        self.ops.iter().flat_map(|op| &op.statements)
    }

    fn rebuilds_tables(&self) -> bool {
        let statements = self.ops.iter().flat_map(|op| &op.statements);
        statements
            .into_iter()
            .any(|s| matches!(s, Statement::Rebuild(_)))
    }

    /// Run the step; on failure nothing of it is left applied, except on a database that
    /// commits DDL at once, where the error lists what stayed.
    pub(crate) async fn run(
        &self,
        connection: &mut Connection,
    ) -> Result<Duration, MigrationError> {
        let dialect = self.dialect;
        let mut state = RunState {
            check_foreign_keys: false,
            executed: Vec::new(),
            version_written: false,
            commits_each: !self.def.is_transactional(),
            started_at: clock::now(),
            started: Instant::now(),
        };
        // SQLite can switch foreign keys off only outside a transaction; a rebuild needs
        // them off so that dropping the old table neither fails nor cascades.
        let foreign_keys_off = dialect == Dialect::Sqlite && self.rebuilds_tables();
        if foreign_keys_off {
            set_foreign_keys(connection, false)
                .await
                .map_err(|f| self.error(f, Vec::new(), &state))?;
        }
        state.check_foreign_keys = foreign_keys_off;
        let result = match self.def.is_transactional() {
            true => self.run_in_transaction(connection, &mut state).await,
            // Each statement commits on its own: CREATE INDEX CONCURRENTLY and friends.
            false => {
                self.run_outside_transaction(connection.conn(), &mut state)
                    .await
            }
        };
        let executed = std::mem::take(&mut state.executed);
        if foreign_keys_off {
            set_foreign_keys(connection, true)
                .await
                .map_err(|f| self.error(f, Vec::new(), &state))?;
        }
        let failed_sql = result.as_ref().err().map(|failure| failure.sql.as_str());
        let left_applied = match self.def.is_transactional() {
            true => committed_despite_rollback(dialect, executed, failed_sql),
            false => executed,
        };
        result.map_err(|f| self.error(f, left_applied, &state))?;
        Ok(state.started.elapsed())
    }

    /// The step in one transaction: `BEGIN`, the version check and the statements in one
    /// round trip where DDL is transactional (the check first on MySQL, whose DDL commits at
    /// once), and the step's end with `COMMIT` in one.
    async fn run_in_transaction(
        &self,
        connection: &mut Connection,
        state: &mut RunState,
    ) -> Result<(), Failure> {
        let (mut tx, begin) = connection
            .begin_unsent()
            .await
            .map_err(|e| Failure::new("begin transaction", "ROLLBACK", e))?;
        let mut start = Batch::default();
        start.push("begin transaction", begin, Entry::Bookkeeping);
        self.check_versions(&mut start);
        let outcome = async {
            if !self.dialect.has_transactional_ddl() {
                start.run(tx.conn(), state).await?;
            }
            let mut end = self.run_statements(tx.conn(), state, start).await?;
            end.push("commit", self.dialect.commit_sql(), Entry::Bookkeeping);
            end.run(tx.conn(), state).await
        };
        match outcome.await {
            Ok(()) => {
                tx.committed();
                Ok(())
            }
            Err(failure) => {
                if let Err(error) = tx.rollback().await {
                    tracing::warn!(%error, "rollback failed");
                }
                Err(failure)
            }
        }
    }

    /// The step with each statement committing on its own.
    async fn run_outside_transaction(
        &self,
        conn: &mut BackendConnection,
        state: &mut RunState,
    ) -> Result<(), Failure> {
        let mut start = Batch::default();
        self.check_versions(&mut start);
        start.run(conn, state).await?;
        let mut end = self.run_statements(conn, state, start).await?;
        end.run(conn, state).await
    }

    /// The version check in `batch`: the step refuses when the version table does not list
    /// what it starts from (another run moved it meanwhile).
    fn check_versions(&self, batch: &mut Batch) {
        let (select, expected) = &self.version_check;
        let mut expected: Vec<String> = expected.iter().map(|id| id.as_str().to_owned()).collect();
        expected.sort_unstable();
        batch.check_versions(select, expected);
    }

    /// The step's statements, then its end (version rows, history row) left in the returned
    /// batch, for the caller to send with what ends the step.
    async fn run_statements(
        &self,
        tx: &mut BackendConnection,
        state: &mut RunState,
        mut batch: Batch,
    ) -> Result<Batch, Failure> {
        if self.resume_after == 0 && !self.expected.is_empty() {
            // The definitions are read inside the step's transaction, after its check.
            batch.run(tx, state).await?;
            definitions::check(tx, self.dialect, &self.expected)
                .await
                .map_err(|cause| {
                    // The op that reads a live definition.
                    let reads = self.ops.iter().find(|op| {
                        let mut statements = op.statements.iter();
                        statements
                            .any(|s| matches!(s, Statement::Rebuild(_) | Statement::Modify(_)))
                    });
                    let op = reads.map_or("", |op| op.op.as_str());
                    Failure::new(op, "(the catalog, before the migration)", cause)
                })?;
        }
        // Statements go to the database in batches, one round trip each; what needs a
        // result first (a data step, a back-fill, reading a table) ends the batch before it.
        // On MySQL, statements of the transaction that a DDL statement will commit, to record
        // with it: (fingerprint, start, duration).
        let mut unrecorded: Vec<(String, String, Duration)> = Vec::new();
        // Plain loops and a counter: an iterator adapter's closure held across the awaits
        // below would make the future not `Send` (rustc's higher-ranked closure limits).
        let mut index = 0;
        let last = self.statements().count();
        for op in &self.ops {
            for statement in &op.statements {
                index += 1;
                if index <= self.resume_after {
                    tracing::info!(
                        "  statement {index} was committed by the interrupted run; skipped"
                    );
                    continue;
                }
                if stop_asked(&self.stop) {
                    let sql = statement.to_string();
                    return Err(Failure::new(&op.op, &sql, StepFailure::Interrupted));
                }
                let (started_at, started) = (clock::now(), Instant::now());
                if let Some(in_flight) = self.in_flight.as_ref().filter(|f| f.statement == index) {
                    let outcome = in_flight.outcome(tx, self.dialect).await;
                    let outcome = outcome
                        .map_err(|cause| Failure::new(&op.op, &statement.to_string(), cause))?;
                    if let in_flight::Outcome::Committed = outcome {
                        tracing::info!(
                            "  statement {index} was sent by the interrupted run, and the catalog shows it committed; recorded and skipped"
                        );
                        let fingerprint = resume::fingerprint(statement);
                        let took = started.elapsed();
                        self.record(&mut batch, resume::PARTIAL, fingerprint, started_at, took);
                        state.commits_each = true;
                        continue;
                    }
                }
                // MySQL commits the transaction before a DDL statement: what ran before it is
                // recorded in the same transaction, so that both commit together.
                let commits_before = self.dialect == Dialect::MySql
                    && !state.commits_each
                    && commits_implicitly(statement);
                if commits_before {
                    for (fingerprint, started_at, took) in unrecorded.drain(..) {
                        self.record(&mut batch, resume::PARTIAL, fingerprint, started_at, took);
                    }
                }
                // A DDL statement on MySQL is announced before it is sent (committed with what
                // precedes it): should the run be killed while it runs, the rerun knows to ask
                // the catalog whether it committed.
                if self.dialect == Dialect::MySql && commits_implicitly(statement) {
                    let fingerprint = resume::fingerprint(statement);
                    let now = started_at.clone();
                    self.record(
                        &mut batch,
                        resume::RUNNING,
                        fingerprint,
                        now,
                        Duration::ZERO,
                    );
                }
                match statement {
                    Statement::Data(step) => {
                        batch.run(tx, state).await?;
                        self.run_data_step(tx, step, &op.op).await?;
                        state
                            .executed
                            .push(script::comment(&op.op).trim_end().to_owned());
                    }
                    Statement::Backfill(update) => {
                        batch.run(tx, state).await?;
                        let rows = run_backfill(tx, update, &op.op).await?;
                        state
                            .executed
                            .push(format!("{update} -- {rows} rows, in batches"));
                    }
                    Statement::Sql(sql) => batch.push(&op.op, sql, Entry::Statement),
                    Statement::Rebuild(_) | Statement::Modify(_) | Statement::DropColumn(_) => {
                        batch.run(tx, state).await?;
                        let sql = expand(tx, self.dialect, statement)
                            .await
                            .map_err(|cause| Failure::new(&op.op, &statement.to_string(), cause))?;
                        // Outside a transaction, a rebuild still needs one of its own.
                        let own_transaction = !self.def.is_transactional()
                            && matches!(statement, Statement::Rebuild(_));
                        if own_transaction {
                            batch.push(&op.op, self.dialect.begin_sql(), Entry::Bookkeeping);
                        }
                        for sql in &sql {
                            batch.push(&op.op, sql, Entry::Statement);
                        }
                        if own_transaction {
                            batch.push(&op.op, self.dialect.commit_sql(), Entry::Bookkeeping);
                        }
                    }
                }
                // Each statement of a non-transactional migration commits on its own (a
                // batch of several would be one implicit transaction on PostgreSQL), and so
                // does every statement on MySQL from the first DDL statement on: the history
                // table records each as it commits, for a rerun after an interruption to
                // resume after them.
                state.commits_each |= commits_before;
                // The last statement, when announced (MySQL DDL), needs no record of its own:
                // the step's end records it, and a kill before that leaves it in flight, which
                // the rerun settles with the catalog. One commit fewer per migration.
                let announced = self.dialect == Dialect::MySql && commits_implicitly(statement);
                match state.commits_each {
                    true if index == last && announced => batch.run(tx, state).await?,
                    true => {
                        batch.run(tx, state).await?;
                        let fingerprint = resume::fingerprint(statement);
                        let took = started.elapsed();
                        self.record(&mut batch, resume::PARTIAL, fingerprint, started_at, took);
                        batch.run(tx, state).await?;
                    }
                    false if self.dialect == Dialect::MySql => unrecorded.push((
                        resume::fingerprint(statement),
                        started_at,
                        started.elapsed(),
                    )),
                    false => {}
                }
            }
        }
        if state.check_foreign_keys {
            batch.run(tx, state).await?;
            check_foreign_key_violations(tx).await?;
        }
        // Where statements commit one by one, the step's end is a transaction of its own: the
        // version rows, the removal of the partial rows and the step's row commit together.
        let own_transaction = state.commits_each;
        if own_transaction {
            batch.run(tx, state).await?;
            batch.push(
                "version table",
                self.dialect.begin_sql(),
                Entry::Bookkeeping,
            );
        }
        for write in &self.version_writes {
            let expected = Entry::VersionWrite(write.expected_rows);
            batch.push("version table", &write.sql, expected);
        }
        // The history row records the time the statements took, so they run first.
        batch.run(tx, state).await?;
        if state.commits_each || self.resume_after > 0 {
            let table = &self.history.table;
            let delete = self
                .dialect
                .delete_partial_history(table, self.def.revision());
            batch.push("history table", &delete, Entry::Bookkeeping);
        }
        let row = self.history_row(
            &self.direction.to_string(),
            self.history.checksum.clone(),
            state.started_at.clone(),
            state.started.elapsed(),
        );
        let insert = self.dialect.insert_history(&self.history.table, &row);
        batch.push("history table", &insert, Entry::Bookkeeping);
        if own_transaction {
            batch.push(
                "history table",
                self.dialect.commit_sql(),
                Entry::Bookkeeping,
            );
        }
        Ok(batch)
    }

    /// Run a data step on the transaction; a failure names the last statement it prepared.
    async fn run_data_step(
        &self,
        tx: &mut BackendConnection,
        step: &DataStep,
        op: &str,
    ) -> Result<(), Failure> {
        let started = Instant::now();
        let mut statement = None;
        let outcome = {
            let mut ctx = DataContext::new(tx, self.dialect, &mut statement);
            step.run(&mut ctx).await
        };
        let sql = statement.unwrap_or_else(|| "(no statement prepared)".to_owned());
        if let Err(cause) = outcome {
            let failure = failure::named_decode_failure(tx, &sql, cause).await;
            return Err(Failure::new(op, &sql, failure));
        }
        tracing::debug!("data step {:?} took {:?}", step.name(), started.elapsed());
        Ok(())
    }
}

/// Run `statements` in one transaction, all or nothing; the statement that failed on error.
pub(crate) async fn run_statements(
    connection: &mut Connection,
    statements: &[String],
) -> Result<(), (String, sqlx::Error)> {
    let dialect = connection.dialect();
    let mut tx = connection
        .begin()
        .await
        .map_err(|e| (dialect.begin_sql().to_owned(), e))?;
    for sql in statements {
        if let Err(error) = database::execute(tx.conn(), sql).await {
            if let Err(rollback) = tx.rollback().await {
                tracing::warn!(error = %rollback, "rollback failed");
            }
            return Err((sql.clone(), error));
        }
    }
    tx.commit()
        .await
        .map_err(|e| (dialect.commit_sql().to_owned(), e))
}
