//! The set of migrations a run works with: every registered one, or an explicit list.

use crate::migration::MigrationDef;

inventory::collect!(MigrationDef);

/// A set of migrations, in no particular order; the revision graph orders them.
#[derive(Debug, Clone, Default)]
pub struct Migrations {
    defs: Vec<&'static MigrationDef>,
    versions_dir: Option<&'static str>,
}

impl Migrations {
    /// Every migration registered with `#[migration]` in the crates linked into this program.
    pub fn registered() -> Self {
        Migrations {
            defs: inventory::iter::<MigrationDef>.into_iter().collect(),
            versions_dir: None,
        }
    }

    /// Exactly the given migrations.
    pub fn from_defs(defs: impl IntoIterator<Item = &'static MigrationDef>) -> Self {
        Migrations {
            defs: defs.into_iter().collect(),
            versions_dir: None,
        }
    }

    /// The same migrations, noting the folder their files live in, where the command line's
    /// `revision` and `merge` write new ones.
    pub fn with_versions_dir(mut self, folder: &'static str) -> Self {
        self.versions_dir = Some(folder);
        self
    }

    /// The folder of the migration files, when known.
    pub fn versions_dir(&self) -> Option<&'static str> {
        self.versions_dir
    }

    /// The migrations.
    pub fn defs(&self) -> &[&'static MigrationDef] {
        &self.defs
    }
}
