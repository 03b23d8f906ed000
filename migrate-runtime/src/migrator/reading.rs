//! What the database holds, read without changing it: `current`, `history`, `check` and the
//! history table.

use super::{Migrator, close};
use crate::backend::HISTORY_COLUMNS;
use crate::database::{self, Connection};
use crate::error::Error;
use crate::history::{self, Edited, HistoryRow};
use crate::plan;
use migrate_graph::{Position, Revision};

impl Migrator {
    /// The migrations not yet applied: what `upgrade heads` would run, in order.
    pub async fn pending(&self) -> Result<Vec<Revision>, Error> {
        let mut connection = self.connect().await?;
        let current = self.current_nodes(&mut connection).await?;
        close(connection).await;
        let route = self
            .graph
            .upgrade_route(&current, &Position::At(self.graph.heads()));
        Ok(route
            .into_iter()
            .map(|step| self.graph.describe(step.node))
            .collect())
    }

    /// The history table's rows, oldest first; none when it does not exist.
    pub(super) async fn history_rows(
        &self,
        connection: &mut Connection,
    ) -> Result<Vec<HistoryRow>, Error> {
        let table = history::table_for(&self.version_table);
        if !self
            .existing_columns(connection, &table, HISTORY_COLUMNS)
            .await?
        {
            return Ok(Vec::new());
        }
        let select = self.dialect().select_history(&table);
        let rows = database::fetch_history(connection.conn(), &select).await;
        rows.map_err(|cause| Error::VersionTable { sql: select, cause })
    }

    /// Applied migrations whose upgrade no longer renders to what was applied.
    pub(super) async fn edited_on(
        &self,
        connection: &mut Connection,
        current: &[usize],
    ) -> Result<Vec<Edited>, Error> {
        let rows = self.history_rows(connection).await?;
        self.edited_in(&rows, current)
    }

    /// Applied migrations whose upgrade no longer renders to what `rows` recorded.
    pub(super) fn edited_in(
        &self,
        rows: &[HistoryRow],
        current: &[usize],
    ) -> Result<Vec<Edited>, Error> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let applied = self.graph.ancestors(current);
        let mut checksums = Vec::new();
        for node in (0..self.graph.len()).filter(|&n| applied[n]) {
            let ops = self.defs[node].upgrade().render(self.dialect())?;
            checksums.push((self.graph.revision(node).as_str(), plan::checksum(&ops)));
        }
        Ok(history::edited(rows, checksums))
    }

    /// Applied migrations edited since they were applied.
    pub async fn edited(&self) -> Result<Vec<Edited>, Error> {
        let mut connection = self.connect().await?;
        let current = self.current_nodes(&mut connection).await?;
        let edited = self.edited_on(&mut connection, &current).await;
        close(connection).await;
        edited
    }

    /// Every step recorded in the history table, oldest first.
    pub async fn applied_steps(&self) -> Result<Vec<HistoryRow>, Error> {
        let mut connection = self.connect().await?;
        let rows = self.history_rows(&mut connection).await;
        close(connection).await;
        rows
    }

    /// The revisions of a history range `A:B`, newest first; `current` is where the database
    /// is, for ranges that name it.
    pub fn history(&self, range: &str, current: &[Revision]) -> Result<Vec<Revision>, Error> {
        let current: Vec<usize> = current
            .iter()
            .filter_map(|r| self.graph.index_of(&r.revision))
            .collect();
        let nodes = self.graph.range(range, &current)?;
        Ok(nodes.into_iter().map(|i| self.graph.describe(i)).collect())
    }

    /// The revisions the database is at: none at base, one per applied branch head.
    pub async fn current(&self) -> Result<Vec<Revision>, Error> {
        let mut connection = self.connect().await?;
        let current = self.current_nodes(&mut connection).await?;
        close(connection).await;
        Ok(current
            .into_iter()
            .map(|i| self.graph.describe(i))
            .collect())
    }
}
