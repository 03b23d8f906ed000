//! The migrator's connections and its two tables: connecting to write (timeouts, the lock,
//! both tables checked before either is created), connecting to read, and reading the
//! version table's rows.

use super::{Migrator, close};
use crate::backend::{HISTORY_COLUMNS, VERSION_COLUMNS};
use crate::database::{self, Access, Connection};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::history;
use crate::lock;

impl Migrator {
    /// Connect, create the version and history tables if missing, bound lock waits and
    /// statements as configured, and take the migration lock (held until the connection
    /// closes).
    pub(super) async fn connect_to_write(&self) -> Result<Connection, Error> {
        self.check_table_names(self.dialect())?;
        let mut connection = Connection::connect(&self.url, Access::Write).await?;
        match self.prepare_to_write(&mut connection).await {
            Ok(()) => Ok(connection),
            Err(error) => {
                close(connection).await;
                Err(error)
            }
        }
    }

    pub(super) async fn prepare_to_write(&self, connection: &mut Connection) -> Result<(), Error> {
        let dialect = self.dialect();
        let session = |cause| Error::Session { cause };
        lock::prepare_session(connection.conn(), dialect)
            .await
            .map_err(session)?;
        if let Some(timeout) = self.statement_timeout {
            lock::bound_statements(connection.conn(), dialect, timeout)
                .await
                .map_err(session)?;
        }
        if let Some(timeout) = self.lock_timeout {
            lock::bound_lock_waits(connection.conn(), dialect, timeout)
                .await
                .map_err(session)?;
        }
        let version_table = &self.version_table;
        // On PostgreSQL and MySQL the statement timeout bounds the lock's statement too;
        // SQLite has no statement timeout, and bounds its lock waits by it instead.
        let lock_wait = match dialect {
            Dialect::Sqlite => self.lock_timeout.or(self.statement_timeout),
            Dialect::Postgres | Dialect::MySql => self.lock_timeout,
        };
        lock::acquire(connection, &self.url, version_table, lock_wait).await?;
        // Both tables checked before either is created: nothing is made beside a table that
        // is not what its name says.
        let versions = self
            .existing_columns(connection, &self.version_table, VERSION_COLUMNS)
            .await?;
        let history = history::table_for(&self.version_table);
        let histories = self
            .existing_columns(connection, &history, HISTORY_COLUMNS)
            .await?;
        if !(versions && histories) {
            self.create_version_table(connection).await?;
        }
        connection.mark_tables_ready();
        Ok(())
    }

    /// Whether the table `name` exists, checked to have exactly the columns `expected` when it
    /// does: a data table named by mistake, or a table of another tool, is refused.
    pub(super) async fn existing_columns(
        &self,
        connection: &mut Connection,
        name: &str,
        expected: &[&str],
    ) -> Result<bool, Error> {
        if connection.tables_ready() {
            return Ok(true);
        }
        let dialect = self.dialect();
        if let (Some(schema), _) = crate::dialect::split_table(name) {
            let exists = database::schema_exists(connection.conn(), dialect, schema).await;
            let exists = exists.map_err(|cause| Error::VersionTable {
                sql: dialect.schema_exists_sql().to_owned(),
                cause,
            })?;
            if !exists {
                return Err(Error::NoSuchSchema {
                    table: name.to_owned(),
                    schema: schema.to_owned(),
                    dialect,
                });
            }
        }
        let columns = database::table_columns(connection.conn(), dialect, name)
            .await
            .map_err(|cause| Error::VersionTable {
                sql: dialect.table_columns_sql().to_owned(),
                cause,
            })?;
        let is_version_table = expected == VERSION_COLUMNS;
        // Revisions are text: a `version_num` of another type holds no revision of ours.
        let holds = |(found, ty): &(String, String)| {
            let ty = ty.to_ascii_lowercase();
            let text = ty.is_empty() || ty.contains("char") || ty.contains("text");
            !(is_version_table && found.eq_ignore_ascii_case("version_num")) || text
        };
        let same = columns.len() == expected.len()
            && columns
                .iter()
                .zip(expected)
                .all(|(found, want)| found.0.eq_ignore_ascii_case(want) && holds(found));
        match (columns.is_empty(), same) {
            (true, _) => Ok(false),
            (false, true) => Ok(true),
            (false, false) => Err(Error::NotAVersionTable {
                kind: match is_version_table {
                    true => "version",
                    false => "history",
                },
                table: name.to_owned(),
                columns: columns
                    .into_iter()
                    .map(|(name, ty)| format!("{name} {ty}").trim_end().to_owned())
                    .collect(),
                expected: match is_version_table {
                    true => {
                        "one column, `version_num`, of a text type such as VARCHAR(32)".to_owned()
                    }
                    false => format!("`{}`", expected.join("`, `")),
                },
            }),
        }
    }

    /// The version table and the history table, created when missing.
    pub(super) async fn create_version_table(
        &self,
        connection: &mut Connection,
    ) -> Result<(), Error> {
        let dialect = self.dialect();
        let history = history::table_for(&self.version_table);
        for create in [
            dialect.create_version_table(&self.version_table),
            dialect.create_history_table(&history),
        ] {
            database::execute(connection.conn(), &create)
                .await
                .map_err(|cause| Error::VersionTable { sql: create, cause })?;
        }
        Ok(())
    }

    /// A connection to read with: a missing SQLite file is not created.
    pub(super) async fn connect(&self) -> Result<Connection, Error> {
        self.check_table_names(self.dialect())?;
        Ok(Connection::connect(&self.url, Access::Read).await?)
    }

    /// The version and history table names, checked before anything runs: not empty, and
    /// short enough that `dialect` keeps them whole (PostgreSQL would silently truncate them).
    pub(super) fn check_table_names(&self, dialect: Dialect) -> Result<(), Error> {
        let history = history::table_for(&self.version_table);
        for name in [&self.version_table, &history] {
            let (schema, table) = crate::dialect::split_table(name);
            let reason = match (schema.is_some_and(|s| s.trim().is_empty()), table.trim()) {
                (true, _) => Some("its schema is empty"),
                (false, "") => Some("it is empty"),
                (false, _) => schema
                    .into_iter()
                    .chain([table])
                    .find_map(|part| dialect.identifier_limit_exceeded(part)),
            };
            if let Some(reason) = reason {
                return Err(Error::VersionTableName {
                    name: name.clone(),
                    reason,
                });
            }
        }
        Ok(())
    }

    /// The version table's rows as graph nodes, checked: a row listed twice, or a row that
    /// another row follows (a stale row left by a crash or a hand edit), is an error, never
    /// silently run on.
    pub(super) async fn current_nodes(
        &self,
        connection: &mut Connection,
    ) -> Result<Vec<usize>, Error> {
        let rows = self.version_rows(connection).await?;
        let names = || rows.iter().map(|&r| self.graph.revision(r).to_string());
        let twice = (1..rows.len()).find(|&i| rows[..i].contains(&rows[i]));
        if let Some(twice) = twice {
            return Err(Error::DuplicateVersion {
                revision: self.graph.revision(rows[twice]).to_string(),
                rows: names().collect(),
            });
        }
        match self.graph.stale_rows(&rows).as_slice() {
            [] => Ok(rows),
            [stale, ..] => Err(Error::StaleVersion {
                stale: self.graph.revision(*stale).to_string(),
                rows: names().collect(),
            }),
        }
    }

    /// The version table's rows as graph nodes, as they are; no table means base.
    pub(super) async fn version_rows(
        &self,
        connection: &mut Connection,
    ) -> Result<Vec<usize>, Error> {
        let table = &self.version_table;
        if !self
            .existing_columns(connection, table, VERSION_COLUMNS)
            .await?
        {
            return Ok(Vec::new());
        }
        let select = self.dialect().select_versions(table);
        let rows = database::fetch_strings(connection.conn(), &select).await;
        let rows = rows.map_err(|cause| Error::VersionTable { sql: select, cause })?;
        rows.into_iter()
            .map(|revision| {
                self.graph
                    .index_of(&revision)
                    .ok_or(Error::UnknownVersion { revision })
            })
            .collect()
    }
}
