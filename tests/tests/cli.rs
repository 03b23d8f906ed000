//! The command line as a user runs it: exit codes, what it prints, and what it leaves in the
//! database.

use std::process::{Command, Output};

use migrate_tests::{Backend, TestDb, backend_tests};

/// Run a command line binary of this package with `args`, `DATABASE_URL` unset.
fn run(binary: &str, args: &[&str]) -> Output {
    Command::new(binary)
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("RUST_LOG")
        .output()
        .expect("run the command line")
}

/// Run the example command line in `dir`, with no `DATABASE_URL`.
fn example_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_example-migrate"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run the command line")
}

fn example(db: &TestDb, args: &[&str]) -> Output {
    let mut all = vec!["--database-url", db.url()];
    all.extend(args);
    run(env!("CARGO_BIN_EXE_example-migrate"), &all)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn current_on_an_empty_database_says_so(db: &TestDb) {
    let output = example(db, &["current"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("no migration applied"),
        "{}",
        stdout(&output)
    );
}

async fn upgrade_then_current_prints_the_head(db: &TestDb) {
    let output = example(db, &["upgrade"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("Running upgrade <base> -> 3b5e1c9a7f20, initial schema"));
    let output = example(db, &["current"]);
    assert_eq!(stdout(&output).trim(), "5a0d2e4f6b87 (head)");

    let output = example(db, &["downgrade", "-2"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(db.versions("migrate_version").await, ["1f6b8d0a2c73"]);

    // Alembic: an upgrade to a revision the database has passed succeeds and does nothing
    // (an older instance of a rolling deploy starts with `upgrade <its revision>`).
    for behind in ["3b5e1c9a7f20", "3b5e1", "3b5e1c9a7f20+1", "1f6b8d0a2c73"] {
        let output = example(db, &["upgrade", behind]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{behind}: {}",
            stderr(&output)
        );
        assert_eq!(
            stdout(&output).trim(),
            "nothing to do: the database is at 1f6b8d0a2c73",
            "{behind}"
        );
        assert_eq!(db.versions("migrate_version").await, ["1f6b8d0a2c73"]);
    }
    let json = example(db, &["--format", "json", "upgrade", "3b5e1c9a7f20"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["ran"], serde_json::json!([]));
    assert_eq!(json["current"][0]["revision"], "1f6b8d0a2c73");
    assert_eq!(db.versions("migrate_version").await, ["1f6b8d0a2c73"]);
}

/// A stamp behind a migration that ran does what Alembic's does (the version table moves, the
/// next upgrade runs it again) and says so.
async fn a_stamp_taking_back_a_migration_that_ran_says_so(db: &TestDb) {
    assert_eq!(
        example(db, &["upgrade", "c47a9e1b3d58"]).status.code(),
        Some(0)
    );
    let back = example(db, &["stamp", "3b5e1c9a7f20"]);
    assert_eq!(back.status.code(), Some(0), "{}", stderr(&back));
    assert!(
        stderr(&back).contains(
            "the stamp takes back `8d2f4a6c0e91`, `c47a9e1b3d58`, which ran and was not reverted: the next upgrade runs them again"
        ),
        "{}",
        stderr(&back)
    );
    assert_eq!(db.versions("migrate_version").await, ["3b5e1c9a7f20"]);
    // The next upgrade runs them again, over what they made: refused by the database.
    let upgrade = example(db, &["upgrade", "8d2f4a6c0e91"]);
    assert_eq!(upgrade.status.code(), Some(1), "{}", stderr(&upgrade));
    assert_eq!(db.versions("migrate_version").await, ["3b5e1c9a7f20"]);
    let forward = example(db, &["stamp", "c47a9e1b3d58"]);
    assert_eq!(forward.status.code(), Some(0), "{}", stderr(&forward));
    assert_eq!(db.versions("migrate_version").await, ["c47a9e1b3d58"]);
}

/// The version table set back by hand (or a `down` edited so that an applied migration looks
/// unapplied): the history table knows better, and nothing runs twice.
async fn a_migration_recorded_as_applied_does_not_run_again(db: &TestDb) {
    assert_eq!(example(db, &["upgrade"]).status.code(), Some(0));
    db.execute("UPDATE migrate_version SET version_num = '3b5e1c9a7f20'")
        .await;
    let again = example(db, &["upgrade"]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("would run a second time: the history table records it as applied"),
        "{}",
        stderr(&again)
    );
    assert!(stderr(&again).contains("help: the version table was changed by hand"));
    assert_eq!(
        db.versions("migrate_version").await,
        ["3b5e1c9a7f20"],
        "nothing ran"
    );
    assert_eq!(example(db, &["stamp", "head"]).status.code(), Some(0));
    let after_stamp = example(db, &["upgrade"]);
    assert_eq!(
        after_stamp.status.code(),
        Some(0),
        "{}",
        stderr(&after_stamp)
    );
}

async fn an_unknown_target_exits_2_and_changes_nothing(db: &TestDb) {
    let output = example(db, &["upgrade", "5a0d2e4f6b88"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("error: no revision matches `5a0d2e4f6b88`"),
        "{message}"
    );
    assert!(
        message.contains("help: a revision with a similar name exists: `5a0d2e4f6b87`"),
        "{message}"
    );
    assert!(
        db.schema().await.tables.is_empty(),
        "nothing created, not even the version table"
    );

    let output = example(db, &["downgrade", "+1"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("use `upgrade`"),
        "{}",
        stderr(&output)
    );
}

async fn a_failing_migration_exits_1_and_leaves_nothing_of_it(db: &TestDb) {
    let args = ["--database-url", db.url(), "upgrade"];
    let output = run(env!("CARGO_BIN_EXE_broken-migrate"), &args);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("upgrade of `dd44ee55ff66` (fails half way) failed"),
        "{message}"
    );
    assert!(
        message.contains(r#"in `execute("INSERT INTO no_such_table VALUES (1)")`"#),
        "{message}"
    );
    assert!(
        message.contains("sql: INSERT INTO no_such_table VALUES (1)"),
        "{message}"
    );
    assert!(message.contains("no_such_table"), "{message}");
    assert!(
        !message.contains(" at line "),
        "the server's source line is no help: {message}"
    );

    let schema = db.schema().await;
    assert!(
        schema.tables.contains_key("accounts"),
        "the first migration stays applied"
    );
    assert_eq!(db.versions("migrate_version").await, ["aa11bb22cc33"]);
    if db.backend() == Backend::MySql {
        // MySQL commits DDL at once: the message must say what stayed.
        assert!(schema.tables.contains_key("ledger"));
        assert!(message.contains("and stay applied"), "{message}");
        assert!(message.contains("CREATE TABLE `ledger`"), "{message}");
    } else {
        assert!(
            !schema.tables.contains_key("ledger"),
            "the failed one's first statement is undone"
        );
        assert!(message.contains("nothing of it was applied"), "{message}");
    }
}

/// `check` at head exits 0; after a change by hand it lists the drift and exits 3, its JSON
/// says `drifted`.
async fn check_exits_3_when_the_database_drifted_from_its_history(db: &TestDb) {
    assert_eq!(example(db, &["-q", "upgrade"]).status.code(), Some(0));
    let check = example(db, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    db.execute("ALTER TABLE roles ADD COLUMN note TEXT").await;
    let check = example(db, &["check"]);
    assert_eq!(check.status.code(), Some(3), "{}", stderr(&check));
    assert_eq!(
        stdout(&check),
        "the database is at head\nthe database has drifted from its history: 1 difference(s)\n  table `roles`: column `note` text NULL is in the database, not in the history\n\
         the models match the head of the history\n"
    );
    let json = example(db, &["--format", "json", "check"]);
    assert_eq!(json.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("json");
    assert_eq!(json["drifted"], true);
    assert_eq!(json["drift"][0]["table"], "roles");
}

/// `revision --autogenerate --from-database`: the example database with a table added by
/// hand gives a migration of that table and the `stamp` that adopts it; `models
/// --from-database` prints the tables as models; and `check` passes while the example's own
/// models match its history.
async fn a_database_is_read_into_a_migration_and_models(db: &TestDb) {
    let output = example(db, &["upgrade"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let check = example(db, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    db.execute("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, note VARCHAR(200) NOT NULL)")
        .await;
    // Another tool's version table is neither a model nor part of a baseline.
    db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        .await;
    let folder = std::env::temp_dir().join(format!(
        "migrate_baseline_{}_{}",
        format!("{:?}", db.backend()).to_lowercase(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&folder);
    let folder_arg = folder.display().to_string();
    let output = example(
        db,
        &[
            "revision",
            "--autogenerate",
            "--from-database",
            db.url(),
            "-m",
            "audit log",
            "--versions-dir",
            &folder_arg,
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("added table `audit_log`\n"), "{text}");
    assert!(text.contains("`migrate stamp "), "{text}");
    let written: Vec<_> = std::fs::read_dir(&folder).expect("the folder").collect();
    assert_eq!(written.len(), 1);
    let source =
        std::fs::read_to_string(written[0].as_ref().expect("a file").path()).expect("the file");
    assert!(
        source.contains("op::create_table(\"audit_log\")"),
        "{source}"
    );
    assert!(source.contains("Type::Varchar(200)"), "{source}");
    assert!(!source.contains("alembic_version"), "{source}");
    std::fs::remove_dir_all(&folder).expect("clean up");

    let output = example(db, &["models", "--from-database", db.url()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let models = stdout(&output);
    assert!(
        models.contains("#[model(table = \"audit_log\")]\npub struct AuditLog {"),
        "{models}"
    );
    assert!(models.contains("pub struct UserSession {"), "{models}");
    assert!(!models.contains("migrate_version"), "{models}");
    assert!(!models.contains("alembic_version"), "{models}");
}

backend_tests!(
    a_stamp_taking_back_a_migration_that_ran_says_so,
    a_database_is_read_into_a_migration_and_models,
    check_exits_3_when_the_database_drifted_from_its_history,
    a_migration_recorded_as_applied_does_not_run_again,
    current_on_an_empty_database_says_so,
    upgrade_then_current_prints_the_head,
    an_unknown_target_exits_2_and_changes_nothing,
    a_failing_migration_exits_1_and_leaves_nothing_of_it,
);

#[test]
fn without_a_url_the_embedded_sqlite_default_is_created() {
    let dir = std::env::temp_dir().join(format!("migrate_default_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a working directory");
    let output = example_in(&dir, &["upgrade"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.join("migrate.db").exists());
    let current = example_in(&dir, &["current"]);
    assert!(stdout(&current).starts_with("5a0d2e4f6b87 (head)"));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_malformed_url_exits_2_naming_what_is_supported() {
    let output = run(
        env!("CARGO_BIN_EXE_example-migrate"),
        &["--database-url", "oracle://db/x", "current"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "expected `sqlite://PATH`, `postgres://USER@HOST/DB` or `mysql://USER@HOST/DB`"
        )
    );
}

#[test]
fn an_unreachable_server_exits_2_naming_it() {
    let url = "postgres://app:secret@127.0.0.1:1/prod";
    let output = run(
        env!("CARGO_BIN_EXE_example-migrate"),
        &["--database-url", url, "upgrade"],
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("cannot connect to postgres://app:***@127.0.0.1:1/prod"),
        "{message}"
    );
    assert!(!message.contains("secret"), "{message}");
}

#[test]
fn migrate_toml_supplies_the_url_and_version_table() {
    let dir = std::env::temp_dir().join(format!("migrate_toml_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a working directory");
    let config = "database_url = \"sqlite://from_toml.db\"\nversion_table = \"alembic_version\"\n";
    std::fs::write(dir.join("migrate.toml"), config).expect("write migrate.toml");
    let output = example_in(&dir, &["upgrade", "+1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.join("from_toml.db").exists());
    assert!(!dir.join("migrate.db").exists());
    let elsewhere = example_in(&dir, &["--version-table", "migrate_version", "current"]);
    let message = "the version went to alembic_version, so migrate_version knows nothing";
    assert!(
        stdout(&elsewhere).contains("no migration applied"),
        "{message}"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_missing_postgres_database_is_named_without_the_servers_source_line() {
    let Ok(server) = std::env::var("MIGRATE_TEST_POSTGRES_URL") else {
        eprintln!("skipped: MIGRATE_TEST_POSTGRES_URL is not set");
        return;
    };
    let (base, _) = server.rsplit_once('/').expect("a server URL");
    let url = format!("{base}/migrate_no_such_database");
    let output = run(
        env!("CARGO_BIN_EXE_example-migrate"),
        &["--database-url", &url, "current"],
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains(r#"database "migrate_no_such_database" does not exist"#),
        "{message}"
    );
    assert!(!message.contains(" at line "), "{message}");
}

/// PostgreSQL would silently cut a long name to 63 bytes (and the history table's with it).
#[tokio::test]
async fn a_version_table_name_too_long_for_postgres_is_refused() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let long = "v".repeat(64);
    let output = example(&db, &["--version-table", &long, "upgrade"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("PostgreSQL keeps only the first 63 bytes of a name"),
        "{}",
        stderr(&output)
    );
    assert!(db.schema().await.tables.is_empty(), "nothing created");
}

/// Run the example command line on a terminal (`script` gives it one), typing `answer`.
fn on_terminal(db: &TestDb, args: &[&str], answer: &str) -> Output {
    use std::io::Write;
    let mut line = format!(
        "{} --database-url '{}'",
        env!("CARGO_BIN_EXE_example-migrate"),
        db.url()
    );
    for arg in args {
        line.push_str(&format!(" '{arg}'"));
    }
    let mut child = Command::new("script")
        .args(["--quiet", "--return", "--command", &line, "/dev/null"])
        .env_remove("DATABASE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run `script` (util-linux)");
    let mut stdin = child.stdin.take().expect("a pipe");
    stdin.write_all(answer.as_bytes()).expect("type the answer");
    drop(stdin);
    child.wait_with_output().expect("wait for `script`")
}

/// On a terminal, a downgrade that reverts several migrations, or names its target by a
/// prefix, lists what it reverts and asks; `--yes` and runs without a terminal do not ask.
#[tokio::test]
async fn a_downgrade_on_a_terminal_asks_before_reverting_several_migrations() {
    let Some(db) = TestDb::create(Backend::Sqlite).await else {
        return;
    };
    assert_eq!(example(&db, &["upgrade"]).status.code(), Some(0));
    let refused = on_terminal(&db, &["downgrade", "-2"], "n\n");
    let screen = stdout(&refused);
    assert_eq!(refused.status.code(), Some(2), "{screen}");
    assert!(
        screen.contains("downgrade -2 reverts 2 migrations:"),
        "{screen}"
    );
    assert!(screen.contains("5a0d2e4f6b87 "), "{screen}");
    assert!(
        screen.contains("downgrade not confirmed: nothing was reverted"),
        "{screen}"
    );
    assert_eq!(db.versions("migrate_version").await, ["5a0d2e4f6b87"]);

    // A prefix that happens to match: shown with the revision it matched, even for one step.
    let prefix = on_terminal(&db, &["downgrade", "e9c3"], "n\n");
    let screen = stdout(&prefix);
    assert!(
        screen.contains("`e9c3` is a prefix of `e9c3a5b7d142`"),
        "{screen}"
    );
    assert_eq!(db.versions("migrate_version").await, ["5a0d2e4f6b87"]);

    let confirmed = on_terminal(&db, &["downgrade", "-2"], "y\n");
    assert_eq!(confirmed.status.code(), Some(0), "{}", stdout(&confirmed));
    assert_eq!(db.versions("migrate_version").await, ["1f6b8d0a2c73"]);

    // One step by its full revision is not asked; `--yes` never is; nor a run without a terminal.
    let one = on_terminal(&db, &["downgrade", "c47a9e1b3d58"], "");
    assert_eq!(one.status.code(), Some(0), "{}", stdout(&one));
    assert_eq!(db.versions("migrate_version").await, ["c47a9e1b3d58"]);
    let yes = on_terminal(&db, &["downgrade", "--yes", "3b5e"], "");
    assert_eq!(yes.status.code(), Some(0), "{}", stdout(&yes));
    assert_eq!(db.versions("migrate_version").await, ["3b5e1c9a7f20"]);
    let script = example(&db, &["downgrade", "base"]);
    assert_eq!(script.status.code(), Some(0), "{}", stderr(&script));
    assert!(db.versions("migrate_version").await.is_empty());
}
