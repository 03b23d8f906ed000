//! Reversing an op: the op that undoes it, where the op alone says enough.

use super::{AlterColumn, Op};
use crate::schema::ConstraintKind;

impl Op {
    /// The op that undoes this one, or `None` when the op loses what it would need
    /// (dropped tables, columns and indexes, raw SQL, a column change other than a rename).
    pub fn reversed(&self) -> Option<Op> {
        Some(match self {
            Op::CreateTable(table) => {
                let mut drop = super::drop_table(table.name.clone());
                drop.enum_types = table.enum_types();
                drop.into()
            }
            Op::RenameTable(rename) => {
                super::rename_table(rename.to.clone(), rename.from.clone()).into()
            }
            Op::AddColumn(add) => {
                let mut drop = super::drop_column(add.table.clone(), add.column.name.clone());
                // The enum type the column brought goes with it.
                if let (crate::schema::Type::Enum { name, .. }, false) =
                    (&add.column.ty, add.column.existing_type)
                {
                    drop.enum_types.push(name.clone());
                }
                drop.into()
            }
            Op::AlterColumn(alter) => rename_back(alter)?.into(),
            Op::OnlyOn(only) => only.wrap(only.op.reversed()?),
            Op::CreateIndex(index) => super::drop_index(index.name.clone())
                .on(index.table.clone())
                .into(),
            Op::AddConstraint(add) => {
                let name = add.constraint.name().to_owned();
                let mut drop =
                    super::drop_constraint(name, add.table.clone()).kind(add.constraint.kind());
                drop.with_implicit_index = add.constraint.kind() == ConstraintKind::ForeignKey;
                drop.into()
            }
            Op::DropTable(_)
            | Op::CommentOnTable(_)
            | Op::DropColumn(_)
            | Op::DropIndex(_)
            | Op::DropConstraint(_)
            | Op::AlterEnum(_)
            | Op::Execute(_)
            | Op::BulkInsert(_)
            | Op::Update(_)
            | Op::Delete(_)
            | Op::Backfill(_) => {
                return None;
            }
        })
    }
}

/// A rename alone is undone by renaming back; any other change lost the old value.
fn rename_back(alter: &AlterColumn) -> Option<AlterColumn> {
    let only_rename = !alter.changes_definition();
    let new_name = alter.new_name.as_ref().filter(|_| only_rename)?;
    Some(super::alter_column(alter.table.clone(), new_name.clone()).rename(alter.column.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op;
    use crate::schema::{Column, Type};

    #[test]
    fn reversible_ops_undo_themselves() {
        let cases: Vec<(Op, Op)> = vec![
            (op::create_table("t").into(), op::drop_table("t").into()),
            (
                op::rename_table("a", "b").into(),
                op::rename_table("b", "a").into(),
            ),
            (
                op::add_column("t", Column::new("c", Type::Text)).into(),
                op::drop_column("t", "c").into(),
            ),
            (
                op::create_index("ix", "t", ["c"]).into(),
                op::drop_index("ix").on("t").into(),
            ),
            (
                op::alter_column("t", "a").rename("b").into(),
                op::alter_column("t", "b").rename("a").into(),
            ),
        ];
        for (op, reverse) in cases {
            assert_eq!(op.reversed(), Some(reverse), "{op}");
        }
    }

    #[test]
    fn the_ops_the_macro_calls_irreversible_cannot_be_reversed_even_with_the_schema() {
        let irreversible: Vec<Op> = vec![
            op::execute("DELETE FROM t").into(),
            op::bulk_insert("t", ["a"]).row((1,)).into(),
            op::update("t").set("a", 1).filter("id", 1).into(),
            op::delete("t").filter("id", 1).into(),
            op::backfill("t", "id").set("a = 1").into(),
        ];
        let names: Vec<String> = irreversible
            .iter()
            .map(|op| {
                op.to_string()
                    .split('(')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        assert_eq!(names, migrate_graph::IRREVERSIBLE_OPS);
        assert!(
            irreversible
                .iter()
                .all(|op| op.reversed().is_none() && !op.restorable_from_schema())
        );
        // Drops and column changes are undone from the schema, not from the op alone.
        let from_the_schema: Vec<Op> = vec![
            op::drop_table("t").into(),
            op::drop_column("t", "c").into(),
            op::drop_index("ix").into(),
            op::drop_constraint("ck", "t").into(),
            op::alter_column("t", "c").nullable(false).into(),
        ];
        assert!(
            from_the_schema
                .iter()
                .all(|op| op.reversed().is_none() && op.restorable_from_schema())
        );
    }
}
