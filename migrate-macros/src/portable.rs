//! The builder calls of a migration that a database the crate declares cannot run
//! (`[package.metadata.migrate] databases` in its `Cargo.toml`), refused at compile time on
//! the call, with the words the runtime would refuse the op with at upgrade time
//! ([`migrate_graph::portability`]). Only what the call alone says is looked at (a
//! `.where_sql(…)` on `op::create_index(…)`); the rest is checked when a file is written and
//! by `testing::assert_migrations_run_everywhere`.

use migrate_graph::portability::{NotPortable, display_name, of_dialect_variant, refusals};
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

/// Refuse each call in `item` that a declared database cannot run.
pub(crate) fn check(item: &TokenStream) -> syn::Result<()> {
    let declared = crate::history::declared()
        .map_err(|message| syn::Error::new(Span::call_site(), message))?;
    let mut errors = Vec::new();
    refused_calls(item.clone(), &declared, &mut errors);
    let combined = errors.into_iter().reduce(|mut all, error| {
        all.combine(error);
        all
    });
    combined.map_or(Ok(()), Err)
}

/// Each call of `tokens` (and of the groups in it) that one of `declared` refuses.
fn refused_calls(tokens: TokenStream, declared: &[&str], errors: &mut Vec<syn::Error>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for start in 0..trees.len() {
        let Some((root, root_span)) = path_at(&trees, start) else {
            continue;
        };
        // `root(…)`, then `.method(…)` after `.method(…)`.
        let mut methods = Vec::new();
        let mut at = start + 4;
        if is_parenthesised(trees.get(at)) {
            at += 1;
            while let (
                Some(TokenTree::Punct(dot)),
                Some(TokenTree::Ident(method)),
                Some(TokenTree::Group(arguments)),
            ) = (trees.get(at), trees.get(at + 1), trees.get(at + 2))
            {
                if dot.as_char() != '.' || arguments.delimiter() != Delimiter::Parenthesis {
                    break;
                }
                methods.push((method.clone(), arguments.stream()));
                at += 3;
            }
        }
        // `.only_on([Dialect::…])`: the op runs on those databases alone.
        let only_on = (methods.iter()).find(|(method, _)| method == "only_on");
        let runs_on: Vec<&str> = match only_on {
            Some((_, arguments)) => {
                let named = named_databases(arguments.clone());
                (declared.iter().copied())
                    .filter(|database| named.contains(database))
                    .collect()
            }
            None => declared.to_vec(),
        };
        refuse(&root, None, root_span, &runs_on, errors);
        for (method, _) in &methods {
            refuse(
                &root,
                Some(&method.to_string()),
                method.span(),
                &runs_on,
                errors,
            );
        }
    }
    for tree in trees {
        if let TokenTree::Group(group) = tree {
            refused_calls(group.stream(), declared, errors);
        }
    }
}

/// The databases `Dialect::Postgres`, `Dialect::MySql` and `Dialect::Sqlite` in `tokens` name.
fn named_databases(tokens: TokenStream) -> Vec<&'static str> {
    let mut named = Vec::new();
    for tree in tokens {
        match tree {
            TokenTree::Group(group) => named.extend(named_databases(group.stream())),
            TokenTree::Ident(ident) => named.extend(of_dialect_variant(&ident.to_string())),
            _ => {}
        }
    }
    named
}

/// `a::b` starting at `start`: the path, and the span of `b`.
fn path_at(trees: &[TokenTree], start: usize) -> Option<(String, Span)> {
    match trees.get(start..start + 4)? {
        [
            TokenTree::Ident(module),
            TokenTree::Punct(first),
            TokenTree::Punct(second),
            TokenTree::Ident(name),
        ] if first.as_char() == ':' && second.as_char() == ':' => {
            Some((format!("{module}::{name}"), name.span()))
        }
        _ => None,
    }
}

fn is_parenthesised(tree: Option<&TokenTree>) -> bool {
    matches!(tree, Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis)
}

/// An error on `span` for each declared database that refuses `method` on `root`.
fn refuse(
    root: &str,
    method: Option<&str>,
    span: Span,
    declared: &[&str],
    errors: &mut Vec<syn::Error>,
) {
    for (entry, database) in refusals(root, method, declared) {
        errors.push(syn::Error::new(span, message(entry, database)));
    }
}

/// What the runtime would say at upgrade time, and where the database is declared.
fn message(entry: &NotPortable, database: &str) -> String {
    let call = match entry.method {
        Some(method) => format!("{}(…).{method}(…)", entry.root),
        None => format!("{}(…)", entry.root),
    };
    format!(
        "`{call}` cannot run on {}, which this crate declares (`databases` in \
         `[package.metadata.migrate]` of its Cargo.toml): it has no {}; {}",
        display_name(database),
        entry.feature,
        entry.alternative
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn refused(tokens: TokenStream, declared: &[&str]) -> Vec<String> {
        let mut errors = Vec::new();
        refused_calls(tokens, declared, &mut errors);
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_call_a_declared_database_cannot_run_is_refused_on_the_call() {
        let body = quote! {
            fn upgrade(&self) -> Plan {
                Plan::new()
                    .op(op::create_index("ix", "t", ["a"]).unique().where_sql("a > 0"))
                    .op(op::backfill("t", "id").set("a = 1").where_sql("a IS NULL"))
                    .op(op::create_table("t").column(Column::new("b", Type::Text).generated_virtual("a")))
            }
        };
        assert_eq!(
            refused(body.clone(), &["postgres", "mysql"]),
            [
                "`op::create_index(…).where_sql(…)` cannot run on MySQL, which this crate \
                 declares (`databases` in `[package.metadata.migrate]` of its Cargo.toml): it \
                 has no partial indexes; index the whole table, or index a generated column",
                "`Column::new(…).generated_virtual(…)` cannot run on PostgreSQL, which this \
                 crate declares (`databases` in `[package.metadata.migrate]` of its \
                 Cargo.toml): it has no virtual generated columns; use `.generated(…)`, a \
                 stored one"
            ]
        );
        // A back-fill's `where_sql` runs everywhere; nothing declared, nothing refused.
        assert!(refused(body.clone(), &["sqlite"]).is_empty());
        assert!(refused(body, &[]).is_empty());
        let unnamed = quote!(Plan::new().op(op::drop_unnamed_check("t", "a > 0")));
        assert_eq!(refused(unnamed, &["postgres", "sqlite"]).len(), 1);
        // For the databases that have it only: nothing refused.
        let only = quote! {
            Plan::new().op(op::create_index("ix", "t", ["a"]).where_sql("a > 0")
                .only_on([Dialect::Postgres, Dialect::Sqlite]))
        };
        assert!(refused(only, &["postgres", "mysql", "sqlite"]).is_empty());
        let too_wide = quote! {
            op::create_index("ix", "t", ["a"]).where_sql("a > 0").only_on([Dialect::MySql])
        };
        assert_eq!(refused(too_wide, &["postgres", "mysql"]).len(), 1);
    }
}
