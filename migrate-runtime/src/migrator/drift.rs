//! Drift: the live catalog against the schema the history says the database is at.

use super::{Migrator, close};
use crate::error::Error;
use crate::history::Edited;
use crate::state::{self, Difference, NotDescribed, Schema};
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
    /// What the database's tables have that migrate neither describes nor compares (a
    /// table's partitioning, a storage engine), with the SQL each takes.
    pub not_described: Vec<NotDescribed>,
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
        let found = found.filtered(&self.tables);
        let not_described = found.not_described.clone();
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
            not_described,
        })
    }

    /// How `found` differs from the schema where the version table lists `current`.
    fn differences_at(&self, current: &[usize], found: Schema) -> Result<Vec<Difference>, Error> {
        let expected = self.replay_at(current, self.dialect())?;
        Ok(self.compare(expected, found.filtered(&self.tables)))
    }

    /// How `found` (already through the table filter) differs from `expected`, in the tables
    /// the filter admits.
    fn compare(&self, expected: Schema, found: Schema) -> Vec<Difference> {
        let expected = expected.filtered(&self.tables);
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
