//! `#[derive(ModelEnum)]`: a Rust enum of unit variants as a column type — a PostgreSQL enum
//! type, MySQL's `ENUM(…)`, text with a check on SQLite — which binds and reads as itself in a
//! data step's typed SQL.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr};

use super::snake_case;

pub(crate) fn derive(input: TokenStream) -> syn::Result<TokenStream> {
    let input: DeriveInput = syn::parse2(input)?;
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new(
            input.ident.span(),
            "`ModelEnum` is derived on an enum of unit variants",
        ));
    };
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            "a column's enum cannot be generic",
        ));
    }
    let mut type_name = snake_case(&input.ident.to_string());
    for attr in input
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("model_enum"))
    {
        attr.parse_nested_meta(|meta| match meta.path.get_ident() {
            Some(key) if key == "name" => {
                type_name = meta.value()?.parse::<LitStr>()?.value();
                Ok(())
            }
            _ => Err(meta.error("unknown `model_enum` argument: expected `name = \"…\"`")),
        })?;
    }
    let mut values = Vec::new();
    let mut variants = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(syn::Error::new(
                variant.fields.span(),
                "a column's enum has unit variants only: each is one of the column's values",
            ));
        }
        let mut value = snake_case(&variant.ident.to_string());
        for attr in variant
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("model_enum"))
        {
            attr.parse_nested_meta(|meta| match meta.path.get_ident() {
                Some(key) if key == "rename" => {
                    value = meta.value()?.parse::<LitStr>()?.value();
                    Ok(())
                }
                _ => Err(meta.error("unknown `model_enum` argument: expected `rename = \"…\"`")),
            })?;
        }
        if values.contains(&value) {
            return Err(syn::Error::new(
                variant.ident.span(),
                format!("the value `{value}` is taken by another variant"),
            ));
        }
        values.push(value);
        variants.push(&variant.ident);
    }
    if values.is_empty() {
        return Err(syn::Error::new(
            input.ident.span(),
            "a column's enum needs at least one variant",
        ));
    }
    let name = &input.ident;
    Ok(quote! {
        impl ::migrate_runtime::model::ColumnType for #name {
            fn column_type(
                _: ::migrate_runtime::model::TypeOptions,
            ) -> ::migrate_runtime::schema::Type {
                ::migrate_runtime::schema::Type::enumeration(#type_name, [#(#values),*])
            }
        }

        impl ::migrate_runtime::portable::EnumLabels for #name {
            const TYPE_NAME: &'static str = #type_name;

            fn label(&self) -> &'static str {
                match self {
                    #(Self::#variants => #values,)*
                }
            }

            fn from_label(label: &str) -> ::std::option::Option<Self> {
                match label {
                    #(#values => ::std::option::Option::Some(Self::#variants),)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        ::migrate_runtime::__portable_enum!(#name);
    })
}
