//! The naming pass: every constraint an op leaves unnamed gets its name from the
//! [`NamingConvention`] before the op is rendered (the migration's checksum is taken before,
//! so a change of convention edits no migration).

use super::Op;
use crate::plan::Plan;
use crate::schema::{Column, ForeignKey, NamingConvention, UniqueConstraint};

impl Plan {
    /// The plan with every unnamed constraint named by `convention`.
    pub(crate) fn named(&self, convention: &NamingConvention) -> Plan {
        self.map_ops(|op| op.named(convention))
    }
}

impl Op {
    fn named(&self, convention: &NamingConvention) -> Op {
        match self {
            Op::CreateTable(table) => {
                let mut table = table.clone();
                let name = table.name.clone();
                let has_key =
                    !table.primary_key.is_empty() || table.columns.iter().any(|c| c.primary_key);
                if has_key {
                    table.primary_key_name = Some(convention.primary_key_name(&name));
                }
                // A UNIQUE column becomes a named table constraint: MySQL cannot name one
                // inline.
                for column in &mut table.columns {
                    if std::mem::replace(&mut column.unique, false) {
                        let columns = vec![column.name.clone()];
                        table.uniques.push(UniqueConstraint {
                            name: Some(convention.unique_name(&name, &columns)),
                            columns,
                        });
                    }
                    name_key(column.references.as_mut(), &name, convention);
                }
                for unique in &mut table.uniques {
                    if unique.name.is_none() {
                        unique.name = Some(convention.unique_name(&name, &unique.columns));
                    }
                }
                for key in &mut table.foreign_keys {
                    name_key(Some(key), &name, convention);
                }
                let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
                for check in &mut table.checks {
                    if check.name.is_none() {
                        let column = first_column_named(&check.condition, &columns);
                        check.name = Some(convention.check_name(&name, column));
                    }
                }
                Op::CreateTable(table)
            }
            Op::AddColumn(add) => {
                let mut add = add.clone();
                name_column(&mut add.column, &add.table, convention);
                Op::AddColumn(add)
            }
            other => other.clone(),
        }
    }
}

/// A column added to `table`: its unique constraint and foreign key named.
fn name_column(column: &mut Column, table: &str, convention: &NamingConvention) {
    if column.unique && column.unique_name.is_none() {
        let columns = [column.name.clone()];
        column.unique_name = Some(convention.unique_name(table, &columns));
    }
    name_key(column.references.as_mut(), table, convention);
}

fn name_key(key: Option<&mut ForeignKey>, table: &str, convention: &NamingConvention) {
    if let Some(key) = key
        && key.name.is_none()
    {
        key.name = Some(convention.foreign_key_name(table, &key.columns, &key.referred_table));
    }
}

/// The first of `columns` that `condition` names, as PostgreSQL picks a check's column.
fn first_column_named<'a>(condition: &str, columns: &[&'a str]) -> Option<&'a str> {
    condition
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .find_map(|word| {
            columns
                .iter()
                .find(|c| c.eq_ignore_ascii_case(word))
                .copied()
        })
}
