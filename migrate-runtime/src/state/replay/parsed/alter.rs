//! `ALTER TABLE`'s operations as ops.

use sqlparser::ast::{self, AlterColumnOperation, AlterTableOperation, ColumnOption, DataType};

use super::Unread;
use super::definitions::{self, column, column_type, default_value, table_name};
use crate::op::{self, AddConstraint, Op, TableConstraint};
use crate::schema::{ConstraintKind, NamingConvention};
use crate::state::Schema;

impl Schema {
    /// The ops of one operation of `ALTER TABLE table`.
    pub(super) fn alter_table_ops(
        &self,
        table: &str,
        operation: &AlterTableOperation,
    ) -> Result<Vec<Op>, Unread> {
        let has_column = |name: &str| {
            self.table(table)
                .is_some_and(|table| table.column(name).is_some())
        };
        Ok(match operation {
            AlterTableOperation::AddColumn {
                if_not_exists,
                column_def,
                ..
            } => {
                if *if_not_exists && has_column(&column_def.name.value) {
                    return Ok(Vec::new());
                }
                let definition = column(column_def, self)?;
                let name = definition.column.name.clone();
                let mut ops = vec![op::add_column(table, definition.column).into()];
                for check in definition.checks {
                    let check = TableConstraint::Check(check);
                    ops.push(self.add_constraint_op(table, check, Some(&name)));
                }
                ops
            }
            AlterTableOperation::DropColumn {
                column_names,
                if_exists,
                ..
            } => column_names
                .iter()
                .filter(|name| !*if_exists || has_column(&name.value))
                .map(|name| op::drop_column(table, &name.value).into())
                .collect(),
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => vec![
                op::alter_column(table, &old_column_name.value)
                    .rename(&new_column_name.value)
                    .into(),
            ],
            AlterTableOperation::RenameTable {
                table_name: ast::RenameTableNameKind::As(to) | ast::RenameTableNameKind::To(to),
            } => vec![op::rename_table(table, table_name(to)?).into()],
            AlterTableOperation::AlterColumn { column_name, op } => {
                let change = op::alter_column(table, &column_name.value);
                let change = match op {
                    AlterColumnOperation::SetNotNull => change.nullable(false),
                    AlterColumnOperation::DropNotNull => change.nullable(true),
                    AlterColumnOperation::SetDefault { value } => match default_value(value) {
                        Some(value) => change.default(value),
                        None => change.drop_default(),
                    },
                    AlterColumnOperation::DropDefault => change.drop_default(),
                    AlterColumnOperation::AddGenerated {
                        generated_as,
                        sequence_options,
                    } => {
                        let by_default = ast::GeneratedAs::ByDefault;
                        let generated_as = generated_as.as_ref().unwrap_or(&by_default);
                        let options = sequence_options.as_deref();
                        change.add_identity(definitions::identity(generated_as, options))
                    }
                    AlterColumnOperation::SetDataType { data_type, .. } => {
                        change.ty(column_type(data_type, self))
                    }
                    _ => return Err(Unread),
                };
                vec![change.into()]
            }
            AlterTableOperation::ModifyColumn {
                col_name,
                data_type,
                options,
                ..
            } => {
                vec![self.redefine(table, &col_name.value, &col_name.value, data_type, options)?]
            }
            AlterTableOperation::ChangeColumn {
                old_name,
                new_name,
                data_type,
                options,
                ..
            } => {
                vec![self.redefine(table, &old_name.value, &new_name.value, data_type, options)?]
            }
            AlterTableOperation::AddConstraint { constraint, .. } => {
                let constraint = definitions::constraint(constraint)?;
                vec![self.add_constraint_op(table, constraint, None)]
            }
            AlterTableOperation::DropConstraint {
                if_exists, name, ..
            } => {
                let known = self.table(table).is_some_and(|table| {
                    super::super::constraint_names(table).any(|taken| taken == name.value)
                });
                // The replay's names of unnamed constraints are PostgreSQL's: one it does not
                // know may still exist in the database, and `IF EXISTS` would drop it there.
                match *if_exists && !known {
                    true => return Err(Unread),
                    false => vec![op::drop_constraint(&name.value, table).into()],
                }
            }
            AlterTableOperation::DropForeignKey { name, .. } => vec![
                op::drop_constraint(&name.value, table)
                    .kind(ConstraintKind::ForeignKey)
                    .into(),
            ],
            AlterTableOperation::DropPrimaryKey { .. } => {
                let key = self
                    .table(table)
                    .and_then(|table| table.primary_key.as_ref());
                let name = key.and_then(|key| key.name.clone()).ok_or(Unread)?;
                vec![
                    op::drop_constraint(name, table)
                        .kind(ConstraintKind::PrimaryKey)
                        .into(),
                ]
            }
            AlterTableOperation::DropIndex { name } => {
                vec![op::drop_index(&name.value).on(table).into()]
            }
            _ => return Err(Unread),
        })
    }

    /// `ADD CONSTRAINT`, named as PostgreSQL names it when the SQL does not; `column` is the
    /// column a check came with.
    fn add_constraint_op(
        &self,
        table: &str,
        mut constraint: TableConstraint,
        column: Option<&str>,
    ) -> Op {
        let columns: Vec<&str> = match column {
            Some(column) => vec![column],
            None => self.table(table).map_or_else(Vec::new, |table| {
                table.columns.iter().map(|c| c.name.as_str()).collect()
            }),
        };
        let taken = |name: &str| {
            self.table(table)
                .is_some_and(|t| super::super::constraint_names(t).any(|known| known == name))
        };
        constraint.name_unnamed(table, &columns, &NamingConvention::postgres(), taken);
        AddConstraint::new(table.to_owned(), constraint).into()
    }

    /// MySQL's `MODIFY`/`CHANGE COLUMN`: the column's whole definition, its name perhaps new.
    fn redefine(
        &self,
        table: &str,
        column: &str,
        new_name: &str,
        data_type: &DataType,
        options: &[ColumnOption],
    ) -> Result<Op, Unread> {
        let definition = definitions::redefined(new_name, data_type, options, self)?;
        // A primary key's column stays NOT NULL, as MySQL keeps it.
        let in_key = self
            .table(table)
            .and_then(|t| t.primary_key.as_ref())
            .is_some_and(|key| key.columns.iter().any(|c| c == column));
        let mut change = op::alter_column(table, column)
            .ty(definition.ty)
            .nullable(definition.nullable && !in_key)
            .comment(definition.comment.as_deref());
        change.default = Some(definition.default);
        change.restated_collation = Some(definition.collation);
        if new_name != column {
            change = change.rename(new_name);
        }
        Ok(change.into())
    }
}
