//! `import-alembic` on an Alembic history written as a team writes one (tables with keys and
//! an index; a column added and filled with `op.execute`; reference rows by
//! `op.bulk_insert`; a column renamed in a batch; Python that reads rows through
//! `op.get_bind()`), run by real Alembic. The imported Rust history keeps the revision ids and
//! the graph, upgrades an empty database to the catalog Alembic's own upgrade makes, and goes
//! on from a database Alembic upgraded (its `alembic_version` as the version table): `check`
//! green, `downgrade -1` and `upgrade` across the switch.
//!
//! Needs a Python with alembic, SQLAlchemy and the drivers: `MIGRATE_TEST_PYTHON` (`.ci/run`
//! makes one); without it the tests say they were skipped.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test reports a failure by panicking, helpers included"
)]

use std::path::Path;
use std::process::Command;

use migrate_tests::project::{Project, text};
use migrate_tests::{Backend, TestDb};

/// The history: `versions/` beside Alembic's `env.py`.
const REVISIONS: [(&str, &str); 3] = [
    (
        "a1b2c3d4e5f6_authors_and_books.py",
        r#""""authors and books

Revision ID: a1b2c3d4e5f6
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1b2c3d4e5f6"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "authors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(255), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "books",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("price", sa.Numeric(10, 2), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["authors.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_books_title", "books", ["title"])


def downgrade():
    op.drop_index("ix_books_title", table_name="books")
    op.drop_table("books")
    op.drop_table("authors")
"#,
    ),
    (
        "v2.0.0.a_status_and_genres.py",
        r#""""status and genres

Revision ID: v2.0.0.a
Revises: a1b2c3d4e5f6
"""
from alembic import op
import sqlalchemy as sa

revision = "v2.0.0.a"
down_revision = "a1b2c3d4e5f6"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("books", sa.Column("status", sa.String(20), nullable=True))
    op.execute("UPDATE books SET status = 'draft'")
    genres = op.create_table(
        "genres",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(genres, [{"id": 1, "name": "poetry"}, {"id": 2, "name": "computing"}])


def downgrade():
    op.drop_table("genres")
    op.drop_column("books", "status")
"#,
    ),
    (
        "c3d4e5f6a7b8_headline.py",
        r#""""headline

Revision ID: c3d4e5f6a7b8
Revises: v2.0.0.a
"""
from alembic import op
import sqlalchemy as sa

revision = "c3d4e5f6a7b8"
down_revision = "v2.0.0.a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("books") as batch:
        batch.alter_column("title", new_column_name="headline", existing_type=sa.String(200), existing_nullable=False)
    connection = op.get_bind()
    for (book_id,) in connection.execute(sa.text("SELECT id FROM books")):
        pass


def downgrade():
    with op.batch_alter_table("books") as batch:
        batch.alter_column("headline", new_column_name="title", existing_type=sa.String(200), existing_nullable=False)
"#,
    ),
];

/// Alembic's `env.py`: the history run on the connection of `sqlalchemy.url`.
const ENV_PY: &str = r#"from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
"#;

/// The Python with Alembic, or `None` (said on stderr).
fn python() -> Option<String> {
    let found = std::env::var("MIGRATE_TEST_PYTHON").ok();
    if found.is_none() {
        eprintln!(
            "skipped: MIGRATE_TEST_PYTHON does not name a Python with alembic, sqlalchemy, psycopg2 and pymysql (.ci/run makes one)"
        );
    }
    found
}

/// The SQLAlchemy URL of a test database.
fn sqlalchemy_url(db: &TestDb) -> String {
    let url = db.url();
    match db.backend() {
        Backend::Postgres => url.replacen("postgres://", "postgresql+psycopg2://", 1),
        Backend::MySql => url.replacen("mysql://", "mysql+pymysql://", 1),
        Backend::Sqlite => {
            let path = url.trim_start_matches("sqlite://");
            format!("sqlite:///{}", path.split('?').next().unwrap_or(path))
        }
    }
}

/// Alembic's own `upgrade head` of the history in `script` on `db` (its URL in the
/// environment, not on the command line).
fn alembic_upgrade(python: &str, script: &Path, db: &TestDb) {
    let code = "import os, sys\nfrom alembic.config import Config\nfrom alembic import command\n\
                c = Config()\nc.set_main_option('script_location', sys.argv[1])\n\
                c.set_main_option('sqlalchemy.url', os.environ['ALEMBIC_URL'].replace('%', '%%'))\n\
                command.upgrade(c, 'head')\n";
    let output = Command::new(python)
        .args(["-c", code])
        .arg(script)
        .env("ALEMBIC_URL", sqlalchemy_url(db))
        .output()
        .expect("run Python");
    assert!(
        output.status.success(),
        "alembic upgrade head: {}",
        text(&output.stderr)
    );
}

async fn import_on(backend: Backend) {
    let Some(python) = python() else {
        return;
    };
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let alembic = TestDb::create(backend).await.expect("a second database");
    let name = format!("imported_{}", format!("{backend:?}").to_lowercase());
    let project = Project::new(&name, "sqlite", env!("CARGO_BIN_EXE_example-migrate"));
    let script = project.path("alembic");
    std::fs::create_dir_all(script.join("versions")).expect("alembic/versions");
    std::fs::write(script.join("env.py"), ENV_PY).expect("env.py");
    for (file, source) in REVISIONS {
        std::fs::write(script.join("versions").join(file), source).expect("a revision");
    }
    project.write("migrate.toml", &format!("database_url = {:?}\n", db.url()));
    // No models: init's example would be a difference of `check`.
    project.write("migrations/src/models.rs", "");

    let imported = project.migrate(&["import-alembic", "alembic/versions", "--python", &python]);
    let said = project.exits(&imported, 0, "import-alembic");
    assert!(said.contains("Imported 3 revision(s)"), "{said}");
    let warned = text(&imported.stderr);
    assert!(
        warned.contains("c3d4e5f6a7b8: its upgrade() works on rows in Python"),
        "{warned}"
    );
    let versions = project.path("migrations/src/versions");
    let file = |prefix: &str| {
        let entry = std::fs::read_dir(&versions)
            .expect("versions")
            .filter_map(Result::ok)
            .find(|entry| entry.file_name().to_string_lossy().starts_with(prefix))
            .unwrap_or_else(|| panic!("no file for {prefix}"));
        std::fs::read_to_string(entry.path()).expect("the file")
    };
    let second = file("v2.0.0.a_");
    assert!(
        second.contains("revision = \"v2.0.0.a\"") && second.contains("down = \"a1b2c3d4e5f6\""),
        "{second}"
    );
    assert!(
        second.contains("op::execute(\"UPDATE books SET status = 'draft'\").leaves_schema()")
            && second.contains(".row((1_i64, \"poetry\"))"),
        "{second}"
    );
    let third = file("c3d4e5f6a7b8_");
    assert!(
        third.contains("op::alter_column(\"books\", \"title\")")
            && third.contains(".rename(\"headline\")")
            && !third.contains("drop_column"),
        "a rename, not a drop and an add: {third}"
    );
    assert!(
        third.contains("//! ```python") && third.contains("//!     connection = op.get_bind()"),
        "{third}"
    );

    // An empty database upgraded by the imported history has Alembic's catalog.
    project.exits(&project.migrate(&["upgrade"]), 0, "upgrade");
    project.exits(&project.migrate(&["check"]), 0, "check");
    alembic_upgrade(&python, &script, &alembic);
    let mut made_by_alembic = alembic.schema().await.user_tables();
    made_by_alembic.tables.remove("alembic_version");
    assert_eq!(db.schema().await.user_tables(), made_by_alembic);
    assert_eq!(
        db.strings("SELECT name FROM genres ORDER BY id").await,
        ["poetry", "computing"]
    );

    // The database Alembic upgraded goes on under migrate, from Alembic's version table.
    project.write(
        "migrate.toml",
        &format!(
            "database_url = {:?}\nversion_table = \"alembic_version\"\n",
            alembic.url()
        ),
    );
    let current = project.exits(&project.migrate(&["current"]), 0, "current");
    assert!(current.contains("c3d4e5f6a7b8"), "{current}");
    project.exits(
        &project.migrate(&["check"]),
        0,
        "check on Alembic's database",
    );
    project.exits(
        &project.migrate(&["downgrade", "-1", "-y"]),
        0,
        "downgrade across the switch",
    );
    assert_eq!(alembic.versions("alembic_version").await, ["v2.0.0.a"]);
    project.exits(&project.migrate(&["upgrade"]), 0, "upgrade again");
    project.exits(&project.migrate(&["check"]), 0, "check after");
}

#[tokio::test]
async fn imports_on_postgres() {
    import_on(Backend::Postgres).await;
}

#[tokio::test]
async fn imports_on_mysql() {
    import_on(Backend::MySql).await;
}

#[tokio::test]
async fn imports_on_sqlite() {
    import_on(Backend::Sqlite).await;
}
