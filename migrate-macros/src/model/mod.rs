//! `#[derive(Model)]`: a struct's fields as a table's columns. [`attrs`] reads the attributes;
//! this module checks them against the fields and generates the `Model` impl and its
//! registration.

mod attrs;
pub(crate) mod enumeration;
mod index_attr;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, LitStr};

use attrs::{ColumnAttrs, DefaultAttr, ModelAttrs};
use index_attr::IndexKey;

/// A field that is a column.
struct Field {
    ident: Ident,
    ty: syn::Type,
    column: String,
    attrs: ColumnAttrs,
}

pub(crate) fn derive(input: TokenStream) -> syn::Result<TokenStream> {
    let input: DeriveInput = syn::parse2(input)?;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            "a model cannot be generic: its table has one set of columns",
        ));
    }
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            input.ident.span(),
            "`Model` is derived on a struct with named fields",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new(
            data.fields.span(),
            "`Model` is derived on a struct with named fields",
        ));
    };
    let model = ModelAttrs::parse(&input.attrs)?;
    let mut fields = Vec::new();
    for field in &named.named {
        let attrs = ColumnAttrs::parse(&field.attrs)?;
        if attrs.skip {
            continue;
        }
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let column = match &attrs.name {
            Some(name) => name.value(),
            None => ident.to_string().trim_start_matches("r#").to_owned(),
        };
        if let Some(earlier) = fields.iter().find(|f: &&Field| f.column == column) {
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "the field `{ident}` is the column `{column}`, as the field `{}` is: give one of them another `#[column(name = \"…\")]`",
                    earlier.ident
                ),
            ));
        }
        fields.push(Field {
            ident,
            ty: field.ty.clone(),
            column,
            attrs,
        });
    }
    if fields.is_empty() {
        return Err(syn::Error::new(
            input.ident.span(),
            "a model needs at least one column",
        ));
    }
    let table = match &model.table {
        Some(table) => table.value(),
        None => format!("{}s", snake_case(&input.ident.to_string())),
    };
    let body = table_body(&input.ident, &table, &model, &fields)?;
    let name = &input.ident;
    let model_name = name.to_string();
    let checks = fields.iter().map(precision_check);
    Ok(quote! {
        impl ::migrate_runtime::model::Model for #name {
            fn table() -> ::migrate_runtime::model::ModelTable {
                #body
            }
        }

        #(#checks)*

        ::migrate_runtime::__private::inventory::submit! {
            ::migrate_runtime::model::ModelDef::new(
                #model_name,
                <#name as ::migrate_runtime::model::Model>::table,
            )
        }
    })
}

/// The body of `Model::table`.
fn table_body(
    model_ident: &Ident,
    table: &str,
    model: &ModelAttrs,
    fields: &[Field],
) -> syn::Result<TokenStream> {
    let column_of = |ident: &Ident| -> syn::Result<String> {
        fields
            .iter()
            .find(|field| field.ident == *ident)
            .map(|field| field.column.clone())
            .ok_or_else(|| {
                syn::Error::new(
                    ident.span(),
                    format!("`{model_ident}` has no column field `{ident}`"),
                )
            })
    };
    let columns_of =
        |idents: &[Ident]| -> syn::Result<Vec<String>> { idents.iter().map(column_of).collect() };
    let keyed: Vec<&Field> = fields
        .iter()
        .filter(|field| field.attrs.primary_key.is_some())
        .collect();
    if let (Some(field), false) = (keyed.first(), model.primary_key.is_empty()) {
        return Err(syn::Error::new(
            field.attrs.primary_key.unwrap_or_else(Span::call_site),
            "the primary key is declared twice: on the field and in `#[model(primary_key(…))]`",
        ));
    }
    // One key field is the column's key (an integer one auto-increments); several make a
    // composite key.
    let single_key = keyed.len() == 1;
    let columns = fields
        .iter()
        .map(|field| column(field, single_key))
        .collect::<syn::Result<Vec<_>>>()?;
    let mut builder = quote!(::migrate_runtime::op::create_table(#table) #(.column(#columns))*);
    let composite: Vec<String> = match keyed.len() {
        0 | 1 => columns_of(&model.primary_key)?,
        _ => keyed.iter().map(|field| field.column.clone()).collect(),
    };
    if !composite.is_empty() {
        builder = quote!(#builder.primary_key([#(#composite),*]));
    }
    for unique in &model.uniques {
        let columns = columns_of(unique)?;
        builder = quote!(#builder.unique(::migrate_runtime::schema::UniqueConstraint::new([#(#columns),*])));
    }
    for check in &model.checks {
        let sql = &check.sql;
        let mut constraint = quote!(::migrate_runtime::schema::CheckConstraint::new(#sql));
        if let Some(name) = &check.name {
            constraint = quote!(#constraint.name(#name));
        }
        builder = quote!(#builder.check(#constraint));
    }
    for key in &model.foreign_keys {
        let columns = columns_of(&key.columns)?;
        let (table, referred) = (&key.table, &key.referred);
        let mut tokens = quote!(::migrate_runtime::schema::ForeignKey::new(
            [#(#columns),*],
            #table,
            [#(#referred),*]
        ));
        if let Some(action) = &key.on_delete {
            tokens =
                quote!(#tokens.on_delete(::migrate_runtime::schema::ReferentialAction::#action));
        }
        if let Some(action) = &key.on_update {
            tokens =
                quote!(#tokens.on_update(::migrate_runtime::schema::ReferentialAction::#action));
        }
        if let Some(name) = &key.name {
            tokens = quote!(#tokens.name(#name));
        }
        builder = quote!(#builder.foreign_key(#tokens));
    }
    if let Some(comment) = &model.comment {
        builder = quote!(#builder.comment(#comment));
    }
    let model_name = model_ident.to_string();
    let mut table_tokens = quote!(::migrate_runtime::model::ModelTable::new(#model_name, #builder));
    for field in fields.iter().filter(|field| field.attrs.index) {
        let name = format!("ix_{table}_{}", field.column);
        let column = &field.column;
        table_tokens = quote!(#table_tokens.index(::migrate_runtime::op::create_index(#name, #table, [#column])));
    }
    for index in &model.indexes {
        let create = index_tokens(table, index, &column_of)?;
        table_tokens = quote!(#table_tokens.index(#create));
    }
    if let Some(earlier) = &model.renamed_from {
        table_tokens = quote!(#table_tokens.renamed_from(#earlier));
    }
    for field in fields {
        if let Some(earlier) = &field.attrs.renamed_from {
            let column = &field.column;
            table_tokens = quote!(#table_tokens.column_renamed_from(#column, #earlier));
        }
    }
    Ok(table_tokens)
}

/// One `op::create_index(…)` with its modifiers.
fn index_tokens(
    table: &str,
    index: &index_attr::IndexAttr,
    column_of: &dyn Fn(&Ident) -> syn::Result<String>,
) -> syn::Result<TokenStream> {
    let keys = (index.keys.iter())
        .map(|key| match key {
            IndexKey::Field(field) => column_of(field),
            // In parentheses unless it has its own, so that it is not taken for a column.
            IndexKey::Expression(expression) => Ok(match expression.value() {
                text if text.contains('(') => text,
                text => format!("({text})"),
            }),
        })
        .collect::<syn::Result<Vec<String>>>()?;
    let name = match &index.name {
        Some(name) => name.clone(),
        None => LitStr::new(&format!("ix_{table}_{}", keys.join("_")), index.span),
    };
    let mut create = quote!(::migrate_runtime::op::create_index(#name, #table, [#(#keys),*]));
    // Options name fields of the key.
    let key_column = |field: &Ident| -> syn::Result<String> {
        let column = column_of(field)?;
        match keys.contains(&column) {
            true => Ok(column),
            false => Err(syn::Error::new(
                field.span(),
                format!("`{field}` is not a field of this index's key"),
            )),
        }
    };
    if index.unique {
        create = quote!(#create.unique());
    }
    if let Some(condition) = &index.where_sql {
        create = quote!(#create.where_sql(#condition));
    }
    for field in &index.descending {
        let column = key_column(field)?;
        create = quote!(#create.descending(#column));
    }
    for (field, first) in &index.nulls {
        let column = key_column(field)?;
        create = quote!(#create.nulls_first(#column, #first));
    }
    for (field, length) in &index.prefixes {
        let column = key_column(field)?;
        create = quote!(#create.prefix(#column, #length));
    }
    if !index.include.is_empty() {
        let stored = (index.include.iter())
            .map(column_of)
            .collect::<syn::Result<Vec<String>>>()?;
        create = quote!(#create.include([#(#stored),*]));
    }
    if !index.only_on.is_empty() {
        let databases = index.only_on.iter().map(|name| {
            let variant =
                quote::format_ident!("{}", migrate_graph::portability::dialect_variant(name));
            quote!(::migrate_runtime::Dialect::#variant)
        });
        create = quote!(::migrate_runtime::op::ForDatabases::only_on(#create, [#(#databases),*]));
    }
    Ok(create)
}

/// One `Column::new(…)` with its modifiers.
fn column(field: &Field, single_key: bool) -> syn::Result<TokenStream> {
    let ty = &field.ty;
    let attrs = &field.attrs;
    let name = &field.column;
    let option = |value: &Option<syn::LitInt>| match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    };
    let (len, precision, scale) = (
        option(&attrs.len),
        option(&attrs.precision),
        option(&attrs.scale),
    );
    if let (Some(true), None) = (attrs.auto_increment, attrs.primary_key) {
        return Err(syn::Error::new(
            ty.span(),
            "`auto_increment` is for the primary key field",
        ));
    }
    let mut column = match &attrs.sql_type {
        Some(sql) => {
            if let Some(len) = &attrs.len {
                return Err(syn::Error::new(
                    len.span(),
                    "`len` is part of `sql_type` when that is given",
                ));
            }
            let column = quote!(::migrate_runtime::schema::Column::new(
                #name,
                ::migrate_runtime::schema::Type::custom(#sql)
            ));
            match is_option(ty) {
                true => column,
                false => quote!(#column.not_null()),
            }
        }
        // The type's `ColumnType` gives the column type and nullability; a type without one
        // is reported on the field's type.
        None => quote_spanned! {ty.span()=>
            ::migrate_runtime::model::field_column::<#ty>(
                #name,
                ::migrate_runtime::model::TypeOptions { len: #len, precision: #precision, scale: #scale },
            )
        },
    };
    // An identity key is numbered as an identity, not as a serial.
    if let (Some(_), true, None | Some(true), None) = (
        attrs.primary_key,
        single_key,
        attrs.auto_increment,
        &attrs.identity,
    ) {
        column = quote!(::migrate_runtime::model::auto_increment(#column));
    }
    if let Some(identity) = &attrs.identity {
        let always = identity.always;
        let option = |value: Option<i64>| match value {
            Some(value) => quote!(::core::option::Option::Some(#value)),
            None => quote!(::core::option::Option::None),
        };
        let (start, increment) = (option(identity.start), option(identity.increment));
        column = quote!(#column.identity_with(::migrate_runtime::schema::Identity {
            always: #always,
            start: #start,
            increment: #increment,
        }));
    }
    if let Some((expression, stored)) = &attrs.generated {
        if attrs.default.is_some() || attrs.identity.is_some() {
            return Err(syn::Error::new(
                expression.span(),
                "a generated column takes no default and is no identity: the database computes it",
            ));
        }
        column = match stored {
            true => quote!(#column.generated(#expression)),
            false => quote!(#column.generated_virtual(#expression)),
        };
    }
    if let Some(collation) = &attrs.collation {
        column = quote!(#column.collation(#collation));
    }
    if attrs.primary_key.is_some() && single_key {
        column = quote!(#column.primary_key());
    }
    if attrs.unique {
        column = quote!(#column.unique());
    }
    match &attrs.default {
        Some(DefaultAttr::Literal(literal)) => {
            let value = match literal {
                syn::Lit::Int(int) => {
                    quote!(::migrate_runtime::schema::DefaultValue::Integer(#int))
                }
                syn::Lit::Float(float) => {
                    quote!(::migrate_runtime::schema::DefaultValue::Float(#float))
                }
                syn::Lit::Bool(flag) => {
                    quote!(::migrate_runtime::schema::DefaultValue::Boolean(#flag))
                }
                other => quote!(::migrate_runtime::schema::DefaultValue::from(#other)),
            };
            column = quote!(#column.default(#value));
        }
        Some(DefaultAttr::Function(function)) => {
            column = quote!(#column.default(::migrate_runtime::schema::DefaultValue::#function()));
        }
        Some(DefaultAttr::Sql(sql)) => column = quote!(#column.default_sql(#sql)),
        None => {}
    }
    if let Some((_, table, referred)) = &attrs.references {
        column = quote!(#column.references(#table, #referred));
    }
    for (key, action) in [
        ("on_delete", &attrs.on_delete),
        ("on_update", &attrs.on_update),
    ] {
        let Some((literal, variant)) = action else {
            continue;
        };
        if attrs.references.is_none() {
            return Err(syn::Error::new(
                literal.span(),
                format!("`{key}` needs `references = \"table.column\"`"),
            ));
        }
        let method = Ident::new(key, literal.span());
        column = quote!(#column.#method(::migrate_runtime::schema::ReferentialAction::#variant));
    }
    if let Some(comment) = &attrs.comment {
        column = quote!(#column.comment(#comment));
    }
    Ok(column)
}

/// A decimal field without `precision` is refused at compile time, on the field's type. Only a
/// type that names `Decimal` is checked, so that a type without a column type is reported
/// once, by its column.
fn precision_check(field: &Field) -> TokenStream {
    let ty = &field.ty;
    let names_decimal = quote!(#ty).to_string().contains("Decimal");
    if field.attrs.precision.is_some() || field.attrs.sql_type.is_some() || !names_decimal {
        return TokenStream::new();
    }
    quote_spanned! {ty.span()=>
        const _: () = ::core::assert!(
            !<#ty as ::migrate_runtime::model::ColumnType>::NEEDS_PRECISION,
            "a decimal field needs `#[column(precision = P, scale = S)]`",
        );
    }
}

/// Whether the type is written `Option<…>`.
fn is_option(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    path.path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "Option")
}

/// `OrderLine` → `order_line`.
pub(crate) fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
