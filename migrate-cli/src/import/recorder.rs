//! The Python process that runs an Alembic history one revision at a time (`record.py`): a
//! line of JSON out for the history, then a line in ("up REV") and a line of JSON out per
//! revision.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use migrate_runtime::autogenerate::{self, Change};
use migrate_runtime::schema::Value;
use migrate_runtime::{DatabaseUrl, Dialect};

use crate::error::CliError;

/// The revision of what `--base` makes: the first migration of an imported history whose
/// first revision needs tables made outside Alembic.
pub(super) const BASE: &str = "alembic_base";

/// The script, handed to the Python with `-c` (no file to write or to plant).
const RECORD_PY: &str = include_str!("record.py");

/// One revision of the history, as Alembic reads it.
#[derive(Debug, Clone, serde::Deserialize)]
pub(super) struct AlembicRevision {
    /// Its id.
    pub(super) revision: String,
    /// The revisions it follows.
    pub(super) down: Vec<String>,
    /// Its branch labels.
    pub(super) branch_labels: Vec<String>,
    /// The revisions it depends on.
    pub(super) depends_on: Vec<String>,
    /// The first paragraph of its docstring.
    pub(super) message: String,
}

/// The history, the first line `record.py` writes.
#[derive(serde::Deserialize)]
struct History {
    revisions: Vec<AlembicRevision>,
}

/// A rename Alembic ran.
#[derive(Debug, Clone, serde::Deserialize)]
pub(super) struct Rename {
    /// The table of a renamed column.
    #[serde(default)]
    pub(super) table: Option<String>,
    /// The name before.
    pub(super) from: String,
    /// The name after.
    pub(super) to: String,
}

/// Rows `op.bulk_insert` inserted.
#[derive(Debug, Clone, serde::Deserialize)]
pub(super) struct Insert {
    table: String,
    columns: Vec<String>,
    rows: Vec<Vec<serde_json::Value>>,
}

impl Insert {
    /// The rows as a change; why not, for a value without a plain literal.
    pub(super) fn change(&self) -> Result<Change, String> {
        let rows = (self.rows.iter())
            .map(|row| row.iter().map(value).collect::<Result<Vec<_>, _>>())
            .collect::<Result<Vec<_>, String>>()
            .map_err(|kind| {
                format!(
                    "the rows op.bulk_insert put in `{}` hold a {kind} value, which is not carried yet: insert them in a migration of their own",
                    self.table
                )
            })?;
        autogenerate::rows_change(&self.table, self.columns.clone(), rows)
            .map_err(|error| error.to_string())
    }
}

/// A value of a bulk insert, or the kind of one that is not carried.
fn value(json: &serde_json::Value) -> Result<Value, String> {
    Ok(match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(value) => Value::Bool(*value),
        serde_json::Value::Number(number) => match (number.as_i64(), number.as_f64()) {
            (Some(value), _) => Value::Int(value),
            (None, Some(value)) => Value::Float(value),
            (None, None) => return Err("number".to_owned()),
        },
        serde_json::Value::String(text) => Value::Text(text.clone()),
        serde_json::Value::Object(tagged) => {
            return Err(tagged.keys().next().cloned().unwrap_or_default());
        }
        serde_json::Value::Array(_) => return Err("array".to_owned()),
    })
}

/// What Alembic ran for one revision that a catalog does not show.
#[derive(Debug, Clone, serde::Deserialize)]
pub(super) struct Recorded {
    /// Columns renamed.
    pub(super) renamed_columns: Vec<Rename>,
    /// Tables renamed.
    pub(super) renamed_tables: Vec<Rename>,
    /// `op.execute` statements, as run.
    pub(super) statements: Vec<String>,
    /// `op.execute` statements whose values SQLAlchemy cannot write as literals.
    pub(super) unwritten: Vec<String>,
    /// `op.bulk_insert` rows.
    pub(super) inserts: Vec<Insert>,
    /// The source of `upgrade()`, when it works on rows in Python.
    pub(super) python: Option<String>,
    /// The traceback, when `upgrade()` failed.
    error: Option<String>,
}

/// The running `record.py`.
pub(super) struct Recorder {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    revisions: Vec<AlembicRevision>,
}

impl Recorder {
    /// Start `python` on the history in `versions`, with Alembic's database at `sqlalchemy`
    /// (handed over in the environment, never on the command line).
    pub(super) fn start(
        python: &str,
        versions: &Path,
        sqlalchemy: &str,
        base: Option<&str>,
    ) -> Result<Self, CliError> {
        let failed = |reason: String| CliError::Alembic { reason };
        if !versions.is_dir() {
            return Err(failed(format!(
                "`{}` is not a folder of Alembic revisions",
                versions.display()
            )));
        }
        let mut child = Command::new(python)
            .arg("-c")
            .arg(RECORD_PY)
            .arg(versions)
            .env("MIGRATE_IMPORT_URL", sqlalchemy)
            .env("MIGRATE_IMPORT_BASE", base.unwrap_or_default())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|error| failed(format!("cannot run `{python}`: {error}")))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(failed("the Python process has no pipes".to_owned()));
        };
        let mut recorder = Recorder {
            child,
            input,
            output: BufReader::new(output),
            revisions: Vec::new(),
        };
        let history: History = recorder.read_line("reading the history")?;
        recorder.revisions = history.revisions;
        Ok(recorder)
    }

    /// The history's revisions, in an order that upgrades.
    pub(super) fn revisions(&self) -> &[AlembicRevision] {
        &self.revisions
    }

    /// Run the `--base` Python, which makes the tables the history's first revision needs.
    pub(super) fn base(&mut self) -> Result<Recorded, CliError> {
        self.run("base", BASE)
    }

    /// Run `revision`'s `upgrade()`; what it ran that a catalog does not show.
    pub(super) fn upgrade(&mut self, revision: &str) -> Result<Recorded, CliError> {
        self.run(&format!("up {revision}"), revision)
    }

    /// Send `command`, which runs `what`; what it ran.
    fn run(&mut self, command: &str, what: &str) -> Result<Recorded, CliError> {
        writeln!(self.input, "{command}")
            .and_then(|()| self.input.flush())
            .map_err(|error| CliError::Alembic {
                reason: format!("the Python process stopped: {error}"),
            })?;
        let recorded: Recorded = self.read_line(what)?;
        match &recorded.error {
            Some(traceback) => Err(CliError::AlembicRevisionFailed {
                revision: what.to_owned(),
                traceback: traceback.clone(),
            }),
            None => Ok(recorded),
        }
    }

    fn read_line<T: serde::de::DeserializeOwned>(&mut self, what: &str) -> Result<T, CliError> {
        let mut line = String::new();
        let read = self.output.read_line(&mut line);
        let failed = |reason: String| CliError::Alembic { reason };
        match read {
            Ok(0) | Err(_) => Err(failed(format!(
                "the Python process ended while {what} (its error is above): it needs alembic and sqlalchemy, the history's own imports, and the database's driver"
            ))),
            Ok(_) => serde_json::from_str(&line)
                .map_err(|error| failed(format!("unreadable answer while {what}: {error}"))),
        }
    }
}

impl Drop for Recorder {
    /// Stop the process (its last revision is done, or the import failed) and wait for it,
    /// so that its connection is gone before the empty database is dropped.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The SQLAlchemy URL of `url`: its scheme replaced by `scheme`, or by SQLAlchemy's for the
/// database (`postgresql`, `mysql`, `sqlite`; `record.py` then names the driver installed).
pub(super) fn sqlalchemy_url(url: &DatabaseUrl, scheme: Option<&str>) -> String {
    let text = url.secret_text();
    let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
    let scheme = scheme.unwrap_or(match url.dialect() {
        Dialect::Postgres => "postgresql",
        Dialect::MySql => "mysql",
        Dialect::Sqlite => "sqlite",
    });
    match url.dialect() {
        // migrate's `sqlite:///abs/path` and `sqlite://rel/path` are SQLAlchemy's
        // `sqlite:////abs/path` and `sqlite:///rel/path`.
        Dialect::Sqlite => format!("{scheme}:///{}", rest.split('?').next().unwrap_or(rest)),
        _ => format!("{scheme}://{rest}"),
    }
}
