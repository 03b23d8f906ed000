//! The set of migrations a run works with: every registered one, or an explicit list.

use crate::migration::MigrationDef;

inventory::collect!(MigrationDef);

/// A set of migrations, in no particular order; the revision graph orders them.
#[derive(Debug, Clone, Default)]
pub struct Migrations {
    defs: Vec<&'static MigrationDef>,
}

impl Migrations {
    /// Every migration registered with `#[migration]` in the crates linked into this program.
    pub fn registered() -> Self {
        Migrations {
            defs: inventory::iter::<MigrationDef>.into_iter().collect(),
        }
    }

    /// Exactly the given migrations.
    pub fn from_defs(defs: impl IntoIterator<Item = &'static MigrationDef>) -> Self {
        Migrations {
            defs: defs.into_iter().collect(),
        }
    }

    /// The migrations.
    pub fn defs(&self) -> &[&'static MigrationDef] {
        &self.defs
    }
}
