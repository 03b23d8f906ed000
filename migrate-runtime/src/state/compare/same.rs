//! Whether two items of two schemas are the same on a database: the comparer's answer for
//! autogenerate, from the forms drift compares ([`super::forms`]). Names of keys and
//! constraints are not compared here: a model rarely names them, and a name alone changes
//! nothing a team relies on (Alembic compares them alike).

use super::condition::condition_text;
use super::forms::{default_form, foreign_key_text, index_text, nextval_sequence};
use super::spelling::type_text;
use crate::dialect::Dialect;
use crate::schema::{DefaultValue, Type};
use crate::state::{CheckState, ColumnState, ForeignKeyState, IndexState, Table, UniqueState};

/// Whether two tables have the same columns, by name and type.
pub(crate) fn same_shape(a: &Table, b: &Table, dialect: Dialect) -> bool {
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
pub(crate) fn same_type(a: &Type, b: &Type, dialect: Dialect) -> bool {
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
    let alike = |a: &Type, b: &Type| {
        a == b
            || matches!((spelled_type(a, dialect), spelled_type(b, dialect)), (Some(a), Some(b)) if a == b)
    };
    // SQLite spells `Serial` and `BigSerial` alike (its row id), not `Integer` and `BigInt`.
    alike(a, b) || alike(&without_sequence(a), &without_sequence(b))
}

/// `ty` as `dialect` writes it in its catalog; none where it has no such type.
fn spelled_type(ty: &Type, dialect: Dialect) -> Option<String> {
    dialect.column_type(ty).ok().map(|t| type_text(dialect, &t))
}

/// `ty` without the database's numbering: `Serial` is `Integer`, `BigSerial` `BigInt`.
pub(crate) fn without_sequence(ty: &Type) -> Type {
    match ty {
        Type::Serial => Type::Integer,
        Type::BigSerial => Type::BigInt,
        other => other.clone(),
    }
}

/// Whether two columns have the same default on `dialect`: the same [`default_form`] (a
/// number by its value on a number column, MySQL's `current_timestamp(6)` for
/// `CURRENT_TIMESTAMP`, …). Two typed schemas say a serial by its type, so a `nextval(…)`
/// default is a shared sequence's here, compared by that sequence.
pub(crate) fn same_default(a: &ColumnState, b: &ColumnState, dialect: Dialect) -> bool {
    let sequence = |column: &ColumnState| match &column.default {
        Some(DefaultValue::Sql(sql)) => nextval_sequence(sql),
        _ => None,
    };
    if sequence(a).is_some() || sequence(b).is_some() {
        return sequence(a) == sequence(b);
    }
    let form = |column: &ColumnState| {
        let sql = (column.default.as_ref()).map(|default| dialect.default_value(default));
        let ty = spelled_type(&column.ty, dialect).unwrap_or_default();
        default_form(sql.as_deref(), &ty, dialect)
    };
    form(a) == form(b)
}

/// Whether two foreign keys are the same on `dialect`, their names aside.
pub(crate) fn same_key(a: &ForeignKeyState, b: &ForeignKeyState, dialect: Dialect) -> bool {
    foreign_key_text(a, dialect, "") == foreign_key_text(b, dialect, "")
}

/// Whether two unique constraints are the same, their names aside.
pub(crate) fn same_unique(a: &UniqueState, b: &UniqueState) -> bool {
    a.columns == b.columns
}

/// Whether two checks are the same, their names aside: conditions of the same meaning.
pub(crate) fn same_check(a: &CheckState, b: &CheckState) -> bool {
    condition_text(&a.condition) == condition_text(&b.condition)
}

/// Whether two indexes are the same: by name (as Alembic: a renamed index is dropped and made
/// again), uniqueness, `WHERE`, keys by meaning, and PostgreSQL's `INCLUDE`.
pub(crate) fn same_index(a: &IndexState, b: &IndexState, dialect: Dialect) -> bool {
    index_text(a, dialect) == index_text(b, dialect)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered_by(default: Option<&str>) -> ColumnState {
        ColumnState {
            name: "number".to_owned(),
            ty: Type::BigInt,
            nullable: false,
            default: default.map(|sql| DefaultValue::Sql(sql.to_owned())),
            comment: None,
            generated: None,
            identity: None,
            collation: None,
        }
    }

    #[test]
    fn a_shared_sequence_default_is_compared_by_its_sequence() {
        let catalog = numbered_by(Some("nextval('order_numbers'::regclass)"));
        let written = numbered_by(Some("nextval('order_numbers')"));
        let other = numbered_by(Some("nextval('invoice_numbers')"));
        let none = numbered_by(None);
        assert!(same_default(&catalog, &written, Dialect::Postgres));
        assert!(!same_default(&catalog, &other, Dialect::Postgres));
        assert!(!same_default(&catalog, &none, Dialect::Postgres));
    }
}
