//! The generated code: a `MIGRATION` constant on the type and its `inventory` registration.

use migrate_graph::header::Header;
use proc_macro2::TokenStream;
use quote::quote;

use crate::item::MigrationImpl;

/// `impl T { pub const MIGRATION: MigrationDef = … }` and its registration.
pub(crate) fn registration(header: &Header, migration: &MigrationImpl) -> TokenStream {
    let self_ty = &migration.self_ty;
    let revision = &header.revision;
    let down = &header.down;
    let depends_on = &header.depends_on;
    let branch_labels = &header.branch_labels;
    let message = header.message.iter();
    let irreversible = header.irreversible.map(|_| quote!(.irreversible()));
    let transactional = header.transactional.iter();
    quote! {
        impl #self_ty {
            /// This migration's header and body, as registered by `#[migration]`.
            pub const MIGRATION: ::migrate_runtime::MigrationDef =
                ::migrate_runtime::MigrationDef::new(#revision, &#self_ty)
                    .with_down(&[#(#down),*])
                    .with_depends_on(&[#(#depends_on),*])
                    .with_branch_labels(&[#(#branch_labels),*])
                    #(.with_message(#message))*
                    #irreversible
                    #(.with_transactional(#transactional))*
                    .with_source(::core::file!(), ::core::line!());
        }

        ::migrate_runtime::__private::inventory::submit! {
            <#self_ty>::MIGRATION
        }
    }
}

/// The user's item as written, beside the errors, so that one mistake does not cascade.
pub(crate) fn fallback(item: TokenStream, error: syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    quote!(#item #errors)
}
