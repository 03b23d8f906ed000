//! The models (or a database's catalog) against the history: `revision --autogenerate`, which
//! asks on a terminal whether a drop and an add of the same shape are a rename; `models
//! --from-database`; and the models part of `check`.

use migrate_runtime::autogenerate::{self, Change, RenameCandidate, Renames};
use migrate_runtime::model::Models;
use migrate_runtime::read_database;
use migrate_runtime::state::{NotDescribed, Schema, TableFilter};
use migrate_runtime::{DatabaseUrl, Dialect, Error, Migrations, Migrator};

use crate::args::Args;
use crate::error::CliError;
use crate::{format, prompt, settings};

/// What the head of the history is compared with.
pub(crate) enum Goal<'a> {
    /// The registered models.
    Models,
    /// The catalog of the database at this URL (a baseline).
    Database(&'a str),
}

/// The changes that bring the head of `migrations` to `goal`, compared as the configured
/// database (a baseline: that database) reads them; and, for a baseline, what the database's
/// tables have that migrate does not describe (none for models).
pub(crate) async fn changes(
    args: &Args,
    migrations: &Migrations,
    goal: &Goal<'_>,
    drop_and_add: bool,
) -> Result<(Vec<Change>, Vec<NotDescribed>), CliError> {
    let terminal = prompt::interactive();
    let mut decide = |candidate: &RenameCandidate| match (drop_and_add, terminal) {
        (true, _) => Some(false),
        (false, true) => ask(candidate),
        (false, false) => None,
    };
    match goal {
        Goal::Models => {
            let models = Models::registered();
            if models.is_empty() {
                return Err(CliError::NoModels);
            }
            let settings = settings::resolve(args)?;
            let url: DatabaseUrl = settings.database_url.parse().map_err(Error::from)?;
            let migrations = filtered(migrations, &settings.tables);
            let changes = migrations.model_changes(&models, url.dialect(), &mut decide)?;
            runs_on_declared(&changes, &migrations, &settings.databases, url.dialect())?;
            Ok((changes, Vec::new()))
        }
        Goal::Database(url) => {
            let (live, dialect, tables) = read(args, migrations, url).await?;
            let history = migrations.head_schema(dialect)?.filtered(&tables);
            let changes =
                autogenerate::changes(&history, &live, &Renames::default(), dialect, &mut decide)
                    .map_err(Error::from)?;
            let declared = match settings::resolve(args) {
                Ok(settings) => settings.databases,
                // The URL read is given: a configuration without a database is no obstacle.
                Err(CliError::NoDatabase { .. }) => Vec::new(),
                Err(error) => return Err(error),
            };
            runs_on_declared(&changes, migrations, &declared, dialect)?;
            Ok((changes, live.not_described))
        }
    }
}

/// Refuse `changes` when a database the history runs on cannot run one: the databases
/// `migrate.toml` declares, else those the migrations declare, else `compared` (the database
/// the changes were computed for).
fn runs_on_declared(
    changes: &[Change],
    migrations: &Migrations,
    from_file: &[Dialect],
    compared: Dialect,
) -> Result<(), CliError> {
    let declared = match (from_file, migrations.databases()) {
        ([], []) => vec![compared],
        ([], declared) | (declared, _) => declared.to_vec(),
    };
    let plan = (changes.iter()).fold(migrate_runtime::Plan::new(), |plan, change| {
        plan.op(change.op.clone())
    });
    (migrations.runs_on(&plan, &declared)).map_err(|error| CliError::NotOnDeclared { error })
}

/// `models --from-database URL`: the database's tables as model structs, formatted.
pub(crate) async fn models(
    args: &Args,
    migrations: &Migrations,
    url: &str,
) -> Result<String, CliError> {
    let (live, _, _) = read(args, migrations, url).await?;
    Ok(format::rust(&autogenerate::models_source(&live)))
}

/// The catalog of the database at `url` in portable types, its dialect and the table filter
/// it was read through: the tables the filter admits, the configured version table and its
/// history aside.
async fn read(
    args: &Args,
    migrations: &Migrations,
    url: &str,
) -> Result<(Schema, Dialect, TableFilter), CliError> {
    let dialect = url.parse::<DatabaseUrl>().map_err(Error::from)?.dialect();
    // The URL read is given: a configuration without a database is no obstacle here.
    let (version_table, tables) = match settings::resolve(args) {
        Ok(settings) => (settings.version_table, settings.tables),
        Err(CliError::NoDatabase { .. }) => (
            migrate_runtime::DEFAULT_VERSION_TABLE.to_owned(),
            TableFilter::default(),
        ),
        Err(error) => return Err(error),
    };
    let tables = migrations.table_filter().clone().merged(&tables);
    let live = read_database(url, &version_table).await?;
    Ok((live.portable(dialect).filtered(&tables), dialect, tables))
}

/// `migrations` comparing the tables their own filter and `tables` admit.
fn filtered(migrations: &Migrations, tables: &TableFilter) -> Migrations {
    let filter = migrations.table_filter().clone().merged(tables);
    migrations.clone().with_table_filter(filter)
}

/// Whether the user says the pair is a rename (`y`) or a drop and an add (`n`); none (a
/// refusal) for any other answer or none, so that nothing is dropped by default.
fn ask(candidate: &RenameCandidate) -> Option<bool> {
    let answer = prompt::ask(&format!(
        "{candidate}. Was it renamed? [y = rename, n = drop and add]"
    ))?;
    match answer.as_str() {
        "y" | "yes" => Some(true),
        "n" | "no" => Some(false),
        _ => None,
    }
}

/// For `check`: what the registered models change against the head of the history (none
/// when there are no models); why they could not be compared.
pub(crate) fn model_differences(
    migrations: &Migrations,
    migrator: &Migrator,
) -> Option<Result<Vec<String>, String>> {
    let models = Models::registered();
    if models.is_empty() {
        return None;
    }
    let migrations = migrations
        .clone()
        .with_table_filter(migrator.table_filter().clone());
    Some(
        match migrations.model_changes(&models, migrator.dialect(), &mut |_| Some(false)) {
            Ok(changes) => Ok(changes.into_iter().map(|change| change.summary).collect()),
            Err(error) => Err(error.to_string()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use migrate_runtime::op;

    fn partial_index() -> Vec<Change> {
        vec![Change {
            op: op::create_index("ix_users_active", "users", ["email"])
                .where_sql("active")
                .into(),
            summary: "added index `ix_users_active` on `users`".into(),
            destructive: false,
        }]
    }

    #[test]
    fn an_op_a_declared_database_cannot_run_is_refused_when_written() {
        let migrations = Migrations::from_defs([]);
        let declared = [Dialect::Postgres, Dialect::MySql];
        let refused = runs_on_declared(&partial_index(), &migrations, &declared, Dialect::Postgres);
        let Err(CliError::NotOnDeclared { error }) = refused else {
            panic!("refused: {refused:?}");
        };
        assert_eq!(error.dialect, Dialect::MySql);
        assert!(error.to_string().contains("partial"), "{error}");
        // Declared by the history instead of migrate.toml: the same.
        let migrations = migrations.with_databases(declared);
        let refused = runs_on_declared(&partial_index(), &migrations, &[], Dialect::Postgres);
        assert!(matches!(refused, Err(CliError::NotOnDeclared { .. })));
        // Nothing declared: the compared database alone, which runs it.
        let migrations = Migrations::from_defs([]);
        assert!(runs_on_declared(&partial_index(), &migrations, &[], Dialect::Postgres).is_ok());
    }
}
