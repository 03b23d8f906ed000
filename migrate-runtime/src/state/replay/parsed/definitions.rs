//! Column definitions, types, defaults and constraints of parsed SQL as migrate's own values.

use std::collections::BTreeMap;

use sqlparser::ast::{self, ColumnOption, DataType, ExactNumberInfo, Expr, TimezoneInfo};
use sqlparser::keywords::Keyword;

use super::Unread;
use crate::op::TableConstraint;
use crate::schema::{
    CheckConstraint, Column, DefaultValue, ForeignKey, Generated, Identity, KeyOptions,
    ReferentialAction, Type, UniqueConstraint, is_expression_key,
};
use crate::state::Schema;

/// A column with what its inline constraints say; `checks` are table constraints of its own,
/// `primary_key_name` the name given to an inline primary key.
pub(super) struct ColumnDefinition {
    pub(super) column: Column,
    pub(super) checks: Vec<CheckConstraint>,
    pub(super) primary_key_name: Option<String>,
}

/// `def` as a column, its type resolved against the enum types `schema` knows.
pub(super) fn column(def: &ast::ColumnDef, schema: &Schema) -> Result<ColumnDefinition, Unread> {
    let mut column = Column::new(&def.name.value, column_type(&def.data_type, schema));
    let mut checks = Vec::new();
    let mut primary_key_name = None;
    for option in &def.options {
        let name = option.name.as_ref().map(|name| name.value.clone());
        if let ColumnOption::PrimaryKey(key) = &option.option {
            primary_key_name = name
                .clone()
                .or_else(|| key.name.as_ref().map(|n| n.value.clone()));
        }
        apply_option(&mut column, &mut checks, name, &option.option)?;
    }
    Ok(ColumnDefinition {
        column,
        checks,
        primary_key_name,
    })
}

/// A MySQL `MODIFY`/`CHANGE` column: the whole new definition, options as given.
pub(super) fn redefined(
    name: &str,
    data_type: &DataType,
    options: &[ColumnOption],
    schema: &Schema,
) -> Result<Column, Unread> {
    let mut column = Column::new(name, column_type(data_type, schema));
    let mut checks = Vec::new();
    for option in options {
        // Keys and checks declared with the new definition are not read.
        if matches!(
            option,
            ColumnOption::PrimaryKey(_)
                | ColumnOption::Unique(_)
                | ColumnOption::ForeignKey(_)
                | ColumnOption::Check(_)
        ) {
            return Err(Unread);
        }
        apply_option(&mut column, &mut checks, None, option)?;
    }
    Ok(column)
}

fn apply_option(
    column: &mut Column,
    checks: &mut Vec<CheckConstraint>,
    name: Option<String>,
    option: &ColumnOption,
) -> Result<(), Unread> {
    match option {
        ColumnOption::Null => column.nullable = true,
        ColumnOption::NotNull => column.nullable = false,
        ColumnOption::Default(expr) => column.default = default_value(expr),
        ColumnOption::PrimaryKey(_) => {
            column.primary_key = true;
            column.nullable = false;
        }
        ColumnOption::Unique(_) => {
            column.unique = true;
            column.unique_name = name;
        }
        ColumnOption::ForeignKey(key) => {
            let mut reference = ForeignKey::new(
                vec![column.name.clone()],
                table_name(&key.foreign_table)?,
                idents(&key.referred_columns),
            );
            reference.name = name.or_else(|| key.name.as_ref().map(|n| n.value.clone()));
            reference.on_delete = key.on_delete.map(action);
            reference.on_update = key.on_update.map(action);
            reference.deferrable = deferrable(&key.characteristics);
            column.references = Some(reference);
        }
        ColumnOption::Check(check) => {
            let mut constraint = CheckConstraint::new(check.expr.to_string());
            constraint.name = name.or_else(|| check.name.as_ref().map(|n| n.value.clone()));
            checks.push(constraint);
        }
        ColumnOption::Comment(text) => column.comment = Some(text.clone()),
        // An identity column: no expression.
        ColumnOption::Generated {
            generation_expr: None,
            generated_as,
            sequence_options,
            ..
        } => {
            // Every identity column is NOT NULL.
            column.nullable = false;
            column.identity = Some(identity(generated_as, sequence_options.as_deref()));
        }
        // A computed column.
        ColumnOption::Generated {
            generation_expr: Some(expression),
            generation_expr_mode,
            ..
        } => {
            column.generated = Some(Generated {
                expression: expression.to_string(),
                stored: matches!(
                    generation_expr_mode,
                    Some(ast::GeneratedExpressionMode::Stored)
                ),
            });
        }
        // MySQL's `AUTO_INCREMENT`, SQLite's `AUTOINCREMENT`: the serial types.
        ColumnOption::DialectSpecific(tokens) if tokens.iter().any(is_auto_increment) => {
            column.ty = match &column.ty {
                Type::Integer => Type::Serial,
                Type::BigInt => Type::BigSerial,
                _ => return Err(Unread),
            };
        }
        // What the schema value does not hold: collations, MySQL's `ON UPDATE`, SQLite's
        // conflict clauses.
        ColumnOption::Collation(name) => column.collation = Some(table_name(name)?),
        ColumnOption::CharacterSet(_)
        | ColumnOption::OnUpdate(_)
        | ColumnOption::OnConflict(_)
        | ColumnOption::DialectSpecific(_) => {}
        _ => return Err(Unread),
    }
    Ok(())
}

fn is_auto_increment(token: &sqlparser::tokenizer::Token) -> bool {
    matches!(token, sqlparser::tokenizer::Token::Word(word)
        if matches!(word.keyword, Keyword::AUTO_INCREMENT | Keyword::AUTOINCREMENT))
}

/// A table-level constraint; a primary key's name is empty when the SQL gives none.
pub(super) fn constraint(constraint: &ast::TableConstraint) -> Result<TableConstraint, Unread> {
    let name = |ident: &Option<ast::Ident>| ident.as_ref().map(|name| name.value.clone());
    Ok(match constraint {
        ast::TableConstraint::PrimaryKey(key) => TableConstraint::PrimaryKey {
            name: name(&key.name).unwrap_or_default(),
            columns: index_columns(&key.columns)?,
        },
        // MySQL's `UNIQUE KEY uk (a)` names the index.
        ast::TableConstraint::Unique(unique) => TableConstraint::Unique(UniqueConstraint {
            name: name(&unique.name).or_else(|| name(&unique.index_name)),
            columns: index_columns(&unique.columns)?,
        }),
        ast::TableConstraint::ForeignKey(key) => {
            let mut reference = ForeignKey::new(
                idents(&key.columns),
                table_name(&key.foreign_table)?,
                idents(&key.referred_columns),
            );
            reference.name = name(&key.name);
            reference.on_delete = key.on_delete.map(action);
            reference.on_update = key.on_update.map(action);
            reference.deferrable = deferrable(&key.characteristics);
            TableConstraint::ForeignKey(reference)
        }
        ast::TableConstraint::Check(check) => {
            let mut constraint = CheckConstraint::new(check.expr.to_string());
            constraint.name = name(&check.name);
            TableConstraint::Check(constraint)
        }
        _ => return Err(Unread),
    })
}

/// The columns (or expressions) of an index key and the options of those that are not
/// ascending with NULLs where the order puts them (`DESC`, `NULLS FIRST`/`LAST`). Operator
/// classes are not held, so not read.
pub(super) fn index_key(
    columns: &[ast::IndexColumn],
) -> Result<(Vec<String>, BTreeMap<String, KeyOptions>), Unread> {
    let mut names = Vec::with_capacity(columns.len());
    let mut options = BTreeMap::new();
    for column in columns {
        if column.operator_class.is_some() {
            return Err(Unread);
        }
        let name = match &column.column.expr {
            Expr::Identifier(ident) => ident.value.clone(),
            // An expression key is written with parentheses (see `is_expression_key`).
            expr => match expr.to_string() {
                text if is_expression_key(&text) => text,
                text => format!("({text})"),
            },
        };
        let descending = match column.column.options.sort {
            Some(ast::OrderBySort::Desc) => true,
            Some(ast::OrderBySort::Asc) | None => false,
            Some(_) => return Err(Unread),
        };
        let key = KeyOptions {
            descending,
            nulls_first: column.column.options.nulls_first,
            prefix: None,
        }
        .normalized();
        if !key.is_plain() {
            options.insert(name.clone(), key);
        }
        names.push(name);
    }
    Ok((names, options))
}

/// The columns of a primary key or unique constraint (their order, which the schema does not
/// hold, left out).
pub(super) fn index_columns(columns: &[ast::IndexColumn]) -> Result<Vec<String>, Unread> {
    Ok(index_key(columns)?.0)
}

pub(super) fn idents(idents: &[ast::Ident]) -> Vec<String> {
    idents.iter().map(|ident| ident.value.clone()).collect()
}

/// The table (type, view, routine) a name refers to: one part, two with PostgreSQL's `public`
/// schema first (the name alone), or `schema.name` in another schema.
pub(super) fn table_name(name: &ast::ObjectName) -> Result<String, Unread> {
    let parts: Vec<&str> = name
        .0
        .iter()
        .map(|part| part.as_ident().map(|ident| ident.value.as_str()))
        .collect::<Option<_>>()
        .ok_or(Unread)?;
    match parts.as_slice() {
        [table] | ["public", table] => Ok((*table).to_owned()),
        [schema, table] => Ok(format!("{schema}.{table}")),
        _ => Err(Unread),
    }
}

/// `DEFERRABLE` (`Some(true)` initially deferred) or not, as a key's characteristics say.
fn deferrable(characteristics: &Option<ast::ConstraintCharacteristics>) -> Option<bool> {
    let characteristics = characteristics.as_ref()?;
    (characteristics.deferrable == Some(true))
        .then_some(characteristics.initially == Some(ast::DeferrableInitial::Deferred))
}

fn action(action: ast::ReferentialAction) -> ReferentialAction {
    match action {
        ast::ReferentialAction::Restrict => ReferentialAction::Restrict,
        ast::ReferentialAction::Cascade => ReferentialAction::Cascade,
        ast::ReferentialAction::SetNull => ReferentialAction::SetNull,
        ast::ReferentialAction::NoAction => ReferentialAction::NoAction,
        ast::ReferentialAction::SetDefault => ReferentialAction::SetDefault,
    }
}

/// A default: a literal as its typed value, anything else as the expression written.
pub(super) fn default_value(expr: &Expr) -> Option<DefaultValue> {
    let literal = match expr {
        Expr::Value(value) => &value.value,
        Expr::Nested(inner) => return default_value(inner),
        expr => return Some(DefaultValue::Sql(expr.to_string())),
    };
    Some(match literal {
        ast::Value::Null => return None,
        ast::Value::Boolean(value) => DefaultValue::Boolean(*value),
        ast::Value::SingleQuotedString(text) => DefaultValue::Text(text.clone()),
        ast::Value::Number(number, _) => match number.parse::<i64>() {
            Ok(integer) => DefaultValue::Integer(integer),
            Err(_) => DefaultValue::Sql(number.to_string()),
        },
        other => DefaultValue::Sql(other.to_string()),
    })
}

/// The portable type where the SQL's spelling means the same on every database; otherwise the
/// type as written. A name of an enum type `schema` knows is that enum.
pub(super) fn column_type(data_type: &DataType, schema: &Schema) -> Type {
    let unsigned_length = |length: &Option<ast::CharacterLength>| match length {
        Some(ast::CharacterLength::IntegerLength { length, unit: None }) => {
            u32::try_from(*length).ok()
        }
        _ => None,
    };
    let typed = match data_type {
        DataType::SmallInt(None) | DataType::Int2(None) => Some(Type::SmallInt),
        DataType::Int(None) | DataType::Integer(None) | DataType::Int4(None) => Some(Type::Integer),
        DataType::BigInt(None) | DataType::Int8(None) => Some(Type::BigInt),
        DataType::Boolean | DataType::Bool => Some(Type::Boolean),
        DataType::DoublePrecision | DataType::Float8 => Some(Type::Double),
        DataType::Numeric(ExactNumberInfo::PrecisionAndScale(precision, scale))
        | DataType::Decimal(ExactNumberInfo::PrecisionAndScale(precision, scale)) => {
            match (u32::try_from(*precision), u32::try_from(*scale)) {
                (Ok(precision), Ok(scale)) => Some(Type::Numeric { precision, scale }),
                _ => None,
            }
        }
        DataType::Varchar(length) | DataType::CharacterVarying(length) => {
            unsigned_length(length).map(Type::Varchar)
        }
        DataType::Char(length) | DataType::Character(length) => {
            unsigned_length(length).map(Type::Char)
        }
        DataType::Text => Some(Type::Text),
        DataType::Date => Some(Type::Date),
        DataType::Timestamp(None, TimezoneInfo::WithTimeZone | TimezoneInfo::Tz) => {
            Some(Type::TimestampTz)
        }
        DataType::Interval { .. } => Some(Type::Interval),
        DataType::JSON => Some(Type::Json),
        DataType::JSONB => Some(Type::Jsonb),
        DataType::Bytea => Some(Type::Bytes),
        DataType::Array(ast::ArrayElemTypeDef::SquareBracket(element, None)) => {
            Some(Type::Array(Box::new(column_type(element, schema))))
        }
        DataType::Custom(name, modifiers) if modifiers.is_empty() => {
            let written = name.to_string();
            let bare = written.trim_matches('"');
            match bare.to_ascii_lowercase().as_str() {
                "serial" | "serial4" => Some(Type::Serial),
                "bigserial" | "serial8" => Some(Type::BigSerial),
                _ => schema.enums.get(bare).map(|values| Type::Enum {
                    name: bare.to_owned(),
                    values: values.clone(),
                }),
            }
        }
        _ => None,
    };
    typed.unwrap_or_else(|| Type::Custom(data_type.to_string()))
}

/// The identity `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY (options)` declares.
pub(super) fn identity(
    generated_as: &ast::GeneratedAs,
    sequence_options: Option<&[ast::SequenceOptions]>,
) -> Identity {
    let option = |wanted: fn(&ast::SequenceOptions) -> Option<&ast::Expr>| {
        let options = sequence_options.into_iter().flatten();
        let expr = options.filter_map(wanted).next()?;
        expr.to_string().parse::<i64>().ok()
    };
    let identity = Identity {
        always: matches!(generated_as, ast::GeneratedAs::Always),
        start: option(|o| match o {
            ast::SequenceOptions::StartWith(expr, _) => Some(expr),
            _ => None,
        }),
        increment: option(|o| match o {
            ast::SequenceOptions::IncrementBy(expr, _) => Some(expr),
            _ => None,
        }),
    };
    identity.canonical()
}
