//! `#[data_step]`: the fingerprint of a data step's code, so that an edit to it after the
//! migration ran is told like any other edit.
//!
//! The fingerprint is SHA-256 of the function's tokens (its signature and body; not its
//! attributes or doc comments), each written as its own text, one space apart: stable across
//! formatting and compiler versions, changed by any edit to the code.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use sha2::{Digest, Sha256};

/// The function as written, and its registration with its fingerprint.
pub(crate) fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    if let Some(extra) = args.into_iter().next() {
        return Err(syn::Error::new_spanned(
            extra,
            "`#[data_step]` takes no arguments",
        ));
    }
    let function: syn::ItemFn = syn::parse2(item)?;
    if function.sig.asyncness.is_none() {
        return Err(syn::Error::new_spanned(
            function.sig.fn_token,
            "`#[data_step]` goes on an `async fn(ctx: &mut DataContext<'_>) -> Result<(), DataError>`",
        ));
    }
    let mut code = TokenStream::new();
    function.sig.to_tokens(&mut code);
    function.block.to_tokens(&mut code);
    let fingerprint = fingerprint(code);
    let name = &function.sig.ident;
    Ok(quote! {
        #function

        ::migrate_runtime::__private::inventory::submit! {
            ::migrate_runtime::__private::DataStepCode {
                type_of: || ::migrate_runtime::__private::type_id_of(&#name),
                fingerprint: #fingerprint,
            }
        }
    })
}

/// SHA-256 of the tokens' texts, hex.
fn fingerprint(code: TokenStream) -> String {
    let mut text = String::new();
    write_tokens(code, &mut text);
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_tokens(tokens: TokenStream, out: &mut String) {
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                out.push(' ');
                write_tokens(group.stream(), out);
                out.push_str(close);
            }
            TokenTree::Ident(ident) => out.push_str(&ident.to_string()),
            TokenTree::Punct(punct) => out.push(punct.as_char()),
            TokenTree::Literal(literal) => out.push_str(&literal.to_string()),
        }
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_does_not_change_the_fingerprint_and_code_does() {
        let a: TokenStream = "async fn f(ctx: &mut C) -> R { ctx.run(\"x\").await?; Ok(()) }"
            .parse()
            .unwrap();
        let b: TokenStream =
            "async fn f(ctx:&mut C)->R{\n    ctx . run(\"x\").await ?;\n    Ok(())\n}"
                .parse()
                .unwrap();
        let c: TokenStream = "async fn f(ctx: &mut C) -> R { ctx.run(\"y\").await?; Ok(()) }"
            .parse()
            .unwrap();
        assert_eq!(fingerprint(a.clone()), fingerprint(b));
        assert_ne!(fingerprint(a), fingerprint(c));
    }
}
