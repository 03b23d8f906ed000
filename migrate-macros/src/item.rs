//! The item under the attribute: `impl Migration for T`, with `T` a plain type path; what
//! it defines, and which irreversible ops its upgrade calls.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{ImplItem, ItemImpl, Type};

/// What the macro needs to know of the `impl`.
pub(crate) struct MigrationImpl {
    /// `T`.
    pub(crate) self_ty: Type,
    /// Whether it writes `fn downgrade`.
    pub(crate) has_downgrade: bool,
    /// Calls in `fn upgrade` of op builders that cannot be reversed: `(span, "op::execute")`.
    pub(crate) irreversible_calls: Vec<(Span, String)>,
}

/// Check that the item is `impl Migration for T` without generics, and read it.
pub(crate) fn parse(item: TokenStream) -> syn::Result<MigrationImpl> {
    let wrong_item = |span| {
        syn::Error::new(
            span,
            "`#[migration]` goes on `impl Migration for YourMigration { … }`",
        )
    };
    let item: ItemImpl = syn::parse2(item.clone()).map_err(|_| wrong_item(item.span()))?;
    let Some((_, trait_path, _)) = &item.trait_ else {
        return Err(wrong_item(item.self_ty.span()));
    };
    let names_migration = trait_path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "Migration");
    if !names_migration {
        return Err(wrong_item(trait_path.span()));
    }
    if !item.generics.params.is_empty() {
        return Err(syn::Error::new(
            item.generics.span(),
            "a migration cannot be generic; implement it for a unit struct",
        ));
    }
    if !matches!(*item.self_ty, Type::Path(_)) {
        return Err(syn::Error::new(
            item.self_ty.span(),
            "implement `Migration` for a unit struct, such as `pub struct CreateUsers;`",
        ));
    }
    let function = |name: &str| {
        item.items.iter().find_map(|member| match member {
            ImplItem::Fn(function) if function.sig.ident == name => Some(function),
            _ => None,
        })
    };
    let irreversible_calls = function("upgrade")
        .map(|upgrade| irreversible_calls(upgrade.block.to_token_stream()))
        .unwrap_or_default();
    Ok(MigrationImpl {
        self_ty: (*item.self_ty).clone(),
        has_downgrade: function("downgrade").is_some(),
        irreversible_calls,
    })
}

/// Every `op::NAME` in `tokens` where NAME is an irreversible op builder.
fn irreversible_calls(tokens: TokenStream) -> Vec<(Span, String)> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut calls = Vec::new();
    for window in trees.windows(4) {
        if let [
            TokenTree::Ident(module),
            TokenTree::Punct(a),
            TokenTree::Punct(b),
            TokenTree::Ident(name),
        ] = window
        {
            let is_path = a.as_char() == ':' && b.as_char() == ':' && module == "op";
            let name_span = name.span();
            let name = name.to_string();
            if is_path && migrate_graph::IRREVERSIBLE_OPS.contains(&name.as_str()) {
                calls.push((name_span, format!("op::{name}")));
            }
        }
    }
    for tree in trees {
        if let TokenTree::Group(group) = tree {
            calls.extend(irreversible_calls(group.stream()));
        }
    }
    calls
}
