//! The examples of Alembic's branching documentation ("Working with Branches"), reproduced
//! with the version-table rows Alembic documents for each step.

use migrate_runtime::{Error, Migrations, Migrator};
use migrate_tests::fixture::{Header, table_per_revision};
use migrate_tests::{TestDb, backend_tests};

/// `1975ea83b712` (base) branched into `ae1027a6acf` and `27c6a30d7c24` (labelled
/// `shoppingcart`).
fn two_branches() -> Vec<Header> {
    vec![
        ("1975ea83b712", &[], &[], &[]),
        ("ae1027a6acf", &["1975ea83b712"], &[], &[]),
        ("27c6a30d7c24", &["1975ea83b712"], &[], &["shoppingcart"]),
    ]
}

fn migrator(db: &TestDb, migrations: &Migrations) -> Migrator {
    Migrator::with_migrations(db.url(), migrations).expect("a valid history")
}

async fn rows(db: &TestDb) -> Vec<String> {
    db.versions("migrate_version").await
}

async fn upgrade_heads_then_step_down_one_branch_at_a_time(db: &TestDb) {
    let migrator = migrator(db, &table_per_revision(&two_branches()));
    let error = migrator.upgrade("head").await.expect_err("two heads");
    assert!(matches!(&error, Error::Target(_)), "{error}");
    assert_eq!(
        error.to_string(),
        "there are several heads: `27c6a30d7c24`, `ae1027a6acf`"
    );
    assert_eq!(error.kind(), migrate_runtime::ErrorKind::Refused);

    migrator.upgrade("heads").await.expect("upgrade heads");
    assert_eq!(rows(db).await, ["27c6a30d7c24", "ae1027a6acf"]);
    // As Alembic (which warns that it will refuse this one day): `-1` counts from the first
    // row the version table returns, and reverts that branch's newest revision only.
    let report = migrator.downgrade("-1").await.expect("-1 from two heads");
    assert_eq!(report.steps.len(), 1, "{report:?}");
    let left = rows(db).await;
    assert!(
        left == ["27c6a30d7c24"] || left == ["ae1027a6acf"],
        "one branch stepped down: {left:?}"
    );
    migrator.upgrade("heads").await.expect("upgrade heads");
    assert_eq!(rows(db).await, ["27c6a30d7c24", "ae1027a6acf"]);
    migrator
        .downgrade("shoppingcart@-1")
        .await
        .expect("one branch, counted along its label");
    assert_eq!(
        rows(db).await,
        ["ae1027a6acf"],
        "the branch closed out is deleted"
    );
    migrator
        .upgrade("shoppingcart@+1")
        .await
        .expect("and applied again, counted along its label");
    assert_eq!(rows(db).await, ["27c6a30d7c24", "ae1027a6acf"]);
    migrator.downgrade("shoppingcart@-1").await.expect("again");
    migrator.downgrade("-1").await.expect("downgrade -1");
    assert_eq!(rows(db).await, ["1975ea83b712"]);
    migrator.downgrade("-1").await.expect("downgrade -1");
    assert_eq!(rows(db).await, Vec::<String>::new());
}

async fn a_specific_version_applies_its_ancestors_only(db: &TestDb) {
    let migrator = migrator(db, &table_per_revision(&two_branches()));
    let ran = migrator.upgrade("27c6a").await.expect("upgrade 27c6a");
    let ran: Vec<&str> = ran.steps.iter().map(|s| s.revision.as_str()).collect();
    assert_eq!(ran, ["1975ea83b712", "27c6a30d7c24"]);
    assert_eq!(rows(db).await, ["27c6a30d7c24"]);
    migrator.upgrade("ae102").await.expect("upgrade ae102");
    assert_eq!(rows(db).await, ["27c6a30d7c24", "ae1027a6acf"]);
}

async fn a_branch_label_names_its_head(db: &TestDb) {
    let migrator = migrator(db, &table_per_revision(&two_branches()));
    migrator.upgrade("1975ea83b712").await.expect("base");
    migrator
        .upgrade("shoppingcart@head")
        .await
        .expect("the labelled head");
    assert_eq!(rows(db).await, ["27c6a30d7c24"]);
    let shown = migrator.graph().head_revisions();
    let shopping = shown
        .iter()
        .find(|r| r.revision == "27c6a30d7c24")
        .expect("a head");
    assert_eq!(shopping.branch_labels, ["shoppingcart"]);
    let history = migrator
        .history("shoppingcart:", &[])
        .expect("history from the label");
    assert_eq!(
        history.iter().map(|r| r.revision).collect::<Vec<_>>(),
        ["27c6a30d7c24"]
    );
    let from_base = migrator
        .history("shoppingcart@base:", &[])
        .expect("from the branch's base");
    assert_eq!(from_base.len(), 3, "the shared base and both branches");
}

async fn a_merge_joins_the_rows(db: &TestDb) {
    let mut history = two_branches();
    history.push(("53fffde5ad5", &["ae1027a6acf", "27c6a30d7c24"], &[], &[]));
    let migrator = migrator(db, &table_per_revision(&history));
    migrator.upgrade("heads").await.expect("both branches");
    let error = migrator.downgrade("-1").await.expect_err("which parent?");
    assert_eq!(
        error.to_string(),
        "`-1` is ambiguous: revision `53fffde5ad5` has several parents",
        "Alembic's ambiguous walk"
    );
    migrator
        .downgrade("ae1027a6acf")
        .await
        .expect("undo the merge");
    assert_eq!(
        rows(db).await,
        ["27c6a30d7c24", "ae1027a6acf"],
        "two rows below the merge"
    );
    migrator
        .upgrade("head")
        .await
        .expect("upgrade across the merge");
    assert_eq!(rows(db).await, ["53fffde5ad5"], "one row at the merge");
    let merge = &migrator.graph().head_revisions()[0];
    assert!(merge.is_merge_point);
}

/// "Working with Multiple Bases": a `networking` branch of its own base, whose last revision
/// depends on `55af2cb1c267` of the account branch.
fn multiple_bases(more_account_changes: bool) -> Migrations {
    let mut history = two_branches();
    history.extend([
        ("d747a8a8879", &["27c6a30d7c24"][..], &[][..], &[][..]),
        ("55af2cb1c267", &["ae1027a6acf"], &[], &[]),
        ("3cac04ae8714", &[], &[], &["networking"]),
        ("109ec7d132bf", &["3cac04ae8714"], &[], &[]),
        ("29f859a13ea", &["109ec7d132bf"], &[], &[]),
        ("2a95102259be", &["29f859a13ea"], &["55af2cb1c267"], &[]),
    ]);
    if more_account_changes {
        history.push(("34e094ad6ef1", &["55af2cb1c267"], &[], &[]));
    }
    table_per_revision(&history)
}

async fn a_dependency_is_an_effective_head_until_its_branch_grows(db: &TestDb) {
    let migrator = migrator(db, &multiple_bases(false));
    let heads = migrator.graph().head_revisions();
    let effective: Vec<&str> = heads
        .iter()
        .filter(|h| h.is_effective_head)
        .map(|h| h.revision.as_str())
        .collect();
    assert_eq!(effective, ["55af2cb1c267"]);
    migrator.upgrade("heads").await.expect("upgrade heads");
    assert_eq!(
        rows(db).await,
        ["2a95102259be", "d747a8a8879"],
        "the dependency is not a row"
    );

    let grown = Migrator::with_migrations(db.url(), &multiple_bases(true)).expect("history");
    grown.upgrade("heads").await.expect("upgrade heads");
    assert_eq!(
        rows(db).await,
        ["2a95102259be", "34e094ad6ef1", "d747a8a8879"]
    );
}

async fn a_labelled_base_downgrades_its_branch_and_leaves_dependencies(db: &TestDb) {
    let migrator = migrator(db, &multiple_bases(false));
    migrator
        .upgrade("networking@head")
        .await
        .expect("networking and what it depends on");
    assert_eq!(rows(db).await, ["2a95102259be"]);
    let tables = db.schema().await;
    assert!(
        tables.tables.contains_key("t_55af2cb1c267"),
        "the dependency was applied first"
    );
    assert!(
        !tables.tables.contains_key("t_27c6a30d7c24"),
        "nothing else"
    );
    migrator
        .downgrade("networking@base")
        .await
        .expect("downgrade the branch");
    assert_eq!(
        rows(db).await,
        ["55af2cb1c267"],
        "the dependency is left in place"
    );
}

async fn downgrading_a_dependency_downgrades_what_depends_on_it(db: &TestDb) {
    let migrator = migrator(db, &multiple_bases(false));
    migrator.upgrade("heads").await.expect("upgrade heads");
    migrator
        .downgrade("ae1027a6acf")
        .await
        .expect("below the dependency");
    let tables = db.schema().await;
    assert!(
        !tables.tables.contains_key("t_2a95102259be"),
        "its dependent went too"
    );
    assert_eq!(
        rows(db).await,
        ["29f859a13ea", "ae1027a6acf", "d747a8a8879"]
    );
}

async fn stamp_sets_rows_without_running_anything(db: &TestDb) {
    let migrator = migrator(db, &table_per_revision(&two_branches()));
    migrator.stamp("heads", false).await.expect("stamp heads");
    assert_eq!(rows(db).await, ["27c6a30d7c24", "ae1027a6acf"]);
    assert!(
        !db.schema().await.tables.contains_key("t_1975ea83b712"),
        "nothing ran"
    );
    migrator
        .stamp("1975ea83b712", false)
        .await
        .expect("stamp below");
    assert_eq!(rows(db).await, ["1975ea83b712"]);
    migrator
        .stamp("shoppingcart@head", false)
        .await
        .expect("stamp a branch");
    assert_eq!(rows(db).await, ["27c6a30d7c24"]);
    migrator.stamp("base", false).await.expect("stamp base");
    assert_eq!(rows(db).await, Vec::<String>::new());

    db.execute("INSERT INTO migrate_version (version_num) VALUES ('unknown0000')")
        .await;
    let error = migrator
        .stamp("heads", false)
        .await
        .expect_err("an unknown row");
    assert_eq!(error.kind(), migrate_runtime::ErrorKind::Refused);
    migrator.stamp("ae102", true).await.expect("stamp --purge");
    assert_eq!(rows(db).await, ["ae1027a6acf"]);
}

async fn check_lists_what_is_pending(db: &TestDb) {
    let migrator = migrator(db, &table_per_revision(&two_branches()));
    assert_eq!(migrator.pending().await.expect("pending").len(), 3);
    migrator.upgrade("ae1027a6acf").await.expect("one branch");
    let pending = migrator.pending().await.expect("pending");
    assert_eq!(
        pending.iter().map(|r| r.revision).collect::<Vec<_>>(),
        ["27c6a30d7c24"]
    );
    migrator.upgrade("heads").await.expect("both");
    assert!(migrator.pending().await.expect("pending").is_empty());
}

backend_tests!(
    upgrade_heads_then_step_down_one_branch_at_a_time,
    a_specific_version_applies_its_ancestors_only,
    a_branch_label_names_its_head,
    a_merge_joins_the_rows,
    a_dependency_is_an_effective_head_until_its_branch_grows,
    a_labelled_base_downgrades_its_branch_and_leaves_dependencies,
    downgrading_a_dependency_downgrades_what_depends_on_it,
    stamp_sets_rows_without_running_anything,
    check_lists_what_is_pending,
);
