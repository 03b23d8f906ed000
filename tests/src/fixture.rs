//! Migrations built at run time for test scenarios, outside the global registry.

use migrate_runtime::prelude::*;
use migrate_runtime::{MigrationDef, Migrations};

/// A migration made of plans built at run time.
pub struct Fixed {
    /// The upgrade.
    pub upgrade: Plan,
    /// The downgrade; derived from the upgrade when `None`.
    pub downgrade: Option<Plan>,
}

impl Migration for Fixed {
    fn upgrade(&self) -> Plan {
        self.upgrade.clone()
    }

    fn downgrade(&self) -> Plan {
        self.downgrade
            .clone()
            .unwrap_or_else(|| self.upgrade.reversed())
    }
}

/// A `'static` migration definition, as `#[migration]` would register it.
pub fn leak(revision: &str, down: &[&str], migration: Fixed) -> &'static MigrationDef {
    define(revision, down, &[], &[], migration)
}

/// A migration doing `upgrade`, its downgrade derived from the schema.
pub fn derived(revision: &str, down: &[&str], upgrade: Plan) -> &'static MigrationDef {
    let down: Vec<String> = down.iter().map(|d| (*d).to_owned()).collect();
    MigrationDef::planned(revision, &down, "", upgrade, false)
}

/// A `'static` migration definition with dependencies and branch labels.
pub fn define(
    revision: &str,
    down: &[&str],
    depends_on: &[&str],
    labels: &[&str],
    migration: Fixed,
) -> &'static MigrationDef {
    let leak_list = |items: &[&str]| -> &'static [&'static str] {
        let items: Vec<&'static str> = items
            .iter()
            .map(|s| &*Box::leak(s.to_string().into_boxed_str()))
            .collect();
        Box::leak(items.into_boxed_slice())
    };
    let migration: &'static Fixed = Box::leak(Box::new(migration));
    let revision: &'static str = Box::leak(revision.to_owned().into_boxed_str());
    let def = MigrationDef::new(revision, migration)
        .with_down(leak_list(down))
        .with_depends_on(leak_list(depends_on))
        .with_branch_labels(leak_list(labels))
        .with_message(revision);
    Box::leak(Box::new(def))
}

/// A migration's header: `(revision, down, depends_on, branch_labels)`.
pub type Header = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

/// One migration per header, each creating a table named `t_<revision>`, so that the catalog
/// shows what is applied.
pub fn table_per_revision(history: &[Header]) -> Migrations {
    Migrations::from_defs(history.iter().map(|&(revision, down, depends_on, labels)| {
        let table =
            op::create_table(format!("t_{revision}")).column(Column::new("id", Type::Integer));
        let migration = Fixed {
            upgrade: Plan::new().op(table),
            downgrade: None,
        };
        define(revision, down, depends_on, labels, migration)
    }))
}

/// A migrator for `url` over one migration `revision` (a first one) doing `upgrade`, with the
/// written `downgrade` if one is given.
pub fn one_migration(
    url: &str,
    revision: &str,
    upgrade: Plan,
    downgrade: Option<Plan>,
) -> migrate_runtime::Migrator {
    let defs = vec![leak(revision, &[], Fixed { upgrade, downgrade })];
    migrate_runtime::Migrator::with_migrations(url, &Migrations::from_defs(defs)).expect("history")
}

/// The drift of the database `migrator` runs on, each difference as the CLI prints it.
pub async fn drift_lines(migrator: &migrate_runtime::Migrator) -> Vec<String> {
    let drift = migrator.drift().await.expect("drift");
    drift.iter().map(ToString::to_string).collect()
}

/// The plan of `changes`: their ops in order, as the file autogenerate writes runs them.
pub fn plan_of(changes: &[migrate_runtime::autogenerate::Change]) -> Plan {
    changes
        .iter()
        .fold(Plan::new(), |plan, change| plan.op(change.op.clone()))
}

/// The baseline of the database `migrator` runs on, as `revision --autogenerate
/// --from-database` writes it: the changes from nothing to its catalog, and their Rust.
pub async fn baseline(
    migrator: &migrate_runtime::Migrator,
) -> (Vec<migrate_runtime::autogenerate::Change>, String) {
    let live = migrator.database_schema().await.expect("catalog");
    let dialect = migrator.dialect();
    let changes = migrate_runtime::autogenerate::changes(
        &migrate_runtime::state::Schema::default(),
        &live.portable(dialect),
        &migrate_runtime::autogenerate::Renames::default(),
        dialect,
        &mut |_| None,
    )
    .expect("changes");
    let source = migrate_runtime::autogenerate::plan_source(
        &changes,
        &migrate_runtime::NamingConvention::default(),
    );
    (changes, source)
}

/// The objects `schema` holds whole, as (kind, name), sorted.
pub fn object_kinds(
    schema: &migrate_runtime::state::Schema,
) -> Vec<(migrate_runtime::state::ObjectKind, String)> {
    let mut kinds: Vec<_> = (schema.objects.iter())
        .map(|object| (object.kind, object.name.clone()))
        .collect();
    kinds.sort();
    kinds
}

/// Assert that the database `migrator` runs on, its catalog and the history's replay, hold
/// exactly the objects `wanted`, and that it has no drift; the catalog's schema.
pub async fn assert_objects_everywhere(
    migrator: &migrate_runtime::Migrator,
    wanted: &[(migrate_runtime::state::ObjectKind, &str)],
) -> migrate_runtime::state::Schema {
    let mut wanted: Vec<_> = (wanted.iter())
        .map(|(kind, name)| (*kind, (*name).to_owned()))
        .collect();
    wanted.sort();
    let found = migrator.database_schema().await.expect("catalog");
    assert_eq!(object_kinds(&found), wanted, "{found:#?}");
    let replayed = migrator.schema("head").expect("replay");
    assert_eq!(object_kinds(&replayed), wanted, "{replayed:#?}");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
    found
}

/// The baseline `changes` applied as the one migration of the (emptied) database at `url`:
/// its objects are `wanted` and it has no drift.
pub async fn assert_baseline_makes_them(
    url: &str,
    changes: &[migrate_runtime::autogenerate::Change],
    wanted: &[(migrate_runtime::state::ObjectKind, &str)],
) {
    let adopted = one_migration(url, "e10000000000", plan_of(changes), None);
    adopted.upgrade("head").await.expect("the baseline runs");
    assert_objects_everywhere(&adopted, wanted).await;
}
