//! The embedding API: run `upgrade`, `downgrade` and `current` from an application.

mod adopt;
pub use adopt::check_baseline;
mod app_pool;
pub use app_pool::AppPool;
mod drift;
mod expect;
mod models;
mod offline;
pub use offline::SqlScript;
mod prepare;
pub use drift::CheckReport;
mod read_database;
mod reading;
pub use read_database::{TableRows, read_database, read_rows};
mod report;
pub use report::{RunReport, StepReport};
mod sql;
mod stamp;
mod tables;
mod walk;

use std::time::Duration;

use crate::database::{Access, Connection, DatabaseUrl};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::executor::{MigrationError, PreparedStep, StepFailure, StopFlag};
use crate::history::{self, HistoryRow};
use crate::migration::MigrationDef;
use crate::registry::Migrations;
use migrate_graph::{Anchor, Direction, Revision, RevisionGraph, Step, Target, TargetError};

/// The default name of the version table.
pub const DEFAULT_VERSION_TABLE: &str = "migrate_version";

/// Runs a set of migrations against one database.
///
/// ```no_run
/// # mod migrations { pub fn migrations() -> migrate_runtime::Migrations { migrate_runtime::Migrations::registered() } }
/// # async fn start() -> Result<(), migrate_runtime::Error> {
/// use migrate_runtime::Migrator;
///
/// // `migrations::migrations()` is the migrations crate's function; calling it links it in.
/// let migrator = Migrator::with_migrations("postgres://app@localhost/app", &migrations::migrations())?;
/// migrator.upgrade("head").await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Migrator {
    url: DatabaseUrl,
    version_table: String,
    graph: RevisionGraph,
    /// Each node's migration: node `i` is `defs[i]`.
    defs: Vec<&'static MigrationDef>,
    applied_by: String,
    allow_changed: bool,
    /// The migrations a downgrade may revert at most (what a user confirmed).
    confirmed_reverts: Option<Vec<usize>>,
    stop: StopFlag,
    lock_timeout: Option<Duration>,
    statement_timeout: Option<Duration>,
    naming: crate::schema::NamingConvention,
    tables: crate::state::TableFilter,
}

impl Migrator {
    /// A migrator for `url` over every migration registered in the program. Prefer
    /// [`Migrator::with_migrations`] with the migrations crate's `migrations()`: a crate that
    /// nothing references may not be linked in (then this is [`Error::NoMigrations`]).
    pub fn new(url: &str) -> Result<Self, Error> {
        Self::with_migrations(url, &Migrations::registered())
    }

    /// A migrator for `url` over exactly `migrations`; an error when there are none (the
    /// migrations crate was not linked in, and the app would start on an unmigrated database).
    pub fn with_migrations(url: &str, migrations: &Migrations) -> Result<Self, Error> {
        Self::for_url(url.parse()?, migrations)
    }

    /// A migrator that never connects: the history replayed and compared as `dialect` reads
    /// it.
    pub(crate) fn offline(migrations: &Migrations, dialect: Dialect) -> Result<Self, Error> {
        Self::for_url(DatabaseUrl::offline(dialect), migrations)
    }

    fn for_url(url: DatabaseUrl, migrations: &Migrations) -> Result<Self, Error> {
        if migrations.defs().is_empty() {
            return Err(Error::NoMigrations);
        }
        let (graph, defs) = migrations.checked()?;
        migrations.naming_convention().validate()?;
        Ok(Migrator {
            url,
            version_table: DEFAULT_VERSION_TABLE.to_owned(),
            graph,
            defs,
            applied_by: history::applied_by(),
            allow_changed: false,
            confirmed_reverts: None,
            stop: None,
            lock_timeout: None,
            statement_timeout: None,
            naming: migrations.naming_convention().clone(),
            tables: migrations.table_filter().clone(),
        })
    }

    /// Keep the version in the table `name` instead of `migrate_version`.
    pub fn version_table(mut self, name: impl Into<String>) -> Self {
        self.version_table = name.into();
        self
    }

    /// Compare also by `filter`: its include and exclude patterns are added to those of
    /// the migrations ([`Migrations::with_table_filter`]), for drift.
    pub fn filter_tables(mut self, filter: &crate::state::TableFilter) -> Self {
        self.tables = self.tables.merged(filter);
        self
    }

    /// Which tables it compares: the migrations' filter and those added with
    /// [`filter_tables`](Self::filter_tables).
    pub fn table_filter(&self) -> &crate::state::TableFilter {
        &self.tables
    }

    /// Upgrade or downgrade even when an applied migration was edited since (its checksum
    /// changed).
    pub fn allow_changed(mut self, allow: bool) -> Self {
        self.allow_changed = allow;
        self
    }

    /// Let a downgrade revert none but `revisions` (those [`Migrator::downgrade_preview`]
    /// showed a user, who confirmed them): should another run move the version table in
    /// between so that the downgrade would revert more, it refuses
    /// ([`Error::RouteGrew`]). Revisions not in the graph are ignored.
    pub fn confirmed_reverts(mut self, revisions: &[Revision]) -> Self {
        let nodes = revisions
            .iter()
            .filter_map(|r| self.graph.index_of(&r.revision));
        self.confirmed_reverts = Some(nodes.collect());
        self
    }

    /// Stop between two statements once `flag` is set (by a Ctrl-C handler, say): the
    /// migration that was running is rolled back, or, where its statements commit one by one
    /// (MySQL after DDL, a non-transactional migration), stops after the one that was running,
    /// recorded so that the next run resumes after it. The run's error is
    /// [`StepFailure::Interrupted`].
    pub fn stop_flag(mut self, flag: std::sync::Arc<std::sync::atomic::AtomicBool>) -> Self {
        self.stop = Some(flag);
        self
    }

    /// Wait at most `timeout` for the migration lock (another run's) and, on PostgreSQL and
    /// MySQL, for table locks taken by DDL (`lock_timeout`, `lock_wait_timeout`).
    pub fn lock_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// Cancel any statement running longer than `timeout` (PostgreSQL's `statement_timeout`,
    /// MariaDB's `max_statement_time`, MySQL's `max_execution_time`).
    pub fn statement_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.statement_timeout = timeout;
        self
    }

    /// The revision graph of the migrations.
    pub fn graph(&self) -> &RevisionGraph {
        &self.graph
    }

    /// The database the migrator works on.
    pub fn dialect(&self) -> Dialect {
        self.url.dialect()
    }

    /// Apply migrations up to `target` (`head`, `heads`, a revision, `+N`, `REV+N`). A target
    /// the database has reached or passed already is nothing to do, as in Alembic: during a
    /// rolling deploy an older instance may start against a database a newer one moved.
    pub async fn upgrade(&self, target: &str) -> Result<RunReport, Error> {
        let target = parse_target(target, Direction::Upgrade)?;
        self.check_table_names(self.dialect())?;
        let mut connection = Connection::connect(&self.url, Access::Write).await?;
        let result = self.upgrade_on(&mut connection, &target).await;
        close(connection).await;
        result
    }

    async fn upgrade_on(
        &self,
        connection: &mut Connection,
        target: &Target,
    ) -> Result<RunReport, Error> {
        // Where the database is, read before anything else: at or past the target there is
        // nothing to do, whatever other runs do meanwhile (this read comes before any move
        // they commit after it), so an app's start-up takes no lock, creates nothing and
        // reads no history.
        let current = self.current_nodes(connection).await?;
        let position = self.graph.resolve_upgrade(target, &current)?;
        if self.graph.upgrade_route(&current, &position).is_empty() {
            tracing::info!("nothing to do");
            return Ok(RunReport {
                steps: Vec::new(),
                current: current.iter().map(|&i| self.graph.describe(i)).collect(),
            });
        }
        self.prepare_to_write(connection).await?;
        // The history first: should something other than a locked migrate run (an older
        // migrate on SQLite) commit between the two reads, what the older history records is
        // then in the newer version table too (a step's history and version rows commit
        // together).
        let recorded = self.history_rows(connection).await?;
        let current = self.current_nodes(connection).await?;
        self.refuse_edited(&recorded, &current)?;
        let position = self.graph.resolve_upgrade(target, &current)?;
        // The history table says what ran: a migration it records as run (since the last
        // `stamp`) that the version table does not list would run a second time.
        let applied = history::applied(&recorded);
        let route = self.graph.upgrade_route(&current, &position);
        if let Some(step) = route
            .iter()
            .find(|s| applied.contains(self.graph.revision(s.node).as_str()))
        {
            return Err(Error::RecordedAsApplied {
                revision: self.graph.revision(step.node).to_string(),
            });
        }
        self.run(connection, Growth::Allowed, Some(recorded), |current| {
            Ok(self.graph.upgrade_route(current, &position))
        })
        .await
    }

    /// Revert migrations down to `target` (`base`, a revision, `-N`, `REV-N`).
    pub async fn downgrade(&self, target: &str) -> Result<RunReport, Error> {
        let target = parse_target(target, Direction::Downgrade)?;
        let mut connection = self.connect_to_write().await?;
        let result = self.downgrade_on(&mut connection, &target).await;
        close(connection).await;
        result
    }

    async fn downgrade_on(
        &self,
        connection: &mut Connection,
        target: &Target,
    ) -> Result<RunReport, Error> {
        let recorded = self.history_rows(connection).await?;
        let current = self.current_nodes(connection).await?;
        self.refuse_edited(&recorded, &current)?;
        let position = self.graph.resolve_downgrade(target, &current)?;
        // The target was resolved once, under the lock: should another run (one without the
        // lock: an older migrate) move the version table meanwhile, the route only shrinks.
        let growth = Growth::Refused(self.confirmed_reverts.clone());
        self.run(connection, growth, Some(recorded), |current| {
            Ok(self.graph.downgrade_route(current, &position)?)
        })
        .await
    }

    /// The migrations a `downgrade` to `target` would revert from where the database is now,
    /// in the order they would be reverted: what to show a user before asking (see
    /// [`Migrator::confirmed_reverts`]).
    pub async fn downgrade_preview(&self, target: &str) -> Result<Vec<Revision>, Error> {
        let target = parse_target(target, Direction::Downgrade)?;
        let mut connection = self.connect().await?;
        let current = self.current_nodes(&mut connection).await;
        close(connection).await;
        let current = current?;
        let position = self.graph.resolve_downgrade(&target, &current)?;
        let route = self.graph.downgrade_route(&current, &position)?;
        Ok(route.iter().map(|s| self.graph.describe(s.node)).collect())
    }

    /// Refuse to run over applied migrations edited since they ran, unless allowed.
    fn refuse_edited(&self, recorded: &[HistoryRow], current: &[usize]) -> Result<(), Error> {
        let edited = self.edited_in(recorded, current)?;
        match edited.is_empty() || self.allow_changed {
            true => Ok(()),
            false => Err(Error::Edited(edited)),
        }
    }

    /// Run the route `route_for` gives from the current version rows (and the history rows
    /// `recorded`, when the caller has read them already): every step rendered
    /// first, so that nothing runs when any step cannot. When something other than a locked
    /// migrate run moved the version table meanwhile, the route is computed again from there;
    /// with [`Growth::Refused`], a route that would now take in a migration the first one did
    /// not is refused instead.
    async fn run(
        &self,
        connection: &mut Connection,
        growth: Growth,
        mut recorded: Option<Vec<HistoryRow>>,
        route_for: impl Fn(&[usize]) -> Result<Vec<Step>, Error>,
    ) -> Result<RunReport, Error> {
        let mut reports = Vec::new();
        let mut first_route = match &growth {
            Growth::Refused(confirmed) => confirmed.clone(),
            Growth::Allowed => None,
        };
        loop {
            // The history as the caller read it under the lock, or read again after a move.
            let recorded = match recorded.take() {
                Some(rows) => rows,
                None => self.history_rows(connection).await?,
            };
            let current = self.current_nodes(connection).await?;
            let route = route_for(&current)?;
            let nodes: Vec<usize> = route.iter().map(|s| s.node).collect();
            match &first_route {
                None => first_route = Some(nodes),
                Some(first) if matches!(growth, Growth::Refused(_)) => {
                    if let Some(&new) = nodes.iter().find(|n| !first.contains(n)) {
                        return Err(Error::RouteGrew {
                            revision: self.graph.revision(new).to_string(),
                        });
                    }
                }
                Some(_) => {}
            }
            let mut rows_after = self.graph.names(&current);
            for step in &route {
                step.version_change.apply_to(&mut rows_after);
            }
            let walk = self.walk(&current, route, self.dialect());
            let mut prepared = (walk.steps().iter())
                .map(|walked| self.prepare(walked, self.dialect(), &recorded))
                .collect::<Result<Vec<_>, Error>>()?;
            self.expect_from_history(&mut prepared, walk, &recorded);
            if prepared.is_empty() && reports.is_empty() {
                tracing::info!("nothing to do");
            }
            if self.dialect() == Dialect::MySql && !prepared.is_empty() {
                tracing::warn!(
                    "MySQL commits each DDL statement at once: a migration that fails part-way leaves its earlier statements applied, and the error lists them"
                );
            }
            match self.run_steps(connection, &prepared, &mut reports).await {
                Ok(()) => {
                    rows_after.sort_unstable();
                    let current = rows_after
                        .iter()
                        .filter_map(|r| self.graph.index_of(r.as_str()));
                    return Ok(RunReport {
                        steps: reports,
                        current: current.map(|i| self.graph.describe(i)).collect(),
                    });
                }
                Err(error) if matches!(error.cause, StepFailure::Moved) => {
                    tracing::info!(
                        "another run moved the version table meanwhile; continuing from where it is now"
                    );
                }
                Err(error) => return Err(error.into()),
            }
        }
    }

    async fn run_steps(
        &self,
        connection: &mut Connection,
        prepared: &[PreparedStep],
        reports: &mut Vec<StepReport>,
    ) -> Result<(), MigrationError> {
        for step in prepared {
            log_start(step);
            let duration = step.run(connection).await?;
            tracing::info!(
                revision = step.def.revision(),
                direction = %step.direction,
                duration_ms = duration.as_secs_f64() * 1000.0,
                "  done in {duration:.1?}"
            );
            reports.push(StepReport {
                revision: step.def.revision().to_owned(),
                direction: step.direction,
                duration,
            });
        }
        Ok(())
    }
}

/// Whether a route computed again, after another run moved the version table, may take in
/// migrations the first route did not.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Growth {
    /// An upgrade: its target bounds it.
    Allowed,
    /// A downgrade: another run's upgrades must not make it revert them; it reverts at most
    /// the migrations of its first route, or those a user confirmed when given.
    Refused(Option<Vec<usize>>),
}

/// Parse a target, refusing relative ones that point the other way.
fn parse_target(text: &str, direction: Direction) -> Result<Target, TargetError> {
    let target: Target = text.parse()?;
    // From the current revision a sign says the direction; from a named revision either
    // way may be a target, as in Alembic (`downgrade REV+1`, `upgrade REV-1`).
    if let Target::Relative {
        steps,
        anchor: Anchor::Current,
    } = target
    {
        let wrong = match direction {
            Direction::Upgrade => (steps < 0).then_some("downgrade"),
            Direction::Downgrade => (steps > 0).then_some("upgrade"),
        };
        if let Some(command) = wrong {
            return Err(TargetError::WrongDirection {
                target: text.to_owned(),
                command,
            });
        }
    }
    Ok(target)
}

/// Alembic's log line: `Running upgrade a1b2 -> c3d4, message`.
fn log_start(step: &PreparedStep) {
    let def = step.def;
    let down = if def.down().is_empty() {
        "<base>".to_owned()
    } else {
        def.down().join(", ")
    };
    let (from, to) = match step.direction {
        Direction::Upgrade => (down, def.revision().to_owned()),
        Direction::Downgrade => (def.revision().to_owned(), down),
    };
    tracing::info!(
        revision = def.revision(),
        direction = %step.direction,
        "Running {} {from} -> {to}, {}",
        step.direction,
        def.message()
    );
}

async fn close(connection: Connection) {
    if let Err(error) = connection.close().await {
        tracing::debug!(%error, "closing the connection failed");
    }
}
