//! Configuration that fails closed: a named file that is missing, an unset `${VAR}`, an
//! unknown or URL-less environment all exit 2 and touch no database; the embedded SQLite
//! default applies only when nothing is configured, and read commands never create it.

use std::path::PathBuf;
use std::process::{Command, Output};

/// A fresh working directory, removed on drop.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("migrate_config_{name}_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a working directory");
        WorkDir(dir)
    }

    fn write_config(&self, text: &str) {
        std::fs::write(self.0.join("migrate.toml"), text).expect("write migrate.toml");
    }

    /// Every file in the directory, sorted.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("list the directory")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The example command line run here with `env` set, and no `DATABASE_URL`,
    /// `MIGRATE_ENV` or `MIGRATE_CONFIG` from outside.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_example-migrate"))
            .args(args)
            .current_dir(&self.0)
            .env_remove("DATABASE_URL")
            .env_remove("MIGRATE_ENV")
            .env_remove("MIGRATE_CONFIG")
            .env_remove("RUST_LOG")
            .envs(env.iter().copied())
            .output()
            .expect("run the command line")
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `output` exited 2 with `needle` in its error, and the directory holds only `files`.
fn refused(dir: &WorkDir, output: &Output, needle: &str, files: &[&str]) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    assert!(stderr(output).contains(needle), "{}", stderr(output));
    assert_eq!(dir.files(), files, "nothing created");
}

#[test]
fn a_named_config_file_that_is_missing_is_an_error() {
    let dir = WorkDir::new("missing");
    let output = dir.run(&["--config", "/etc/app/prod.toml", "upgrade"], &[]);
    refused(
        &dir,
        &output,
        "error: the configuration file `/etc/app/prod.toml` does not exist",
        &[],
    );
    let output = dir.run(&["current"], &[("MIGRATE_CONFIG", "prod.toml")]);
    refused(&dir, &output, "`prod.toml` does not exist", &[]);
}

#[test]
fn an_unset_variable_is_an_error_naming_it() {
    let dir = WorkDir::new("unset");
    dir.write_config("database_url = \"sqlite://${MIGRATE_TEST_UNSET_DB}.db\"\n");
    let output = dir.run(&["upgrade"], &[]);
    refused(
        &dir,
        &output,
        "uses `${MIGRATE_TEST_UNSET_DB}` in `database_url`, and the variable is not set",
        &["migrate.toml"],
    );
    assert!(stderr(&output).contains("help: set `MIGRATE_TEST_UNSET_DB`"));
}

#[test]
fn an_environment_is_picked_by_flag_or_variable_with_variables_substituted() {
    let dir = WorkDir::new("environments");
    dir.write_config(
        "database_url = \"sqlite://dev.db\"\n\n[env.staging]\ndatabase_url = \"sqlite://${STAGE_NAME}.db\"\n",
    );
    let output = dir.run(
        &["upgrade", "+1"],
        &[("MIGRATE_ENV", "staging"), ("STAGE_NAME", "stage")],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(dir.files(), ["migrate.toml", "stage.db"]);
    let output = dir.run(&["--env", "staging", "current"], &[("STAGE_NAME", "stage")]);
    assert!(
        stdout(&output).starts_with("3b5e1c9a7f20"),
        "{}",
        stdout(&output)
    );
    let output = dir.run(&["upgrade", "+1"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(dir.files(), ["dev.db", "migrate.toml", "stage.db"]);
}

#[test]
fn an_unknown_or_url_less_environment_is_an_error() {
    let dir = WorkDir::new("unknown_env");
    dir.write_config(
        "database_url = \"sqlite://dev.db\"\n\n[env.production]\nversion_table = \"v\"\n",
    );
    let output = dir.run(&["--env", "prod", "upgrade"], &[]);
    refused(
        &dir,
        &output,
        "error: the environment `prod` is not defined in `migrate.toml`",
        &["migrate.toml"],
    );
    assert!(stderr(&output).contains("help: defined environments: production"));
    let output = dir.run(&["upgrade"], &[("MIGRATE_ENV", "production")]);
    refused(
        &dir,
        &output,
        "error: the environment `production` of `migrate.toml` sets no `database_url`",
        &["migrate.toml"],
    );
    let empty = WorkDir::new("no_file_env");
    let output = empty.run(&["--env", "production", "upgrade"], &[]);
    refused(&empty, &output, "there is no configuration file", &[]);
}

#[test]
fn a_database_url_variable_beside_a_named_environment_is_refused() {
    let dir = WorkDir::new("env_and_variable");
    dir.write_config("[env.production]\ndatabase_url = \"sqlite://prod.db\"\n");
    let output = dir.run(
        &["--env", "production", "upgrade"],
        &[("DATABASE_URL", "sqlite://dev.db")],
    );
    refused(
        &dir,
        &output,
        "the environment `production` is named and `DATABASE_URL` is set too",
        &["migrate.toml"],
    );
    let explicit = dir.run(
        &[
            "--env",
            "production",
            "--database-url",
            "sqlite://other.db",
            "upgrade",
            "+1",
        ],
        &[],
    );
    assert_eq!(explicit.status.code(), Some(0), "{}", stderr(&explicit));
    assert_eq!(dir.files(), ["migrate.toml", "other.db"], "the flag wins");
}

#[test]
fn a_config_file_without_a_url_does_not_fall_back_to_the_default() {
    let dir = WorkDir::new("no_url");
    dir.write_config("version_table = \"alembic_version\"\n");
    let output = dir.run(&["upgrade"], &[]);
    refused(
        &dir,
        &output,
        "`migrate.toml` sets no `database_url`",
        &["migrate.toml"],
    );
}

#[test]
fn read_commands_never_create_the_database_file() {
    let dir = WorkDir::new("read_only");
    for args in [
        &["current"][..],
        &["current", "-v"],
        &["history", "--indicate-current"],
        &["heads"],
        &["show", "head"],
        &["show", "current"],
        &["check"],
        &["upgrade", "--sql"],
    ] {
        let output = dir.run(args, &[]);
        assert!(
            matches!(output.status.code(), Some(0..=2)),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(dir.files(), Vec::<String>::new(), "{args:?} created a file");
    }
    let explicit = dir.run(
        &["--database-url", "sqlite://asked.db?mode=rwc", "current"],
        &[],
    );
    assert_eq!(explicit.status.code(), Some(0), "{}", stderr(&explicit));
    assert_eq!(dir.files(), Vec::<String>::new(), "not even with mode=rwc");
    let check = dir.run(&["check"], &[]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "nothing applied: {}",
        stderr(&check)
    );
    let upgrade = dir.run(&["upgrade"], &[]);
    assert_eq!(upgrade.status.code(), Some(0), "{}", stderr(&upgrade));
    assert!(
        stderr(&upgrade).contains("note: no database is configured"),
        "{}",
        stderr(&upgrade)
    );
    assert_eq!(dir.files(), ["migrate.db"]);
    let again = dir.run(&["upgrade"], &[]);
    assert!(!stderr(&again).contains("note:"), "said once, when created");
}

#[test]
fn a_password_from_a_variable_is_never_printed() {
    let dir = WorkDir::new("secret");
    dir.write_config(
        "[env.production]\ndatabase_url = \"postgres://app:${DB_PASSWORD}@127.0.0.1:1/prod\"\n",
    );
    let output = dir.run(
        &["--env", "production", "upgrade"],
        &[("DB_PASSWORD", "hunter2")],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("postgres://app:***@127.0.0.1:1/prod"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("hunter2"));
    assert!(!stdout(&output).contains("hunter2"));
}

#[test]
fn an_empty_version_table_name_is_refused_before_anything_is_created() {
    let dir = WorkDir::new("empty_version_table");
    let output = dir.run(&["--version-table", "", "upgrade"], &[]);
    refused(
        &dir,
        &output,
        "the version table name `` cannot be used: it is empty",
        &[],
    );
}

/// `exclude_tables` in migrate.toml keeps tables out of `check`: a legacy table is drift
/// until excluded, `alembic_version` never is; a pattern that is not a glob exits 2.
#[test]
fn excluded_tables_are_not_drift() {
    let dir = WorkDir::new("exclude_tables");
    dir.write_config("database_url = \"sqlite://app.db\"\n");
    let upgrade = dir.run(&["-q", "upgrade"], &[]);
    assert_eq!(upgrade.status.code(), Some(0), "{}", stderr(&upgrade));
    let url = format!("sqlite://{}", dir.0.join("app.db").display());
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        use sqlx::Connection as _;
        let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("open");
        for sql in [
            "CREATE TABLE legacy_orders (id INTEGER PRIMARY KEY)",
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
        ] {
            sqlx::raw_sql(sql).execute(&mut conn).await.expect("create");
        }
    });
    let check = dir.run(&["check"], &[]);
    assert_eq!(check.status.code(), Some(3), "{}", stderr(&check));
    let listed = stdout(&check);
    assert!(listed.contains("table `legacy_orders`"), "{listed}");
    assert!(!listed.contains("alembic_version"), "{listed}");
    dir.write_config("database_url = \"sqlite://app.db\"\nexclude_tables = [\"legacy_*\"]\n");
    let check = dir.run(&["check"], &[]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    dir.write_config("database_url = \"sqlite://app.db\"\nexclude_tables = [\"legacy_[\"]\n");
    let check = dir.run(&["check"], &[]);
    assert_eq!(check.status.code(), Some(2), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("error: `migrate.toml` has a bad pattern in `exclude_tables`: the table pattern `legacy_[` is not a valid glob"),
        "{}",
        stderr(&check)
    );
}

/// `[[accepted]]` in migrate.toml: an accepted difference is listed with its reason and is
/// not drift; a new one still is; an acceptance that matches nothing is reported stale; one
/// without a reason is refused.
#[test]
fn accepted_differences_are_listed_apart_and_new_drift_still_fails() {
    let dir = WorkDir::new("accepted_differences");
    dir.write_config("database_url = \"sqlite://app.db\"\n");
    let upgrade = dir.run(&["-q", "upgrade"], &[]);
    assert_eq!(upgrade.status.code(), Some(0), "{}", stderr(&upgrade));
    let url = format!("sqlite://{}", dir.0.join("app.db").display());
    let execute = |sql: &str| {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        runtime.block_on(async {
            use sqlx::Connection as _;
            let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("open");
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                .execute(&mut conn)
                .await
                .expect("run");
        });
    };
    execute("CREATE TABLE legacy_orders (id INTEGER PRIMARY KEY)");
    let check = dir.run(&["check"], &[]);
    assert_eq!(check.status.code(), Some(3), "{}", stderr(&check));
    let difference = (stdout(&check).lines())
        .find(|line| line.contains("legacy_orders"))
        .expect("the difference listed")
        .trim()
        .to_owned();
    let accepting = |extra: &str| {
        format!(
            "database_url = \"sqlite://app.db\"\n\n[[accepted]]\ndifference = {difference:?}\nreason = \"the old shop's table; dropped next quarter\"\n{extra}"
        )
    };
    dir.write_config(&accepting(""));
    let check = dir.run(&["check"], &[]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let said = stdout(&check);
    assert!(
        said.contains("accepted in migrate.toml: 1 difference(s)")
            && said.contains("(accepted: the old shop's table; dropped next quarter)"),
        "{said}"
    );
    // A new difference is drift still; a stale acceptance is reported.
    execute("CREATE TABLE scratchpad (id INTEGER PRIMARY KEY)");
    let stale =
        "\n[[accepted]]\ndifference = \"extra table `gone`\"\nreason = \"was there once\"\n";
    dir.write_config(&accepting(stale));
    let check = dir.run(&["check"], &[]);
    assert_eq!(check.status.code(), Some(3), "{}", stdout(&check));
    let said = stdout(&check);
    assert!(
        said.contains("scratchpad") && said.contains("1 difference(s)"),
        "{said}"
    );
    assert!(
        said.contains("stale acceptances in migrate.toml: 1 no longer differ")
            && said.contains("extra table `gone`"),
        "{said}"
    );
    let json = dir.run(&["check", "--format", "json"], &[]);
    let document: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON");
    assert_eq!(document["accepted"][0]["difference"], difference.as_str());
    assert_eq!(document["stale_accepted"][0]["reason"], "was there once");
    // Without a reason: refused.
    dir.write_config(&format!(
        "database_url = \"sqlite://app.db\"\n\n[[accepted]]\ndifference = {difference:?}\nreason = \" \"\n"
    ));
    let check = dir.run(&["check"], &[]);
    assert_eq!(check.status.code(), Some(2), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("without a reason"),
        "{}",
        stderr(&check)
    );
}
