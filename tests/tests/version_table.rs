//! The version and history tables: a schema-qualified name means a table in that schema, and
//! a table that is not a version table (a data table named by mistake, another tool's table),
//! or a file that is not a database, is refused with exit 2 before anything is created.

use std::process::{Command, Output};

use migrate_tests::{Backend, TestDb, backend_tests};

fn example(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_example-migrate"))
        .args(["--database-url", db.url()])
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("RUST_LOG")
        .output()
        .expect("run the command line")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The tables of the database (its current schema), sorted.
async fn tables(db: &TestDb) -> Vec<String> {
    db.schema().await.tables.into_keys().collect()
}

/// `--version-table SCHEMA.TABLE`: both tables are made in that schema (PostgreSQL), database
/// (MySQL) or attached database (SQLite's `main`), and found there again.
async fn a_schema_qualified_version_table_lives_in_that_schema(db: &TestDb) {
    let (schema, in_schema) = match db.backend() {
        Backend::Postgres => {
            db.execute("CREATE SCHEMA vt").await;
            (
                "vt".to_owned(),
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'vt' AND table_name IN ('alembic_version', 'alembic_history')",
            )
        }
        Backend::MySql => {
            let name = db.strings("SELECT DATABASE()").await.remove(0);
            (
                name,
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ('alembic_version', 'alembic_history')",
            )
        }
        Backend::Sqlite => (
            "main".to_owned(),
            "SELECT count(*) FROM sqlite_master WHERE name IN ('alembic_version', 'alembic_history')",
        ),
    };
    let qualified = format!("{schema}.alembic_version");
    let output = example(db, &["--version-table", &qualified, "upgrade", "+1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(db.count(in_schema).await, 2, "both tables in `{schema}`");
    assert!(
        !tables(db).await.iter().any(|t| t.contains('.')),
        "no table named with a dot: {:?}",
        tables(db).await
    );
    let current = example(db, &["--version-table", &qualified, "current"]);
    let current = String::from_utf8_lossy(&current.stdout).into_owned();
    assert!(current.starts_with("3b5e1c9a7f20"), "{current}");
    // The schema that holds them is migrate's own, not drift.
    let check = example(db, &["--version-table", &qualified, "check"]);
    let report = String::from_utf8_lossy(&check.stdout).into_owned();
    assert!(!report.contains("drifted"), "{report}");
}

/// A data table given as the version table, or standing where the history table goes: exit 2,
/// a message naming the table and its columns, and nothing created or changed.
async fn a_table_that_is_not_a_version_table_is_refused(db: &TestDb) {
    db.execute("CREATE TABLE accounts (id INTEGER, name VARCHAR(20))")
        .await;
    db.execute("INSERT INTO accounts (id, name) VALUES (1, 'kept')")
        .await;
    let output = example(db, &["--version-table", "accounts", "upgrade"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("the table `accounts` is not a migrate version table"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tables(db).await, ["accounts"], "nothing created");
    assert_eq!(db.count("SELECT count(*) FROM accounts").await, 1);
    let output = example(db, &["--version-table", "accounts", "current"]);
    assert_eq!(output.status.code(), Some(2), "read commands refuse it too");

    // A table of its own where the history table goes.
    db.execute("CREATE TABLE migrate_history (id INTEGER, note VARCHAR(20))")
        .await;
    let output = example(db, &["upgrade"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("the table `migrate_history` is not a migrate history table"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tables(db).await, ["accounts", "migrate_history"]);
}

backend_tests!(
    a_version_table_in_a_missing_schema_is_refused,
    a_version_table_of_another_layout_is_refused,
    a_schema_qualified_version_table_lives_in_that_schema,
    a_table_that_is_not_a_version_table_is_refused,
);

/// A SQLite URL naming a file that is no database: exit 2, said so, the file untouched.
#[test]
fn a_file_that_is_not_a_sqlite_database_is_refused() {
    let dir = std::env::temp_dir().join(format!("migrate_notadb_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let file = dir.join("notes.db");
    let text = "these are notes, not a database; ".repeat(20);
    std::fs::write(&file, &text).expect("write the file");
    let url = format!("sqlite://{}", file.display());
    for command in [&["upgrade"][..], &["current"]] {
        let output = Command::new(env!("CARGO_BIN_EXE_example-migrate"))
            .args(["--database-url", &url])
            .args(command)
            .env_remove("DATABASE_URL")
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("is not a SQLite database, or it is corrupt"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(std::fs::read_to_string(&file).expect("read"), text);
    let left: Vec<_> = std::fs::read_dir(&dir).expect("list").collect();
    assert_eq!(left.len(), 1, "no lock file or journal left");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// A version table in a schema (a database on MySQL, an attached database on SQLite) that
/// does not exist: exit 2, said so, nothing created.
async fn a_version_table_in_a_missing_schema_is_refused(db: &TestDb) {
    let output = example(db, &["--version-table", "nowhere.vt", "upgrade"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("the version table `nowhere.vt` is in `nowhere`, but"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("help: create it first"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tables(db).await, Vec::<String>::new(), "nothing created");
    let output = example(db, &["--version-table", "nowhere.vt", "current"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

/// A version table whose `version_num` is a number, or which lists a revision twice (made
/// without its key): exit 2 with what is wrong, and nothing run or created.
async fn a_version_table_of_another_layout_is_refused(db: &TestDb) {
    db.execute("CREATE TABLE numbered (version_num INTEGER NOT NULL)")
        .await;
    db.execute("INSERT INTO numbered (version_num) VALUES (1)")
        .await;
    let output = example(db, &["--version-table", "numbered", "upgrade"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("the table `numbered` is not a migrate version table"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output)
            .contains("where a version table has one column, `version_num`, of a text type"),
        "{}",
        stderr(&output)
    );

    db.execute("CREATE TABLE doubled (version_num VARCHAR(32) NOT NULL)")
        .await;
    db.execute("INSERT INTO doubled (version_num) VALUES ('3b5e1c9a7f20'), ('3b5e1c9a7f20')")
        .await;
    let output = example(db, &["--version-table", "doubled", "upgrade"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("the version table lists `3b5e1c9a7f20` more than once"),
        "{}",
        stderr(&output)
    );
    let mut found = tables(db).await;
    found.sort();
    assert_eq!(found, ["doubled", "numbered"], "nothing run or created");
    // `stamp --purge` repairs it.
    let output = example(
        db,
        &[
            "--version-table",
            "doubled",
            "stamp",
            "--purge",
            "3b5e1c9a7f20",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(db.versions("doubled").await, ["3b5e1c9a7f20"]);
}
