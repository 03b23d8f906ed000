//! `stamp`: set the version table without running a migration, and record it.

use super::{Migrator, close};
use crate::clock;
use crate::error::Error;
use crate::executor;
use crate::history::{self, HistoryRow};
use migrate_graph::{Revision, Target, VersionChange};

impl Migrator {
    /// Set the version table to `target` without running any migration; with `purge`, whatever
    /// the table held (even revisions this code does not know) is discarded first.
    pub async fn stamp(&self, target: &str, purge: bool) -> Result<Vec<Revision>, Error> {
        let target: Target = target.parse()?;
        let mut connection = self.connect_to_write().await?;
        let current = match purge {
            true => Vec::new(),
            false => self.version_rows(&mut connection).await?,
        };
        let rows = self.graph.stamp_rows(&current, &target)?;
        self.warn_taken_back(&mut connection, &rows).await?;
        let dialect = self.dialect();
        let mut statements = vec![dialect.delete_versions(&self.version_table)];
        let inserts = VersionChange {
            delete: Vec::new(),
            insert: rows.iter().map(|&r| self.graph.revision(r)).collect(),
        };
        let writes = dialect.version_writes(&self.version_table, &inserts);
        statements.extend(writes.into_iter().map(|w| w.sql));
        // The stamp is recorded too: which rows it left, who set them and when.
        let now = clock::now();
        let stamped: Vec<String> = match rows.as_slice() {
            [] => vec!["base".to_owned()],
            rows => rows
                .iter()
                .map(|&r| self.graph.revision(r).to_string())
                .collect(),
        };
        let table = history::table_for(&self.version_table);
        statements.extend(stamped.into_iter().map(|revision| {
            let row = HistoryRow {
                revision,
                direction: "stamp".to_owned(),
                checksum: match purge {
                    true => history::STAMP_PURGES,
                    false => history::STAMP_KEEPS,
                }
                .to_owned(),
                started_at: now.clone(),
                finished_at: now.clone(),
                duration_ms: 0,
                applied_by: self.applied_by.clone(),
            };
            dialect.insert_history(&table, &row)
        }));
        tracing::info!("Stamping the version table to {target}");
        let result = executor::run_statements(&mut connection, &statements).await;
        close(connection).await;
        result.map_err(|(sql, cause)| Error::VersionTable { sql, cause })?;
        Ok(rows.into_iter().map(|r| self.graph.describe(r)).collect())
    }

    /// Warn that a stamp to `rows` takes back migrations the history table records as run:
    /// as with Alembic, the next upgrade runs them again over what they made.
    async fn warn_taken_back(
        &self,
        connection: &mut crate::database::Connection,
        rows: &[usize],
    ) -> Result<(), Error> {
        let recorded = self.history_rows(connection).await?;
        let kept = self.graph.ancestors(rows);
        let ran = history::applied(&recorded);
        let mut taken_back: Vec<&str> = ran
            .into_iter()
            .filter(|revision| self.graph.index_of(revision).is_some_and(|i| !kept[i]))
            .collect();
        taken_back.sort_unstable();
        if !taken_back.is_empty() {
            tracing::warn!(
                "the stamp takes back {}, which ran and was not reverted: the next upgrade runs {} again; to undo {} instead, downgrade",
                taken_back
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                match taken_back.len() {
                    1 => "it",
                    _ => "them",
                },
                match taken_back.len() {
                    1 => "it",
                    _ => "them",
                },
            );
        }
        Ok(())
    }
}
