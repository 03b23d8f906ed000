//! `#[model(…)]` and `#[column(…)]`, read into values; each mistake is a `syn::Error` on the
//! token that holds it.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Ident, Lit, LitStr};

use super::index_attr::{self, IndexAttr};

/// The struct's `#[model(…)]`.
#[derive(Default)]
pub(crate) struct ModelAttrs {
    pub(crate) table: Option<LitStr>,
    pub(crate) renamed_from: Option<LitStr>,
    pub(crate) comment: Option<LitStr>,
    /// `primary_key(a, b)`: field names.
    pub(crate) primary_key: Vec<Ident>,
    /// `unique(a, b)`, one per attribute.
    pub(crate) uniques: Vec<Vec<Ident>>,
    pub(crate) indexes: Vec<IndexAttr>,
    pub(crate) checks: Vec<CheckAttr>,
    pub(crate) foreign_keys: Vec<ForeignKeyAttr>,
}

/// `foreign_key(a, b, references = "table(x, y)", on_delete = "…", on_update = "…", name =
/// "…")`: a key over several columns.
pub(crate) struct ForeignKeyAttr {
    pub(crate) columns: Vec<Ident>,
    pub(crate) table: String,
    pub(crate) referred: Vec<String>,
    pub(crate) on_delete: Option<Ident>,
    pub(crate) on_update: Option<Ident>,
    pub(crate) name: Option<LitStr>,
}

/// `check(sql = "…", name = "…")`.
pub(crate) struct CheckAttr {
    pub(crate) sql: LitStr,
    pub(crate) name: Option<LitStr>,
}

/// A field's `#[column(…)]`.
#[derive(Default)]
pub(crate) struct ColumnAttrs {
    pub(crate) name: Option<LitStr>,
    pub(crate) renamed_from: Option<LitStr>,
    pub(crate) primary_key: Option<Span>,
    pub(crate) auto_increment: Option<bool>,
    pub(crate) unique: bool,
    pub(crate) index: bool,
    pub(crate) default: Option<DefaultAttr>,
    pub(crate) references: Option<(LitStr, String, String)>,
    pub(crate) on_delete: Option<(LitStr, Ident)>,
    pub(crate) on_update: Option<(LitStr, Ident)>,
    pub(crate) len: Option<syn::LitInt>,
    pub(crate) precision: Option<syn::LitInt>,
    pub(crate) scale: Option<syn::LitInt>,
    pub(crate) sql_type: Option<LitStr>,
    pub(crate) comment: Option<LitStr>,
    pub(crate) skip: bool,
    /// `generated = "…"` (stored) or `generated_virtual = "…"`.
    pub(crate) generated: Option<(LitStr, bool)>,
    pub(crate) identity: Option<IdentityAttr>,
    pub(crate) collation: Option<LitStr>,
}

/// `identity` or `identity(always, start = N, increment = N)`.
#[derive(Default)]
pub(crate) struct IdentityAttr {
    pub(crate) always: bool,
    pub(crate) start: Option<i64>,
    pub(crate) increment: Option<i64>,
}

/// `default = …`: a literal, or one of the portable expressions.
pub(crate) enum DefaultAttr {
    Literal(Lit),
    /// `now`, `current_date`, `random_uuid`.
    Function(Ident),
    /// `default_sql = "…"`.
    Sql(LitStr),
}

impl ModelAttrs {
    pub(crate) fn parse(attrs: &[Attribute]) -> syn::Result<Self> {
        let mut out = ModelAttrs::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("model")) {
            attr.parse_nested_meta(|meta| {
                let key = key_of(&meta)?;
                match key.as_str() {
                    "table" => set(&mut out.table, &meta)?,
                    "renamed_from" => set(&mut out.renamed_from, &meta)?,
                    "comment" => set(&mut out.comment, &meta)?,
                    "primary_key" => out.primary_key = idents(&meta)?,
                    "unique" => out.uniques.push(idents(&meta)?),
                    "index" => out.indexes.push(index_attr::index(&meta)?),
                    "check" => out.checks.push(check(&meta)?),
                    "foreign_key" => out.foreign_keys.push(foreign_key(&meta)?),
                    _ => {
                        return Err(meta.error(
                            "unknown `model` argument: expected `table`, `renamed_from`, \
                             `comment`, `primary_key(…)`, `unique(…)`, `index(…)`, `check(…)` \
                             or `foreign_key(…)`",
                        ));
                    }
                }
                Ok(())
            })?;
        }
        Ok(out)
    }
}

impl ColumnAttrs {
    pub(crate) fn parse(attrs: &[Attribute]) -> syn::Result<Self> {
        let mut out = ColumnAttrs::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("column")) {
            attr.parse_nested_meta(|meta| {
                let key = key_of(&meta)?;
                match key.as_str() {
                    "name" => set(&mut out.name, &meta)?,
                    "renamed_from" => set(&mut out.renamed_from, &meta)?,
                    "comment" => set(&mut out.comment, &meta)?,
                    "sql_type" => set(&mut out.sql_type, &meta)?,
                    "len" => out.len = Some(meta.value()?.parse()?),
                    "precision" => out.precision = Some(meta.value()?.parse()?),
                    "scale" => out.scale = Some(meta.value()?.parse()?),
                    "primary_key" => out.primary_key = Some(meta.path.span()),
                    "unique" => out.unique = true,
                    "index" => out.index = true,
                    "skip" => out.skip = true,
                    "auto_increment" => {
                        let value: syn::LitBool = meta.value()?.parse()?;
                        out.auto_increment = Some(value.value);
                    }
                    "default" => out.default = Some(default(&meta)?),
                    "default_sql" => out.default = Some(DefaultAttr::Sql(meta.value()?.parse()?)),
                    "references" => out.references = Some(references(&meta)?),
                    "on_delete" => out.on_delete = Some(action(&meta)?),
                    "on_update" => out.on_update = Some(action(&meta)?),
                    "generated" | "generated_virtual" => {
                        if out.generated.is_some() {
                            return Err(meta.error("the column is generated once"));
                        }
                        let mut expression = None;
                        set(&mut expression, &meta)?;
                        out.generated = expression.map(|e| (e, key == "generated"));
                    }
                    "identity" => out.identity = Some(identity(&meta)?),
                    "collation" => set(&mut out.collation, &meta)?,
                    _ => {
                        return Err(meta.error(
                            "unknown `column` argument: expected `name`, `renamed_from`, \
                             `primary_key`, `auto_increment`, `unique`, `index`, `default`, \
                             `default_sql`, `references`, `on_delete`, `on_update`, `len`, \
                             `precision`, `scale`, `sql_type`, `comment`, `generated`, \
                             `generated_virtual`, `identity`, `collation` or `skip`",
                        ));
                    }
                }
                Ok(())
            })?;
        }
        Ok(out)
    }
}

pub(super) fn key_of(meta: &ParseNestedMeta<'_>) -> syn::Result<String> {
    meta.path
        .get_ident()
        .map(Ident::to_string)
        .ok_or_else(|| meta.error("expected a name"))
}

pub(super) fn set(slot: &mut Option<LitStr>, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    let value: LitStr = meta.value()?.parse()?;
    if value.value().trim().is_empty() {
        return Err(syn::Error::new(value.span(), "expected a non-empty string"));
    }
    *slot = Some(value);
    Ok(())
}

/// `(a, b)`: field names.
pub(super) fn idents(meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<Ident>> {
    let mut out = Vec::new();
    meta.parse_nested_meta(|inner| {
        out.push(
            inner
                .path
                .get_ident()
                .cloned()
                .ok_or_else(|| inner.error("expected a field name"))?,
        );
        Ok(())
    })?;
    if out.is_empty() {
        return Err(meta.error("expected at least one field name in the parentheses"));
    }
    Ok(out)
}

/// `= N` or `= -N`.
fn signed_integer(meta: &ParseNestedMeta<'_>) -> syn::Result<i64> {
    let input = meta.value()?;
    let negative = input.parse::<Option<syn::Token![-]>>()?.is_some();
    let value: i64 = input.parse::<syn::LitInt>()?.base10_parse()?;
    Ok(if negative { -value } else { value })
}

/// `identity` alone, or `identity(always, start = N, increment = N)`.
fn identity(meta: &ParseNestedMeta<'_>) -> syn::Result<IdentityAttr> {
    let mut identity = IdentityAttr::default();
    if !meta.input.peek(syn::token::Paren) {
        return Ok(identity);
    }
    meta.parse_nested_meta(|inner| {
        match key_of(&inner)?.as_str() {
            "always" => identity.always = true,
            "start" => identity.start = Some(signed_integer(&inner)?),
            "increment" => identity.increment = Some(signed_integer(&inner)?),
            _ => {
                return Err(inner.error(
                    "unknown `identity` argument: expected `always`, `start = N` or \
                     `increment = N`",
                ));
            }
        }
        Ok(())
    })?;
    Ok(identity)
}

fn check(meta: &ParseNestedMeta<'_>) -> syn::Result<CheckAttr> {
    let mut sql = None;
    let mut name = None;
    meta.parse_nested_meta(|inner| {
        match key_of(&inner)?.as_str() {
            "sql" => set(&mut sql, &inner)?,
            "name" => set(&mut name, &inner)?,
            _ => return Err(inner.error("expected `sql = \"…\"` or `name = \"…\"`")),
        }
        Ok(())
    })?;
    let sql = sql.ok_or_else(|| meta.error("a check needs its condition: `check(sql = \"…\")`"))?;
    Ok(CheckAttr { sql, name })
}

fn default(meta: &ParseNestedMeta<'_>) -> syn::Result<DefaultAttr> {
    let input = meta.value()?;
    if input.peek(Ident) {
        let function: Ident = input.parse()?;
        return match function.to_string().as_str() {
            "now" | "current_date" | "random_uuid" => Ok(DefaultAttr::Function(function)),
            _ => Err(syn::Error::new(
                function.span(),
                "expected a literal, `now`, `current_date` or `random_uuid`; an SQL \
                 expression goes in `default_sql = \"…\"`",
            )),
        };
    }
    let negative = input.peek(syn::Token![-]);
    if negative {
        input.parse::<syn::Token![-]>()?;
    }
    let literal: Lit = input.parse()?;
    match (&literal, negative) {
        (Lit::Str(_) | Lit::Bool(_), false) => Ok(DefaultAttr::Literal(literal)),
        (Lit::Int(int), _) => {
            let value: i64 = int.base10_parse()?;
            let value = if negative { -value } else { value };
            Ok(DefaultAttr::Literal(Lit::Int(syn::LitInt::new(
                &value.to_string(),
                int.span(),
            ))))
        }
        (Lit::Float(float), _) => {
            let value: f64 = float.base10_parse()?;
            if !value.is_finite() {
                return Err(syn::Error::new(
                    float.span(),
                    "a default must be a finite number",
                ));
            }
            let value = if negative { -value } else { value };
            Ok(DefaultAttr::Literal(Lit::Float(syn::LitFloat::new(
                &format!("{value:?}"),
                float.span(),
            ))))
        }
        _ => Err(syn::Error::new(
            literal.span(),
            "expected a string, integer, float or boolean literal",
        )),
    }
}

/// `references = "table.column"`.
fn references(meta: &ParseNestedMeta<'_>) -> syn::Result<(LitStr, String, String)> {
    let target: LitStr = meta.value()?.parse()?;
    let text = target.value();
    match text.rsplit_once('.') {
        Some((table, column)) if !table.is_empty() && !column.is_empty() => {
            Ok((target.clone(), table.to_owned(), column.to_owned()))
        }
        _ => Err(syn::Error::new(
            target.span(),
            "expected `\"table.column\"`, the referred table and column",
        )),
    }
}

fn foreign_key(meta: &ParseNestedMeta<'_>) -> syn::Result<ForeignKeyAttr> {
    let mut key = ForeignKeyAttr {
        columns: Vec::new(),
        table: String::new(),
        referred: Vec::new(),
        on_delete: None,
        on_update: None,
        name: None,
    };
    let mut target = None;
    meta.parse_nested_meta(|inner| {
        let name = key_of(&inner)?;
        match name.as_str() {
            "references" if inner.input.peek(syn::Token![=]) => {
                target = Some(inner.value()?.parse::<LitStr>()?);
            }
            "on_delete" if inner.input.peek(syn::Token![=]) => {
                key.on_delete = Some(action(&inner)?.1);
            }
            "on_update" if inner.input.peek(syn::Token![=]) => {
                key.on_update = Some(action(&inner)?.1);
            }
            "name" if inner.input.peek(syn::Token![=]) => set(&mut key.name, &inner)?,
            _ => key.columns.push(
                inner
                    .path
                    .get_ident()
                    .cloned()
                    .ok_or_else(|| inner.error("expected a field name"))?,
            ),
        }
        Ok(())
    })?;
    let Some(target) = target else {
        return Err(meta
            .error("a foreign key needs what it refers to: `references = \"table(column, …)\"`"));
    };
    let text = target.value();
    let parsed = text
        .trim()
        .strip_suffix(')')
        .and_then(|rest| rest.split_once('('));
    let Some((table, referred)) = parsed else {
        return Err(syn::Error::new(
            target.span(),
            "expected `\"table(column, …)\"`, the referred table and its columns",
        ));
    };
    key.table = table.trim().to_owned();
    key.referred = referred.split(',').map(|c| c.trim().to_owned()).collect();
    if key.table.is_empty() || key.referred.iter().any(String::is_empty) {
        return Err(syn::Error::new(
            target.span(),
            "expected `\"table(column, …)\"`, the referred table and its columns",
        ));
    }
    if key.columns.len() != key.referred.len() {
        return Err(syn::Error::new(
            target.span(),
            format!(
                "the key has {} field(s) and refers to {} column(s): give as many of each",
                key.columns.len(),
                key.referred.len()
            ),
        ));
    }
    Ok(key)
}

/// `on_delete = "cascade"`: the variant of `ReferentialAction`.
fn action(meta: &ParseNestedMeta<'_>) -> syn::Result<(LitStr, Ident)> {
    let value: LitStr = meta.value()?.parse()?;
    let variant = match value
        .value()
        .to_ascii_lowercase()
        .replace('_', " ")
        .as_str()
    {
        "cascade" => "Cascade",
        "set null" => "SetNull",
        "set default" => "SetDefault",
        "restrict" => "Restrict",
        "no action" => "NoAction",
        _ => {
            return Err(syn::Error::new(
                value.span(),
                "expected \"cascade\", \"set null\", \"set default\", \"restrict\" or \"no action\"",
            ));
        }
    };
    Ok((value.clone(), Ident::new(variant, value.span())))
}
