//! Identity columns: created by the op on every database (PostgreSQL's `GENERATED … AS
//! IDENTITY`, MySQL's `AUTO_INCREMENT`, SQLite's row id), numbering the rows an insert leaves
//! without one, read back from each catalog with no drift, replayed from raw SQL, written
//! into a baseline read from the database, and changed in place on PostgreSQL (added, its
//! options set, dropped), by the op, by raw SQL and by autogenerate.

use migrate_runtime::autogenerate::{self, Renames};
use migrate_runtime::prelude::*;
use migrate_runtime::{Dialect, Migrations, Migrator};
use migrate_tests::fixture::{baseline, derived, drift_lines, one_migration};
use migrate_tests::{Backend, TestDb, backend_tests};

fn migrator(db: &TestDb) -> Migrator {
    let create = Plan::new()
        .op(op::create_table("runs")
            .column(Column::new("id", Type::BigInt).identity().primary_key())
            .column(Column::new("name", Type::Varchar(50)).not_null()))
        .op(op::create_table("steps")
            .column(
                Column::new("id", Type::Integer)
                    .identity_with(Identity {
                        always: true,
                        start: Some(100),
                        increment: Some(5),
                    })
                    .primary_key(),
            )
            .column(Column::new("name", Type::Varchar(50))));
    one_migration(db.url(), "d00000000000", create, None)
}

async fn an_identity_column_numbers_the_rows_and_reads_back(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("head").await.expect("upgrade");
    db.execute("INSERT INTO runs (name) VALUES ('a')").await;
    db.execute("INSERT INTO runs (name) VALUES ('b')").await;
    assert_eq!(db.count("SELECT max(id) FROM runs").await, 2);
    db.execute("INSERT INTO steps (name) VALUES ('a')").await;
    db.execute("INSERT INTO steps (name) VALUES ('b')").await;
    // The start and the step are PostgreSQL's; MySQL and SQLite number from 1 by 1.
    let last = match db.backend() {
        Backend::Postgres => 105,
        Backend::MySql | Backend::Sqlite => 2,
    };
    assert_eq!(db.count("SELECT max(id) FROM steps").await, last);

    let found = migrator.database_schema().await.expect("catalog");
    let column = |table: &str| {
        found
            .table(table)
            .and_then(|t| t.column("id"))
            .cloned()
            .expect("the column")
    };
    if db.backend() == Backend::Postgres {
        assert_eq!(column("runs").identity, Some(Identity::default()));
        let steps = column("steps").identity.expect("an identity");
        assert!(steps.always, "{steps:?}");
        assert_eq!((steps.start, steps.increment), (Some(100), Some(5)));
        // ALWAYS: an insert that writes the column is refused.
        let refused = db
            .try_execute("INSERT INTO steps (id, name) VALUES (1, 'c')")
            .await;
        assert!(refused.is_err(), "{refused:?}");
    }
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");

    // Made by hand as a plain integer key, it is drift.
    migrator.downgrade("base").await.expect("downgrade");
    let plain = match db.backend() {
        Backend::Postgres => "CREATE TABLE runs (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL)",
        Backend::MySql => {
            "CREATE TABLE runs (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)"
        }
        Backend::Sqlite => "CREATE TABLE runs (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL)",
    };
    db.execute(plain).await;
    db.execute("CREATE TABLE steps (id INTEGER PRIMARY KEY, name VARCHAR(50))")
        .await;
    migrator.stamp("head", false).await.expect("stamp");
    let drift = drift_lines(&migrator).await;
    assert!(
        drift.iter().any(|line| line.starts_with("table `runs`")),
        "{drift:#?}"
    );
}

/// Identity columns written in raw SQL are read by the replay: no drift.
async fn an_identity_column_in_raw_sql_is_replayed(db: &TestDb) {
    let sql = match db.backend() {
        Backend::Postgres => {
            "CREATE TABLE jobs (id BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 2) PRIMARY KEY, name TEXT)"
        }
        Backend::MySql => {
            "CREATE TABLE jobs (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, name TEXT)"
        }
        Backend::Sqlite => "CREATE TABLE jobs (id INTEGER PRIMARY KEY, name TEXT)",
    };
    let migrator = one_migration(
        db.url(),
        "d00000000001",
        Plan::new().op(op::execute(sql)),
        Some(Plan::new().op(op::drop_table("jobs"))),
    );
    migrator.upgrade("head").await.expect("upgrade");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

/// A baseline read from a database with an identity column declares it so.
async fn a_baseline_keeps_an_identity_column(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("head").await.expect("upgrade");
    let (_, source) = baseline(&migrator).await;
    // MySQL and SQLite read it as the serial it is there.
    let wanted = match db.backend() {
        Backend::Postgres => "Identity { always: true, start: Some(100), increment: Some(5) }",
        Backend::MySql | Backend::Sqlite => "Type::BigSerial",
    };
    assert!(source.contains(wanted), "{source}");
}

/// SQLite numbers only its row id: an identity column that is not the one-column key is
/// refused, saying why and what to do, and nothing is applied.
async fn sqlite_refuses_an_identity_column_off_the_key(db: &TestDb) {
    if db.backend() != Backend::Sqlite {
        return;
    }
    let plan = Plan::new().op(op::create_table("tickets")
        .column(Column::new("code", Type::Varchar(10)).primary_key())
        .column(Column::new("number", Type::BigInt).identity()));
    let migrator = one_migration(db.url(), "d00000000003", plan, None);
    let refused = migrator.upgrade("head").await.expect_err("refused");
    let message = refused.to_string();
    assert!(
        message.contains("SQLite numbers only its row id"),
        "{message}"
    );
    assert!(message.contains("primary key"), "{message}");
    assert_eq!(
        db.count("SELECT count(*) FROM sqlite_master WHERE name = 'tickets'")
            .await,
        0
    );
}

/// An identity column that is not the key (PostgreSQL): NOT NULL in the catalog and in the
/// replay, made by the op and by raw SQL alike; the default start and step, said or not, and
/// a sequence counting down are no drift.
async fn an_identity_column_beside_the_key_is_not_null(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let plan = Plan::new()
        .op(op::create_table("tickets")
            .column(Column::new("code", Type::Varchar(10)).primary_key())
            .column(Column::new("number", Type::BigInt).identity()))
        .op(op::execute(
            "CREATE TABLE orders (code VARCHAR(10) PRIMARY KEY, number BIGINT GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1))",
        ))
        // Counting down from PostgreSQL's default start (-1).
        .op(op::create_table("countdown")
            .column(Column::new("code", Type::Varchar(10)).primary_key())
            .column(Column::new("number", Type::BigInt).identity_with(Identity {
                always: false,
                start: None,
                increment: Some(-1),
            })));
    let migrator = one_migration(db.url(), "d00000000002", plan, None);
    migrator.upgrade("head").await.expect("upgrade");
    let found = migrator.database_schema().await.expect("catalog");
    let replayed = migrator.schema("head").expect("replay");
    for schema in [&found, &replayed] {
        for table in ["tickets", "orders", "countdown"] {
            let column = schema.table(table).and_then(|t| t.column("number"));
            assert_eq!(column.map(|c| c.nullable), Some(false), "{schema:#?}");
        }
    }
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

/// PostgreSQL changes a column's identity in place: added (`ADD GENERATED`), its options set
/// (`SET GENERATED … SET START WITH … SET INCREMENT BY`, the sequence's position kept) and
/// dropped (`DROP IDENTITY`, the values kept), each replayed with no drift, undone by the
/// derived downgrade, found by autogenerate and read from raw SQL. The other databases
/// refuse the op, saying so, with nothing applied.
async fn an_identity_is_changed_in_place(db: &TestDb) {
    let mut create = op::create_table("jobs")
        .column(Column::new("id", Type::BigInt).primary_key())
        .column(Column::new("seq", Type::BigInt).not_null());
    if db.backend() != Backend::Postgres {
        // Refused before anything runs: the history is rendered first.
        let plan = Plan::new()
            .op(create)
            .op(op::alter_column("jobs", "seq").add_identity(Identity::default()));
        let migrator = one_migration(db.url(), "d00000000010", plan, None);
        let refused = migrator.upgrade("head").await.expect_err("refused");
        let message = refused.to_string();
        assert!(
            message.contains("change a column's identity in place"),
            "{message}"
        );
        assert!(migrator.current().await.expect("current").is_empty());
        let tables = "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'jobs'";
        if db.backend() == Backend::MySql {
            assert_eq!(db.count(tables).await, 0);
        }
        return;
    }
    create = create.column(Column::new("old", Type::BigInt).identity());
    let change = Plan::new()
        .op(op::alter_column("jobs", "seq").add_identity(Identity {
            always: false,
            start: Some(10),
            increment: None,
        }))
        .op(op::alter_column("jobs", "old").set_identity(Identity {
            always: true,
            start: None,
            increment: Some(2),
        }));
    let migrations = Migrations::from_defs([
        derived("d00000000010", &[], Plan::new().op(create)),
        derived("d00000000011", &["d00000000010"], change),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    db.execute("INSERT INTO jobs (id) VALUES (1)").await;
    assert_eq!(db.count("SELECT seq FROM jobs").await, 10);
    let found = migrator.database_schema().await.expect("catalog");
    let column = |name: &str| found.table("jobs").and_then(|t| t.column(name)).cloned();
    let old = column("old").and_then(|c| c.identity).expect("an identity");
    assert_eq!((old.always, old.increment), (true, Some(2)));
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());

    // Autogenerate finds the way back (the first migration's schema as the goal).
    let goal = migrator.schema("d00000000010").expect("replay");
    let changes = autogenerate::changes(
        &found,
        &goal,
        &Renames::default(),
        Dialect::Postgres,
        &mut |_| None,
    )
    .expect("compared");
    let summaries: Vec<&str> = changes.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "changed column `jobs.seq`: no longer an identity column",
            "changed column `jobs.old`: identity options",
        ]
    );

    // The derived downgrade gives the first schema back.
    migrator.downgrade("-1").await.expect("downgrade");
    db.execute("DELETE FROM jobs").await;
    let refused = db.try_execute("INSERT INTO jobs (id) VALUES (2)").await;
    assert!(
        refused.is_err(),
        "`seq` numbers nothing any more: {refused:?}"
    );
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());

    // Raw SQL says the same.
    let raw = one_migration(
        db.url(),
        "d00000000012",
        Plan::new()
            .op(op::execute("CREATE TABLE raw_jobs (id BIGINT NOT NULL)"))
            .op(op::execute(
                "ALTER TABLE raw_jobs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (START WITH 5)",
            )),
        Some(Plan::new().op(op::drop_table("raw_jobs"))),
    );
    let replayed = raw.schema("head").expect("replay");
    let id = replayed.table("raw_jobs").and_then(|t| t.column("id"));
    let identity = id.and_then(|c| c.identity.clone()).expect("an identity");
    assert_eq!((identity.always, identity.start), (true, Some(5)));
}

/// The replay refuses identity changes PostgreSQL refuses, naming the column and what to do:
/// an identity on a column that takes NULL, a second identity, a `set` or `drop` of none.
async fn an_identity_change_the_column_does_not_allow_is_refused(db: &TestDb) {
    let create = || {
        op::create_table("jobs")
            .column(Column::new("id", Type::BigInt).primary_key())
            .column(Column::new("free", Type::BigInt))
            .column(Column::new("numbered", Type::BigInt).identity())
    };
    let cases: [(op::AlterColumn, &str); 4] = [
        (
            op::alter_column("jobs", "free").add_identity(Identity::default()),
            "takes NULL",
        ),
        (
            op::alter_column("jobs", "numbered").add_identity(Identity::default()),
            "is an identity column already",
        ),
        (
            op::alter_column("jobs", "free").drop_identity(),
            "is no identity column",
        ),
        (
            op::alter_column("jobs", "free").set_identity(Identity::default()),
            "is no identity column",
        ),
    ];
    for (change, reason) in cases {
        let plan = Plan::new().op(create()).op(change);
        let migrator = one_migration(db.url(), "d00000000020", plan, None);
        let refused = migrator.schema("head").expect_err("refused");
        let message = refused.to_string();
        assert!(message.contains(reason), "{message}");
    }
    // Said NOT NULL in the same change, it is allowed.
    let allowed = op::alter_column("jobs", "free")
        .nullable(false)
        .add_identity(Identity::default());
    let migrator = one_migration(
        db.url(),
        "d00000000021",
        Plan::new().op(create()).op(allowed),
        None,
    );
    let schema = migrator.schema("head").expect("replay");
    let free = schema.table("jobs").and_then(|t| t.column("free"));
    assert_eq!(
        free.map(|c| (c.nullable, c.identity.is_some())),
        Some((false, true))
    );
}

backend_tests!(
    an_identity_change_the_column_does_not_allow_is_refused,
    an_identity_is_changed_in_place,
    sqlite_refuses_an_identity_column_off_the_key,
    an_identity_column_beside_the_key_is_not_null,
    an_identity_column_numbers_the_rows_and_reads_back,
    an_identity_column_in_raw_sql_is_replayed,
    a_baseline_keeps_an_identity_column,
);
