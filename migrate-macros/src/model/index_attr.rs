//! `#[model(index(…))]`: an index's key (fields and expressions, in order) and its options.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Ident, LitStr};

use super::attrs::{idents, key_of, set};

/// `index(a, b, name = "…", unique, where_sql = "…", expr = "…", desc(b), nulls_first(b),
/// nulls_last(b), prefix(a = 64), include(c), only_on(postgres, sqlite))`.
pub(crate) struct IndexAttr {
    pub(crate) keys: Vec<IndexKey>,
    pub(crate) name: Option<LitStr>,
    pub(crate) unique: bool,
    pub(crate) where_sql: Option<LitStr>,
    /// `desc(…)`: fields in descending order.
    pub(crate) descending: Vec<Ident>,
    /// `nulls_first(…)` (true) and `nulls_last(…)` (false).
    pub(crate) nulls: Vec<(Ident, bool)>,
    /// `prefix(a = 64)`: fields indexed by their first characters (MySQL).
    pub(crate) prefixes: Vec<(Ident, syn::LitInt)>,
    /// `include(…)`: fields stored beside the key (PostgreSQL).
    pub(crate) include: Vec<Ident>,
    /// `only_on(postgres, sqlite)`: the databases that have the index, by declared name.
    pub(crate) only_on: Vec<&'static str>,
    pub(crate) span: Span,
}

/// One part of an index key, in order: a field, or `expr = "…"` (SQL).
pub(crate) enum IndexKey {
    Field(Ident),
    Expression(LitStr),
}

pub(super) fn index(meta: &ParseNestedMeta<'_>) -> syn::Result<IndexAttr> {
    let mut index = IndexAttr {
        keys: Vec::new(),
        name: None,
        unique: false,
        where_sql: None,
        descending: Vec::new(),
        nulls: Vec::new(),
        prefixes: Vec::new(),
        include: Vec::new(),
        only_on: Vec::new(),
        span: meta.path.span(),
    };
    meta.parse_nested_meta(|inner| {
        let key = key_of(&inner)?;
        let list = inner.input.peek(syn::token::Paren);
        let value = inner.input.peek(syn::Token![=]);
        match key.as_str() {
            "name" if value => set(&mut index.name, &inner)?,
            "where_sql" if value => set(&mut index.where_sql, &inner)?,
            "expr" if value => {
                let mut expression = None;
                set(&mut expression, &inner)?;
                index.keys.extend(expression.map(IndexKey::Expression));
            }
            "unique" if !value => index.unique = true,
            "desc" if list => index.descending.extend(idents(&inner)?),
            "nulls_first" if list => {
                index
                    .nulls
                    .extend(idents(&inner)?.into_iter().map(|f| (f, true)));
            }
            "nulls_last" if list => {
                index
                    .nulls
                    .extend(idents(&inner)?.into_iter().map(|f| (f, false)));
            }
            "include" if list => index.include.extend(idents(&inner)?),
            "only_on" if list => {
                for database in idents(&inner)? {
                    let name = database.to_string();
                    let known = migrate_graph::portability::canonical_database(&name);
                    index.only_on.push(known.ok_or_else(|| {
                        syn::Error::new(
                            database.span(),
                            format!(
                                "`{name}` is not a database migrate runs on; expected {}",
                                migrate_graph::portability::DATABASE_NAMES
                            ),
                        )
                    })?);
                }
            }
            "prefix" if list => {
                inner.parse_nested_meta(|part| {
                    let field = part
                        .path
                        .get_ident()
                        .cloned()
                        .ok_or_else(|| part.error("expected `field = length`"))?;
                    index.prefixes.push((field, part.value()?.parse()?));
                    Ok(())
                })?;
            }
            _ if list || value => {
                return Err(inner.error(
                    "unknown `index` argument: expected fields, `name = \"…\"`, `unique`, \
                     `where_sql = \"…\"`, `expr = \"…\"`, `desc(…)`, `nulls_first(…)`, \
                     `nulls_last(…)`, `prefix(field = length)`, `include(…)` or \
                     `only_on(postgres, sqlite)`",
                ));
            }
            _ => index.keys.push(IndexKey::Field(
                inner
                    .path
                    .get_ident()
                    .cloned()
                    .ok_or_else(|| inner.error("expected a field name"))?,
            )),
        }
        Ok(())
    })?;
    if index.keys.is_empty() {
        return Err(meta.error("an index needs at least one field: `index(a, b)`"));
    }
    let on_expression = index.keys.iter().find_map(|key| match key {
        IndexKey::Expression(expression) => Some(expression),
        IndexKey::Field(_) => None,
    });
    if let (Some(expression), None) = (on_expression, &index.name) {
        return Err(syn::Error::new(
            expression.span(),
            "an index on an expression needs its name: `name = \"ix_…\"`",
        ));
    }
    Ok(index)
}
