//! Columns added, changed in place (type, nullability, default, comment; values added to a
//! PostgreSQL enum type), and dropped.

use super::{AutogenerateError, Differ};
use crate::dialect::Dialect;
use crate::op;
use crate::schema::{DefaultValue, Generated, Identity, Type};
use crate::state::{ColumnState, condition_text, same_default, same_type, without_sequence};

impl Differ<'_> {
    pub(super) fn add_and_alter_columns(&mut self) -> Result<(), AutogenerateError> {
        for name in self.common_tables() {
            let target = &self.to.tables[&name];
            for column in &target.columns {
                let Some(now) = self.current.tables[&name].column(&column.name).cloned() else {
                    let mut added = [column.to_column()];
                    self.mark_existing_types(&mut added);
                    let [added] = added;
                    self.push(
                        op::add_column(&name, added),
                        format!("added column `{name}.{}`", column.name),
                        false,
                    )?;
                    continue;
                };
                self.alter_column(&name, &now, column)?;
            }
        }
        Ok(())
    }

    fn alter_column(
        &mut self,
        table: &str,
        now: &ColumnState,
        to: &ColumnState,
    ) -> Result<(), AutogenerateError> {
        let same_expression = |a: &Generated, b: &Generated| {
            a.stored == b.stored && condition_text(&a.expression) == condition_text(&b.expression)
        };
        let generated_alike = match (&now.generated, &to.generated) {
            (None, None) => true,
            (Some(a), Some(b)) => same_expression(a, b),
            _ => false,
        };
        if !generated_alike {
            // No database changes how a column is generated in place: it goes and comes back
            // (a generated column's values are computed, so nothing is lost).
            let summary = format!("generated column `{table}.{}` redefined", now.name);
            let lossless = now.generated.is_some();
            self.push(
                op::drop_column(table, &now.name),
                summary.clone(),
                !lossless,
            )?;
            return self.push(op::add_column(table, to.to_column()), summary, false);
        }
        let mut alter = op::alter_column(table, &now.name);
        let mut what = Vec::new();
        let mut destructive = false;
        let enums = match (&now.ty, &to.ty) {
            (
                Type::Enum { name, values },
                Type::Enum {
                    name: other,
                    values: new,
                },
            ) if values != new => Some((name, values, other, new)),
            _ => None,
        };
        let added_values =
            enums.filter(|(name, values, other, new)| name == other && is_subsequence(values, new));
        if let Some((name, values, _, new)) = added_values {
            // Values added keep every row: one op, which each database runs its own way.
            self.add_enum_values(name, values, new)?;
        } else if let (Dialect::Postgres, Some((name, ..))) = (self.dialect, enums) {
            // PostgreSQL's enum type is changed in place, and only by adding values.
            return Err(AutogenerateError::Unsupported(format!(
                "the values of the enum type `{name}` (column `{table}.{}`) were removed, \
                 reordered or renamed; PostgreSQL only adds values in place: write that \
                 migration by hand (`ALTER TYPE … RENAME VALUE …`, or a new type and \
                 `op::alter_column(…).ty(…).using(…)`)",
                now.name
            )));
        } else if !same_type(&now.ty, &to.ty, self.dialect) {
            // A serial column keeps its sequence: only the integer's width changes.
            alter = alter.ty(without_sequence(&to.ty));
            destructive = narrows(&now.ty, &to.ty);
            // PostgreSQL converts to another kind of type (text to integer, …) only when told
            // how; the others ignore it. A widening needs nothing.
            if destructive && let Ok(ty) = Dialect::Postgres.column_type(&to.ty) {
                let column = Dialect::Postgres.quote(&now.name);
                alter = alter.using(format!("CAST({column} AS {ty})"));
            }
            what.push(format!(
                "type {} to {}",
                self.type_text(&now.ty),
                self.type_text(&to.ty)
            ));
        }
        if now.nullable != to.nullable {
            alter = alter.nullable(to.nullable);
            what.push(match to.nullable {
                true => "now nullable".to_owned(),
                false => "now NOT NULL".to_owned(),
            });
        }
        if !same_default(now, to, self.dialect) {
            alter = match &to.default {
                Some(default) => alter.default(default.clone()),
                None => alter.drop_default(),
            };
            let shown = |default: Option<&DefaultValue>| {
                default.map_or("none".to_owned(), |d| self.dialect.default_value(d))
            };
            what.push(format!(
                "default {} to {}",
                shown(now.default.as_ref()),
                shown(to.default.as_ref())
            ));
        }
        if now.comment != to.comment {
            alter = alter.comment(to.comment.as_deref());
            what.push("comment".to_owned());
        }
        // SQLite keeps a collation in the table's text, which is not compared there.
        let collation = |column: &ColumnState| column.collation.as_deref().map(str::to_lowercase);
        if self.dialect != Dialect::Sqlite && collation(now) != collation(to) {
            // PostgreSQL changes a collation only with the type, restated.
            if alter.ty.is_none() {
                alter = alter.ty(without_sequence(&to.ty));
            }
            alter = alter.collation(to.collation.as_deref());
            let shown = |c: &Option<String>| c.clone().unwrap_or_else(|| "the default".to_owned());
            what.push(format!(
                "collation {} to {}",
                shown(&now.collation),
                shown(&to.collation)
            ));
        }
        // An identity is a thing of its own on PostgreSQL alone: MySQL's and SQLite's are the
        // numbering of the column, not compared (as `SERIAL` against `INTEGER`).
        let identity = |column: &ColumnState| match self.dialect {
            Dialect::Postgres => column.identity.clone().map(Identity::canonical),
            Dialect::MySql | Dialect::Sqlite => None,
        };
        match (identity(now), identity(to)) {
            // A serial's own sequence holds the position the identity must start past.
            (None, Some(_)) if now.ty.is_auto_increment() => {
                return Err(AutogenerateError::Unsupported(format!(
                    "column `{table}.{}` goes from a serial to an identity column, whose \
                     sequence must start past the values there: write that migration by hand \
                     (`ALTER COLUMN … DROP DEFAULT`, `DROP SEQUENCE …`, then `ADD GENERATED … \
                     AS IDENTITY (START WITH …)` with the next value)",
                    now.name
                )));
            }
            (None, Some(added)) => {
                alter = alter.add_identity(added);
                what.push("now an identity column".to_owned());
            }
            (Some(_), None) => {
                alter = alter.drop_identity();
                what.push("no longer an identity column".to_owned());
            }
            (Some(before), Some(after)) if before != after => {
                alter = alter.set_identity(after);
                what.push("identity options".to_owned());
            }
            _ => {}
        }
        if what.is_empty() {
            return Ok(());
        }
        self.push(
            alter,
            format!("changed column `{table}.{}`: {}", now.name, what.join(", ")),
            destructive,
        )
    }

    /// [`op::alter_enum`] adding each value of `new` that `values` (of the enum type `name`)
    /// lacks, placed before the value it precedes, with what MySQL and SQLite need: the values
    /// there before and every column of the type.
    fn add_enum_values(
        &mut self,
        name: &str,
        values: &[String],
        new: &[String],
    ) -> Result<(), AutogenerateError> {
        let mut alter = op::alter_enum(name).existing(values.to_vec());
        let mut added = Vec::new();
        for (position, value) in new.iter().enumerate() {
            if values.contains(value) {
                continue;
            }
            let before = new[position + 1..]
                .iter()
                .find(|next| values.contains(next));
            alter = match before {
                Some(before) => alter.add_value_before(value, before),
                None => alter.add_value(value),
            };
            added.push(format!("'{value}'"));
        }
        for table in self.current.tables.values() {
            for column in &table.columns {
                if matches!(&column.ty, Type::Enum { name: used, .. } if used == name) {
                    alter = alter.column(&table.name, &column.name);
                }
            }
        }
        let values = match added.len() {
            1 => "value",
            _ => "values",
        };
        let summary = format!(
            "added the {values} {} to the enum type `{name}`",
            added.join(", ")
        );
        self.push(alter, summary, false)
    }

    pub(super) fn drop_columns(&mut self) -> Result<(), AutogenerateError> {
        for name in self.common_tables() {
            let gone: Vec<String> = self.current.tables[&name]
                .columns
                .iter()
                .filter(|column| self.to.tables[&name].column(&column.name).is_none())
                .map(|column| column.name.clone())
                .collect();
            for column in gone {
                self.push(
                    op::drop_column(&name, &column),
                    format!("dropped column `{name}.{column}`"),
                    true,
                )?;
            }
        }
        Ok(())
    }
}

/// Whether `values` appear in `new` in the same order (others between them).
fn is_subsequence(values: &[String], new: &[String]) -> bool {
    let mut rest = new.iter();
    values.iter().all(|value| rest.any(|other| other == value))
}
/// Whether changing a column from `from` to `to` can lose data: anything but a known
/// widening (a larger integer, a longer string, text, a wider decimal, double precision).
fn narrows(from: &Type, to: &Type) -> bool {
    use Type::*;
    let widens = match (&without_sequence(from), &without_sequence(to)) {
        (SmallInt, Integer | BigInt) | (Integer, BigInt) | (Real, Double) => true,
        (Varchar(a), Varchar(b)) | (Char(a), Varchar(b)) => b >= a,
        (Varchar(_) | Char(_), Text) => true,
        (
            Numeric {
                precision: p1,
                scale: s1,
            },
            Numeric {
                precision: p2,
                scale: s2,
            },
        ) => s2 >= s1 && p2.saturating_sub(*s2) >= p1.saturating_sub(*s1),
        (Json, Jsonb) | (Timestamp, TimestampTz) => true,
        _ => false,
    };
    !widens
}
