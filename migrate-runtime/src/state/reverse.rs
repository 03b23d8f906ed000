//! Downgrades derived with the schema: a dropped table, column, index or constraint, and a
//! column changed in place, are undone from the definitions the history built before the
//! upgrade ran (the rows of a dropped table or column are not brought back).

use super::{Schema, Table, UnnamedConstraint};
use crate::dialect::Dialect;
use crate::op::{self, IdentityChange, Op, TableConstraint};
use crate::plan::{Irreversible, Plan, Step};
use crate::schema::{CheckConstraint, ConstraintKind, UniqueConstraint};

impl Plan {
    /// The plan that undoes this one on `dialect`, where the schema before it is `before`:
    /// each op reversed, last first, drops and column changes from the definitions in
    /// `before`. Raw SQL, row changes and data steps still cannot be reversed.
    pub fn reversed_with(&self, before: &Schema, dialect: Dialect) -> Plan {
        if let Some(reason) = self.irreversible() {
            return Plan::cannot_run(reason.clone());
        }
        let mut schema = before.clone();
        let mut undo: Vec<Vec<Op>> = Vec::new();
        for step in self.steps() {
            let Step::Op(op) = step else {
                return Plan::cannot_run(Irreversible::Op(step.to_string()));
            };
            let reverse = match op.reversed() {
                Some(reverse) => vec![reverse],
                None => match restoring(op, &schema, dialect) {
                    Some(ops) => ops,
                    None => return Plan::cannot_run(Irreversible::Op(op.to_string())),
                },
            };
            if schema.apply_for(op, dialect).is_err() {
                return Plan::cannot_run(Irreversible::Op(op.to_string()));
            }
            undo.push(reverse);
        }
        let undo: Vec<Op> = undo.into_iter().rev().flatten().collect();
        // An index of a table the undo drops goes with the table; dropping it first is refused
        // by MySQL when a foreign key of the table uses it.
        let dropped: Vec<&str> = undo
            .iter()
            .filter_map(|op| match op {
                Op::DropTable(drop) => Some(drop.name.as_str()),
                _ => None,
            })
            .collect();
        let goes_with_its_table = |op: &Op| match op {
            Op::DropIndex(drop) => drop
                .table
                .as_deref()
                .is_some_and(|table| dropped.contains(&table)),
            _ => false,
        };
        undo.iter()
            .filter(|op| !goes_with_its_table(op))
            .fold(Plan::new(), |plan, op| plan.op(op.clone()))
    }
}

impl Op {
    /// Whether the op is undone from the schema before it where it cannot be from the op
    /// alone: a drop, or a column changed in place.
    pub(crate) fn restorable_from_schema(&self) -> bool {
        if let Op::OnlyOn(only) = self {
            return only.op.restorable_from_schema();
        }
        matches!(
            self,
            Op::DropTable(_)
                | Op::CommentOnTable(_)
                | Op::DropIndex(_)
                | Op::DropConstraint(_)
                | Op::DropColumn(_)
                | Op::AlterColumn(_)
                | Op::AlterEnum(_)
        )
    }
}

/// The ops that put back what `op` removes or changes, from `schema` (before `op`).
fn restoring(op: &Op, schema: &Schema, dialect: Dialect) -> Option<Vec<Op>> {
    match op {
        Op::DropTable(drop) => Some(schema.table_creation_ops(schema.table(&drop.name)?)),
        Op::DropIndex(drop) => {
            let (table, index) = schema.tables.values().find_map(|table| {
                let index = table.indexes.iter().find(|index| index.name == drop.name)?;
                Some((table, index))
            })?;
            Some(vec![index.creation_op(&table.name)])
        }
        Op::DropConstraint(drop) => {
            let table = schema.table(&drop.table)?;
            let constraint = match drop.is_unnamed() {
                true if drop.condition.is_some() => {
                    let check = &table.checks[table.unnamed_check(drop.condition.as_deref()?)?];
                    TableConstraint::Check(CheckConstraint {
                        name: check.name.clone(),
                        condition: check.condition.clone(),
                    })
                }
                true => table.unnamed_constraint_op(drop.kind, &drop.columns)?,
                false => table
                    .constraints()
                    .into_iter()
                    .find(|constraint| constraint.name() == drop.name)?,
            };
            Some(vec![
                op::AddConstraint::new(drop.table.clone(), constraint).into(),
            ])
        }
        Op::DropColumn(drop) => {
            let table = schema.table(&drop.table)?;
            let column = table.column(&drop.column)?.to_column();
            let mut ops: Vec<Op> = vec![op::add_column(&drop.table, column).into()];
            // What went with the column: its indexes and constraints.
            let mut after = schema.clone();
            after.apply_for(op, dialect).ok()?;
            let remaining = after.table(&drop.table)?;
            // MySQL keeps an index or key narrowed to its other columns under its name: the
            // narrowed one goes before the whole one comes back.
            for index in table
                .indexes
                .iter()
                .filter(|i| !remaining.indexes.contains(i))
            {
                if remaining.indexes.iter().any(|left| left.name == index.name) {
                    ops.push(op::drop_index(&index.name).on(&table.name).into());
                }
                ops.push(index.creation_op(&table.name));
            }
            let kept = remaining.constraints();
            for constraint in table.constraints() {
                if kept.contains(&constraint) {
                    continue;
                }
                let narrowed = kept.iter().find(|left| {
                    left.kind() == constraint.kind() && left.name() == constraint.name()
                });
                if let Some(narrowed) = narrowed {
                    let undo = op::drop_constraint(narrowed.name(), &drop.table);
                    ops.push(undo.kind(narrowed.kind()).into());
                }
                ops.push(op::AddConstraint::new(drop.table.clone(), constraint).into());
            }
            Some(ops)
        }
        Op::CommentOnTable(comment) => {
            let before = schema.table(&comment.table)?.comment.as_deref();
            Some(vec![op::comment_on_table(&comment.table, before).into()])
        }
        Op::AlterColumn(alter) => {
            let state = schema.table(&alter.table)?.column(&alter.column)?;
            let name = alter.new_name.as_deref().unwrap_or(&alter.column);
            let mut back = op::alter_column(&alter.table, name);
            if alter.ty.is_some() {
                back = back.ty(state.ty.clone());
                // PostgreSQL converts back only when told how (text to boolean, …); the
                // other databases convert by themselves and ignore it.
                if let Ok(ty) = crate::dialect::Dialect::Postgres.column_type(&state.ty) {
                    let column = crate::dialect::Dialect::Postgres.quote(name);
                    back = back.using(format!("CAST({column} AS {ty})"));
                }
                // PostgreSQL's new type took the type's default collation.
                if dialect == Dialect::Postgres && state.collation.is_some() {
                    back.restated_collation = Some(state.collation.clone());
                }
            }
            if alter.restated_collation.is_some() {
                back.restated_collation = Some(state.collation.clone());
            }
            if alter.nullable.is_some() {
                back = back.nullable(state.nullable);
            }
            if alter.default.is_some() {
                back = match &state.default {
                    Some(default) => back.default(default.clone()),
                    None => back.drop_default(),
                };
            }
            if alter.comment.is_some() {
                back = back.comment(state.comment.as_deref());
            }
            // The replay refused a `set` or `drop` of no identity before this.
            back = match (&alter.identity, &state.identity) {
                (Some(IdentityChange::Add(_)), _) => back.drop_identity(),
                (Some(IdentityChange::Drop), Some(before)) => back.add_identity(before.clone()),
                (Some(IdentityChange::Set(_)), Some(before)) => back.set_identity(before.clone()),
                (None, _) | (Some(_), None) => back,
            };
            if alter.new_name.is_some() {
                back = back.rename(&alter.column);
            }
            Some(vec![back.into()])
        }
        Op::OnlyOn(only) => match only.on(dialect) {
            Some(op) => Some(
                (restoring(op, schema, dialect)?.into_iter())
                    .map(|undo| only.wrap(undo))
                    .collect(),
            ),
            // Nothing ran there: nothing to undo.
            None => Some(Vec::new()),
        },
        // MySQL and SQLite take the values out again with each column's type as it was;
        // PostgreSQL cannot take a value out of an enum type.
        Op::AlterEnum(alter) if dialect != Dialect::Postgres => (alter.columns.iter())
            .map(|(table, column)| {
                let state = schema.table(table)?.column(column)?;
                Some(op::alter_column(table, column).ty(state.ty.clone()).into())
            })
            .collect(),
        _ => None,
    }
}

impl Table {
    /// The constraint without a name of `kind` on exactly `columns`, as an op adds it.
    fn unnamed_constraint_op(
        &self,
        kind: Option<ConstraintKind>,
        columns: &[String],
    ) -> Option<TableConstraint> {
        Some(match self.unnamed_constraint(kind, columns)? {
            UnnamedConstraint::ForeignKey(at) => {
                TableConstraint::ForeignKey(self.foreign_keys[at].to_key())
            }
            UnnamedConstraint::Unique(at) => TableConstraint::Unique(UniqueConstraint {
                name: None,
                columns: self.uniques[at].columns.clone(),
            }),
            // A primary key is added by name; SQLite's unnamed one comes back named.
            UnnamedConstraint::PrimaryKey => TableConstraint::PrimaryKey {
                name: format!("{}_pkey", self.name),
                columns: columns.to_vec(),
            },
        })
    }

    /// The table's named constraints as ops add them.
    pub(crate) fn constraints(&self) -> Vec<TableConstraint> {
        let table = self;
        let mut all = Vec::new();
        if let Some(key) = &table.primary_key
            && let Some(name) = &key.name
        {
            all.push(TableConstraint::PrimaryKey {
                name: name.clone(),
                columns: key.columns.clone(),
            });
        }
        for key in &table.foreign_keys {
            all.push(TableConstraint::ForeignKey(key.to_key()));
        }
        for unique in &table.uniques {
            all.push(TableConstraint::Unique(UniqueConstraint {
                name: unique.name.clone(),
                columns: unique.columns.clone(),
            }));
        }
        for check in &table.checks {
            all.push(TableConstraint::Check(CheckConstraint {
                name: check.name.clone(),
                condition: check.condition.clone(),
            }));
        }
        all
    }
}
