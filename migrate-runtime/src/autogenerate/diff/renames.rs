//! Renames: those the models declare (`renamed_from`), and a dropped and an added table or
//! column of the same shape settled by the decider.

use super::{AutogenerateError, Differ, RenameCandidate, RenameDecider, Renames};
use crate::op;
use crate::state::{ColumnState, Table, same_shape, same_type};

impl Differ<'_> {
    pub(super) fn rename_tables(
        &mut self,
        renames: &Renames,
        decide: &mut RenameDecider<'_>,
    ) -> Result<(), AutogenerateError> {
        for (new, old) in &renames.tables {
            let applies = self.to.tables.contains_key(new)
                && !self.current.tables.contains_key(new)
                && self.current.tables.contains_key(old)
                && !self.to.tables.contains_key(old);
            if applies {
                self.rename(None, old, new)?;
            }
        }
        let added: Vec<&Table> = self
            .to
            .tables
            .values()
            .filter(|table| !self.current.tables.contains_key(&table.name))
            .collect();
        for table in added {
            let gone = self.current.tables.values().find(|old| {
                !self.to.tables.contains_key(&old.name) && same_shape(old, table, self.dialect)
            });
            let Some(gone) = gone else { continue };
            let candidate = RenameCandidate {
                table: None,
                dropped: gone.name.clone(),
                added: table.name.clone(),
            };
            self.settle(candidate, decide)?;
        }
        Ok(())
    }

    pub(super) fn rename_columns(
        &mut self,
        renames: &Renames,
        decide: &mut RenameDecider<'_>,
    ) -> Result<(), AutogenerateError> {
        for name in self.common_tables() {
            let target = &self.to.tables[&name];
            for (new, old) in renames.columns_of(&name) {
                let table = &self.current.tables[&name];
                let applies = target.column(new).is_some()
                    && table.column(new).is_none()
                    && table.column(old).is_some()
                    && target.column(old).is_none();
                if applies {
                    self.rename(Some(&name), old, new)?;
                }
            }
            let added: Vec<&ColumnState> = target
                .columns
                .iter()
                .filter(|column| self.current.tables[&name].column(&column.name).is_none())
                .collect();
            for column in added {
                let table = &self.current.tables[&name];
                let gone = table.columns.iter().find(|old| {
                    target.column(&old.name).is_none()
                        && same_type(&old.ty, &column.ty, self.dialect)
                });
                let Some(gone) = gone else { continue };
                let candidate = RenameCandidate {
                    table: Some(name.clone()),
                    dropped: gone.name.clone(),
                    added: column.name.clone(),
                };
                self.settle(candidate, decide)?;
            }
        }
        Ok(())
    }

    /// Rename the table `old` (with `table`, its column `old`) to `new`.
    fn rename(
        &mut self,
        table: Option<&str>,
        old: &str,
        new: &str,
    ) -> Result<(), AutogenerateError> {
        match table {
            None => self.push(
                op::rename_table(old, new),
                format!("renamed table `{old}` to `{new}`"),
                false,
            ),
            Some(table) => self.push(
                op::alter_column(table, old).rename(new),
                format!("renamed column `{table}.{old}` to `{table}.{new}`"),
                false,
            ),
        }
    }

    /// A drop and an add of the same shape, as `decide` says: a rename, the two (written by
    /// the later steps), or a refusal naming them.
    fn settle(
        &mut self,
        candidate: RenameCandidate,
        decide: &mut RenameDecider<'_>,
    ) -> Result<(), AutogenerateError> {
        match decide(&candidate) {
            Some(true) => self.rename(
                candidate.table.as_deref(),
                &candidate.dropped,
                &candidate.added,
            ),
            Some(false) => Ok(()),
            None => Err(AutogenerateError::Ambiguous(candidate)),
        }
    }
}
