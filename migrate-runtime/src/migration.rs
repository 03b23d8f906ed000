//! What a migration is: the [`Migration`] trait a user implements, and the
//! [`MigrationDef`] that `#[migration]` registers for it.

use std::fmt;

use migrate_graph::{Entry, Source};

use crate::plan::{Irreversible, Plan};

/// The body of a migration: its upgrade and downgrade as plans.
///
/// Implemented in each file of `src/versions/`, under `#[migration(…)]`:
///
/// ```
/// use migrate_runtime::prelude::*;
///
/// pub struct AddDescription;
///
/// #[migration(revision = "c2d4e6f8a0b1", down = "a1b2c3d4e5f6", message = "add description")]
/// impl Migration for AddDescription {
///     fn upgrade(&self) -> Plan {
///         Plan::new().op(op::add_column("products", Column::new("description", Type::Text)))
///     }
///
///     fn downgrade(&self) -> Plan {
///         Plan::new().op(op::drop_column("products", "description"))
///     }
/// }
/// # fn main() {}
/// ```
pub trait Migration: Send + Sync + 'static {
    /// The ops that move the schema forward.
    fn upgrade(&self) -> Plan;

    /// The ops that undo [`upgrade`](Migration::upgrade).
    ///
    /// Left out, it is derived by reversing the upgrade: each op undone, last first; drops and
    /// column changes from the schema the history built before the migration (the runner
    /// does this). An upgrade with raw SQL, row changes or a data step needs a written
    /// downgrade or the `irreversible` flag of `#[migration]`.
    fn downgrade(&self) -> Plan {
        self.upgrade().reversed()
    }
}

/// A migration's header and body, as `#[migration]` registers it.
///
/// Built in const context, so that it can be registered statically:
///
/// ```
/// # use migrate_runtime::prelude::*;
/// # struct Init;
/// # impl Migration for Init {
/// #     fn upgrade(&self) -> Plan { Plan::new() }
/// #     fn downgrade(&self) -> Plan { Plan::new() }
/// # }
/// const INIT: MigrationDef = MigrationDef::new("a1b2c3d4e5f6", &Init).with_message("initial schema");
/// assert_eq!(INIT.revision(), "a1b2c3d4e5f6");
/// ```
pub struct MigrationDef {
    revision: &'static str,
    down: &'static [&'static str],
    depends_on: &'static [&'static str],
    branch_labels: &'static [&'static str],
    irreversible: bool,
    transactional: bool,
    message: &'static str,
    source: Source,
    migration: &'static dyn Migration,
}

impl MigrationDef {
    /// The migration `revision`, a first one until [`with_down`](Self::with_down) says otherwise.
    pub const fn new(revision: &'static str, migration: &'static dyn Migration) -> Self {
        MigrationDef {
            revision,
            down: &[],
            depends_on: &[],
            branch_labels: &[],
            irreversible: false,
            transactional: true,
            message: "",
            source: Source { file: "", line: 0 },
            migration,
        }
    }

    /// The revisions this one follows: one for a plain step, several for a merge.
    pub const fn with_down(self, down: &'static [&'static str]) -> Self {
        MigrationDef { down, ..self }
    }

    /// Revisions of other branches that must be applied before this one.
    pub const fn with_depends_on(self, depends_on: &'static [&'static str]) -> Self {
        MigrationDef { depends_on, ..self }
    }

    /// Names for the branch this revision starts or belongs to (`label@head` targets it).
    pub const fn with_branch_labels(self, branch_labels: &'static [&'static str]) -> Self {
        MigrationDef {
            branch_labels,
            ..self
        }
    }

    /// Run without a transaction around the migration (`false`), for statements that cannot
    /// run inside one, such as PostgreSQL's `CREATE INDEX CONCURRENTLY`: each statement commits
    /// on its own, and a failure lists what was done.
    pub const fn with_transactional(self, transactional: bool) -> Self {
        MigrationDef {
            transactional,
            ..self
        }
    }

    /// Declare that this migration cannot be downgraded.
    pub const fn irreversible(self) -> Self {
        MigrationDef {
            irreversible: true,
            ..self
        }
    }

    /// The one-line description shown by `history` and in logs.
    pub const fn with_message(self, message: &'static str) -> Self {
        MigrationDef { message, ..self }
    }

    /// Where the migration is defined.
    pub const fn with_source(self, file: &'static str, line: u32) -> Self {
        MigrationDef {
            source: Source { file, line },
            ..self
        }
    }

    /// The revision id.
    pub fn revision(&self) -> &'static str {
        self.revision
    }

    /// The revisions this one follows (empty for a first migration).
    pub fn down(&self) -> &'static [&'static str] {
        self.down
    }

    /// The revisions of other branches applied before this one.
    pub fn depends_on(&self) -> &'static [&'static str] {
        self.depends_on
    }

    /// The branch labels it declares.
    pub fn branch_labels(&self) -> &'static [&'static str] {
        self.branch_labels
    }

    /// Whether the migration runs in one transaction (the default).
    pub fn is_transactional(&self) -> bool {
        self.transactional
    }

    /// The header as the revision graph knows it.
    pub fn entry(&self) -> Entry {
        Entry {
            revision: self.revision(),
            down: self.down(),
            depends_on: self.depends_on(),
            branch_labels: self.branch_labels(),
            message: self.message(),
            source: self.source(),
        }
    }

    /// Whether the migration is declared irreversible.
    pub fn is_irreversible(&self) -> bool {
        self.irreversible
    }

    /// The one-line description.
    pub fn message(&self) -> &'static str {
        self.message
    }

    /// Where the migration is defined.
    pub fn source(&self) -> Source {
        self.source
    }

    /// The upgrade plan.
    pub fn upgrade(&self) -> Plan {
        self.migration.upgrade()
    }

    /// The downgrade plan; one that cannot run when the migration is irreversible.
    pub fn downgrade(&self) -> Plan {
        if self.irreversible {
            return Plan::cannot_run(Irreversible::Declared);
        }
        self.migration.downgrade()
    }
}

/// A migration that is a plan in memory, not compiled in (see [`MigrationDef::planned`]).
struct Planned(Plan);

impl Migration for Planned {
    fn upgrade(&self) -> Plan {
        self.0.clone()
    }
}

impl MigrationDef {
    /// A migration that is not compiled in: `upgrade` as revision `revision` following
    /// `down`, with `message`, for a program that tries a migration before writing its file (`adopt` applies
    /// a baseline to an empty database first). Its parts are leaked to live as long as the
    /// program, as a registered migration's do: make few.
    pub fn planned(
        revision: &str,
        down: &[String],
        message: &str,
        upgrade: Plan,
        irreversible: bool,
    ) -> &'static Self {
        let leak = |text: &str| -> &'static str { Box::leak(text.to_owned().into_boxed_str()) };
        let down: Vec<&'static str> = down.iter().map(|d| leak(d)).collect();
        let def = MigrationDef::new(leak(revision), Box::leak(Box::new(Planned(upgrade))))
            .with_down(Box::leak(down.into_boxed_slice()))
            .with_message(leak(message));
        Box::leak(Box::new(match irreversible {
            true => def.irreversible(),
            false => def,
        }))
    }
}

impl fmt::Debug for MigrationDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MigrationDef")
            .field("revision", &self.revision)
            .field("down", &self.down)
            .field("depends_on", &self.depends_on)
            .field("branch_labels", &self.branch_labels)
            .field("irreversible", &self.irreversible)
            .field("transactional", &self.transactional)
            .field("message", &self.message)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}
