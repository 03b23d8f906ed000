//! Constraints without a name, as SQLite keeps those written without one (what SQLAlchemy
//! writes without a naming convention): `op::drop_unnamed_constraint` drops one by its kind and
//! columns (a table rebuild), the derived downgrade makes it again, autogenerate writes it for
//! a key or unique constraint the models no longer declare, and PostgreSQL and MySQL, which
//! name every constraint, refuse it with what to do instead.

use migrate_runtime::autogenerate::{self, Renames};
use migrate_runtime::op::Op;
use migrate_runtime::prelude::*;
use migrate_runtime::schema::ConstraintKind;
use migrate_runtime::{Dialect, Migrations, Migrator, NamingConvention};
use migrate_tests::fixture::{derived, one_migration};
use migrate_tests::{Backend, TestDb, backend_tests};

const TABLES: [&str; 2] = [
    "CREATE TABLE teams (id INTEGER PRIMARY KEY)",
    "CREATE TABLE users (id INTEGER PRIMARY KEY, team_id INTEGER, email TEXT, FOREIGN KEY(team_id) REFERENCES teams (id), UNIQUE (email))",
];

/// The drops of the key and the unique constraint of `users`.
fn drop_ops() -> Vec<Op> {
    vec![
        op::drop_unnamed_constraint("users", ConstraintKind::ForeignKey, ["team_id"]).into(),
        op::drop_unnamed_constraint("users", ConstraintKind::Unique, ["email"]).into(),
    ]
}

fn drops() -> Plan {
    drop_ops().into_iter().fold(Plan::new(), Plan::op)
}

async fn an_unnamed_constraint_is_dropped_and_made_again(db: &TestDb) {
    if db.backend() != Backend::Sqlite {
        let migrator = one_migration(db.url(), "e00000000001", drops(), Some(Plan::new()));
        let refused = migrator.upgrade("head").await.expect_err("refused");
        let message = refused.to_string();
        assert!(message.contains("constraint without a name"), "{message}");
        assert!(migrator.current().await.expect("current").is_empty());
        return;
    }
    let create = TABLES
        .iter()
        .fold(Plan::new(), |plan, sql| plan.op(op::execute(*sql)));
    let migrations = Migrations::from_defs([
        derived(
            "e00000000001",
            &[],
            create.op(op::execute("SELECT 1").leaves_schema()),
        ),
        derived("e00000000002", &["e00000000001"], drops()),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let keys = "SELECT count(*) FROM pragma_foreign_key_list('users')";
    assert_eq!(db.count(keys).await, 0);
    db.execute("INSERT INTO users (id, team_id, email) VALUES (1, 7, 'a'), (2, 7, 'a')")
        .await;
    assert!(migrator.drift().await.expect("drift").is_empty());

    db.execute("DELETE FROM users").await;
    migrator.downgrade("-1").await.expect("derived downgrade");
    assert_eq!(db.count(keys).await, 1);
    db.execute("INSERT INTO teams (id) VALUES (7)").await;
    db.execute("INSERT INTO users (id, team_id, email) VALUES (1, 7, 'a')")
        .await;
    let twice = db
        .try_execute("INSERT INTO users (id, team_id, email) VALUES (2, 7, 'a')")
        .await;
    assert!(twice.is_err(), "the unique constraint is back: {twice:?}");
    assert!(migrator.drift().await.expect("drift").is_empty());
}

/// Autogenerate writes the drops for a database whose unnamed key and unique constraint the
/// models leave out, and the file it writes says so.
async fn autogenerate_drops_an_unnamed_constraint(db: &TestDb) {
    if db.backend() != Backend::Sqlite {
        return;
    }
    for sql in TABLES {
        db.execute(sql).await;
    }
    let live = migrate_runtime::read_database(db.url(), "migrate_version")
        .await
        .expect("catalog")
        .portable(Dialect::Sqlite);
    let mut goal = live.clone();
    for drop in drop_ops() {
        goal.apply(&drop).expect("replay");
    }
    let changes = autogenerate::changes(
        &live,
        &goal,
        &Renames::default(),
        Dialect::Sqlite,
        &mut |_| None,
    )
    .expect("compared");
    let ops: Vec<Op> = changes.iter().map(|change| change.op.clone()).collect();
    assert_eq!(ops, drop_ops());
    let source = autogenerate::plan_source(&changes, &NamingConvention::default());
    assert!(
        source.contains(
            "op::drop_unnamed_constraint(\"users\", migrate_runtime::schema::ConstraintKind::ForeignKey, [\"team_id\"])"
        ),
        "{source}"
    );
}

/// A check without a name (SQLAlchemy's `Boolean` on SQLite) that the models leave out:
/// autogenerate drops it by its condition, the migration runs, and its derived downgrade
/// makes it again.
async fn an_unnamed_check_is_dropped_by_its_condition(db: &TestDb) {
    if db.backend() != Backend::Sqlite {
        return;
    }
    let table =
        "CREATE TABLE flags (id INTEGER PRIMARY KEY, active BOOLEAN CHECK (active IN (0, 1)))";
    db.execute(table).await;
    let live = migrate_runtime::read_database(db.url(), "migrate_version")
        .await
        .expect("catalog")
        .portable(Dialect::Sqlite);
    let mut goal = live.clone();
    if let Some(flags) = goal.tables.get_mut("flags") {
        flags.checks.clear();
    }
    let changes = autogenerate::changes(
        &live,
        &goal,
        &Renames::default(),
        Dialect::Sqlite,
        &mut |_| None,
    )
    .expect("compared");
    let ops: Vec<Op> = changes.iter().map(|change| change.op.clone()).collect();
    assert_eq!(
        ops,
        vec![Op::from(op::drop_unnamed_check(
            "flags",
            "active IN (0, 1)"
        ))]
    );
    let source = autogenerate::plan_source(&changes, &NamingConvention::default());
    assert!(
        source.contains("op::drop_unnamed_check(\"flags\", \"active IN (0, 1)\")"),
        "{source}"
    );

    db.execute("DROP TABLE flags").await;
    let migrations = Migrations::from_defs([
        derived("e00000000011", &[], Plan::new().op(op::execute(table))),
        derived(
            "e00000000012",
            &["e00000000011"],
            Plan::new().op(op::drop_unnamed_check("flags", "active IN (0, 1)")),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    db.execute("INSERT INTO flags (id, active) VALUES (1, 5)")
        .await;
    assert!(migrator.drift().await.expect("drift").is_empty());
    db.execute("DELETE FROM flags").await;
    migrator.downgrade("-1").await.expect("derived downgrade");
    let refused = db
        .try_execute("INSERT INTO flags (id, active) VALUES (1, 5)")
        .await;
    assert!(refused.is_err(), "the check is back: {refused:?}");
    assert!(migrator.drift().await.expect("drift").is_empty());
}

/// A unique constraint the history made without a name (migrate names it by its convention
/// in SQLite's table text) is dropped by its columns as one written without a name is: what an
/// imported Alembic history does when a later revision drops it.
async fn a_constraint_made_without_a_name_is_dropped_by_its_columns(db: &TestDb) {
    if db.backend() != Backend::Sqlite {
        return;
    }
    let create = op::create_table("users")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("email", Type::Text))
        .unique(UniqueConstraint::new(["email"]));
    let drop = op::drop_unnamed_constraint("users", ConstraintKind::Unique, ["email"]);
    let migrations = Migrations::from_defs([
        derived("e10000000001", &[], Plan::new().op(create)),
        derived("e10000000002", &["e10000000001"], Plan::new().op(drop)),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    db.execute("INSERT INTO users (id, email) VALUES (1, 'a'), (2, 'a')")
        .await;
    assert!(migrator.drift().await.expect("drift").is_empty());
}

backend_tests!(
    a_constraint_made_without_a_name_is_dropped_by_its_columns,
    an_unnamed_check_is_dropped_by_its_condition,
    an_unnamed_constraint_is_dropped_and_made_again,
    autogenerate_drops_an_unnamed_constraint,
);
