//! A step made ready to run: its plan rendered, its version and history writes known, and
//! where a rerun of an interrupted run of it starts.

use super::Migrator;
use super::walk::Walked;
use crate::dialect::Dialect;
use crate::error::Error;
use crate::executor::{HistoryRecord, PreparedStep, resume};
use crate::history::{self, HistoryRow};

impl Migrator {
    /// A walked step ready to run with its plan in its direction.
    pub(super) fn prepare(
        &self,
        walked: &Walked,
        dialect: Dialect,
        recorded: &[HistoryRow],
    ) -> Result<PreparedStep, Error> {
        let (step, plan) = (&walked.step, &walked.plan);
        let def = self.defs[step.node];
        if let Some(reason) = plan.irreversible() {
            return Err(Error::Irreversible {
                revision: def.revision().to_owned(),
                reason: reason.clone(),
            });
        }
        let ops = plan.named(&self.naming).render(dialect)?;
        let history = HistoryRecord {
            table: history::table_for(&self.version_table),
            checksum: plan.checksum(),
            applied_by: self.applied_by.clone(),
        };
        let mut prepared = PreparedStep {
            def,
            dialect,
            history,
            direction: step.direction,
            ops,
            version_writes: dialect.version_writes(&self.version_table, &step.version_change),
            version_check: (
                dialect.select_versions(&self.version_table),
                step.rows_before.clone(),
            ),
            resume_after: 0,
            expected: Vec::new(),
            stop: self.stop.clone(),
            in_flight: None,
        };
        // An interrupted run of it committed some statements (a non-transactional migration,
        // or one on MySQL past its first DDL statement): start after them, or refuse when the
        // migration no longer begins with them.
        let committed = resume::committed(recorded, def.revision());
        if !committed.is_empty() {
            let fingerprints: Vec<String> =
                prepared.statements().map(resume::fingerprint).collect();
            match resume::resume_point(&committed, &fingerprints) {
                Ok(after) => {
                    tracing::info!(
                        revision = def.revision(),
                        "{} of `{}` was interrupted after {after} committed statement(s); resuming after them",
                        step.direction,
                        def.revision()
                    );
                    prepared.resume_after = after;
                }
                Err(differs) => {
                    let same = prepared.statements().take(differs);
                    return Err(Error::Interrupted {
                        revision: def.revision().to_owned(),
                        committed: committed.len(),
                        same: same.map(ToString::to_string).collect(),
                    });
                }
            }
        }
        Ok(prepared)
    }
}
