//! Offline mode (`--sql`) and `show`: the SQL a run would send, with no database connection.

use std::process::{Command, Output};

use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb};

/// Run the example command line in a fresh directory, with no database URL set.
fn offline(args: &[&str]) -> (Output, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "migrate_offline_{}_{}",
        std::process::id(),
        args.join("_").replace(['/', ':'], "")
    ));
    std::fs::create_dir_all(&dir).expect("create a working directory");
    let output = Command::new(env!("CARGO_BIN_EXE_example-migrate"))
        .args(args)
        .current_dir(&dir)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run the command line");
    (output, dir)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn upgrade_sql_prints_every_step_with_its_transaction_and_version_row() {
    let (output, dir) = offline(&["upgrade", "--sql", "--dialect", "postgres"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let sql = text(&output.stdout);
    assert!(
        sql.starts_with("CREATE TABLE IF NOT EXISTS \"migrate_version\""),
        "{sql}"
    );
    assert_eq!(sql.matches("BEGIN;").count(), 6);
    assert_eq!(sql.matches("COMMIT;").count(), 6);
    assert!(sql.contains("INSERT INTO \"migrate_version\" (version_num) VALUES ('3b5e1c9a7f20');"));
    assert!(sql.contains("ALTER TABLE \"products\" ALTER COLUMN \"status\" SET NOT NULL;"));
    assert!(sql.ends_with("UPDATE \"migrate_version\" SET version_num = '5a0d2e4f6b87' WHERE version_num = 'e9c3a5b7d142';\nCOMMIT;\n"));
    assert!(!dir.join("migrate.db").exists(), "no database was touched");
    std::fs::remove_dir_all(dir).expect("clean up");
}

#[test]
fn a_range_starts_where_it_says_and_mysql_gets_backticks() {
    let (output, dir) = offline(&["upgrade", "--sql", "--dialect", "mysql", "8d2f:c47a"]);
    let sql = text(&output.stdout);
    assert!(
        !sql.contains("CREATE TABLE IF NOT EXISTS"),
        "the version table exists past base"
    );
    assert!(
        sql.contains("ALTER TABLE `products` ADD COLUMN `description` TEXT NULL;"),
        "{sql}"
    );
    assert_eq!(sql.matches("START TRANSACTION;").count(), 1);
    std::fs::remove_dir_all(dir).expect("clean up");
}

#[test]
fn a_rebuild_is_written_out_from_the_replayed_schema_and_strict_passes() {
    let (output, dir) = offline(&["upgrade", "--sql", "--strict", "1f6b:e9c3"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let sql = text(&output.stdout);
    assert!(
        sql.contains("CREATE TABLE \"_migrate_rebuild_products\""),
        "{sql}"
    );
    assert!(sql.contains("\"status\" VARCHAR(20) NOT NULL"), "{sql}");
    assert!(!text(&output.stderr).contains("need the live database"));
    std::fs::remove_dir_all(dir).expect("clean up");
}

#[test]
fn downgrade_sql_needs_a_range() {
    let (output, dir) = offline(&["downgrade", "--sql", "base"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("write `FROM:TO`, such as `head:base`"));
    let (output, range_dir) = offline(&["downgrade", "--sql", "head:c47a"]);
    assert_eq!(output.status.code(), Some(0));
    let sql = text(&output.stdout);
    assert_eq!(sql.matches("-- Running downgrade").count(), 3, "{sql}");
    assert!(sql.contains("DROP INDEX \"ix_users_email_is_active\";"));
    std::fs::remove_dir_all(dir).expect("clean up");
    std::fs::remove_dir_all(range_dir).expect("clean up");
}

#[test]
fn show_prints_the_header_and_both_directions() {
    let (output, dir) = offline(&["show", "e9c3", "--dialect", "postgres"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    assert!(
        shown.starts_with("Rev: e9c3a5b7d142\nParent: 1f6b8d0a2c73\n"),
        "{shown}"
    );
    assert!(shown.contains("-- upgrade (PostgreSQL)"));
    assert!(shown.contains("-- downgrade (PostgreSQL)"));
    assert!(shown.contains("ALTER TABLE \"products\" DROP COLUMN \"status\";"));
    std::fs::remove_dir_all(dir).expect("clean up");
}

/// The offline script, fed to PostgreSQL, builds the same schema as an online upgrade.
#[tokio::test]
async fn the_postgres_script_builds_what_an_online_upgrade_builds() {
    let (Some(online), Some(scripted)) = (
        TestDb::create(Backend::Postgres).await,
        TestDb::create(Backend::Postgres).await,
    ) else {
        return;
    };
    let migrator =
        Migrator::with_migrations(online.url(), &migrations::migrations()).expect("history");
    migrator.upgrade("head").await.expect("online upgrade");
    let script = migrator
        .upgrade_sql("head", migrate_runtime::backend::Dialect::Postgres)
        .expect("offline script");
    assert!(script.unrendered.is_empty());
    scripted.execute_script(&script.text).await;
    let mut online_schema = online.schema().await;
    online_schema
        .tables
        .remove("migrate_history")
        .expect("online runs keep a history");
    assert_eq!(
        scripted.schema().await,
        online_schema,
        "offline scripts keep no history table"
    );
    assert_eq!(
        scripted.versions("migrate_version").await,
        online.versions("migrate_version").await
    );
}

/// A `transactional = false` migration (`CREATE INDEX CONCURRENTLY`) is not wrapped in
/// `BEGIN`/`COMMIT` in a script either: PostgreSQL's own client runs the script.
#[tokio::test]
async fn a_non_transactional_migration_has_no_transaction_in_the_script() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let table = op::create_table("people")
        .column(Column::new("id", Type::BigInt).primary_key())
        .column(Column::new("email", Type::Text));
    let create = leak(
        "f00000000001",
        &[],
        Fixed {
            upgrade: Plan::new().op(table),
            downgrade: None,
        },
    );
    let index = Fixed {
        upgrade: Plan::new()
            .op(op::create_index("ix_people_email", "people", ["email"]).concurrently()),
        downgrade: None,
    };
    let index: &'static Fixed = Box::leak(Box::new(index));
    let index = MigrationDef::new("f00000000002", index)
        .with_down(&["f00000000001"])
        .with_transactional(false);
    let index: &'static MigrationDef = Box::leak(Box::new(index));
    let migrator = Migrator::with_migrations(db.url(), &Migrations::from_defs([create, index]))
        .expect("history");
    let script = migrator
        .upgrade_sql("head", migrate_runtime::Dialect::Postgres)
        .expect("offline script")
        .text;
    let (_, concurrently) = script
        .split_once("CREATE INDEX CONCURRENTLY")
        .expect("the index");
    assert!(
        !concurrently.contains("COMMIT"),
        "no transaction around it: {script}"
    );
    assert_eq!(
        script.matches("BEGIN;").count(),
        1,
        "the first migration keeps its own: {script}"
    );
    let file =
        std::env::temp_dir().join(format!("migrate_concurrently_{}.sql", std::process::id()));
    std::fs::write(&file, &script).expect("write the script");
    let psql = Command::new("psql")
        .args(["-v", "ON_ERROR_STOP=1", "-q", "-f"])
        .arg(&file)
        .arg(db.url())
        .output();
    std::fs::remove_file(&file).expect("clean up");
    let Ok(psql) = psql else {
        eprintln!("skipped: psql is not installed");
        return;
    };
    assert!(psql.status.success(), "{}", text(&psql.stderr));
    assert_eq!(db.versions("migrate_version").await, ["f00000000002"]);
    let indexes = db
        .strings("SELECT indexname::text FROM pg_indexes WHERE tablename = 'people' ORDER BY 1")
        .await;
    assert!(
        indexes.contains(&"ix_people_email".to_owned()),
        "{indexes:?}"
    );
}

/// A column drop is a statement of the script on every database (SQLite's own `DROP COLUMN`,
/// MySQL's plain one), not a comment that swallows it; the script runs in `sqlite3`.
#[tokio::test]
async fn a_column_drop_is_a_statement_of_the_script() {
    use migrate_runtime::prelude::*;
    use migrate_runtime::{Dialect, Migrations, Migrator};
    use migrate_tests::fixture::{Fixed, leak};

    let table = Fixed {
        upgrade: Plan::new().op(op::create_table("t")
            .column(Column::new("a", Type::Integer))
            .column(Column::new("b", Type::Integer))),
        downgrade: Some(Plan::new().op(op::drop_table("t"))),
    };
    let drop = Fixed {
        upgrade: Plan::new().op(op::drop_column("t", "b")),
        downgrade: Some(Plan::new().op(op::add_column("t", Column::new("b", Type::Integer)))),
    };
    let migrations = Migrations::from_defs([
        leak("o00000000001", &[], table),
        leak("o00000000002", &["o00000000001"], drop),
    ]);
    let migrator = Migrator::with_migrations("sqlite::memory:", &migrations).expect("history");
    for dialect in [Dialect::Sqlite, Dialect::MySql] {
        let script = migrator.upgrade_sql("head", dialect).expect("script");
        assert!(script.unrendered.is_empty(), "{:?}", script.unrendered);
        let quote = if dialect == Dialect::MySql { '`' } else { '"' };
        let drop = format!("ALTER TABLE {quote}t{quote} DROP COLUMN {quote}b{quote};");
        assert!(script.text.contains(&drop), "{}", script.text);
    }
    let Some(db) = migrate_tests::TestDb::create(migrate_tests::Backend::Sqlite).await else {
        return;
    };
    let script = migrator
        .upgrade_sql("head", Dialect::Sqlite)
        .expect("script");
    db.execute_script(&script.text).await;
    let schema = db.schema().await;
    assert!(
        schema.table("t").column("b").is_none(),
        "the script dropped it"
    );
}

/// SQLite: the example history's rebuilds (a column made required, a table renamed after a
/// column changed) give every table the same text online, where the rebuild reads the live
/// table, and offline, where the script writes it from the replayed schema.
#[tokio::test]
async fn sqlite_tables_have_the_same_text_online_and_from_the_script() {
    let (Some(online), Some(scripted)) = (
        TestDb::create(Backend::Sqlite).await,
        TestDb::create(Backend::Sqlite).await,
    ) else {
        return;
    };
    let migrator =
        Migrator::with_migrations(online.url(), &migrations::migrations()).expect("history");
    migrator.upgrade("head").await.expect("online upgrade");
    let script = migrator
        .upgrade_sql("head", migrate_runtime::backend::Dialect::Sqlite)
        .expect("offline script");
    if !scripted.run_with_client(&script.text) {
        eprintln!("skipped: sqlite3 is not installed");
        return;
    }
    let texts = "SELECT name || ': ' || sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'migrate_%' ORDER BY name";
    let online_texts = online.strings(texts).await;
    assert!(!online_texts.is_empty());
    assert_eq!(scripted.strings(texts).await, online_texts);
}
