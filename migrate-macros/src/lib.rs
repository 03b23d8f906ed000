//! `#[migration]`, the attribute that declares a migration of **migrate**.
//!
//! Stages, one per module: [`header`] parses and checks the attribute's arguments, [`item`]
//! checks the item it is put on, [`expand`] generates the registration.

mod expand;
mod header;
mod item;

use proc_macro::TokenStream;

/// Declare a migration: put it on the `impl Migration for T` of a unit struct `T`.
///
/// ```ignore
/// pub struct AddDescription;
///
/// #[migration(revision = "c2d4e6f8a0b1", down = "a1b2c3d4e5f6", message = "add description")]
/// impl Migration for AddDescription {
///     fn upgrade(&self) -> Plan { /* … */ }
///     fn downgrade(&self) -> Plan { /* … */ }
/// }
/// ```
///
/// Arguments: `revision` (required; 1 to 32 characters of `0-9`, `a-z`, `_`), `down` (one
/// revision, or `["a", "b"]` for a merge; omitted for the first migration) and `message`.
#[proc_macro_attribute]
pub fn migration(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    let parsed = header::parse(args.into()).and_then(|header| {
        let target = item::parse(item.clone())?;
        Ok(expand::registration(&header, &target))
    });
    match parsed {
        Ok(registration) => quote::quote!(#item #registration).into(),
        Err(error) => expand::fallback(item, error).into(),
    }
}
