//! The set of migrations a run works with: every registered one, or an explicit list; and
//! their revision graph, checked at start-up by the rules of compile time.

use migrate_graph::{Entry, GraphError, Problem, RevisionGraph};

use crate::backend::RenderError;
use crate::dialect::Dialect;
use crate::migration::MigrationDef;
use crate::plan::{Irreversible, Plan, Step};
use crate::schema::NamingConvention;
use crate::state::TableFilter;

inventory::collect!(MigrationDef);

/// A set of migrations, in no particular order; the revision graph orders them.
#[derive(Debug, Clone, Default)]
pub struct Migrations {
    defs: Vec<&'static MigrationDef>,
    versions_dir: Option<&'static str>,
    naming: NamingConvention,
    tables: TableFilter,
    databases: Vec<Dialect>,
}

impl Migrations {
    /// Every migration registered with `#[migration]` in the crates linked into this program.
    pub fn registered() -> Self {
        Migrations {
            defs: inventory::iter::<MigrationDef>.into_iter().collect(),
            versions_dir: None,
            naming: NamingConvention::default(),
            tables: TableFilter::default(),
            databases: Vec::new(),
        }
    }

    /// Exactly the given migrations.
    pub fn from_defs(defs: impl IntoIterator<Item = &'static MigrationDef>) -> Self {
        Migrations {
            defs: defs.into_iter().collect(),
            versions_dir: None,
            naming: NamingConvention::default(),
            tables: TableFilter::default(),
            databases: Vec::new(),
        }
    }

    /// The same migrations and `def`.
    pub fn with_migration(mut self, def: &'static MigrationDef) -> Self {
        self.defs.push(def);
        self
    }

    /// The same migrations, noting the folder their files live in, where the command line's
    /// `revision` and `merge` write new ones.
    pub fn with_versions_dir(mut self, folder: &'static str) -> Self {
        self.versions_dir = Some(folder);
        self
    }

    /// The same migrations, naming the constraints they leave unnamed by `convention` instead
    /// of PostgreSQL's scheme. It belongs to the history: set it once, in the migrations
    /// crate's `migrations()`, so that the command line and the app name alike.
    ///
    /// ```
    /// use migrate_runtime::{Migrations, NamingConvention};
    ///
    /// let migrations = Migrations::registered().with_naming_convention(
    ///     NamingConvention::postgres().foreign_key("fk_{table}_{columns}_{referred_table}"),
    /// );
    /// # let _ = migrations;
    /// ```
    pub fn with_naming_convention(mut self, convention: NamingConvention) -> Self {
        self.naming = convention;
        self
    }

    /// How the constraints these migrations leave unnamed are named.
    pub fn naming_convention(&self) -> &NamingConvention {
        &self.naming
    }

    /// The same migrations, comparing only the tables `filter` admits: drift, autogenerate
    /// and `models --from-database` leave the others alone on both sides (the tables of other
    /// migration tools are out by default). It belongs to the history, as the naming
    /// convention does.
    ///
    /// ```
    /// use migrate_runtime::Migrations;
    /// use migrate_runtime::state::TableFilter;
    ///
    /// let filter = TableFilter::default().exclude(["legacy_*", "spatial_ref_sys"]).unwrap();
    /// let migrations = Migrations::registered().with_table_filter(filter);
    /// # let _ = migrations;
    /// ```
    pub fn with_table_filter(mut self, filter: TableFilter) -> Self {
        self.tables = filter;
        self
    }

    /// Which tables these migrations compare.
    pub fn table_filter(&self) -> &TableFilter {
        &self.tables
    }

    /// The revision graph of these migrations: well-formed and unique revisions, known `down`s
    /// and `depends_on`s, no cycle, and a downgrade (written, derivable or declared impossible)
    /// for every migration.
    pub fn graph(&self) -> Result<RevisionGraph, GraphError> {
        let (graph, defs) = self.checked()?;
        check_downgrades(&defs)?;
        Ok(graph)
    }

    /// The graph, and each node's definition: node `i` is `defs[i]`. The downgrades are not
    /// looked at (that builds every migration's plans): a run checks those it reverts, `check`
    /// and [`Migrations::graph`] check them all.
    pub(crate) fn checked(
        &self,
    ) -> Result<(RevisionGraph, Vec<&'static MigrationDef>), GraphError> {
        let mut defs = self.defs.clone();
        defs.sort_unstable_by(|a, b| {
            let key = |def: &MigrationDef| (def.revision(), def.source().file, def.source().line);
            key(a).cmp(&key(b))
        });
        let entries: Vec<Entry> = defs.iter().map(|def| def.entry()).collect();
        let graph = RevisionGraph::new(&entries)?;
        Ok((graph, defs))
    }

    /// The same migrations, declared to run on each of `databases`: autogenerate refuses an op
    /// one of them cannot run when it writes the file, and
    /// [`testing::assert_migrations_run_everywhere`](crate::testing::assert_migrations_run_everywhere)
    /// and the models test hold the history to all of them. Undeclared, the command line takes
    /// the database of its URL and the test kit all three.
    ///
    /// ```
    /// use migrate_runtime::{Dialect, Migrations};
    ///
    /// let migrations = Migrations::registered().with_databases([Dialect::Postgres, Dialect::Sqlite]);
    /// assert_eq!(migrations.databases(), [Dialect::Postgres, Dialect::Sqlite]);
    /// ```
    pub fn with_databases(mut self, databases: impl IntoIterator<Item = Dialect>) -> Self {
        self.databases.clear();
        for database in databases {
            if !self.databases.contains(&database) {
                self.databases.push(database);
            }
        }
        self
    }

    /// The databases these migrations declare they run on; empty when none is declared.
    pub fn databases(&self) -> &[Dialect] {
        &self.databases
    }

    /// `plan` rendered for each of `databases`, its constraints named by these migrations'
    /// convention: the first op one of them cannot run, with the database and why.
    pub fn runs_on(&self, plan: &Plan, databases: &[Dialect]) -> Result<(), RenderError> {
        let plan = plan.named(&self.naming);
        for &dialect in databases {
            plan.render(dialect)?;
        }
        Ok(())
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

/// Refuse `defs` (sorted as the graph's nodes) when a migration has no downgrade.
pub(crate) fn check_downgrades(defs: &[&'static MigrationDef]) -> Result<(), GraphError> {
    let missing = missing_downgrades(defs);
    match missing.is_empty() {
        true => Ok(()),
        false => {
            let entries: Vec<Entry> = defs.iter().map(|def| def.entry()).collect();
            Err(GraphError::new(missing, &entries))
        }
    }
}

/// Migrations whose derived downgrade cannot run and that are not declared irreversible: an
/// upgrade step that neither the op alone nor the schema before it can undo (raw SQL, rows,
/// a data step).
fn missing_downgrades(defs: &[&'static MigrationDef]) -> Vec<Problem> {
    let without = defs.iter().filter(|def| !def.is_irreversible());
    without
        .filter_map(|def| {
            let Some(Irreversible::Op(_)) = def.downgrade().irreversible() else {
                return None;
            };
            let upgrade = def.upgrade();
            let lost = upgrade.steps().iter().find(|step| match step {
                Step::Op(op) => op.reversed().is_none() && !op.restorable_from_schema(),
                Step::Data(_) => true,
            })?;
            Some(Problem::NoDowngrade {
                revision: def.revision().to_owned(),
                op: lost.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration::Migration;
    use crate::plan::Plan;

    /// An upgrade that cannot be reversed, with no downgrade written.
    struct Irreversible;

    impl Migration for Irreversible {
        fn upgrade(&self) -> Plan {
            Plan::new().op(crate::op::execute("DELETE FROM t"))
        }
    }

    #[test]
    fn an_irreversible_upgrade_without_downgrade_is_refused_at_start_up() {
        let def = MigrationDef::new("a", &Irreversible).with_source("a.rs", 3);
        let error = Migrations::from_defs([&*Box::leak(Box::new(def))]).graph();
        assert_eq!(
            error.unwrap_err().to_string(),
            "migration `a` has no downgrade, and `execute(\"DELETE FROM t\")` in its upgrade cannot be reversed automatically (a.rs:3)"
        );
        let declared = MigrationDef::new("a", &Irreversible).irreversible();
        let graph = Migrations::from_defs([&*Box::leak(Box::new(declared))]).graph();
        assert!(graph.is_ok(), "declared irreversible");
    }
}
