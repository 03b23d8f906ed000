//! Checks of the arguments against the `impl`: a downgrade is written, derivable, or
//! explicitly given up.

use migrate_graph::Problem;
use migrate_graph::header::Header;

use crate::item::MigrationImpl;

/// `irreversible` with a written downgrade is a contradiction; an irreversible op in the
/// upgrade with neither a downgrade nor `irreversible` leaves nothing to downgrade with.
pub(crate) fn check(header: &Header, migration: &MigrationImpl) -> syn::Result<()> {
    if let (Some(flag), true) = (header.irreversible, migration.has_downgrade) {
        return Err(syn::Error::new(
            flag,
            "this migration writes a `downgrade`, so it is not irreversible; remove `irreversible` or the downgrade",
        ));
    }
    if header.irreversible.is_some() || migration.has_downgrade {
        return Ok(());
    }
    let Some((span, op)) = migration.irreversible_calls.first() else {
        return Ok(());
    };
    let problem = Problem::NoDowngrade {
        revision: header.revision.value(),
        op: op.clone(),
    };
    let help = problem.help().unwrap_or_default();
    Err(syn::Error::new(*span, format!("{problem}\nhelp: {help}")))
}
