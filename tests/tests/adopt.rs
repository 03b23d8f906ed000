//! `adopt` on a database another tool made (here by hand, as Alembic would: unnamed keys, an
//! index, `alembic_version` with its row), as real processes in a new cargo project: one
//! command writes the baseline and the models, checks the baseline on an empty database and
//! stamps; `check` is then green; the baseline makes the same catalog on an empty database,
//! Alembic's row and a reference table's rows (`--with-data`) included; going below the baseline is refused; a model change applies, is
//! reverted and applied again with every row kept.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test reports a failure by panicking, helpers included"
)]

use migrate_tests::project::{Project, generated_path, text};
use migrate_tests::{Backend, TestDb};

/// The database as the other tool left it.
const LEGACY: &str = "\
CREATE TABLE authors (id INTEGER NOT NULL, name VARCHAR(100) NOT NULL, email VARCHAR(255), \
PRIMARY KEY (id), UNIQUE (email));
CREATE TABLE books (id INTEGER NOT NULL, author_id INTEGER NOT NULL, title VARCHAR(200) NOT NULL, \
price NUMERIC(10, 2), PRIMARY KEY (id), FOREIGN KEY (author_id) REFERENCES authors (id));
CREATE INDEX ix_books_title ON books (title);
INSERT INTO genres (id, name) VALUES (1, 'poetry'), (2, 'computing');
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, \
CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
INSERT INTO alembic_version (version_num) VALUES ('1a2b3c4d5e6f');
INSERT INTO authors (id, name, email) VALUES (1, 'Ada', 'ada@example.com'), (2, 'Grace', NULL);
INSERT INTO books (id, author_id, title, price) VALUES (1, 1, 'Notes', 12.50), (2, 2, 'Compilers', NULL);
";

/// The books' titles, in order: the rows a step must keep.
async fn titles(db: &TestDb) -> Vec<String> {
    db.strings("SELECT title FROM books ORDER BY id").await
}

/// A reference table numbered by the database, as each spells it.
fn genres(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => {
            "CREATE TABLE genres (id SERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL);"
        }
        Backend::MySql => {
            "CREATE TABLE genres (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL);"
        }
        Backend::Sqlite => {
            "CREATE TABLE genres (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);"
        }
    }
}

async fn adopt_on(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    db.execute_script(&format!("{}\n{LEGACY}", genres(backend)))
        .await;
    let name = format!("library_{}", format!("{backend:?}").to_lowercase());
    let project = Project::new(&name, "sqlite", env!("CARGO_BIN_EXE_example-migrate"));
    project.write("migrate.toml", &format!("database_url = {:?}\n", db.url()));

    let said = project.exits(
        &project.migrate(&["adopt", "--with-data", "genres"]),
        0,
        "adopt",
    );
    assert!(
        said.contains("Checked: applied to an empty database"),
        "{said}"
    );
    let baseline = std::fs::read_to_string(generated_path(&said)).expect("the baseline");
    assert!(baseline.contains(", irreversible)]"), "{baseline}");
    assert!(
        baseline.contains("op::bulk_insert(\"alembic_version\", [\"version_num\"])")
            && baseline.contains(".row((\"1a2b3c4d5e6f\",))"),
        "Alembic's row is carried: {baseline}"
    );
    let models = project.read("migrations/src/models.rs");
    assert!(
        models.contains("pub struct Book {") && !models.contains("pub struct User {"),
        "the database's models in place of init's example: {models}"
    );
    let revision = (said.lines())
        .find_map(|line| line.strip_prefix("Stamped the database at "))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the stamp")
        .to_owned();
    assert_eq!(db.versions("migrate_version").await, [revision]);
    assert_eq!(titles(&db).await, ["Notes", "Compilers"]);
    project.exits(&project.migrate(&["check"]), 0, "check after adopt");

    // The baseline makes the same catalog on an empty database, Alembic's row included.
    let empty = TestDb::create(backend).await.expect("a second database");
    let on_empty = ["--database-url", empty.url()];
    project.exits(
        &project.migrate(&[&["upgrade"][..], &on_empty].concat()),
        0,
        "upgrade",
    );
    project.exits(
        &project.migrate(&[&["check"][..], &on_empty].concat()),
        0,
        "check",
    );
    assert_eq!(
        empty.versions("alembic_version").await,
        ["1a2b3c4d5e6f"],
        "an application that reads Alembic's version runs on it"
    );
    assert_eq!(
        empty.strings("SELECT name FROM genres ORDER BY id").await,
        ["poetry", "computing"],
        "the reference rows `--with-data` carried"
    );
    // The database numbers the next row past them.
    empty
        .execute("INSERT INTO genres (name) VALUES ('drama')")
        .await;
    assert_eq!(
        empty.strings("SELECT name FROM genres WHERE id = 3").await,
        ["drama"]
    );
    assert_eq!(
        empty.schema().await.user_tables().table_names(),
        db.schema().await.user_tables().table_names()
    );

    // Below the baseline is refused, and nothing is dropped.
    let refused = project.migrate(&["downgrade", "base", "-y"]);
    project.exits(&refused, 1, "downgrade below the baseline");
    assert!(
        text(&refused.stderr).contains("irreversible"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(titles(&db).await, ["Notes", "Compilers"]);
    // Adopting twice is refused: the database is managed now.
    let again = project.migrate(&["adopt"]);
    project.exits(&again, 2, "adopt again");
    assert!(
        text(&again.stderr).contains("already at revision"),
        "{}",
        text(&again.stderr)
    );

    // A model change, applied, reverted and applied again: every row kept.
    let changed = models.replace(
        "pub struct Book {",
        "pub struct Book {\n    pub note: Option<String>,",
    );
    assert_ne!(changed, models);
    project.write("migrations/src/models.rs", &changed);
    let said = project.exits(
        &project.migrate(&["revision", "--autogenerate", "-m", "book notes"]),
        0,
        "autogenerate",
    );
    assert!(said.contains("added column `books.note`"), "{said}");
    for step in [&["upgrade"][..], &["downgrade", "-1", "-y"], &["upgrade"]] {
        project.exits(&project.migrate(step), 0, &format!("{step:?}"));
        assert_eq!(titles(&db).await, ["Notes", "Compilers"], "{step:?}");
    }
    project.exits(&project.migrate(&["check"]), 0, "check after the change");
}

#[tokio::test]
async fn adopts_a_postgres_database() {
    adopt_on(Backend::Postgres).await;
}

#[tokio::test]
async fn adopts_a_mysql_database() {
    adopt_on(Backend::MySql).await;
}

#[tokio::test]
async fn adopts_a_sqlite_database() {
    adopt_on(Backend::Sqlite).await;
}
