//! The naming pass: every constraint an op leaves unnamed gets its name from the
//! [`NamingConvention`] before the op is rendered (the migration's checksum is taken before,
//! so a change of convention edits no migration).

use super::Op;
use std::borrow::Cow;
use std::collections::HashSet;

use super::CreateTable;
use crate::schema::{Column, ForeignKey, NamingConvention, UniqueConstraint};

impl Op {
    /// The op with its unnamed constraints named; itself, borrowed, when it is not one that
    /// declares constraints (`create_table`, `add_column`, raw SQL with declared ops).
    pub(crate) fn named(&self, convention: &NamingConvention) -> Cow<'_, Op> {
        Cow::Owned(match self {
            Op::CreateTable(table) => {
                let mut table = table.clone();
                let name = table.name.clone();
                // Names given in the migration are taken first; a chosen name already taken
                // gets a number, as PostgreSQL numbers its own (`orders_price_check1`).
                let mut taken = Taken::new(&table);
                let has_key =
                    !table.primary_key.is_empty() || table.columns.iter().any(|c| c.primary_key);
                if has_key && table.primary_key_name.is_none() {
                    table.primary_key_name =
                        Some(taken.claim(|n| convention.primary_key_name(&name, n)));
                }
                // A UNIQUE column becomes a named table constraint: MySQL cannot name one
                // inline.
                let mut uniques = Vec::new();
                for column in &mut table.columns {
                    if std::mem::replace(&mut column.unique, false) {
                        uniques.push(UniqueConstraint {
                            name: column.unique_name.take(),
                            columns: vec![column.name.clone()],
                        });
                    }
                }
                table.uniques.splice(0..0, uniques);
                for unique in &mut table.uniques {
                    if unique.name.is_none() {
                        let columns = &unique.columns;
                        unique.name =
                            Some(taken.claim(|n| convention.unique_name(&name, columns, n)));
                    }
                }
                let column_keys = table
                    .columns
                    .iter_mut()
                    .filter_map(|c| c.references.as_mut());
                for key in column_keys.chain(&mut table.foreign_keys) {
                    if key.name.is_none() {
                        let (columns, referred) = (&key.columns, &key.referred_table);
                        key.name =
                            Some(taken.claim(|n| {
                                convention.foreign_key_name(&name, columns, referred, n)
                            }));
                    }
                }
                let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
                for check in &mut table.checks {
                    if check.name.is_none() {
                        let column = only_column_named(&check.condition, &columns);
                        check.name = Some(taken.claim(|n| convention.check_name(&name, column, n)));
                    }
                }
                Op::CreateTable(table)
            }
            Op::AddColumn(add) => {
                let mut add = add.clone();
                name_column(&mut add.column, &add.table, convention);
                Op::AddColumn(add)
            }
            // The ops a raw statement declares are named as the same ops written out.
            Op::Execute(execute) if matches!(execute.effect, super::SchemaEffect::Ops(_)) => {
                let mut execute = execute.clone();
                if let super::SchemaEffect::Ops(ops) = &mut execute.effect {
                    for op in ops.iter_mut() {
                        *op = op.named(convention).into_owned();
                    }
                }
                Op::Execute(execute)
            }
            Op::OnlyOn(only) => only.wrap(only.op.named(convention).into_owned()),
            other => return Cow::Borrowed(other),
        })
    }
}

impl super::TableConstraint {
    /// Name the constraint, if unnamed, as `convention` names it on `table`, whose columns
    /// are `columns`; numbered past the names `taken` says are taken, as PostgreSQL numbers
    /// its own (`orders_price_check1`).
    pub(crate) fn name_unnamed(
        &mut self,
        table: &str,
        columns: &[&str],
        convention: &NamingConvention,
        taken: impl Fn(&str) -> bool,
    ) {
        let free = |name: &dyn Fn(usize) -> String| {
            (0..)
                .map(name)
                .find(|candidate| !taken(candidate))
                .unwrap_or_default()
        };
        match self {
            super::TableConstraint::ForeignKey(key) if key.name.is_none() => {
                let (columns, referred) = (&key.columns, &key.referred_table);
                key.name = Some(free(&|n| {
                    convention.foreign_key_name(table, columns, referred, n)
                }));
            }
            super::TableConstraint::Unique(unique) if unique.name.is_none() => {
                let columns = &unique.columns;
                unique.name = Some(free(&|n| convention.unique_name(table, columns, n)));
            }
            super::TableConstraint::Check(check) if check.name.is_none() => {
                let column = only_column_named(&check.condition, columns);
                check.name = Some(free(&|n| convention.check_name(table, column, n)));
            }
            super::TableConstraint::PrimaryKey { name, .. } if name.is_empty() => {
                *name = free(&|n| convention.primary_key_name(table, n));
            }
            _ => {}
        }
    }
}

/// A column added to `table`: its unique constraint and foreign key named.
fn name_column(column: &mut Column, table: &str, convention: &NamingConvention) {
    if column.unique && column.unique_name.is_none() {
        let columns = [column.name.clone()];
        column.unique_name = Some(convention.unique_name(table, &columns, 0));
    }
    name_key(column.references.as_mut(), table, convention);
}

fn name_key(key: Option<&mut ForeignKey>, table: &str, convention: &NamingConvention) {
    if let Some(key) = key
        && key.name.is_none()
    {
        key.name = Some(convention.foreign_key_name(table, &key.columns, &key.referred_table, 0));
    }
}

/// The one column of `columns` that `condition` names, if it names exactly one: PostgreSQL
/// puts a check's column in its name only then.
fn only_column_named<'a>(condition: &str, columns: &[&'a str]) -> Option<&'a str> {
    let mut named = words_outside_strings(condition)
        .into_iter()
        .filter_map(|word| {
            columns
                .iter()
                .find(|c| c.eq_ignore_ascii_case(word))
                .copied()
        })
        .collect::<Vec<_>>();
    named.sort_unstable();
    named.dedup();
    match named.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// The words of `sql` that could name a column: outside string literals, and not a function
/// name (a word followed by `(`).
fn words_outside_strings(sql: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut in_string = false;
    let mut start = None;
    for (index, c) in sql.char_indices().chain([(sql.len(), ' ')]) {
        let word_char = c.is_alphanumeric() || c == '_';
        match (start, word_char && !in_string) {
            (None, true) => start = Some(index),
            (Some(begin), false) => {
                let function = sql[index..].trim_start().starts_with('(');
                if !function {
                    words.push(&sql[begin..index]);
                }
                start = None;
            }
            _ => {}
        }
        if c == '\'' {
            in_string = !in_string;
        }
    }
    words
}

/// The constraint names a table already has, so that a chosen one is never given twice.
struct Taken(HashSet<String>);

impl Taken {
    /// The names the migration gave the table's constraints itself.
    fn new(table: &CreateTable) -> Self {
        let given = table
            .uniques
            .iter()
            .filter_map(|u| u.name.clone())
            .chain(table.foreign_keys.iter().filter_map(|k| k.name.clone()))
            .chain(table.checks.iter().filter_map(|c| c.name.clone()))
            .chain(
                table
                    .columns
                    .iter()
                    .filter_map(|c| c.references.as_ref()?.name.clone()),
            )
            .chain(table.columns.iter().filter_map(|c| c.unique_name.clone()))
            .chain(table.primary_key_name.clone());
        Taken(given.collect())
    }

    /// The first of `name(0)`, `name(1)`, … that is free.
    fn claim(&mut self, name: impl Fn(usize) -> String) -> String {
        let mut number = 0;
        loop {
            let candidate = name(number);
            if self.0.insert(candidate.clone()) {
                return candidate;
            }
            number += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::op::{self, Op};
    use crate::schema::{CheckConstraint, Column, NamingConvention, Type};

    /// The names of a named `CREATE TABLE`'s checks.
    fn check_names(table: op::CreateTable) -> Vec<String> {
        let op = Op::from(table);
        match op.named(&NamingConvention::default()).as_ref() {
            Op::CreateTable(table) => table.checks.iter().filter_map(|c| c.name.clone()).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn checks_are_named_as_postgresql_names_them() {
        let table = op::create_table("orders")
            .column(Column::new("price", Type::Integer))
            .column(Column::new("cost", Type::Integer))
            .check(CheckConstraint::new("price >= 0"))
            .check(CheckConstraint::new("price < 1000000"))
            .check(CheckConstraint::new("cost < price"))
            .check(CheckConstraint::new("1 = 1").name("orders_check"))
            .check(CheckConstraint::new("lower(cost) IN ('price', 'x')"));
        assert_eq!(
            check_names(table),
            [
                "orders_price_check",
                "orders_price_check1",
                "orders_check1",
                "orders_check",
                "orders_cost_check"
            ]
        );
    }
}
