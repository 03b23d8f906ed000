//! `adopt`: take over the configured database as it is. Its catalog becomes a baseline
//! migration (irreversible: going below it would drop every table) and the models; the
//! baseline is first applied to an empty database of the same kind, whose catalog must be the
//! adopted one's; then the files are written and the database is stamped at the baseline.
//! Alembic's version table, when there is one, is carried with its rows, so that an
//! application that checks it runs on a database made from the baseline too.

use std::path::{Path, PathBuf};

use migrate_runtime::autogenerate::{self, Change, Renames, plan_source};
use migrate_runtime::op;
use migrate_runtime::state::{Schema, Table};
use migrate_runtime::{
    DatabaseUrl, Dialect, Error, MigrationDef, Migrations, Migrator, Plan, check_baseline,
    read_database, read_rows,
};

use crate::args::Args;
use crate::authoring::NewMigration;
use crate::error::CliError;
use crate::generate::{self, Goal};
use crate::report::Report;
use crate::settings;

/// Alembic's version table, carried into a baseline with its rows.
const ALEMBIC_VERSION: &str = "alembic_version";

/// The line `cargo migrate init` writes above its example model: a models file holding it
/// holds nothing of the user's yet.
const INIT_EXAMPLE: &str =
    "/// An example to edit or delete before the first `revision --autogenerate`.";

/// What `adopt` was asked.
pub(crate) struct Adopt<'a> {
    /// The baseline's message.
    pub(crate) message: &'a str,
    /// Where the models go; none for the migrations crate's `src/models.rs`.
    pub(crate) models_file: Option<&'a Path>,
    /// The folder of migration files.
    pub(crate) versions_dir: PathBuf,
    /// Whether to skip applying the baseline to an empty database first.
    pub(crate) no_check: bool,
    /// Tables whose rows the baseline carries (reference data).
    pub(crate) with_data: &'a [String],
}

/// Adopt the configured database.
pub(crate) async fn adopt(
    args: &Args,
    migrations: &Migrations,
    asked: &Adopt<'_>,
) -> Result<Report, CliError> {
    let settings = settings::resolve(args)?;
    let url = settings.database_url.as_str();
    let dialect = url.parse::<DatabaseUrl>().map_err(Error::from)?.dialect();
    let graph = migrations.graph().map_err(Error::from)?;
    let mut new = NewMigration::revision(&graph, asked.message, None, None, &[], None)?;
    let (mut changes, not_described) =
        generate::changes(args, migrations, &Goal::Database(url), false).await?;
    let live = read_database(url, &settings.version_table).await?;
    let live = live.portable(dialect);
    let tables = migrations.table_filter().clone().merged(&settings.tables);
    let mut carried = Vec::new();
    for table in asked.with_data {
        if carried.contains(table) {
            continue;
        }
        let Some(live_table) = live.tables.get(table).filter(|_| tables.admits(table)) else {
            return Err(CliError::NoSuchTable {
                table: table.clone(),
            });
        };
        changes.extend(rows(url, table).await?);
        changes.extend(sequences_past_the_rows(dialect, live_table));
        carried.push(table.clone());
    }
    // Carried unless migrate keeps its version there, or the table is compared as the
    // user's own (then the baseline makes it already).
    if settings.version_table != ALEMBIC_VERSION && !tables.admits(ALEMBIC_VERSION) {
        changes.extend(alembic_version(url, &live).await?);
    }
    if changes.is_empty() {
        // A database migrate manages already says so, rather than that nothing differs.
        if !migrations.defs().is_empty() {
            let migrator = Migrator::with_migrations(url, migrations)?
                .version_table(settings.version_table.clone());
            if let [at, ..] = migrator.current().await?.as_slice() {
                return Err(CliError::AlreadyAdopted {
                    revision: at.revision.to_string(),
                });
            }
        }
        return Err(CliError::NothingToAdopt);
    }
    let plan = (changes.iter()).fold(Plan::new(), |plan, change| plan.op(change.op.clone()));
    let baseline = MigrationDef::planned(&new.revision, &new.down, asked.message, plan, true);
    let with_baseline = migrations.clone().with_migration(baseline);
    let migrator = Migrator::with_migrations(url, &with_baseline)?
        .version_table(settings.version_table.clone())
        .filter_tables(&settings.tables);
    if let [at, ..] = migrator.current().await?.as_slice() {
        return Err(CliError::AlreadyAdopted {
            revision: at.revision.to_string(),
        });
    }
    let models_file = models_file(asked)?;
    if !asked.no_check {
        tracing::info!("Checking the baseline on an empty database of the same kind");
        let differences =
            check_baseline(url, &with_baseline, &settings.version_table, &tables).await?;
        if !differences.is_empty() {
            let differences = differences.iter().map(ToString::to_string).collect();
            return Err(CliError::BaselineDiffers { differences });
        }
    }
    new.upgrade = plan_source(&changes, migrations.naming_convention());
    new.not_carried = not_described.iter().map(ToString::to_string).collect();
    new.irreversible = true;
    let models = generate::models(args, migrations, url).await?;
    let path = new.write(&asked.versions_dir)?;
    let mut written = Written(vec![(path.clone(), None)]);
    let finished = async {
        written.write(&models_file, &models)?;
        let dependencies = match with_field_type_dependencies(&models_file, &models)? {
            Some((manifest, text, added)) => {
                written.write(&manifest, &text)?;
                added
            }
            None => Vec::new(),
        };
        migrator.stamp(&new.revision, false).await?;
        Ok::<_, CliError>(dependencies)
    }
    .await;
    let dependencies = match finished {
        Ok(dependencies) => dependencies,
        Err(error) => {
            written.undo();
            return Err(error);
        }
    };
    Ok(Report::Adopted {
        baseline: path,
        models: models_file,
        dependencies,
        changes,
        not_described,
        revision: new.revision,
        checked: !asked.no_check,
    })
}

/// Where the models go: the file asked for or the migrations crate's `src/models.rs`, when
/// it is missing or holds nothing but `init`'s example; refused when it holds anything else.
fn models_file(asked: &Adopt<'_>) -> Result<PathBuf, CliError> {
    let source = asked.versions_dir.parent().unwrap_or(Path::new("."));
    let path = match asked.models_file {
        Some(path) => path.to_owned(),
        None => source.join("models.rs"),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) if text.contains(INIT_EXAMPLE) && text.matches("#[derive(").count() == 1 => {
            Ok(path)
        }
        Ok(_) => Err(CliError::ModelsFileTaken { path }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(path),
        Err(cause) => Err(CliError::WriteModels { path, cause }),
    }
}

/// Alembic's version table of the database at `url` (`live`, its catalog in portable
/// types), created and filled as it is; nothing when there is none.
async fn alembic_version(url: &str, live: &Schema) -> Result<Vec<Change>, CliError> {
    let Some(table) = live.tables.get(ALEMBIC_VERSION) else {
        return Ok(Vec::new());
    };
    let alone = Schema {
        tables: [(ALEMBIC_VERSION.to_owned(), table.clone())].into(),
        ..Schema::default()
    };
    let dialect = url.parse::<DatabaseUrl>().map_err(Error::from)?.dialect();
    let mut changes = autogenerate::changes(
        &Schema::default(),
        &alone,
        &Renames::default(),
        dialect,
        &mut |_| Some(false),
    )
    .map_err(Error::from)?;
    changes.extend(rows(url, ALEMBIC_VERSION).await?);
    Ok(changes)
}

/// The rows of `table` in the database at `url`, as a change that inserts them; none when it
/// has none.
async fn rows(url: &str, table: &str) -> Result<Option<Change>, CliError> {
    let read = read_rows(url, table).await?;
    if read.rows.is_empty() {
        return Ok(None);
    }
    let change = autogenerate::rows_change(table, read.columns, read.rows)
        .map_err(|error| CliError::UnwritableRows { error })?;
    Ok(Some(change))
}

/// The migrations crate's `Cargo.toml` (beside `models_file`'s `src`) with the crates whose
/// types `models` uses and that it does not depend on yet: the file, its new text and the
/// crates' names; none when nothing is to add.
fn with_field_type_dependencies(
    models_file: &Path,
    models: &str,
) -> Result<Option<(PathBuf, String, Vec<String>)>, CliError> {
    const FIELD_TYPE_CRATES: [(&str, &str); 4] = [
        ("chrono", "0.4"),
        ("rust_decimal", "1"),
        ("serde_json", "1"),
        ("uuid", "1"),
    ];
    let Some(manifest) = models_file
        .parent()
        .and_then(Path::parent)
        .map(|crate_dir| crate_dir.join("Cargo.toml"))
        .filter(|manifest| manifest.exists())
    else {
        return Ok(None);
    };
    let unreadable = |cause| CliError::WriteModels {
        path: manifest.clone(),
        cause,
    };
    let text = std::fs::read_to_string(&manifest).map_err(unreadable)?;
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .map_err(|error| unreadable(std::io::Error::new(std::io::ErrorKind::InvalidData, error)))?;
    let mut added = Vec::new();
    if let Some(dependencies) = document
        .get_mut("dependencies")
        .and_then(toml_edit::Item::as_table_like_mut)
    {
        for (name, version) in FIELD_TYPE_CRATES {
            if models.contains(&format!("{name}::")) && !dependencies.contains_key(name) {
                dependencies.insert(name, toml_edit::value(version));
                added.push(name.to_owned());
            }
        }
    }
    Ok((!added.is_empty()).then(|| (manifest, document.to_string(), added)))
}

/// Files `adopt` wrote, each with what it held before, put back when a later step fails.
struct Written(Vec<(PathBuf, Option<String>)>);

impl Written {
    /// Write `text` to `path`, noting what it held.
    fn write(&mut self, path: &Path, text: &str) -> Result<(), CliError> {
        let before = std::fs::read_to_string(path).ok();
        std::fs::write(path, text).map_err(|cause| CliError::WriteModels {
            path: path.to_owned(),
            cause,
        })?;
        self.0.push((path.to_owned(), before));
        Ok(())
    }

    /// Put every file back as it was, newest first.
    fn undo(self) {
        for (path, before) in self.0.into_iter().rev() {
            let undone = match before {
                Some(text) => std::fs::write(&path, text),
                None => std::fs::remove_file(&path),
            };
            if let Err(error) = undone {
                tracing::warn!("could not put `{}` back: {error}", path.display());
            }
        }
    }
}

/// On PostgreSQL, the statements that move the sequences of `table`'s serial and identity
/// columns past the rows carried with their keys (MySQL and SQLite number past them alone).
fn sequences_past_the_rows(dialect: Dialect, table: &Table) -> Vec<Change> {
    if dialect != Dialect::Postgres {
        return Vec::new();
    }
    let numbered = (table.columns.iter())
        .filter(|column| column.ty.is_auto_increment() || column.identity.is_some());
    numbered
        .map(|column| {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence({}, {}), COALESCE(MAX({}), 0) + 1, false) FROM {}",
                dialect.literal(&dialect.quote(&table.name)),
                dialect.literal(&column.name),
                dialect.quote(&column.name),
                dialect.quote(&table.name)
            );
            Change {
                summary: format!("moved the sequence of `{}.{}` past the rows", table.name, column.name),
                op: op::execute(sql).leaves_schema().into(),
                destructive: false,
            }
        })
        .collect()
}
