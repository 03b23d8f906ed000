//! Checks for a project's own tests, with no database.

use crate::autogenerate::Change;
use crate::backend::RenderError;
use crate::dialect::Dialect;
use crate::error::Error;
use crate::model::Models;
use crate::registry::Migrations;

/// The databases `migrations` declare, or all three when they declare none.
fn declared(migrations: &Migrations) -> Vec<Dialect> {
    match migrations.databases() {
        [] => vec![Dialect::Sqlite, Dialect::Postgres, Dialect::MySql],
        declared => declared.to_vec(),
    }
}

/// The changes, per database, that would bring the head of `migrations` to `models`; empty
/// when they match on every database the migrations declare (all three when they declare
/// none). A dropped and an added column of the same type count as both (a drop and an add).
pub fn model_differences(
    migrations: &Migrations,
    models: &Models,
) -> Result<Vec<(Dialect, Vec<Change>)>, Error> {
    let mut out = Vec::new();
    for dialect in declared(migrations) {
        let changes = migrations.model_changes(models, dialect, &mut |_| Some(false))?;
        if !changes.is_empty() {
            out.push((dialect, changes));
        }
    }
    Ok(out)
}

/// Panic, listing the differences, when the models registered in this program
/// (`#[derive(Model)]`) differ from the head of `migrations` on any database: a model changed
/// without its migration. For a plain `#[test]`; it needs no database.
///
/// ```no_run
/// # mod migrations { pub fn migrations() -> migrate_runtime::Migrations { migrate_runtime::Migrations::registered() } }
/// #[test]
/// fn models_match_the_migrations() {
///     migrate_runtime::testing::assert_models_match(&migrations::migrations());
/// }
/// ```
#[track_caller]
// An assertion for tests: failing is its purpose.
#[allow(clippy::panic)]
pub fn assert_models_match(migrations: &Migrations) {
    let models = Models::registered();
    let differences = match model_differences(migrations, &models) {
        Ok(differences) => differences,
        Err(error) => panic!("the models cannot be compared with the migrations: {error}"),
    };
    if differences.is_empty() {
        return;
    }
    let mut message = String::from(
        "the models differ from the head of the migrations; write the migration with \
         `cargo migrate revision --autogenerate -m \"…\"`:",
    );
    for (dialect, changes) in differences {
        message.push_str(&format!("\n  on {dialect}:"));
        for change in changes {
            message.push_str(&format!("\n    {change}"));
        }
    }
    panic!("{message}");
}

/// Each op of `migrations` (upgrades, and the downgrades written or derived from the ops
/// alone) that a database they declare cannot run (all three when they declare none), with
/// the migration's revision: what would otherwise fail at upgrade time on that database.
pub fn unrunnable(migrations: &Migrations) -> Vec<(String, RenderError)> {
    let mut out = Vec::new();
    for def in migrations.defs() {
        let downgrade = def.downgrade();
        // A downgrade derived from the schema before the migration undoes the upgrade's ops.
        let written = downgrade.irreversible().is_none().then_some(downgrade);
        for plan in std::iter::once(def.upgrade()).chain(written) {
            for dialect in declared(migrations) {
                if let Err(error) = migrations.runs_on(&plan, &[dialect]) {
                    out.push((def.revision().to_owned(), error));
                }
            }
        }
    }
    out
}

/// Panic, listing each op a declared database cannot run (see [`unrunnable`]), so that a
/// migration PostgreSQL runs and MariaDB refuses fails in `cargo test`, not at deploy time.
///
/// ```no_run
/// # mod migrations { pub fn migrations() -> migrate_runtime::Migrations { migrate_runtime::Migrations::registered() } }
/// #[test]
/// fn migrations_run_on_every_declared_database() {
///     migrate_runtime::testing::assert_migrations_run_everywhere(&migrations::migrations());
/// }
/// ```
#[track_caller]
// An assertion for tests: failing is its purpose.
#[allow(clippy::panic)]
pub fn assert_migrations_run_everywhere(migrations: &Migrations) {
    let unrunnable = unrunnable(migrations);
    if unrunnable.is_empty() {
        return;
    }
    let mut message = String::from(
        "migrations hold ops a declared database cannot run; write them per database or declare fewer databases (`Migrations::with_databases`):",
    );
    for (revision, error) in unrunnable {
        message.push_str(&format!("\n  in `{revision}`: {error}"));
    }
    panic!("{message}");
}
