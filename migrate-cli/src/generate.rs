//! The models against the history: `revision --autogenerate`, which asks on a terminal whether
//! a drop and an add of the same shape are a rename, and the models part of `check`.

use std::io::IsTerminal;

use migrate_runtime::autogenerate::{Change, RenameCandidate};
use migrate_runtime::model::Models;
use migrate_runtime::{DatabaseUrl, Error, Migrations, Migrator};

use crate::args::Args;
use crate::error::CliError;
use crate::settings;

/// The changes that bring the head of `migrations` to the registered models, compared as the
/// configured database reads them.
pub(crate) fn changes(
    args: &Args,
    migrations: &Migrations,
    drop_and_add: bool,
) -> Result<Vec<Change>, CliError> {
    let models = Models::registered();
    if models.is_empty() {
        return Err(CliError::NoModels);
    }
    let url: DatabaseUrl = settings::resolve(args)?
        .database_url
        .parse()
        .map_err(Error::from)?;
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let mut decide = |candidate: &RenameCandidate| match (drop_and_add, terminal) {
        (true, _) => Some(false),
        (false, true) => ask(candidate),
        (false, false) => None,
    };
    Ok(migrations.model_changes(&models, url.dialect(), &mut decide)?)
}

/// Whether the user says the pair is a rename; none when there is no answer.
fn ask(candidate: &RenameCandidate) -> Option<bool> {
    eprint!("{candidate}. Was it renamed? [y/N] ");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).ok()?;
    Some(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// For `check`: what the registered models change against the head of the history (nothing
/// when there are no models); why they could not be compared.
pub(crate) fn model_differences(
    migrations: &Migrations,
    migrator: &Migrator,
) -> Result<Vec<String>, String> {
    let models = Models::registered();
    if models.is_empty() {
        return Ok(Vec::new());
    }
    match migrations.model_changes(&models, migrator.dialect(), &mut |_| Some(false)) {
        Ok(changes) => Ok(changes.into_iter().map(|change| change.summary).collect()),
        Err(error) => Err(error.to_string()),
    }
}
