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
        Ok(self.pending_from(&current))
    }

    /// The migrations an upgrade to the heads runs from where the version table lists
    /// `current`, in order.
    pub(super) fn pending_from(&self, current: &[usize]) -> Vec<Revision> {
        let route = self
            .graph
            .upgrade_route(current, &Position::At(self.graph.heads()));
        route
            .into_iter()
            .map(|step| self.graph.describe(step.node))
            .collect()
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
        let revisions = (0..self.graph.len())
            .filter(|&n| applied[n])
            .map(|n| self.graph.revision(n).as_str());
        // Compared in the form it was recorded in: a checksum of an earlier version of
        // migrate is over the rendered SQL.
        history::edited(rows, revisions, |revision, recorded| {
            let node = self
                .graph
                .index_of(revision)
                .ok_or_else(|| Error::UnknownVersion {
                    revision: revision.to_owned(),
                })?;
            let plan = self.defs[node].upgrade();
            match plan::is_canonical(recorded) {
                true => Ok(plan.checksum()),
                false => match plan.render(self.dialect()) {
                    Ok(ops) => Ok(plan::rendered_checksum(&ops)),
                    // Applied by a version that rendered it; this one refuses to (a name past
                    // the limit, say): there is nothing to compare with.
                    Err(error) => {
                        tracing::warn!(revision, %error, "cannot compare the recorded checksum");
                        Ok(recorded.to_owned())
                    }
                },
            }
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration::{Migration, MigrationDef};
    use crate::plan::Plan;
    use crate::registry::Migrations;
    use crate::{Dialect, op};

    struct Orders;

    impl Migration for Orders {
        fn upgrade(&self) -> Plan {
            Plan::new().op(op::rename_table("orders", "purchases"))
        }
    }

    static ORDERS: MigrationDef = MigrationDef::new("a1", &Orders);

    fn upgrade_row(checksum: String) -> HistoryRow {
        HistoryRow {
            revision: "a1".into(),
            direction: "upgrade".into(),
            checksum,
            started_at: String::new(),
            finished_at: String::new(),
            duration_ms: 0,
            applied_by: String::new(),
        }
    }

    /// Checksums recorded by earlier versions (over the rendered SQL) are still compared in
    /// their own form; the typed plan's in theirs.
    #[test]
    fn checksums_of_either_version_are_accepted() {
        let migrations = Migrations::from_defs([&ORDERS]);
        let migrator = Migrator::with_migrations("sqlite::memory:", &migrations).unwrap();
        let plan = Orders.upgrade();
        let rendered = plan::rendered_checksum(&plan.render(Dialect::Sqlite).unwrap());
        for recorded in [rendered, plan.checksum()] {
            let rows = [upgrade_row(recorded)];
            assert!(migrator.edited_in(&rows, &[0]).unwrap().is_empty());
        }
        let rows = [upgrade_row("0".repeat(64))];
        assert_eq!(migrator.edited_in(&rows, &[0]).unwrap().len(), 1);
    }
}
