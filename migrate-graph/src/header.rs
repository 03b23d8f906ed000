//! The arguments of `#[migration(…)]`: `revision = "…"`, `down = "…" | ["…", …]`,
//! `depends_on = "…" | ["…", …]`, `branch_labels = "…" | ["…", …]`, `message = "…"` and the
//! flag `irreversible`.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::{LitStr, Token, bracketed, punctuated::Punctuated};

use crate::revision::check_revision_id;

/// The checked arguments of one `#[migration(…)]`, literals kept for their spans.
#[derive(Clone)]
pub struct Header {
    /// `revision = "…"`.
    pub revision: LitStr,
    /// `down = …`: the revisions this one follows.
    pub down: Vec<LitStr>,
    /// `depends_on = …`: revisions applied before this one without being its parents.
    pub depends_on: Vec<LitStr>,
    /// `branch_labels = …`: names for the branch this revision starts or belongs to.
    pub branch_labels: Vec<LitStr>,
    /// `message = "…"`.
    pub message: Option<LitStr>,
    /// The span of the `irreversible` flag, when given.
    pub irreversible: Option<Span>,
    /// `transactional = false`: run without a transaction around the migration.
    pub transactional: Option<syn::LitBool>,
}

const KEYS: &str = "`revision`, `down`, `depends_on`, `branch_labels`, `message` or `irreversible`";

/// Parse and check the arguments, reporting every mistake at once.
pub fn parse(args: TokenStream) -> syn::Result<Header> {
    let mut revision = None;
    let mut down = None;
    let mut depends_on = None;
    let mut branch_labels = None;
    let mut message = None;
    let mut irreversible = None;
    let mut transactional = None;
    let mut errors: Option<syn::Error> = None;
    let mut revision_given = false;
    let parser = syn::meta::parser(|meta| {
        let result = if meta.path.is_ident("revision") {
            revision_given = true;
            set_once(&meta, &mut revision, parse_revision(&meta))
        } else if meta.path.is_ident("down") {
            set_once(&meta, &mut down, parse_revisions(&meta))
        } else if meta.path.is_ident("depends_on") {
            set_once(&meta, &mut depends_on, parse_revisions(&meta))
        } else if meta.path.is_ident("branch_labels") {
            set_once(
                &meta,
                &mut branch_labels,
                parse_names(&meta, "branch label"),
            )
        } else if meta.path.is_ident("message") {
            set_once(&meta, &mut message, parse_message(&meta))
        } else if meta.path.is_ident("transactional") {
            set_once(&meta, &mut transactional, parse_bool(&meta))
        } else if meta.path.is_ident("irreversible") {
            set_once(&meta, &mut irreversible, parse_flag(&meta))
        } else {
            let error = meta.error(unknown_key_message(&meta));
            skip_value(&meta);
            Err(error)
        };
        if let Err(error) = result {
            combine(&mut errors, error);
            skip_to_next_argument(&meta)?;
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
            depends_on: depends_on.unwrap_or_default(),
            branch_labels: branch_labels.unwrap_or_default(),
            message,
            irreversible,
            transactional,
        }),
        (None, None) => Err(syn::Error::new(Span::call_site(), "missing `revision`")),
    }
}

/// `unknown argument …`, with the closest known key when the name looks like a typo.
fn unknown_key_message(meta: &ParseNestedMeta) -> String {
    let name = meta
        .path
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_default();
    let keys = [
        "revision",
        "down",
        "depends_on",
        "branch_labels",
        "message",
        "transactional",
        "irreversible",
    ];
    match crate::suggest::closest(&name, keys) {
        Some(key) => format!("unknown argument `{name}`; did you mean `{key}`?"),
        None => format!("unknown argument `{name}`; expected {KEYS}"),
    }
}

/// `message = "…"`.
fn parse_message(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    meta.value()?.parse().map_err(|error: syn::Error| {
        let example = "`message` takes a string, such as `message = \"add email\"`";
        syn::Error::new(error.span(), example)
    })
}

/// `transactional = true | false`.
fn parse_bool(meta: &ParseNestedMeta) -> syn::Result<syn::LitBool> {
    meta.value()?.parse().map_err(|error: syn::Error| {
        syn::Error::new(error.span(), "`transactional` takes `true` or `false`")
    })
}

/// A bare flag: `irreversible`, without a value.
fn parse_flag(meta: &ParseNestedMeta) -> syn::Result<Span> {
    if meta.input.peek(Token![=]) {
        skip_value(meta);
        return Err(meta.error("`irreversible` takes no value; write it alone"));
    }
    Ok(meta.path.segments[0].ident.span())
}
fn combine(errors: &mut Option<syn::Error>, error: syn::Error) {
    match errors {
        Some(errors) => errors.combine(error),
        None => *errors = Some(error),
    }
}

/// After a bad value, pass over what is left of it, so that the next argument is still read.
fn skip_to_next_argument(meta: &ParseNestedMeta) -> syn::Result<()> {
    while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        meta.input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
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
    check_name(&literal, "revision id")?;
    Ok(literal)
}

/// `key = "a"` or `key = ["a", "b"]`: revisions.
fn parse_revisions(meta: &ParseNestedMeta) -> syn::Result<Vec<LitStr>> {
    parse_names(meta, "revision id")
}

/// `key = "a"` or `key = ["a", "b"]`, each a well-formed `kind`.
fn parse_names(meta: &ParseNestedMeta, kind: &str) -> syn::Result<Vec<LitStr>> {
    let value = meta.value()?;
    let revisions = if value.peek(syn::token::Bracket) {
        let content;
        bracketed!(content in value);
        let list = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
        list.into_iter().collect()
    } else if value.peek(LitStr) {
        vec![value.parse()?]
    } else {
        return Err(value.error(format!(
            "expected a {kind} string, or a list of them in brackets"
        )));
    };
    for name in &revisions {
        check_name(name, kind)?;
    }
    Ok(revisions)
}

/// A revision id or label literal, checked by [`check_revision_id`].
fn check_name(literal: &LitStr, kind: &str) -> syn::Result<()> {
    check_revision_id(&literal.value()).map_err(|error| {
        let message = format!("{kind} `{}` is not valid: {error}", literal.value());
        syn::Error::new(literal.span(), message)
    })
}
