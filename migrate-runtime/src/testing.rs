//! Checks for a project's own tests, with no database.

use crate::autogenerate::Change;
use crate::dialect::Dialect;
use crate::error::Error;
use crate::model::Models;
use crate::registry::Migrations;

/// The changes, per database, that would bring the head of `migrations` to `models`; empty
/// when they match on all three. A dropped and an added column of the same type count as both
/// (a drop and an add).
pub fn model_differences(
    migrations: &Migrations,
    models: &Models,
) -> Result<Vec<(Dialect, Vec<Change>)>, Error> {
    let mut out = Vec::new();
    for dialect in [Dialect::Sqlite, Dialect::Postgres, Dialect::MySql] {
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
