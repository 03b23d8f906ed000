//! The command line on a branched history (Alembic's documentation example): every command
//! and its errors, with their exit codes.

use std::path::Path;
use std::process::{Command, Output};

use migrate_tests::{TestDb, backend_tests};

fn branched(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_branched-migrate"))
        .args(["--database-url", db.url()])
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run the command line")
}

fn out(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn err(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn upgrade_head_refuses_several_heads(db: &TestDb) {
    let output = branched(db, &["upgrade"]);
    assert_eq!(output.status.code(), Some(2));
    let message = err(&output);
    assert!(
        // As Alembic's `head`: a revision that another only depends on is a head too.
        message.contains(
            "error: there are several heads: `27c6a30d7c24`, `55af2cb1c267`, `2a95102259be`"
        ),
        "{message}"
    );
    assert!(
        message.contains("use `heads` to apply every branch, or merge them with `migrate merge`"),
        "{message}"
    );
}

async fn an_ambiguous_prefix_lists_the_candidates(db: &TestDb) {
    let output = branched(db, &["upgrade", "2"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        err(&output)
            .contains("`2` is ambiguous: it begins `27c6a30d7c24`, `29f859a13ea`, `2a95102259be`"),
        "{}",
        err(&output)
    );
}

async fn upgrade_heads_current_heads_and_branches(db: &TestDb) {
    assert_eq!(branched(db, &["upgrade", "heads"]).status.code(), Some(0));
    let current = out(&branched(db, &["current"]));
    assert_eq!(
        current,
        "27c6a30d7c24 (shoppingcart) (head)\n2a95102259be (networking) (head)\n"
    );
    let heads = out(&branched(db, &["heads"]));
    assert!(heads.contains("55af2cb1c267 (effective head)\n"), "{heads}");
    let branches = out(&branched(db, &["branches"]));
    assert!(
        branches.starts_with("1975ea83b712 (branchpoint)\n"),
        "{branches}"
    );
    assert!(
        branches.contains("-> ae1027a6acf, add a column"),
        "{branches}"
    );
    let check = branched(db, &["check"]);
    assert_eq!(check.status.code(), Some(0));
    assert_eq!(out(&check), "the database is at head\n");
}

async fn history_ranges_and_current_marks(db: &TestDb) {
    branched(db, &["upgrade", "shoppingcart@head"]);
    let from_label = out(&branched(db, &["history", "-r", "shoppingcart:"]));
    assert_eq!(
        from_label,
        "1975ea83b712 -> 27c6a30d7c24 (shoppingcart) (head), add shopping cart table\n"
    );
    let to_head = out(&branched(db, &["history", "-r", ":networking@head"]));
    assert_eq!(
        to_head.lines().count(),
        7,
        "the branch and what it depends on: {to_head}"
    );
    let marked = out(&branched(db, &["history", "-i", "-r", "current:"]));
    assert!(
        marked.contains("27c6a30d7c24 (shoppingcart) (head) (current)"),
        "{marked}"
    );
    let verbose = out(&branched(db, &["current", "-v"]));
    assert!(verbose.contains("Rev: 27c6a30d7c24 (shoppingcart) (head)\nParent: 1975ea83b712\nBranch names: shoppingcart\n"), "{verbose}");
}

async fn check_fails_while_something_is_pending(db: &TestDb) {
    branched(db, &["upgrade", "heads"]);
    assert_eq!(
        branched(db, &["downgrade", "networking@base"])
            .status
            .code(),
        Some(0)
    );
    let check = branched(db, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        out(&check).starts_with("the database is not at head: 4 migration(s) to apply\n"),
        "{}",
        out(&check)
    );
    let json: serde_json::Value =
        serde_json::from_str(&out(&branched(db, &["check", "--format", "json"]))).expect("json");
    assert_eq!(json["up_to_date"], false);
    assert_eq!(json["pending"].as_array().map(Vec::len), Some(4));
}

async fn stamp_moves_the_version_table_only(db: &TestDb) {
    let output = branched(db, &["stamp", "heads"]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert_eq!(out(&branched(db, &["current"])).lines().count(), 2);
    assert!(
        !db.schema().await.tables.contains_key("account"),
        "stamp runs no migration"
    );
    let recorded = db
        .strings("SELECT revision FROM migrate_history WHERE direction = 'stamp' ORDER BY revision")
        .await;
    assert_eq!(
        recorded,
        ["27c6a30d7c24", "2a95102259be"],
        "the stamp is in the history table"
    );
    assert_eq!(branched(db, &["stamp", "nope"]).status.code(), Some(2));
    assert_eq!(branched(db, &["stamp", "base"]).status.code(), Some(0));
    assert_eq!(
        out(&branched(db, &["current"])),
        "<base> (no migration applied)\n"
    );
}

/// A version row that another row follows (left by a crash or a hand edit) stops every command
/// but `stamp`, which repairs it.
async fn a_stale_version_row_is_refused_until_stamped(db: &TestDb) {
    assert_eq!(branched(db, &["upgrade", "heads"]).status.code(), Some(0));
    db.execute("INSERT INTO migrate_version (version_num) VALUES ('1975ea83b712')")
        .await;
    for command in [
        &["current"][..],
        &["upgrade", "heads"],
        &["downgrade", "-1"],
        &["check"],
    ] {
        let output = branched(db, command);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{command:?}: {}",
            err(&output)
        );
        assert!(
            err(&output)
                .contains("the version table lists `1975ea83b712` and a revision that follows it"),
            "{}",
            err(&output)
        );
        assert!(
            err(&output).contains("help: find where the database really is"),
            "{}",
            err(&output)
        );
    }
    let repaired = branched(db, &["stamp", "--purge", "heads"]);
    assert_eq!(repaired.status.code(), Some(0), "{}", err(&repaired));
    assert_eq!(out(&branched(db, &["current"])).lines().count(), 2);
}

async fn every_read_command_speaks_json(db: &TestDb) {
    branched(db, &["upgrade", "heads"]);
    for command in [
        &["current"][..],
        &["history"],
        &["heads"],
        &["branches"],
        &["show", "2a95"],
        &["check"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--format", "json"]);
        let output = branched(db, &args);
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&out(&output));
        assert!(parsed.is_ok(), "{command:?}: {}", out(&output));
    }
    let history: serde_json::Value =
        serde_json::from_str(&out(&branched(db, &["history", "--format", "json"]))).expect("json");
    let first = &history["revisions"][0];
    assert_eq!(first["revision"], "2a95102259be");
    assert_eq!(first["depends_on"][0], "55af2cb1c267");
    assert_eq!(first["branch_labels"][0], "networking");
    let current: serde_json::Value =
        serde_json::from_str(&out(&branched(db, &["current", "--format", "json"]))).expect("json");
    let current = current["current"].as_array().cloned().unwrap_or_default();
    assert_eq!(current.len(), 2, "both heads");
    assert!(
        current.iter().all(|r| r["is_current"] == true),
        "{current:?}"
    );
}

async fn revision_and_merge_write_files(db: &TestDb) {
    let unique: String = db
        .url()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let folder = std::env::temp_dir().join(format!("migrate_authoring_{unique}"));
    let folder_arg = folder.display().to_string();
    let refused = branched(
        db,
        &[
            "revision",
            "-m",
            "add coupons",
            "--versions-dir",
            &folder_arg,
        ],
    );
    assert_eq!(refused.status.code(), Some(2), "several heads");
    assert!(err(&refused).contains("there are several heads, and a new migration follows one"));
    assert!(
        err(&refused).contains("help: say which with `--head 27c6a30d7c24`"),
        "not `upgrade heads`: {}",
        err(&refused)
    );

    let written = branched(
        db,
        &[
            "revision",
            "-m",
            "add coupons",
            "--head",
            "shoppingcart@head",
            "--versions-dir",
            &folder_arg,
        ],
    );
    assert_eq!(written.status.code(), Some(0), "{}", err(&written));
    let source = read_written(&out(&written));
    assert!(source.contains(r#"    down = "27c6a30d7c24","#), "{source}");
    assert!(
        source.contains(r#"    message = "add coupons""#),
        "{source}"
    );
    assert!(!source.contains("fn downgrade"), "derived: {source}");
    assert!(source.contains("pub struct AddCoupons;"));

    let merge = branched(
        db,
        &[
            "merge",
            "-m",
            "join everything",
            "heads",
            "--versions-dir",
            &folder_arg,
        ],
    );
    assert_eq!(merge.status.code(), Some(0), "{}", err(&merge));
    let source = read_written(&out(&merge));
    assert!(
        source.contains(r#"down = ["27c6a30d7c24", "2a95102259be"]"#),
        "{source}"
    );

    let root = branched(
        db,
        &[
            "revision",
            "-m",
            "reports",
            "--head",
            "base",
            "--branch-label",
            "reports",
            "--depends-on",
            "55af",
            "--versions-dir",
            &folder_arg,
        ],
    );
    let source = read_written(&out(&root));
    assert!(
        source.contains(r#"    depends_on = "55af2cb1c267","#),
        "{source}"
    );
    assert!(
        source.contains(r#"    branch_labels = "reports","#),
        "{source}"
    );
    assert!(!source.contains("down ="), "a new root: {source}");

    let with_id = |id: &str| {
        let args = [
            "revision",
            "-m",
            "chosen id",
            "--head",
            "base",
            "--rev-id",
            id,
        ];
        branched(db, &[&args[..], &["--versions-dir", &folder_arg]].concat())
    };
    let malformed = with_id("Not-An-Id");
    assert_eq!(malformed.status.code(), Some(2));
    assert!(
        err(&malformed).contains("`--rev-id Not-An-Id` is not a revision id"),
        "{}",
        err(&malformed)
    );
    let taken = with_id("55af2cb1c267");
    assert_eq!(taken.status.code(), Some(2));
    assert!(err(&taken).contains("is taken"), "{}", err(&taken));
    let chosen = with_id("0000feedbeef");
    assert_eq!(chosen.status.code(), Some(0), "{}", err(&chosen));
    assert!(
        out(&chosen).contains("0000feedbeef_chosen_id.rs"),
        "{}",
        out(&chosen)
    );
    std::fs::remove_dir_all(&folder).expect("clean up");
}

/// The file named by `Generating PATH ... done`.
fn read_written(stdout: &str) -> String {
    let path = stdout
        .trim()
        .trim_start_matches("Generating ")
        .trim_end_matches(" ... done");
    std::fs::read_to_string(Path::new(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

backend_tests!(
    upgrade_head_refuses_several_heads,
    an_ambiguous_prefix_lists_the_candidates,
    upgrade_heads_current_heads_and_branches,
    history_ranges_and_current_marks,
    check_fails_while_something_is_pending,
    stamp_moves_the_version_table_only,
    a_stale_version_row_is_refused_until_stamped,
    every_read_command_speaks_json,
    revision_and_merge_write_files,
);
