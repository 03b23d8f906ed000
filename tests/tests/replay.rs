//! The schema as a value: the history replayed without a database. Its DDL, run on an empty
//! database, gives the catalog that running the migrations gives; ops that do not fit the
//! schema are refused before anything runs, naming the migration and the op.

use migrate_runtime::prelude::*;
use migrate_runtime::state::ReplayError;
use migrate_runtime::{Dialect, Error, Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb, backend_tests};

fn dialect(backend: Backend) -> Dialect {
    match backend {
        Backend::Postgres => Dialect::Postgres,
        Backend::Sqlite => Dialect::Sqlite,
        Backend::MySql => Dialect::MySql,
    }
}

/// The example history's schema at head, printed as DDL and run on an empty database, gives
/// the catalog of a database the migrations ran on.
async fn the_replayed_schema_creates_what_the_migrations_create(db: &TestDb) {
    let migrations = migrations::migrations();
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let schema = migrator.schema("head").expect("replay");
    let ddl = schema.to_sql(dialect(db.backend())).expect("DDL");
    let Some(fresh) = TestDb::create(db.backend()).await else {
        return;
    };
    fresh.execute_script(&ddl).await;
    migrator.upgrade("head").await.expect("upgrade");
    assert_eq!(
        fresh.schema().await.user_tables(),
        db.schema().await.user_tables(),
        "{ddl}"
    );
}

/// A linear history of `plans`, revisions `{prefix}00000000000`, `…1`, …, on an in-memory
/// database.
fn linear(prefix: char, plans: Vec<Plan>) -> Migrator {
    let mut defs = Vec::new();
    let mut down: Vec<String> = Vec::new();
    for (number, plan) in plans.into_iter().enumerate() {
        let revision = format!("{prefix}{number:011}");
        let parents: Vec<&str> = down.iter().map(String::as_str).collect();
        defs.push(leak(
            &revision,
            &parents,
            Fixed {
                upgrade: plan,
                downgrade: Some(Plan::new()),
            },
        ));
        down = vec![revision];
    }
    Migrator::with_migrations("sqlite::memory:", &Migrations::from_defs(defs)).expect("history")
}

fn replay(plans: Vec<Plan>) -> Result<migrate_runtime::state::Schema, Error> {
    linear('c', plans).schema("head")
}

fn users() -> Plan {
    Plan::new().op(op::create_table("users")
        .column(Column::new("id", Type::BigSerial).primary_key())
        .column(Column::new("email", Type::Text).not_null().unique()))
}

fn refused(plans: Vec<Plan>) -> (String, String, ReplayError) {
    match replay(plans) {
        Err(Error::Replay {
            revision,
            op,
            cause,
        }) => (revision, op, cause),
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn an_op_that_does_not_fit_is_refused_naming_the_migration_and_the_op() {
    let (revision, op, cause) = refused(vec![
        users(),
        Plan::new().op(op::add_column("users", Column::new("email", Type::Text))),
    ]);
    assert_eq!(revision, "c00000000001");
    assert_eq!(op, "add_column(\"users\", \"email\")");
    assert_eq!(
        cause,
        ReplayError::ColumnExists {
            table: "users".into(),
            column: "email".into()
        }
    );
    let (_, _, cause) = refused(vec![users(), Plan::new().op(op::drop_index("ix_nothing"))]);
    assert_eq!(cause, ReplayError::NoSuchIndex("ix_nothing".into()));
    let orders = op::create_table("orders")
        .column(Column::new("id", Type::BigSerial).primary_key())
        .column(Column::new("customer_id", Type::BigInt).references("customers", "id"));
    let (_, _, cause) = refused(vec![users(), Plan::new().op(orders)]);
    assert_eq!(
        cause,
        ReplayError::NoReferredTable {
            table: "orders".into(),
            referred: "customers".into()
        }
    );
}

#[test]
fn a_table_or_column_that_a_foreign_key_uses_cannot_be_dropped() {
    let sessions = op::create_table("sessions")
        .column(Column::new("id", Type::BigSerial).primary_key())
        .column(Column::new("user_id", Type::BigInt).references("users", "id"));
    let (_, _, cause) = refused(vec![
        users(),
        Plan::new().op(sessions.clone()),
        Plan::new().op(op::drop_table("users")),
    ]);
    assert_eq!(
        cause,
        ReplayError::Referenced {
            target: "users".into(),
            by: "sessions".into()
        }
    );
    let (_, _, cause) = refused(vec![
        users(),
        Plan::new().op(sessions),
        Plan::new().op(op::drop_column("users", "id")),
    ]);
    assert_eq!(
        cause,
        ReplayError::Referenced {
            target: "users.id".into(),
            by: "sessions".into()
        }
    );
}

#[test]
fn renames_follow_through_keys_and_indexes() {
    let sessions = op::create_table("sessions")
        .column(Column::new("id", Type::BigSerial).primary_key())
        .column(Column::new("user_id", Type::BigInt).references("users", "id"));
    let schema = replay(vec![
        users(),
        Plan::new().op(sessions).op(op::create_index(
            "ix_sessions_user",
            "sessions",
            ["user_id"],
        )),
        Plan::new()
            .op(op::rename_table("users", "accounts"))
            .op(op::alter_column("sessions", "user_id").rename("account_id"))
            .op(op::alter_column("accounts", "email").nullable(true)),
    ])
    .expect("replay");
    let sessions = schema.table("sessions").expect("sessions");
    let key = &sessions.foreign_keys[0];
    assert_eq!(key.referred_table, "accounts");
    assert_eq!(key.columns, ["account_id"]);
    assert_eq!(sessions.indexes[0].columns, ["account_id"]);
    // The key keeps the name PostgreSQL gave it when the table was created.
    assert_eq!(key.name.as_deref(), Some("sessions_user_id_fkey"));
    let accounts = schema.table("accounts").expect("accounts");
    assert!(accounts.column("email").expect("email").nullable);
    assert!(schema.table("users").is_none());
}

#[test]
fn a_dropped_column_takes_its_indexes_and_constraints_along() {
    let schema = replay(vec![
        users(),
        Plan::new()
            .op(op::create_index("ix_users_email", "users", ["email"]))
            .op(op::drop_column("users", "email")),
    ])
    .expect("replay");
    let users = schema.table("users").expect("users");
    assert!(users.column("email").is_none());
    assert!(users.indexes.is_empty());
    assert!(users.uniques.is_empty());
}

#[test]
fn raw_sql_that_changes_rows_leaves_the_schema_alone() {
    let schema = replay(vec![
        users(),
        Plan::new()
            .op(op::execute(
                "-- seed\nINSERT INTO users (email) VALUES ('a@b.c')",
            ))
            .op(op::execute("UPDATE users SET email = lower(email) WHERE id > ?").bind(0))
            .op(op::bulk_insert("users", ["email"]).row(("d@e.f",))),
    ]);
    assert_eq!(
        schema.expect("replay"),
        replay(vec![users()]).expect("replay")
    );
}

#[test]
fn the_schema_is_a_json_document() {
    let schema = replay(vec![users()]).expect("replay");
    let document = serde_json::to_value(&schema).expect("json");
    assert_eq!(document["tables"]["users"]["columns"][1]["name"], "email");
    assert_eq!(
        document["tables"]["users"]["uniques"][0]["name"],
        "users_email_key"
    );
    assert_eq!(
        document["tables"]["users"]["primary_key"]["columns"][0],
        "id"
    );
    // And back: the example history's head, read from its JSON, is the same value.
    let migrations = migrations::migrations();
    let head = Migrator::with_migrations("sqlite::memory:", &migrations)
        .expect("history")
        .schema("head")
        .expect("replay");
    let text = serde_json::to_string_pretty(&head).expect("json");
    let read: migrate_runtime::state::Schema = serde_json::from_str(&text).expect("read back");
    assert_eq!(read, head);
}

/// The offline script of the example history needs nothing from a database (the SQLite
/// rebuild and the MySQL `MODIFY COLUMN` are completed from the replayed schema): run by the
/// database's own client it gives the catalog of an online run, and its downgrade script
/// empties the database again.
async fn the_offline_script_is_complete_and_matches_the_online_run(db: &TestDb) {
    let migrations = migrations::migrations();
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let dialect = dialect(db.backend());
    let upgrade = migrator.upgrade_sql("head", dialect).expect("script");
    assert!(upgrade.unrendered.is_empty(), "{:?}", upgrade.unrendered);
    let downgrade = migrator
        .downgrade_sql("head:base", dialect)
        .expect("script");
    assert!(
        downgrade.unrendered.is_empty(),
        "{:?}",
        downgrade.unrendered
    );
    let Some(online) = TestDb::create(db.backend()).await else {
        return;
    };
    Migrator::with_migrations(online.url(), &migrations)
        .expect("history")
        .upgrade("head")
        .await
        .expect("upgrade");
    if !db.run_with_client(&upgrade.text) {
        return;
    }
    assert_eq!(
        db.schema().await.user_tables(),
        online.schema().await.user_tables(),
        "{}",
        upgrade.text
    );
    assert_eq!(
        db.versions("migrate_version").await,
        online.versions("migrate_version").await
    );
    assert!(db.run_with_client(&downgrade.text));
    assert!(db.schema().await.user_tables().tables.is_empty());
}

/// MySQL scopes an index's name to its table: two tables with an index `name` each replay,
/// run and read back with no drift there; elsewhere the second is refused before anything
/// runs, as the database would.
async fn index_names_are_scoped_as_the_database_scopes_them(db: &TestDb) {
    let table = |name: &str| {
        Plan::new()
            .op(op::create_table(name)
                .column(Column::new("id", Type::Integer).primary_key())
                .column(Column::new("name", Type::Varchar(40))))
            .op(op::create_index("name", name, ["name"]))
    };
    let defs = vec![
        leak(
            "i00000000000",
            &[],
            Fixed {
                upgrade: table("tags"),
                downgrade: None,
            },
        ),
        leak(
            "i00000000001",
            &["i00000000000"],
            Fixed {
                upgrade: table("labels"),
                downgrade: None,
            },
        ),
    ];
    let migrator =
        Migrator::with_migrations(db.url(), &Migrations::from_defs(defs)).expect("history");
    let outcome = migrator.upgrade("head").await;
    match db.backend() {
        Backend::MySql => {
            outcome.expect("upgrade");
            let drift = migrator.drift().await.expect("drift");
            assert!(drift.is_empty(), "{drift:#?}");
            migrator.downgrade("base").await.expect("downgrade");
            assert!(db.schema().await.user_tables().tables.is_empty());
        }
        // Refused by the replay or by the database: nothing of the second migration stays.
        Backend::Postgres | Backend::Sqlite => {
            let error = outcome.expect_err("refused");
            assert!(error.to_string().contains("i00000000001"), "{error}");
            assert!(
                [
                    "index `name` already exists",
                    "index name already exists",
                    "relation \"name\" already exists"
                ]
                .iter()
                .any(|said| error.to_string().contains(said)),
                "{error}"
            );
            assert_eq!(db.versions("migrate_version").await, ["i00000000000"]);
            assert!(!db.schema().await.tables.contains_key("labels"));
        }
    }
}

backend_tests!(
    the_replayed_schema_creates_what_the_migrations_create,
    the_offline_script_is_complete_and_matches_the_online_run,
    index_names_are_scoped_as_the_database_scopes_them,
);

/// Past raw SQL that is not read, a statement that needs a table's definition stays a
/// comment in the offline script (listed as unrendered, so that `--strict` fails): never
/// written from a schema that may be wrong.
#[test]
fn past_raw_ddl_the_offline_script_falls_back_to_a_comment() {
    let migrator = linear(
        'd',
        vec![
            users(),
            Plan::new().op(op::execute("CREATE TABLE copy AS SELECT * FROM users")),
            Plan::new().op(op::alter_column("users", "email").nullable(true)),
        ],
    );
    let script = migrator
        .upgrade_sql("head", Dialect::Sqlite)
        .expect("script");
    assert_eq!(
        script.unrendered,
        ["alter_column(\"users\", \"email\") (d00000000002)"]
    );
}

/// Raw SQL whose effect is declared keeps the replay going: nothing, or the ops it does.
#[test]
fn declared_raw_sql_is_replayed_as_declared() {
    let schema = replay(vec![
        users(),
        Plan::new()
            .op(op::execute("GRANT SELECT ON users TO PUBLIC").leaves_schema())
            .op(op::execute("ALTER TABLE users ADD COLUMN age INTEGER")
                .changes_schema(op::add_column("users", Column::new("age", Type::Integer)))),
    ])
    .expect("replay");
    let users = schema.table("users").expect("users");
    assert!(users.column("age").is_some());
    let (_, _, cause) = refused(vec![users_plan_with_undeclared_ddl()]);
    assert!(cause.to_string().contains(".changes_schema(op)"), "{cause}");
}

fn users_plan_with_undeclared_ddl() -> Plan {
    users().op(op::execute("ALTER TABLE users ENABLE ROW LEVEL SECURITY"))
}
