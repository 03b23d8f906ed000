//! `import-alembic`: an Alembic history (its `versions/` folder) as Rust migration files with
//! the same revision ids and graph. Alembic itself runs the history, one revision at a time,
//! on an empty database of the configured kind (`record.py`, under the team's own Python);
//! after each revision the catalog is read, and the revision's file holds the typed ops from
//! the catalog before it to the catalog after it — so the imported history makes what
//! Alembic's made, on that database. What a catalog cannot tell is taken from the operations
//! Alembic ran: renames, row statements (`op.execute("UPDATE …")`), `op.bulk_insert` rows. A
//! revision whose `upgrade()` works on rows in Python keeps that Python as a comment, with a
//! warning: it is ported to a data step by hand.

mod recorder;

use std::path::{Path, PathBuf};

use migrate_runtime::autogenerate::{self, Change, Renames, plan_source};
use migrate_runtime::op::{self, Op};
use migrate_runtime::state::Schema;
use migrate_runtime::{DatabaseUrl, Error, Migrations, ScratchDatabase, read_database};

use crate::args::Args;
use crate::authoring::NewMigration;
use crate::error::CliError;
use crate::settings;
use recorder::{AlembicRevision, Recorded, Recorder};

/// What `import-alembic` was asked.
pub(crate) struct Import<'a> {
    /// Alembic's `versions/` folder.
    pub(crate) alembic_versions: &'a Path,
    /// The Python that runs Alembic (with the history's own imports installed).
    pub(crate) python: &'a str,
    /// The SQLAlchemy URL scheme for the empty database, when not the default one.
    pub(crate) sqlalchemy_scheme: Option<&'a str>,
    /// Python that makes the tables the first revision needs (`connection` in scope).
    pub(crate) base: Option<&'a str>,
    /// Where the Rust files go.
    pub(crate) versions_dir: PathBuf,
}

/// What an import wrote, and what it could not carry.
pub(crate) struct Imported {
    /// The files, in upgrade order.
    pub(crate) files: Vec<PathBuf>,
    /// Warnings: revisions whose Python on rows was not carried, rows not carried.
    pub(crate) warnings: Vec<String>,
}

/// Import the history at `asked.alembic_versions` into an empty migrate history.
pub(crate) async fn import_alembic(
    args: &Args,
    migrations: &Migrations,
    asked: &Import<'_>,
) -> Result<Imported, CliError> {
    if !migrations.defs().is_empty() {
        return Err(CliError::ImportIntoHistory);
    }
    let settings = settings::resolve(args)?;
    let url: DatabaseUrl = settings.database_url.parse().map_err(Error::from)?;
    let dialect = url.dialect();
    let scratch = ScratchDatabase::beside(&url).await.map_err(Error::from)?;
    let sqlalchemy = recorder::sqlalchemy_url(scratch.url(), asked.sqlalchemy_scheme);
    let result = async {
        let mut recorder = Recorder::start(
            asked.python,
            asked.alembic_versions,
            &sqlalchemy,
            asked.base,
        )?;
        let mut revisions = recorder.revisions().to_vec();
        // Every id must be one migrate takes, before Alembic runs anything.
        for revision in &revisions {
            let id = &revision.revision;
            migrate_graph::check_revision_id(id).map_err(|cause| {
                CliError::MalformedRevisionId {
                    id: id.clone(),
                    cause,
                }
            })?;
            if asked.base.is_some() && id == recorder::BASE {
                return Err(CliError::Alembic {
                    reason: format!("the history has a revision `{id}`, the name `--base` gives"),
                });
            }
        }
        let read = |scratch: &ScratchDatabase| {
            let text = scratch.url().secret_text().to_owned();
            let version_table = settings.version_table.clone();
            let tables = settings.tables.clone();
            async move {
                let schema = read_database(&text, &version_table).await?;
                Ok::<Schema, Error>(schema.portable(dialect).filtered(&tables))
            }
        };
        let mut before = read(&scratch).await?;
        let mut written = Vec::new();
        let mut warnings = Vec::new();
        if asked.base.is_some() {
            // What the application makes before Alembic runs: a migration of its own, which
            // the history's first revisions follow.
            for root in revisions.iter_mut().filter(|r| r.down.is_empty()) {
                root.down = vec![recorder::BASE.to_owned()];
            }
            revisions.insert(
                0,
                AlembicRevision {
                    revision: recorder::BASE.to_owned(),
                    down: Vec::new(),
                    branch_labels: Vec::new(),
                    depends_on: Vec::new(),
                    message: "the tables made before the Alembic history's first revision"
                        .to_owned(),
                },
            );
        }
        for revision in revisions {
            let recorded = match revision.revision == recorder::BASE && asked.base.is_some() {
                true => recorder.base()?,
                false => recorder.upgrade(&revision.revision)?,
            };
            let after = read(&scratch).await?;
            let mut changes = autogenerate::changes(
                &before,
                &after,
                &renames(&recorded),
                dialect,
                &mut |_| Some(false),
            )
            .map_err(Error::from)?;
            changes.extend(row_statements(&recorded));
            for insert in &recorded.inserts {
                match insert.change() {
                    Ok(change) => changes.push(change),
                    Err(why) => warnings.push(format!("{}: {why}", revision.revision)),
                }
            }
            for statement in &recorded.unwritten {
                warnings.push(format!(
                    "{}: `{}` is not carried: its values have no SQL literal (write it as a data step)",
                    revision.revision,
                    statement.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
            if recorded.python.is_some() {
                warnings.push(format!(
                    "{}: its upgrade() works on rows in Python, which is not carried; the Python is a comment in the file: port it to a data step where it matters",
                    revision.revision
                ));
            }
            let new = NewMigration {
                revision: revision.revision.clone(),
                down: revision.down.clone(),
                depends_on: revision.depends_on.clone(),
                branch_labels: revision.branch_labels.clone(),
                message: revision.message.clone(),
                upgrade: plan_source(&changes, migrations.naming_convention()),
                irreversible: changes
                    .iter()
                    .any(|change| matches!(change.op, Op::Execute(_) | Op::BulkInsert(_))),
                not_carried: Vec::new(),
                python: recorded.python.clone(),
            };
            written.push(new);
            before = after;
        }
        drop(recorder);
        Ok::<_, CliError>((written, warnings))
    }
    .await;
    scratch.remove().await;
    let (written, warnings) = result?;
    // All the files or none: a file already there stops the import before anything is
    // written, and one that cannot be written takes the others back.
    let folder = &asked.versions_dir;
    if let Some(taken) = (written.iter())
        .map(|new| folder.join(new.file_name()))
        .find(|path| path.exists())
    {
        return Err(CliError::Write {
            folder: folder.clone(),
            cause: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("`{}` is there already", taken.display()),
            ),
        });
    }
    let mut files = Vec::new();
    for new in &written {
        match new.write(folder) {
            Ok(path) => files.push(path),
            Err(error) => {
                for path in &files {
                    let _ = std::fs::remove_file(path);
                }
                return Err(error);
            }
        }
    }
    Ok(Imported { files, warnings })
}

/// The renames Alembic ran, as autogenerate takes them.
fn renames(recorded: &Recorded) -> Renames {
    Renames {
        tables: (recorded.renamed_tables.iter())
            .map(|rename| (rename.to.clone(), rename.from.clone()))
            .collect(),
        columns: (recorded.renamed_columns.iter())
            .map(|rename| {
                let table = rename.table.clone().unwrap_or_default();
                (table, rename.to.clone(), rename.from.clone())
            })
            .collect(),
    }
}

/// The statements Alembic ran that change rows (`INSERT`, `UPDATE`, `DELETE`), which no
/// catalog shows; a statement that changes the schema is in the catalogs' difference.
fn row_statements(recorded: &Recorded) -> Vec<Change> {
    let changes_rows = |sql: &str| {
        let first = sql.split_whitespace().next().unwrap_or_default();
        ["insert", "update", "delete", "merge"]
            .iter()
            .any(|verb| first.eq_ignore_ascii_case(verb))
    };
    (recorded.statements.iter())
        .filter(|sql| changes_rows(sql))
        .map(|sql| Change {
            op: op::execute(sql.clone()).leaves_schema().into(),
            summary: format!(
                "ran `{}`",
                sql.split_whitespace().collect::<Vec<_>>().join(" ")
            ),
            destructive: false,
        })
        .collect()
}
