//! A catalog's schema in portable values: each type the database spells as migrate renders a
//! portable [`Type`] becomes that type (`character varying(255)` is `Type::Varchar(255)`, an
//! `integer` with a sequence default `Type::Serial`), and each literal default a typed one, so
//! that a baseline written from a live database reads like hand-written ops. What has no
//! portable equal stays as the catalog spells it, which the same database reads back alike.

use sqlparser::dialect::MySqlDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::compare::forms::nextval_sequence;
use super::compare::spelling::{
    default_text, exact_type_text, type_text, without_outer_parentheses,
};
use super::{ColumnState, Schema, Table};
use crate::dialect::{Dialect, is_bare_name};
use crate::schema::{DefaultValue, Type};

/// The portable types tried, parameterless.
const FIXED: [Type; 16] = [
    Type::SmallInt,
    Type::Integer,
    Type::BigInt,
    Type::Boolean,
    Type::Real,
    Type::Double,
    Type::Text,
    Type::Date,
    Type::Time,
    Type::Timestamp,
    Type::TimestampTz,
    Type::Uuid,
    Type::Json,
    Type::Jsonb,
    Type::Bytes,
    Type::Interval,
];

impl Schema {
    /// This schema, read from a `dialect` database's catalog, with portable types and typed
    /// literal defaults where the database's spelling is migrate's for one.
    pub fn portable(mut self, dialect: Dialect) -> Schema {
        let enums = self.enums.clone();
        // A sequence of its own (not a column's) may number several columns: those stay
        // integers with its `nextval` default, not serials.
        let sequences: Vec<String> = (self.objects.iter())
            .filter(|object| object.kind == super::ObjectKind::Sequence)
            .map(|object| object.name.clone())
            .collect();
        for table in self.tables.values_mut() {
            portable_table(table, dialect, &enums, &sequences);
        }
        self
    }
}

/// The values of MySQL's `enum('a','b')`.
fn mysql_enum(spelled: &str, dialect: Dialect) -> Option<Vec<String>> {
    let inner = spelled
        .strip_prefix("enum(")
        .or_else(|| spelled.strip_prefix("ENUM("))?
        .strip_suffix(')')?;
    (dialect == Dialect::MySql).then(|| quoted_list(inner))?
}

/// The values of `condition` when it is the check migrate writes for an enum column on
/// SQLite: `"column" IN ('a', 'b')`.
fn enum_values(condition: &str, column: &str) -> Option<Vec<String>> {
    let quoted = Dialect::Sqlite.quote(column);
    let rest = condition.trim().strip_prefix(quoted.as_str())?.trim_start();
    let rest = rest
        .strip_prefix("IN")
        .or_else(|| rest.strip_prefix("in"))?
        .trim_start();
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    quoted_list(inner)
}

/// `'a', 'b'` as `["a", "b"]`; none unless every item is a quoted string.
fn quoted_list(inner: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        match chars.next() {
            None => break,
            Some('\'') => {}
            Some(_) => return None,
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                c => value.push(c),
            }
        }
        values.push(value);
    }
    (!values.is_empty()).then_some(values)
}

fn portable_table(
    table: &mut Table,
    dialect: Dialect,
    enums: &std::collections::BTreeMap<String, Vec<String>>,
    sequences: &[String],
) {
    if dialect == Dialect::MySql {
        table.keys_as_declared();
        // MySQL quotes the names in the expressions it keeps; other databases read them
        // without.
        for generated in table
            .columns
            .iter_mut()
            .filter_map(|c| c.generated.as_mut())
        {
            generated.expression = without_backticks(&generated.expression);
        }
        for check in &mut table.checks {
            check.condition = without_backticks(&check.condition);
        }
    }
    // PostgreSQL keeps a generated column's expression in parentheses of its own.
    for generated in table
        .columns
        .iter_mut()
        .filter_map(|c| c.generated.as_mut())
    {
        generated.expression = without_outer_parentheses(&generated.expression);
    }
    let single_key = match &table.primary_key {
        Some(key) if key.columns.len() == 1 => key.columns.first().cloned(),
        _ => None,
    };
    for column in &mut table.columns {
        let Type::Custom(spelled) = &column.ty else {
            continue;
        };
        let spelled = spelled.clone();
        let keyed = single_key.as_deref() == Some(column.name.as_str());
        column.ty = match enums.get(spelled.trim_matches('"')) {
            Some(values) => Type::Enum {
                name: spelled.trim_matches('"').to_owned(),
                values: values.clone(),
            },
            None => match mysql_enum(&spelled, dialect) {
                Some(values) => Type::Enum {
                    name: format!("{}_{}", table.name, column.name),
                    values,
                },
                None => portable_type(&spelled, dialect),
            },
        };
        auto_increment(column, &spelled, keyed, dialect, sequences);
        // SQLite's enum: text with a check that lists the values, as migrate writes it.
        if dialect == Dialect::Sqlite
            && let Some(position) = table.checks.iter().position(|check| {
                check.name.is_none() && enum_values(&check.condition, &column.name).is_some()
            })
        {
            let check = table.checks.remove(position);
            column.ty = Type::Enum {
                name: format!("{}_{}", table.name, column.name),
                values: enum_values(&check.condition, &column.name).unwrap_or_default(),
            };
        }
        if let Some(DefaultValue::Sql(sql)) = &column.default {
            let stored = match &column.ty {
                Type::Custom(spelled) => stored_type(spelled, dialect),
                other => other.clone(),
            };
            column.default = Some(typed_default(sql, &stored, dialect));
        }
    }
}

/// `sql` with the backticks left out around the names that need none anywhere.
fn without_backticks(sql: &str) -> String {
    let Ok(tokens) = Tokenizer::new(&MySqlDialect {}, sql)
        .with_unescape(false)
        .tokenize()
    else {
        return sql.to_owned();
    };
    tokens
        .into_iter()
        .map(|token| match token {
            Token::Word(word) if word.quote_style == Some('`') && is_bare_name(&word.value) => {
                word.value
            }
            token => token.to_string(),
        })
        .collect()
}

/// The portable type `dialect` spells as `spelled`, else the spelling as a custom type.
fn portable_type(spelled: &str, dialect: Dialect) -> Type {
    matching_type(spelled, dialect, exact_type_text)
}

/// The portable type `dialect` stores alike with `spelled` (SQLite's `FLOAT` is `DOUBLE`),
/// else the spelling as a custom type: the kind of value its default holds.
fn stored_type(spelled: &str, dialect: Dialect) -> Type {
    matching_type(spelled, dialect, type_text)
}

fn matching_type(spelled: &str, dialect: Dialect, text: fn(Dialect, &str) -> String) -> Type {
    let wanted = text(dialect, spelled.trim_end_matches(" auto_increment"));
    let numbers: Vec<u32> = spelled
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|digits| digits.parse().ok())
        .collect();
    let sized = match numbers.as_slice() {
        [n] => vec![Type::Varchar(*n), Type::Char(*n)],
        [precision, scale] => vec![Type::numeric(*precision, *scale)],
        _ => Vec::new(),
    };
    // MariaDB spells JSON as LONGTEXT: a LONGTEXT that was not declared JSON stays LONGTEXT.
    let json = dialect != Dialect::MySql || spelled.eq_ignore_ascii_case("json");
    sized
        .into_iter()
        .chain(FIXED)
        .filter(|candidate| json || *candidate != Type::Json)
        .find(|candidate| {
            dialect
                .column_type(candidate)
                .is_ok_and(|rendered| text(dialect, &rendered) == wanted)
        })
        .unwrap_or_else(|| Type::Custom(spelled.to_owned()))
}

/// A column the database numbers itself: PostgreSQL's sequence default, MySQL's
/// `auto_increment`, SQLite's `INTEGER PRIMARY KEY` (the row id).
/// `sequences` are the schema's sequences of their own, which number no column of theirs.
fn auto_increment(
    column: &mut ColumnState,
    spelled: &str,
    keyed: bool,
    dialect: Dialect,
    sequences: &[String],
) {
    let numbered = match dialect {
        Dialect::Postgres => matches!(
            &column.default,
            Some(DefaultValue::Sql(sql)) if sql.starts_with("nextval(")
                && !nextval_sequence(sql).is_some_and(|used| sequences.contains(&used))
        ),
        Dialect::MySql => spelled.ends_with(" auto_increment"),
        Dialect::Sqlite => keyed && spelled.eq_ignore_ascii_case("integer"),
    };
    if !numbered {
        return;
    }
    column.ty = match (dialect, &column.ty) {
        // SQLite's row id is 64 bits.
        (Dialect::Sqlite, Type::Integer | Type::BigInt) | (_, Type::BigInt) => Type::BigSerial,
        (_, Type::Integer) => Type::Serial,
        _ => return,
    };
    if dialect == Dialect::Postgres {
        column.default = None;
    }
}

/// A literal default as a typed value of the column's kind; an expression as the catalog
/// spells it.
fn typed_default(sql: &str, ty: &Type, dialect: Dialect) -> DefaultValue {
    let text = default_text(dialect, sql);
    let quoted = text
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .map(|t| t.replace("''", "'"));
    let value = quoted.clone().unwrap_or_else(|| text.clone());
    // The current time spelled as the database spells `DefaultValue::Now` (PostgreSQL's
    // `now()`, not its `CURRENT_TIMESTAMP`, so that the catalog is written back alike).
    if sql
        .trim()
        .eq_ignore_ascii_case(&dialect.default_value(&DefaultValue::Now))
    {
        return DefaultValue::Now;
    }
    let typed = match ty {
        Type::Boolean => match value.as_str() {
            "true" | "1" => Some(DefaultValue::Boolean(true)),
            "false" | "0" => Some(DefaultValue::Boolean(false)),
            _ => None,
        },
        Type::SmallInt | Type::Integer | Type::BigInt | Type::Numeric { .. } => {
            value.parse::<i64>().ok().map(DefaultValue::Integer)
        }
        Type::Real | Type::Double => match value.parse::<i64>() {
            Ok(integer) => Some(DefaultValue::Integer(integer)),
            Err(_) => value.parse::<f64>().ok().map(DefaultValue::Float),
        },
        _ => quoted.map(DefaultValue::Text),
    };
    typed.unwrap_or_else(|| DefaultValue::Sql(sql.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::without_backticks;

    #[test]
    fn backticks_go_and_strings_stay_as_written() {
        assert_eq!(
            without_backticks("(`note` <> 'it''s') and `order` > 0"),
            "(note <> 'it''s') and `order` > 0"
        );
    }
}
