//! When two values of the schema are the same: typed values first, then what the dialect
//! writes alike.

use crate::dialect::Dialect;
use crate::schema::{DefaultValue, ReferentialAction, Type};
use crate::state::{
    CheckState, ForeignKeyState, IndexState, Table, UniqueState, condition_text, default_text,
    index_key_text, key_text, type_text,
};

/// Whether two tables have the same columns, by name and type.
pub(super) fn same_shape(a: &Table, b: &Table, dialect: Dialect) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns.iter().all(|column| {
            b.column(&column.name)
                .is_some_and(|other| same_type(&column.ty, &other.ty, dialect))
        })
}

/// Whether two types are the same column type on `dialect`: equal values, or two spellings
/// the dialect writes alike (`Type::custom("TEXT")` and `Type::Text`). Whether the database
/// numbers the column (`Serial` against `Integer`) is not compared: no database changes it in
/// place. Enum types compare by their values.
pub(super) fn same_type(a: &Type, b: &Type, dialect: Dialect) -> bool {
    // An enum's name is a type of its own on PostgreSQL alone.
    if let (
        Type::Enum { name, values },
        Type::Enum {
            name: other,
            values: others,
        },
    ) = (a, b)
    {
        return values == others && (name == other || dialect != Dialect::Postgres);
    }
    let spelled = |ty: &Type| dialect.column_type(ty).ok().map(|t| type_text(dialect, &t));
    let alike = |a: &Type, b: &Type| {
        a == b || matches!((spelled(a), spelled(b)), (Some(a), Some(b)) if a == b)
    };
    // SQLite spells `Serial` and `BigSerial` alike (its row id), not `Integer` and `BigInt`.
    alike(a, b) || alike(&without_sequence(a), &without_sequence(b))
}

/// `ty` without the database's numbering: `Serial` is `Integer`, `BigSerial` `BigInt`.
pub(super) fn without_sequence(ty: &Type) -> Type {
    match ty {
        Type::Serial => Type::Integer,
        Type::BigSerial => Type::BigInt,
        other => other.clone(),
    }
}

/// Whether `values` appear in `new` in the same order (others between them).
pub(super) fn is_subsequence(values: &[String], new: &[String]) -> bool {
    let mut rest = new.iter();
    values.iter().all(|value| rest.any(|other| other == value))
}

/// Whether two defaults are the same: equal values, equal numbers, or what the dialect
/// writes alike (MySQL's `current_timestamp(6)` for `CURRENT_TIMESTAMP`).
pub(super) fn same_default(
    a: Option<&DefaultValue>,
    b: Option<&DefaultValue>,
    dialect: Dialect,
) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let number = |value: &DefaultValue| match value {
                DefaultValue::Integer(i) => Some(*i as f64),
                DefaultValue::Float(f) => Some(*f),
                _ => None,
            };
            let spelled =
                |value: &DefaultValue| default_text(dialect, &dialect.default_value(value));
            a == b
                || matches!((number(a), number(b)), (Some(x), Some(y)) if x == y)
                || spelled(a) == spelled(b)
        }
        _ => false,
    }
}

pub(super) fn same_key(a: &ForeignKeyState, b: &ForeignKeyState, dialect: Dialect) -> bool {
    // MySQL's RESTRICT is its NO ACTION.
    let action = |action: Option<ReferentialAction>| match action {
        None => ReferentialAction::NoAction,
        Some(ReferentialAction::Restrict) if dialect == Dialect::MySql => {
            ReferentialAction::NoAction
        }
        Some(action) => action,
    };
    a.columns == b.columns
        && a.referred_table == b.referred_table
        && a.referred_columns == b.referred_columns
        && action(a.on_delete) == action(b.on_delete)
        && action(a.on_update) == action(b.on_update)
        // MySQL has no deferred keys.
        && (a.deferrable == b.deferrable || dialect == Dialect::MySql)
}

pub(super) fn same_check(a: &CheckState, b: &CheckState) -> bool {
    condition_text(&a.condition) == condition_text(&b.condition)
}

/// Whether two indexes are the same: by name (as Alembic: a renamed index is dropped and made
/// again), uniqueness, `WHERE`, keys by meaning, and PostgreSQL's `INCLUDE`.
pub(super) fn same_index(a: &IndexState, b: &IndexState, dialect: Dialect) -> bool {
    let condition = |index: &IndexState| index.where_sql.as_deref().map(condition_text);
    let keys = |index: &IndexState| -> Vec<String> {
        let key = |c: &String| index_key_text(c) + &key_text(index.key_options.get(c), dialect);
        index.columns.iter().map(key).collect()
    };
    let include = |index: &IndexState| match dialect {
        Dialect::Postgres => index.include.clone(),
        Dialect::Sqlite | Dialect::MySql => Vec::new(),
    };
    // MySQL's index names are its tables' own and compared without case.
    let named_alike = match dialect {
        Dialect::MySql => a.name.eq_ignore_ascii_case(&b.name),
        Dialect::Postgres | Dialect::Sqlite => a.name == b.name,
    };
    named_alike
        && a.unique == b.unique
        && condition(a) == condition(b)
        && keys(a) == keys(b)
        && include(a) == include(b)
}

pub(super) fn unique_of(unique: &UniqueState) -> crate::schema::UniqueConstraint {
    crate::schema::UniqueConstraint {
        name: unique.name.clone(),
        columns: unique.columns.clone(),
    }
}

/// Whether changing a column from `from` to `to` can lose data: anything but a known
/// widening (a larger integer, a longer string, text, a wider decimal, double precision).
pub(super) fn narrows(from: &Type, to: &Type) -> bool {
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

/// `current`'s unique keys spelled as `to` spells the same keys, on a database where a unique
/// constraint is a unique index (MySQL): each side may say either, and neither is a change.
pub(super) fn align_unique_spellings(
    current: &mut crate::state::Schema,
    to: &crate::state::Schema,
) {
    for (name, table) in &mut current.tables {
        let Some(wanted) = to.tables.get(name) else {
            continue;
        };
        let plain = |index: &IndexState| {
            index.unique
                && index.where_sql.is_none()
                && index.include.is_empty()
                && index.key_options.is_empty()
        };
        let (as_indexes, uniques): (Vec<_>, Vec<_>) = std::mem::take(&mut table.uniques)
            .into_iter()
            .partition(|unique| {
                let wanted_index =
                    |index: &IndexState| plain(index) && index.columns == unique.columns;
                let wanted_unique = |other: &UniqueState| other.columns == unique.columns;
                wanted.indexes.iter().any(wanted_index) && !wanted.uniques.iter().any(wanted_unique)
            });
        let (as_uniques, indexes): (Vec<_>, Vec<_>) = std::mem::take(&mut table.indexes)
            .into_iter()
            .partition(|index| {
                let wanted_index =
                    |other: &IndexState| plain(other) && other.columns == index.columns;
                let wanted_unique = |unique: &UniqueState| unique.columns == index.columns;
                plain(index)
                    && wanted.uniques.iter().any(wanted_unique)
                    && !wanted.indexes.iter().any(wanted_index)
            });
        table.uniques = uniques;
        table.indexes = indexes;
        table.indexes.extend(as_indexes.into_iter().map(|unique| {
            let wanted = wanted
                .indexes
                .iter()
                .find(|index| plain(index) && index.columns == unique.columns);
            IndexState {
                // A unique constraint without a name is an index named by MySQL.
                name: unique
                    .name
                    .or_else(|| wanted.map(|index| index.name.clone()))
                    .unwrap_or_default(),
                columns: unique.columns,
                unique: true,
                where_sql: None,
                key_options: Default::default(),
                include: Vec::new(),
            }
        }));
        table
            .uniques
            .extend(as_uniques.into_iter().map(|index| UniqueState {
                name: Some(index.name),
                columns: index.columns,
            }));
    }
}
