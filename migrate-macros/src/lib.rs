//! `#[migration]`, the attribute that declares a migration of **migrate**.
//!
//! Stages, one per module: the arguments are parsed and checked by
//! [`migrate_graph::header`], [`item`] reads the `impl` it is put on, [`valid`] checks the
//! two together, [`history`] checks the migration against every other one of the crate,
//! [`portable`] its builder calls against the databases the crate declares, and [`expand`]
//! generates the registration.

mod data_step;
mod expand;
mod history;
mod item;
mod model;
mod portable;
mod valid;

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
/// Arguments: `revision` (required; 1 to 32 characters of letters, digits, `_` and `.`), `down` (one
/// revision, or `["a", "b"]` for a merge; omitted for the first migration), `depends_on`
/// (revisions of other branches to apply first), `message`, and the flag `irreversible`.
///
/// Besides its own arguments, the attribute checks the whole history at compile time: every
/// file of the crate's `src/versions/` and the file it stands in are read once per build, and
/// an unknown `down`/`depends_on`, a revision declared twice or a cycle is reported on the
/// offending literal. A builder call that a database the crate declares
/// (`[package.metadata.migrate] databases` in its `Cargo.toml`) cannot run, such as a partial
/// index with MySQL declared, is reported on the call.
#[proc_macro_attribute]
pub fn migration(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    match declare(args.into(), item.clone()) {
        Ok(registration) => quote::quote!(#item #registration).into(),
        Err(error) => expand::fallback(item, error).into(),
    }
}

fn declare(
    args: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> syn::Result<proc_macro2::TokenStream> {
    let header = migrate_graph::header::parse(args)?;
    let migration = item::parse(item.clone())?;
    let mut errors = valid::check(&header, &migration).err();
    for checked in [history::check(&header), portable::check(&item)] {
        let Err(error) = checked else {
            continue;
        };
        match &mut errors {
            Some(errors) => errors.combine(error),
            None => errors = Some(error),
        }
    }
    match errors {
        Some(errors) => Err(errors),
        None => Ok(expand::registration(&header, &migration)),
    }
}

/// Fingerprint a data step's code: put it on the `async fn` a plan's `.data(…)` runs, so that
/// an edit to the function after its migration ran is reported like any other edit (the
/// fingerprint is part of the migration's checksum).
///
/// ```ignore
/// #[data_step]
/// async fn lower_case_emails(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
///     ctx.query("UPDATE users SET email = lower(email)").execute(ctx.conn()).await?;
///     Ok(())
/// }
/// ```
#[proc_macro_attribute]
pub fn data_step(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    match data_step::expand(args.into(), item.clone()) {
        Ok(expanded) => expanded.into(),
        Err(error) => expand::fallback(item, error).into(),
    }
}

/// Declare a table as a Rust struct: each field is a column, its type the column type
/// (`Option<T>` takes NULL). Autogenerate compares the models with the history.
///
/// ```ignore
/// #[derive(Model)]
/// #[model(table = "orders", index(customer_id, placed_at))]
/// pub struct Order {
///     #[column(primary_key)]
///     pub id: i64,
///     #[column(references = "customers.id", on_delete = "cascade")]
///     pub customer_id: i64,
///     #[column(precision = 10, scale = 2, default = 0)]
///     pub total: Decimal,
///     pub placed_at: chrono::DateTime<chrono::Utc>,
///     pub note: Option<String>,
/// }
/// ```
///
/// `#[model(…)]`: `table` (default: the struct's name in snake case with an `s`),
/// `renamed_from`, `comment`, `primary_key(a, b)`, `unique(a, b)`, `index(a, b, name = "…",
/// unique, where_sql = "…")`, `check(sql = "…", name = "…")`, `foreign_key(a, b, references =
/// "table(x, y)", on_delete = "…", on_update = "…", name = "…")`.
/// `#[column(…)]`: `name`, `renamed_from`, `primary_key` (an integer key auto-increments unless
/// `auto_increment = false`), `unique`, `index`, `default` (a literal, `now`, `current_date`,
/// `random_uuid`), `default_sql`, `references = "table.column"`, `on_delete`, `on_update`,
/// `len`, `precision`, `scale`, `sql_type`, `comment`, `skip`.
#[proc_macro_derive(Model, attributes(model, column))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    match model::derive(input.into()) {
        Ok(expanded) => expanded.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// A Rust enum of unit variants as a column type of models: a PostgreSQL enum type named
/// after the enum in snake case (or `#[model_enum(name = "…")]`), MySQL's `ENUM(…)`, text
/// with a check on SQLite. The values are the variants' names in snake case (or
/// `#[model_enum(rename = "…")]`), as sqlx's `#[sqlx(rename_all = "snake_case")]` writes them.
///
/// ```ignore
/// #[derive(ModelEnum, sqlx::Type)]
/// #[sqlx(type_name = "order_status", rename_all = "snake_case")]
/// pub enum OrderStatus { Open, Paid, Shipped }
/// ```
#[proc_macro_derive(ModelEnum, attributes(model_enum))]
pub fn derive_model_enum(input: TokenStream) -> TokenStream {
    match model::enumeration::derive(input.into()) {
        Ok(expanded) => expanded.into(),
        Err(error) => error.to_compile_error().into(),
    }
}
