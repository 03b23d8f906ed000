//! The attribute's arguments: `revision = "…", down = "…" | ["…", …], message = "…"`.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::{LitStr, Token, bracketed, punctuated::Punctuated};

/// The longest revision id: the version table's column is `VARCHAR(32)`.
const MAX_REVISION_LEN: usize = 32;

/// The checked arguments of one `#[migration(…)]`.
pub(crate) struct Header {
    pub(crate) revision: LitStr,
    pub(crate) down: Vec<LitStr>,
    pub(crate) message: Option<LitStr>,
}

/// Parse and check the arguments, reporting every mistake at once.
pub(crate) fn parse(args: TokenStream) -> syn::Result<Header> {
    let mut revision = None;
    let mut down = None;
    let mut message = None;
    let mut errors: Option<syn::Error> = None;
    let mut revision_given = false;
    let parser = syn::meta::parser(|meta| {
        let result = if meta.path.is_ident("revision") {
            revision_given = true;
            set_once(&meta, &mut revision, parse_revision(&meta))
        } else if meta.path.is_ident("down") {
            set_once(&meta, &mut down, parse_down(&meta))
        } else if meta.path.is_ident("message") {
            set_once(&meta, &mut message, meta.value().and_then(|v| v.parse()))
        } else {
            let error = meta.error("unknown argument; expected `revision`, `down` or `message`");
            skip_value(&meta);
            Err(error)
        };
        if let Err(error) = result {
            combine(&mut errors, error);
        }
        Ok(())
    });
    parser.parse2(args)?;
    if !revision_given {
        let error = syn::Error::new(
            Span::call_site(),
            "missing `revision`; add `revision = \"<12 hex digits>\"`",
        );
        combine(&mut errors, error);
    }
    match (errors, revision) {
        (Some(errors), _) => Err(errors),
        (None, Some(revision)) => Ok(Header {
            revision,
            down: down.unwrap_or_default(),
            message,
        }),
        (None, None) => Err(syn::Error::new(Span::call_site(), "missing `revision`")),
    }
}

fn combine(errors: &mut Option<syn::Error>, error: syn::Error) {
    match errors {
        Some(errors) => errors.combine(error),
        None => *errors = Some(error),
    }
}

/// Store a key's value, refusing a second occurrence of the key.
fn set_once<T>(
    meta: &ParseNestedMeta,
    slot: &mut Option<T>,
    value: syn::Result<T>,
) -> syn::Result<()> {
    if slot.is_some() {
        return Err(meta.error("this argument is given twice; keep one"));
    }
    *slot = Some(value?);
    Ok(())
}

/// Consume `= value` of a key we reject, so that parsing goes on to the next key.
fn skip_value(meta: &ParseNestedMeta) {
    if let Ok(value) = meta.value() {
        let _ignored: syn::Result<syn::Expr> = value.parse();
    }
}

fn parse_revision(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    let literal: LitStr = meta.value()?.parse()?;
    check_revision(&literal)?;
    Ok(literal)
}

/// `down = "a"` or `down = ["a", "b"]`.
fn parse_down(meta: &ParseNestedMeta) -> syn::Result<Vec<LitStr>> {
    let value = meta.value()?;
    let revisions = if value.peek(syn::token::Bracket) {
        let content;
        bracketed!(content in value);
        let list = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
        list.into_iter().collect()
    } else if value.peek(LitStr) {
        vec![value.parse()?]
    } else {
        return Err(
            value.error("expected a revision string, or a list of them in brackets for a merge")
        );
    };
    for revision in &revisions {
        check_revision(revision)?;
    }
    Ok(revisions)
}

/// A revision id: 1 to 32 characters of `0-9`, `a-z` and `_`.
fn check_revision(literal: &LitStr) -> syn::Result<()> {
    let revision = literal.value();
    let error = |problem: String| Err(syn::Error::new(literal.span(), problem));
    if revision.is_empty() {
        return error("a revision id cannot be empty".to_owned());
    }
    if revision.len() > MAX_REVISION_LEN {
        return error(format!(
            "a revision id has at most {MAX_REVISION_LEN} characters; this one has {}",
            revision.len()
        ));
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    match revision.chars().find(|&c| !allowed(c)) {
        Some(bad) => error(format!(
            "a revision id may hold only `0-9`, `a-z` and `_`; `{bad}` is not allowed"
        )),
        None => Ok(()),
    }
}
