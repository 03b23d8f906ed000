//! What a run expects of the live database, from the history: the definitions its
//! statements read (a SQLite rebuild's table, a MySQL column), compared before anything
//! runs, and, for a rerun after a kill, the tables an in-flight MySQL statement changes as
//! they are before and after it.

use super::Migrator;
use super::walk::{Visit, Walk};
use crate::backend::Statement;
use crate::executor::{ExpectedDefinition, InFlight, PreparedStep, resume};
use crate::history::HistoryRow;
use crate::state::Schema;

impl Migrator {
    /// Fill in what each of `prepared` (the steps of `walk`, in order) expects of the live
    /// database. The history is replayed only when a step reads the live database or a killed
    /// run left a statement in flight; nothing is expected from where the history cannot be
    /// replayed (raw SQL not read), as `check` does not compare there.
    pub(super) fn expect_from_history(
        &self,
        prepared: &mut [PreparedStep],
        mut walk: Walk<'_>,
        recorded: &[HistoryRow],
    ) {
        let reads_live = |statement: &Statement| {
            matches!(statement, Statement::Rebuild(_) | Statement::Modify(_))
        };
        let reads = prepared
            .iter()
            .any(|step| step.statements().any(reads_live));
        let in_flight: Vec<Option<usize>> = (prepared.iter())
            .map(|step| {
                let sent = resume::in_flight(recorded, step.def.revision())?;
                let statement = step.statements().nth(step.resume_after)?;
                (resume::fingerprint(statement) == sent).then_some(step.resume_after + 1)
            })
            .collect();
        if !reads && in_flight.iter().all(Option::is_none) {
            return;
        }
        let dialect = self.dialect();
        while let Some(visit) = walk.next() {
            match visit {
                Visit::Enter { step, before } => {
                    let Some(schema) = before else {
                        return;
                    };
                    if reads {
                        let expected = read_definitions(&prepared[step], schema);
                        prepared[step].expected = expected;
                    }
                }
                Visit::Op {
                    step,
                    part,
                    op,
                    before,
                } => {
                    let (Some(at), Some(before)) = (in_flight[step], before) else {
                        continue;
                    };
                    let ops = &prepared[step].ops;
                    let counted: usize = ops[..part].iter().map(|op| op.statements.len()).sum();
                    if !(counted + 1..=counted + ops[part].statements.len()).contains(&at) {
                        continue;
                    }
                    let mut after = before.clone();
                    if let Some(op) = op
                        && after.apply_for(op, dialect).is_err()
                    {
                        return;
                    }
                    prepared[step].in_flight = Some(InFlight::new(at, before, &after));
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
