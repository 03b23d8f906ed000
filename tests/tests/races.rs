//! Races between real processes: one runner at a time holds for non-transactional migrations
//! too, a waiting runner says whom it waits for, and a relative downgrade racing upgrades
//! reverts exactly what it was asked to.

use std::collections::BTreeSet;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use migrate_tests::{Backend, TestDb, backend_tests};

/// Start `runners` processes of `binary` at once, each with its arguments; wait for them all.
fn run_together(binary: &str, db: &TestDb, runs: &[&[&str]]) -> Vec<Output> {
    let children: Vec<_> = runs
        .iter()
        .map(|args| {
            Command::new(binary)
                .args(["--database-url", db.url()])
                .args(*args)
                .env_remove("DATABASE_URL")
                .env_remove("RUST_LOG")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start a runner")
        })
        .collect();
    children
        .into_iter()
        .map(|child| child.wait_with_output().expect("a runner ends"))
        .collect()
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout)
}

/// Eight runners meet a `transactional = false` migration: one runs it, the others wait for
/// the lock (and say so, naming the holder), then find it applied.
async fn a_non_transactional_migration_runs_once_among_concurrent_runners(db: &TestDb) {
    let runs = vec![&["upgrade"][..]; 8];
    let outputs = run_together(env!("CARGO_BIN_EXE_slow-migrate"), db, &runs);
    for output in &outputs {
        assert_eq!(output.status.code(), Some(0), "{}", text(output));
    }
    let rows = db.count("SELECT count(*) FROM runs").await;
    assert_eq!(rows, 2, "the slow migration's two statements ran once");
    let applied = db
        .count("SELECT count(*) FROM migrate_history WHERE revision = 'a00000000002' AND direction = 'upgrade'")
        .await;
    assert_eq!(applied, 1);
    let running = outputs
        .iter()
        .filter(|o| text(o).contains("a00000000001 -> a00000000002"))
        .count();
    assert_eq!(
        running, 1,
        "one runner logs that it runs the slow migration"
    );
    let waited: Vec<String> = outputs
        .iter()
        .map(text)
        .filter(|t| t.contains("waiting for the migration lock, held by"))
        .collect();
    assert!(
        !waited.is_empty(),
        "runners that wait say so: {:?}",
        outputs.iter().map(text).collect::<Vec<_>>()
    );
    assert_eq!(db.versions("migrate_version").await, ["a00000000004"]);
}

/// Two `downgrade -1` racing six `upgrade`s of a 200-migration history: each downgrade reverts
/// exactly one migration, whenever it gets its turn.
async fn a_relative_downgrade_racing_upgrades_reverts_one_migration(db: &TestDb) {
    let many = env!("CARGO_BIN_EXE_many-migrate");
    let start = run_together(many, db, &[&["-q", "upgrade", "r120"]]);
    assert_eq!(start[0].status.code(), Some(0), "{}", text(&start[0]));
    let mut runs = vec![&["-q", "upgrade"][..]; 6];
    runs.insert(2, &["-q", "downgrade", "-1"]);
    runs.insert(5, &["-q", "downgrade", "-1"]);
    let outputs = run_together(many, db, &runs);
    for output in &outputs {
        assert_eq!(output.status.code(), Some(0), "{}", text(output));
    }
    let reverted = db
        .strings("SELECT revision FROM migrate_history WHERE direction = 'downgrade'")
        .await;
    assert_eq!(reverted.len(), 2, "each `-1` reverts one: {reverted:?}");
    let versions = db.versions("migrate_version").await;
    let [version] = versions.as_slice() else {
        panic!("one version row, found {versions:?}");
    };
    let head: usize = version[1..].parse().expect("a revision number");
    let tables: BTreeSet<String> = db.schema().await.tables.into_keys().collect();
    let created = (0..200)
        .filter(|i| tables.contains(&format!("t_r{i:03}")))
        .collect::<BTreeSet<usize>>();
    assert_eq!(
        created,
        (0..=head).collect::<BTreeSet<usize>>(),
        "the tables agree with the version row"
    );
}

/// PostgreSQL: a runner killed while the server executes a long statement of its migration
/// does not keep the migration lock until the statement ends: the server notices the dead
/// client (`client_connection_check_interval`), cancels the statement and releases the lock.
#[tokio::test]
async fn a_killed_runner_releases_the_lock_while_its_statement_runs() {
    let Some(db) = TestDb::create(migrate_tests::Backend::Postgres).await else {
        return;
    };
    let slow = env!("CARGO_BIN_EXE_slow-migrate");
    let start = run_together(slow, &db, &[&["-q", "upgrade", "a00000000003"]]);
    assert_eq!(start[0].status.code(), Some(0), "{}", text(&start[0]));
    let mut runner = Command::new(slow)
        .args(["--database-url", db.url(), "-q", "upgrade"])
        .env("SLOW_MIGRATE_FIRST", "SELECT pg_sleep(120)")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the runner");
    let sleeping = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()";
    let advisory = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'";
    for _ in 0..400 {
        if db.count(sleeping).await > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(db.count(sleeping).await, 1, "the runner's statement runs");
    assert_eq!(db.count(advisory).await, 1, "the runner holds the lock");
    runner.kill().expect("SIGKILL");
    runner.wait().expect("reaped");
    // The statement would run for two minutes; the server's check runs every 2 s. Give it a
    // generous minute before calling the lock kept.
    let released = tokio::time::timeout(Duration::from_secs(60), async {
        while db.count(advisory).await > 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(
        released.is_ok(),
        "the dead runner's lock is released before its statement would end"
    );
    assert_eq!(db.count(sleeping).await, 0, "its statement was cancelled");
    assert_eq!(db.versions("migrate_version").await, ["a00000000003"]);
}

/// Wait until the slow migration has recorded its first committed statement; the query
/// that counts its `partial` rows.
async fn wait_for_the_first_statement(db: &TestDb) -> &'static str {
    let partial = "SELECT count(*) FROM migrate_history WHERE direction = 'partial' AND revision = 'a00000000002'";
    for _ in 0..1000 {
        if db.try_count(partial).await.unwrap_or(0) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    partial
}

/// Start `slow-migrate upgrade` and kill it once the slow, non-transactional migration has
/// committed its first statement (the history table says so), while its data step runs.
async fn kill_inside_the_slow_migration(db: &TestDb) {
    let mut runner = Command::new(env!("CARGO_BIN_EXE_slow-migrate"))
        .args(["--database-url", db.url(), "-q", "upgrade"])
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the runner");
    let partial = wait_for_the_first_statement(db).await;
    runner.kill().expect("SIGKILL");
    runner.wait().expect("reaped");
    assert_eq!(
        db.count(partial).await,
        1,
        "killed after the first statement"
    );
    assert_eq!(db.count("SELECT count(*) FROM runs").await, 1);
}

/// A kill inside a non-transactional migration: the rerun resumes after the statement that
/// committed instead of running it twice.
async fn a_killed_non_transactional_migration_resumes_after_what_committed(db: &TestDb) {
    kill_inside_the_slow_migration(db).await;
    let rerun = run_together(env!("CARGO_BIN_EXE_slow-migrate"), db, &[&["upgrade"]]);
    assert_eq!(rerun[0].status.code(), Some(0), "{}", text(&rerun[0]));
    assert!(
        text(&rerun[0])
            .contains("was interrupted after 1 committed statement(s); resuming after them"),
        "{}",
        text(&rerun[0])
    );
    let each = "SELECT count(DISTINCT step) FROM runs";
    assert_eq!(db.count("SELECT count(*) FROM runs").await, 2);
    assert_eq!(db.count(each).await, 2, "each statement ran once");
    assert_eq!(db.versions("migrate_version").await, ["a00000000004"]);
}

/// The same kill, then a rerun whose migration no longer begins with what committed: it
/// refuses, says what happened, and changes nothing.
async fn an_interrupted_migration_whose_code_changed_is_refused(db: &TestDb) {
    kill_inside_the_slow_migration(db).await;
    let rerun = Command::new(env!("CARGO_BIN_EXE_slow-migrate"))
        .args(["--database-url", db.url(), "upgrade"])
        .env("SLOW_MIGRATE_STEP_ONE", "10")
        .env_remove("DATABASE_URL")
        .output()
        .expect("rerun");
    assert_eq!(rerun.status.code(), Some(1), "{}", text(&rerun));
    assert!(
        text(&rerun).contains(
            "was interrupted after committing 1 statement(s), and its code has changed since"
        ),
        "{}",
        text(&rerun)
    );
    assert_eq!(
        db.count("SELECT count(*) FROM runs").await,
        1,
        "nothing more ran"
    );
    assert_eq!(db.versions("migrate_version").await, ["a00000000001"]);
}

backend_tests!(
    ctrl_c_stops_between_statements_and_the_rerun_resumes,
    a_non_transactional_migration_runs_once_among_concurrent_runners,
    a_relative_downgrade_racing_upgrades_reverts_one_migration,
    a_killed_non_transactional_migration_resumes_after_what_committed,
    an_interrupted_migration_whose_code_changed_is_refused,
);

/// Ctrl-C (or SIGTERM) inside a migration: the run stops between two statements, says so, exits 130, and
/// the rerun resumes after what committed (here a non-transactional migration, whose
/// statements commit one by one, as every statement does on MySQL after DDL).
async fn ctrl_c_stops_between_statements_and_the_rerun_resumes(db: &TestDb) {
    let runner = Command::new(env!("CARGO_BIN_EXE_slow-migrate"))
        .args(["--database-url", db.url(), "upgrade"])
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the runner");
    wait_for_the_first_statement(db).await;
    // What a container runtime sends first, SIGTERM, does the same as Ctrl-C's SIGINT.
    let signal = match db.backend() {
        Backend::MySql => "-TERM",
        Backend::Postgres | Backend::Sqlite => "-INT",
    };
    let interrupt = Command::new("kill")
        .args([signal, &runner.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(interrupt.success());
    let output = runner.wait_with_output().expect("the runner ends");
    assert_eq!(output.status.code(), Some(130), "{}", text(&output));
    assert!(
        text(&output).contains("interrupted: stopping after the statement that is running"),
        "{}",
        text(&output)
    );
    assert!(
        text(&output).contains("the run was interrupted (asked to stop) before this statement"),
        "{}",
        text(&output)
    );
    assert_eq!(
        db.count("SELECT count(*) FROM runs").await,
        1,
        "the second insert did not run"
    );
    assert_eq!(db.versions("migrate_version").await, ["a00000000001"]);
    let rerun = run_together(env!("CARGO_BIN_EXE_slow-migrate"), db, &[&["upgrade"]]);
    assert_eq!(rerun[0].status.code(), Some(0), "{}", text(&rerun[0]));
    assert!(
        text(&rerun[0]).contains("resuming after them"),
        "{}",
        text(&rerun[0])
    );
    assert_eq!(db.count("SELECT count(DISTINCT step) FROM runs").await, 2);
    assert_eq!(
        db.count("SELECT count(*) FROM runs").await,
        2,
        "each statement ran once"
    );
    assert_eq!(db.versions("migrate_version").await, ["a00000000004"]);
}
