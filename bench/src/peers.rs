//! The tools users would pick instead, on the same history: Alembic (from PyPI, in a virtual
//! environment) and sqlx-cli (from crates.io), installed under the work folder when missing,
//! each timed on the same commands as `migrate`, as separate processes.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::history::{self, Kind};
use crate::stats::Samples;

/// The peers' programs.
pub(crate) struct Peers {
    alembic: PathBuf,
    sqlx: PathBuf,
}

fn run_checked(command: &mut Command, what: &str) -> io::Result<()> {
    let status = command.status()?;
    if !status.success() {
        return Err(io::Error::other(format!("{what} failed")));
    }
    Ok(())
}

/// Install Alembic and sqlx-cli under `folder` unless they are there.
pub(crate) fn install(folder: &Path) -> io::Result<Peers> {
    let alembic = install_alembic(folder)?;
    let sqlx = install_sqlx(folder)?;
    Ok(Peers { alembic, sqlx })
}

/// Install Alembic (with SQLAlchemy) in a virtual environment under `folder` unless it is
/// there; its program.
pub(crate) fn install_alembic(folder: &Path) -> io::Result<PathBuf> {
    let venv = folder.join("venv");
    let alembic = venv.join("bin").join("alembic");
    if !alembic.exists() {
        run_checked(
            Command::new("python3").args(["-m", "venv"]).arg(&venv),
            "creating a virtual environment",
        )?;
        let pip = venv.join("bin").join("pip");
        run_checked(
            Command::new(pip).args([
                "install",
                "--quiet",
                "alembic",
                "sqlalchemy",
                "psycopg2-binary",
            ]),
            "pip install alembic",
        )?;
    }
    Ok(alembic)
}

/// Install sqlx-cli under `folder` unless it is there; its program.
fn install_sqlx(folder: &Path) -> io::Result<PathBuf> {
    let cargo_root = folder.join("cargo");
    let sqlx = cargo_root.join("bin").join("sqlx");
    if !sqlx.exists() {
        run_checked(
            Command::new("cargo")
                .args([
                    "install",
                    "--quiet",
                    "sqlx-cli",
                    "--version",
                    "0.9.0",
                    "--locked",
                ])
                .args([
                    "--no-default-features",
                    "--features",
                    "sqlite,postgres",
                    "--root",
                ])
                .arg(&cargo_root),
            "cargo install sqlx-cli",
        )?;
    }
    Ok(sqlx)
}

/// One migration of the generated history, in the peers' terms.
struct Step {
    revision: String,
    table: String,
    kind: Kind,
    index: usize,
}

fn steps(count: usize) -> Vec<Step> {
    (0..count)
        .map(|index| {
            let (kind, table) = history::shape(index);
            Step {
                revision: format!("r{index:04}"),
                table,
                kind,
                index,
            }
        })
        .collect()
}

/// Write an Alembic environment with `count` revisions into `folder`.
pub(crate) fn write_alembic(folder: &Path, count: usize) -> io::Result<()> {
    let versions = folder.join("versions");
    if folder.exists() {
        std::fs::remove_dir_all(folder)?;
    }
    std::fs::create_dir_all(&versions)?;
    std::fs::write(
        folder.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s\nsqlalchemy.url = driver://set-by-env\n",
    )?;
    std::fs::write(
        folder.join("env.py"),
        "import os\nfrom alembic import context\nfrom sqlalchemy import create_engine\n\n\
         engine = create_engine(os.environ['BENCH_URL'])\n\
         with engine.connect() as connection:\n    \
         context.configure(connection=connection, transaction_per_migration=True)\n    \
         with context.begin_transaction():\n        context.run_migrations()\n",
    )?;
    std::fs::write(folder.join("script.py.mako"), "")?;
    let all = steps(count);
    for (position, step) in all.iter().enumerate() {
        let down = match position {
            0 => "None".to_owned(),
            _ => format!("{:?}", all[position - 1].revision),
        };
        let (upgrade, downgrade) = alembic_body(step);
        let mut source = String::new();
        let _ = write!(
            source,
            "import sqlalchemy as sa\nfrom alembic import op\n\nrevision = {:?}\ndown_revision = {down}\n\n\
             def upgrade():\n    {upgrade}\n\n\ndef downgrade():\n    {downgrade}\n",
            step.revision
        );
        std::fs::write(versions.join(format!("{}.py", step.revision)), source)?;
    }
    Ok(())
}

fn alembic_body(step: &Step) -> (String, String) {
    let table = &step.table;
    let index = step.index;
    match step.kind {
        Kind::CreateTable => (
            format!(
                "op.create_table({table:?}, sa.Column('id', sa.BigInteger().with_variant(sa.Integer, 'sqlite'), primary_key=True), \
                 sa.Column('name', sa.String(100), nullable=False), sa.Column('amount', sa.Numeric(10, 2)), \
                 sa.Column('active', sa.Boolean, nullable=False, server_default=sa.true()), \
                 sa.Column('created_at', sa.DateTime))"
            ),
            format!("op.drop_table({table:?})"),
        ),
        Kind::AddColumn => (
            format!("op.add_column({table:?}, sa.Column('extra_{index}', sa.Text))"),
            format!("op.drop_column({table:?}, 'extra_{index}')"),
        ),
        Kind::CreateIndex => (
            format!("op.create_index('ix_{index}', {table:?}, ['name'])"),
            format!("op.drop_index('ix_{index}', table_name={table:?})"),
        ),
        Kind::Data => (
            format!(
                "rows = sa.table({table:?}, sa.column('name'), sa.column('amount'))\n    \
                 op.bulk_insert(rows, [{{'name': f'row {{i}}', 'amount': i + 0.5}} for i in range(100)])\n    \
                 op.execute('UPDATE {table} SET amount = amount * 2')"
            ),
            format!("op.execute('DELETE FROM {table}')"),
        ),
    }
}

/// Write sqlx-cli migration files from `migrate`'s offline SQL of the same history: each
/// migration's statements, without the version table and the transaction lines (sqlx-cli
/// wraps each migration in a transaction and keeps its own table).
pub(crate) fn write_sqlx(folder: &Path, up_script: &str, down_script: &str) -> io::Result<()> {
    if folder.exists() {
        std::fs::remove_dir_all(folder)?;
    }
    std::fs::create_dir_all(folder)?;
    let ups = statements_by_migration(up_script);
    let mut downs = statements_by_migration(down_script);
    downs.reverse();
    for (index, up) in ups.iter().enumerate() {
        let version = index + 1;
        std::fs::write(folder.join(format!("{version:04}_step.up.sql")), up)?;
        let down = downs.get(index).cloned().unwrap_or_default();
        std::fs::write(folder.join(format!("{version:04}_step.down.sql")), down)?;
    }
    Ok(())
}

fn statements_by_migration(script: &str) -> Vec<String> {
    let mut migrations: Vec<String> = Vec::new();
    for line in script.lines() {
        if line.starts_with("-- Running") {
            migrations.push(String::new());
            continue;
        }
        let skip = line.starts_with("BEGIN;")
            || line.starts_with("START TRANSACTION;")
            || line.starts_with("COMMIT;")
            || line.starts_with("--")
            || line.contains("migrate_version");
        if let (false, Some(current)) = (skip, migrations.last_mut()) {
            current.push_str(line);
            current.push('\n');
        }
    }
    migrations
}

/// Time `program args` with `BENCH_URL`/`DATABASE_URL` set to `url`, in `folder`.
fn time(program: &Path, args: &[&str], url: &str, folder: &Path) -> io::Result<Duration> {
    let started = Instant::now();
    let output = Command::new(program)
        .args(args)
        .current_dir(folder)
        .env("BENCH_URL", url)
        .env("DATABASE_URL", url)
        .stdout(Stdio::null())
        .output()?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "{} {args:?} failed: {}",
            program.display(),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(elapsed)
}

/// Timings of one peer.
pub(crate) struct PeerRow {
    pub(crate) upgrade: Samples,
    pub(crate) noop_upgrade: Samples,
    pub(crate) current: Samples,
}

/// Alembic on `url` (a SQLAlchemy URL), `fresh` giving a new empty database each run.
pub(crate) fn alembic(
    peers: &Peers,
    folder: &Path,
    runs: usize,
    fresh: &dyn Fn() -> io::Result<String>,
) -> io::Result<PeerRow> {
    let (mut upgrade, mut noop, mut current) = (vec![], vec![], vec![]);
    for _ in 0..runs.max(1) {
        let url = fresh()?;
        upgrade.push(time(&peers.alembic, &["upgrade", "head"], &url, folder)?);
        noop.push(time(&peers.alembic, &["upgrade", "head"], &url, folder)?);
        current.push(time(&peers.alembic, &["current"], &url, folder)?);
    }
    Ok(PeerRow {
        upgrade: Samples::from(upgrade),
        noop_upgrade: Samples::from(noop),
        current: Samples::from(current),
    })
}

/// sqlx-cli on `url`, migrations from `folder`.
pub(crate) fn sqlx(
    peers: &Peers,
    folder: &Path,
    runs: usize,
    fresh: &dyn Fn() -> io::Result<String>,
) -> io::Result<PeerRow> {
    let source = folder.display().to_string();
    let (mut upgrade, mut noop, mut current) = (vec![], vec![], vec![]);
    for _ in 0..runs.max(1) {
        let url = fresh()?;
        upgrade.push(time(
            &peers.sqlx,
            &["migrate", "run", "--source", &source],
            &url,
            folder,
        )?);
        noop.push(time(
            &peers.sqlx,
            &["migrate", "run", "--source", &source],
            &url,
            folder,
        )?);
        current.push(time(
            &peers.sqlx,
            &["migrate", "info", "--source", &source],
            &url,
            folder,
        )?);
    }
    Ok(PeerRow {
        upgrade: Samples::from(upgrade),
        noop_upgrade: Samples::from(noop),
        current: Samples::from(current),
    })
}
