//! Values added to an enum type, one op that each database runs its own way.

use super::{AlterColumn, Op};
use crate::schema::{ColumnNames, Type};

/// Values added to the enum type `name` (see [`alter_enum`](super::alter_enum)).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AlterEnum {
    pub(crate) name: String,
    /// The values the type has before the op, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) existing: Vec<String>,
    /// Each value added, with the value it goes before (`None`: after the last).
    pub(crate) added: Vec<(String, Option<String>)>,
    /// The columns of the type, `(table, column)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) columns: Vec<(String, String)>,
}

impl AlterEnum {
    pub(crate) fn new(name: String) -> Self {
        AlterEnum {
            name,
            existing: Vec::new(),
            added: Vec::new(),
            columns: Vec::new(),
        }
    }

    /// The values the type has before the op, in order: MySQL and SQLite write the whole list
    /// on each column, so they need it (PostgreSQL does not).
    pub fn existing<C>(mut self, values: C) -> Self
    where
        C: ColumnNames,
    {
        self.existing = values.into_names();
        self
    }

    /// Add `value` after the last value.
    pub fn add_value(mut self, value: impl Into<String>) -> Self {
        self.added.push((value.into(), None));
        self
    }

    /// Add `value` just before the value `before`.
    pub fn add_value_before(mut self, value: impl Into<String>, before: impl Into<String>) -> Self {
        self.added.push((value.into(), Some(before.into())));
        self
    }

    /// A column of the type: MySQL and SQLite keep an enum's values on each column, so each
    /// column of the type is named (the replay refuses the op when one is left out).
    pub fn column(mut self, table: impl Into<String>, column: impl Into<String>) -> Self {
        self.columns.push((table.into(), column.into()));
        self
    }

    /// The values after the op, from `values` before it; `None` when a value added is there
    /// already or goes before a value that is not.
    pub(crate) fn values_after(&self, values: &[String]) -> Option<Vec<String>> {
        let mut after = values.to_vec();
        for (value, before) in &self.added {
            if after.contains(value) {
                return None;
            }
            let at = match before {
                Some(before) => after.iter().position(|v| v == before)?,
                None => after.len(),
            };
            after.insert(at, value.clone());
        }
        Some(after)
    }

    /// The op as MySQL and SQLite run it: each column's type changed to the enum with the
    /// values after the op; `None` when the op does not name the values there before or the
    /// columns, or the values added do not fit.
    pub(crate) fn column_changes(&self) -> Option<Vec<AlterColumn>> {
        if self.existing.is_empty() || self.columns.is_empty() {
            return None;
        }
        let ty = Type::Enum {
            name: self.name.clone(),
            values: self.values_after(&self.existing)?,
        };
        let changes = (self.columns.iter())
            .map(|(table, column)| super::alter_column(table, column).ty(ty.clone()))
            .collect();
        Some(changes)
    }
}

impl From<AlterEnum> for Op {
    fn from(op: AlterEnum) -> Self {
        Op::AlterEnum(op)
    }
}

#[cfg(test)]
mod tests {
    use crate::op;

    #[test]
    fn values_go_at_the_end_or_before_the_value_named() {
        let alter = op::alter_enum("status")
            .existing(["draft", "published"])
            .add_value("archived")
            .add_value_before("review", "published");
        let after = alter.values_after(&["draft".into(), "published".into()]);
        assert_eq!(
            after.as_deref(),
            Some(&["draft", "review", "published", "archived"].map(String::from)[..])
        );
        // A value there already, or a place that is not: no list.
        assert_eq!(alter.values_after(&["archived".into()]), None);
        let nowhere = op::alter_enum("status").add_value_before("x", "missing");
        assert_eq!(nowhere.values_after(&["draft".into()]), None);
    }
}
