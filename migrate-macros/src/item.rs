//! The item under the attribute: `impl Migration for T`, with `T` a plain type path.

use proc_macro2::TokenStream;
use syn::spanned::Spanned;
use syn::{ItemImpl, Type};

/// The type a migration is implemented for.
pub(crate) struct Target {
    pub(crate) self_ty: Type,
}

/// Check that the item is `impl Migration for T` without generics.
pub(crate) fn parse(item: TokenStream) -> syn::Result<Target> {
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
    Ok(Target {
        self_ty: (*item.self_ty).clone(),
    })
}
