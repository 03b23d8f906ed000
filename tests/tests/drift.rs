//! Drift: the live catalog compared with the schema the history says the database is at.
//! None after the migrations ran; a change made by hand is listed.

use migrate_runtime::Migrator;
use migrate_tests::{Backend, TestDb, backend_tests};

/// The drift, one line per difference.
async fn drift_lines(migrator: &Migrator) -> Vec<String> {
    let drift = migrator.drift().await.expect("drift");
    drift.iter().map(ToString::to_string).collect()
}

async fn after_the_migrations_there_is_no_drift(db: &TestDb) {
    let migrations = migrations::migrations();
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let drift = migrator.drift().await.expect("drift");
    assert!(
        drift.is_empty(),
        "{drift:#?}\n{:#?}",
        migrator.database_schema().await
    );
    // Half-way too: the schema at the database's revision, not at head.
    migrator.downgrade("-2").await.expect("downgrade");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

async fn a_change_by_hand_is_listed(db: &TestDb) {
    let migrations = migrations::migrations();
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    db.execute("ALTER TABLE roles ADD COLUMN note TEXT").await;
    let drop_index = match db.backend() {
        Backend::MySql => "DROP INDEX ix_users_email_is_active ON users",
        Backend::Postgres | Backend::Sqlite => "DROP INDEX ix_users_email_is_active",
    };
    db.execute(drop_index).await;
    db.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY)")
        .await;
    let drift = drift_lines(&migrator).await;
    assert_eq!(drift.len(), 3, "{drift:#?}");
    assert!(
        drift[0].starts_with("table `roles`: column `note`")
            && drift[0].ends_with("is in the database, not in the history"),
        "{drift:#?}"
    );
    assert!(
        drift[1].starts_with("table `users`: index (email, is_active) `ix_users_email_is_active`")
            && drift[1].ends_with("is missing from the database"),
        "{drift:#?}"
    );
    assert_eq!(
        drift[2],
        "table `audit` (the table) is in the database, not in the history"
    );
}

/// Check constraints are compared by their meaning, however each database keeps the text
/// (`(qty >= 0)`, `` `qty` >= 0 ``, casts added): none after the migrations, a changed one
/// listed.
async fn a_check_changed_by_hand_is_listed(db: &TestDb) {
    use migrate_runtime::prelude::*;
    use migrate_runtime::{Migrations, Migrator};
    use migrate_tests::fixture::{Fixed, leak};
    let items = op::create_table("items")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("qty", Type::numeric(10, 2)).not_null())
        .column(Column::new("state", Type::Varchar(10)))
        .check(migrate_runtime::schema::CheckConstraint::new(
            "qty >= 0 AND state IN ('new', 'done')",
        ));
    let migration = Fixed {
        upgrade: Plan::new().op(items),
        downgrade: None,
    };
    let defs = vec![leak("f00000000000", &[], migration)];
    let migrator =
        Migrator::with_migrations(db.url(), &Migrations::from_defs(defs)).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
    match db.backend() {
        Backend::Sqlite => {
            db.execute("DROP TABLE items").await;
            db.execute(
                "CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, qty NUMERIC(10, 2) NOT NULL, \
                 state VARCHAR(10), CONSTRAINT items_check CHECK (qty > 0 AND state IN ('new', 'done')))",
            )
            .await;
        }
        Backend::Postgres | Backend::MySql => {
            db.execute("ALTER TABLE items DROP CONSTRAINT items_check")
                .await;
            db.execute(
                "ALTER TABLE items ADD CONSTRAINT items_check CHECK (qty > 0 AND state IN ('new', 'done'))",
            )
            .await;
        }
    }
    let drift = drift_lines(&migrator).await;
    assert_eq!(drift.len(), 2, "{drift:#?}");
    assert!(drift[0].contains("qty >= 0"), "{drift:#?}");
    assert!(drift[1].contains("qty > 0"), "{drift:#?}");
}

/// Tables of other tools (`alembic_version`) are not drift, nor tables a filter leaves out;
/// an include pattern brings a tool's table back.
async fn other_tools_and_excluded_tables_are_not_compared(db: &TestDb) {
    use migrate_runtime::state::TableFilter;
    let migrations = migrations::migrations();
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        .await;
    db.execute("CREATE TABLE legacy_orders (id INTEGER PRIMARY KEY)")
        .await;
    db.execute("CREATE TABLE legacy_items (id INTEGER PRIMARY KEY)")
        .await;
    let drift = drift_lines(&migrator).await;
    assert_eq!(
        drift,
        [
            "table `legacy_items` (the table) is in the database, not in the history",
            "table `legacy_orders` (the table) is in the database, not in the history",
        ]
    );
    let filter = TableFilter::default().exclude(["legacy_*"]).expect("glob");
    let filtered = migrator.clone().filter_tables(&filter);
    assert!(drift_lines(&filtered).await.is_empty());
    // The history's own tables are left out alike: one excluded is not missing either.
    let filter = TableFilter::default()
        .exclude(["legacy_*", "roles"])
        .expect("glob");
    db.execute("DROP TABLE alembic_version").await;
    let in_history = migrations.clone().with_table_filter(filter);
    let migrator = Migrator::with_migrations(db.url(), &in_history).expect("history");
    db.execute("ALTER TABLE roles ADD COLUMN note TEXT").await;
    assert!(drift_lines(&migrator).await.is_empty());
    let filter = TableFilter::default()
        .include(["alembic_version"])
        .expect("glob");
    db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        .await;
    let only_alembic = migrator.filter_tables(&filter);
    assert_eq!(
        drift_lines(&only_alembic).await,
        ["table `alembic_version` (the table) is in the database, not in the history"]
    );
}

/// A default written as a quoted number on a number column (SQLAlchemy's
/// `server_default="0"`) is that number on every database: `'0'::bigint` on PostgreSQL,
/// `'0'` kept as written by SQLite, on a boolean column too (SQLite and MySQL keep it as 0).
async fn a_quoted_number_default_is_the_number(db: &TestDb) {
    use migrate_runtime::prelude::*;
    use migrate_runtime::{Migrations, Migrator};
    use migrate_tests::fixture::{Fixed, leak};
    let create = Fixed {
        upgrade: Plan::new().op(op::create_table("metrics")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("step", Type::BigInt).not_null().default(0))
            .column(
                Column::new("is_nan", Type::Boolean)
                    .not_null()
                    .default(false),
            )),
        downgrade: None,
    };
    let defs = vec![leak("q00000000000", &[], create)];
    let migrator =
        Migrator::with_migrations(db.url(), &Migrations::from_defs(defs)).expect("history");
    db.execute(
        "CREATE TABLE metrics (id INTEGER PRIMARY KEY, step BIGINT NOT NULL DEFAULT '0', is_nan BOOLEAN NOT NULL DEFAULT '0')",
    )
    .await;
    migrator.stamp("head", false).await.expect("stamp");
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());
}

backend_tests!(
    a_quoted_number_default_is_the_number,
    after_the_migrations_there_is_no_drift,
    a_change_by_hand_is_listed,
    other_tools_and_excluded_tables_are_not_compared,
    a_check_changed_by_hand_is_listed,
    a_rebuild_or_modify_over_a_hand_made_change_is_refused,
    a_default_with_quotes_and_backslashes_reads_back_as_written,
);

/// A SQLite rebuild and a MySQL `MODIFY COLUMN` are written from the live definition: where
/// it differs from the history's, the migration is refused before it changes anything.
async fn a_rebuild_or_modify_over_a_hand_made_change_is_refused(db: &TestDb) {
    use migrate_runtime::prelude::*;
    use migrate_runtime::{Error, Migrations, Migrator};
    use migrate_tests::fixture::{Fixed, leak};
    let create = Fixed {
        upgrade: Plan::new().op(op::create_table("items")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("name", Type::Varchar(40)))
            .column(Column::new("note", Type::Text))),
        downgrade: None,
    };
    let tighten = Fixed {
        upgrade: Plan::new().op(op::alter_column("items", "name").nullable(false)),
        downgrade: None,
    };
    let defs = vec![
        leak("g00000000000", &[], create),
        leak("g00000000001", &["g00000000000"], tighten),
    ];
    let migrator =
        Migrator::with_migrations(db.url(), &Migrations::from_defs(defs)).expect("history");
    migrator.upgrade("g00000000000").await.expect("upgrade");
    let by_hand = match db.backend() {
        // PostgreSQL changes columns in place: nothing is written from a live definition.
        Backend::Postgres => return,
        Backend::Sqlite => "ALTER TABLE items ADD COLUMN extra INTEGER",
        Backend::MySql => "ALTER TABLE items MODIFY COLUMN name VARCHAR(10)",
    };
    db.execute(by_hand).await;
    if db.backend() == Backend::MySql {
        // A change elsewhere in the table does not matter to a MODIFY of `name`.
        db.execute("ALTER TABLE items MODIFY COLUMN note VARCHAR(5)")
            .await;
    }
    let error = migrator.upgrade("head").await.expect_err("refused");
    let message = error.to_string();
    let Error::Migration(failure) = &error else {
        panic!("{error:?}");
    };
    assert!(
        matches!(&failure.cause, migrate_runtime::StepFailure::Drifted(drift) if drift.len() == 1),
        "{message}"
    );
    let expected = match db.backend() {
        Backend::MySql => "column `name` type",
        Backend::Postgres | Backend::Sqlite => "column `extra`",
    };
    assert!(message.contains(expected), "{message}");
    assert!(
        message.contains("nothing of the migration ran"),
        "{message}"
    );
    assert_eq!(db.versions("migrate_version").await, ["g00000000000"]);
    let found = migrator.database_schema().await.expect("catalog");
    assert!(
        found
            .table("items")
            .expect("items")
            .column("name")
            .expect("name")
            .nullable
    );
}

/// A default holding a quote, a backslash and double quotes reads back as written (MariaDB's
/// catalog escapes it its own way): no drift, and a MySQL `MODIFY` or SQLite rebuild of the
/// column goes ahead.
async fn a_default_with_quotes_and_backslashes_reads_back_as_written(db: &TestDb) {
    use migrate_runtime::prelude::*;
    use migrate_runtime::{Migrations, Migrator};
    use migrate_tests::fixture::{Fixed, leak};
    let awkward = r#"it's \ "q" \n"#;
    let create = Fixed {
        upgrade: Plan::new().op(op::create_table("items")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("name", Type::Varchar(40)).default(awkward))
            .column(Column::new("raw", Type::Varchar(40)).default_sql(r#"'it''s \ "q"'"#))),
        downgrade: None,
    };
    let widen = Fixed {
        upgrade: Plan::new().op(op::alter_column("items", "name").ty(Type::Varchar(80))),
        downgrade: None,
    };
    let defs = vec![
        leak("q00000000000", &[], create),
        leak("q00000000001", &["q00000000000"], widen),
    ];
    let migrator =
        Migrator::with_migrations(db.url(), &Migrations::from_defs(defs)).expect("history");
    migrator.upgrade("q00000000000").await.expect("upgrade");
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());
    migrator
        .upgrade("head")
        .await
        .expect("the drift guard lets it run");
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());
    db.execute("INSERT INTO items (id) VALUES (1)").await;
    assert_eq!(db.strings("SELECT name FROM items").await, [awkward]);
}
