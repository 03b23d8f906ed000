//! Data migrations: batched back-fills, typed rows, Rust computed values and typed SQL on the
//! migration's own transaction, and non-transactional migrations.

use migrate_runtime::prelude::*;
use migrate_runtime::{MigrationDef, Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb, backend_tests};

const ROWS: i64 = 100_000;

/// `items (id, name)` filled with `ROWS` typed rows.
fn items() -> Fixed {
    let table = op::create_table("items")
        .column(Column::new("id", Type::BigInt).primary_key())
        .column(Column::new("name", Type::Varchar(40)).not_null());
    let rows = (1..=ROWS).map(|id| (id, format!("item {id}")));
    Fixed {
        upgrade: Plan::new()
            .op(table)
            .op(op::bulk_insert("items", ["id", "name"]).rows(rows)),
        downgrade: Some(Plan::new().op(op::drop_table("items"))),
    }
}

/// An item as a typed row.
#[derive(sqlx::FromRow)]
#[allow(
    dead_code,
    reason = "built only by the derived FromRow, which the lint does not count"
)]
struct Item {
    id: i64,
    name: String,
}

/// Upper-case the names of the first thousand items into `label`, in Rust.
async fn label_in_rust(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    let rows: Vec<(i64, String)> = ctx
        .query_as("SELECT id, name FROM items WHERE id <= ? ORDER BY id")
        .bind(1000_i64)
        .fetch_all(ctx.conn())
        .await?;
    for (id, name) in rows {
        let update = ctx.query("UPDATE items SET label = ? WHERE id = ?");
        update
            .bind(name.to_uppercase())
            .bind(id)
            .execute(ctx.conn())
            .await?;
    }
    Ok(())
}

async fn add_backfill_and_constrain_a_large_table(db: &TestDb) {
    let change = Fixed {
        upgrade: Plan::new()
            .op(op::add_column(
                "items",
                Column::new("status", Type::Varchar(10)),
            ))
            .op(op::backfill("items", "id")
                .set("status = 'new'")
                .where_sql("status IS NULL")
                .batch_size(7_000))
            .op(op::alter_column("items", "status").nullable(false))
            .op(op::add_column(
                "items",
                Column::new("label", Type::Varchar(40)),
            ))
            .data("label in rust", label_in_rust),
        downgrade: Some(
            Plan::new()
                .op(op::drop_column("items", "label"))
                .op(op::drop_column("items", "status")),
        ),
    };
    let migrations = Migrations::from_defs([
        leak("d00000000001", &[], items()),
        leak("d00000000002", &["d00000000001"], change),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator
        .upgrade("head")
        .await
        .unwrap_or_else(|e| panic!("upgrade: {e}"));

    assert_eq!(
        db.count("SELECT COUNT(*) FROM items").await,
        ROWS,
        "every typed row inserted"
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM items WHERE status = 'new'")
            .await,
        ROWS,
        "every row back-filled"
    );
    let status = db.schema().await.tables["items"]
        .column("status")
        .map(|c| c.1);
    assert_eq!(status, Some(false), "then made NOT NULL");
    assert_eq!(
        db.strings("SELECT label FROM items WHERE id = 5").await,
        ["ITEM 5"],
        "computed in Rust"
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM items WHERE label IS NOT NULL")
            .await,
        1000
    );
    migrator
        .downgrade("base")
        .await
        .unwrap_or_else(|e| panic!("downgrade: {e}"));
}

async fn fails_after_the_schema_step(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    ctx.query("UPDATE items SET note = ?")
        .bind("touched")
        .execute(ctx.conn())
        .await?;
    Err("the data does not fit".into())
}

async fn a_failing_data_step_rolls_the_schema_change_back(db: &TestDb) {
    let setup = Fixed {
        upgrade: Plan::new().op(op::create_table("items").column(Column::new("id", Type::Integer))),
        downgrade: None,
    };
    let change = Fixed {
        upgrade: Plan::new()
            .op(op::add_column("items", Column::new("note", Type::Text)))
            .data("fail", fails_after_the_schema_step),
        downgrade: Some(Plan::new().op(op::drop_column("items", "note"))),
    };
    let migrations = Migrations::from_defs([
        leak("e00000000001", &[], setup),
        leak("e00000000002", &["e00000000001"], change),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let error = migrator
        .upgrade("head")
        .await
        .expect_err("the data step fails");
    let message = error.to_string();
    assert!(message.contains("upgrade of `e00000000002`"), "{message}");
    assert!(message.contains(r#"failed in `data("fail")`"#), "{message}");
    assert!(
        message.contains("error: the data does not fit"),
        "{message}"
    );
    assert_eq!(db.versions("migrate_version").await, ["e00000000001"]);
    let note = db.schema().await.tables["items"].column("note").is_some();
    match db.backend() {
        Backend::MySql => assert!(
            note && message.contains("stay applied"),
            "MySQL keeps its DDL and says so"
        ),
        _ => assert!(!note, "the added column is rolled back with the data step"),
    }
}

async fn reads_names_as_numbers(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    let _: Vec<(i64,)> = ctx
        .query_as("SELECT name FROM items")
        .fetch_all(ctx.conn())
        .await?;
    Ok(())
}

async fn reads_a_product_as_a_uuid(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    let _: Vec<(uuid::Uuid,)> = ctx
        .query_as("SELECT 2.5 * 2 AS doubled FROM items")
        .fetch_all(ctx.conn())
        .await?;
    Ok(())
}

async fn a_decoding_error_names_the_revision_and_the_statement(db: &TestDb) {
    let setup = Fixed {
        upgrade: Plan::new()
            .op(op::create_table("items").column(Column::new("name", Type::Text)))
            .op(op::bulk_insert("items", ["name"]).row(("not a number",))),
        downgrade: Some(Plan::new().op(op::drop_table("items"))),
    };
    let change = Fixed {
        upgrade: Plan::new().data("read names", reads_names_as_numbers),
        downgrade: Some(Plan::new()),
    };
    let migrations = Migrations::from_defs([
        leak("f00000000001", &[], setup),
        leak("f00000000002", &["f00000000001"], change),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let message = migrator
        .upgrade("head")
        .await
        .expect_err("a decoding error")
        .to_string();
    assert!(message.contains("upgrade of `f00000000002`"), "{message}");
    assert!(message.contains("sql: SELECT name FROM items"), "{message}");
    // The column by name and index, and what sqlx says of the types.
    assert!(
        message.contains("error: the value of column `name` (index 0) did not decode"),
        "{message}"
    );
    // An expression's value: SQLite declares no type for it; the message names what was read.
    let expression = Fixed {
        upgrade: Plan::new().data("read a product", reads_a_product_as_a_uuid),
        downgrade: Some(Plan::new()),
    };
    let migrations = Migrations::from_defs([
        migrations.defs()[0],
        leak("f00000000003", &["f00000000001"], expression),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let message = migrator
        .upgrade("head")
        .await
        .expect_err("a decoding error")
        .to_string();
    assert!(message.contains("column `doubled` (index 0)"), "{message}");
    assert!(!message.contains("SQL type `NULL`"), "{message}");
}

async fn a_non_transactional_migration_commits_step_by_step(db: &TestDb) {
    let setup = Fixed {
        upgrade: Plan::new()
            .op(op::create_table("events").column(Column::new("at", Type::Integer))),
        downgrade: None,
    };
    let mut create = op::create_index("ix_events_at", "events", ["at"]);
    let mut drop = op::drop_index("ix_events_at").on("events");
    if db.backend() == Backend::Postgres {
        create = create.concurrently();
        drop = drop.concurrently();
    }
    let index: &'static Fixed = Box::leak(Box::new(Fixed {
        upgrade: Plan::new().op(create),
        downgrade: Some(Plan::new().op(drop)),
    }));
    let index = MigrationDef::new("f10000000002", index)
        .with_down(&["f10000000001"])
        .with_transactional(false);
    let broken: &'static Fixed = Box::leak(Box::new(Fixed {
        upgrade: Plan::new()
            .op(op::add_column("events", Column::new("kind", Type::Text)))
            .op(op::execute("INSERT INTO no_such_table VALUES (1)")),
        downgrade: Some(Plan::new()),
    }));
    let broken = MigrationDef::new("f10000000003", broken)
        .with_down(&["f10000000002"])
        .with_transactional(false);
    let defs = [
        leak("f10000000001", &[], setup),
        Box::leak(Box::new(index)),
        Box::leak(Box::new(broken)),
    ];
    let migrator =
        Migrator::with_migrations(db.url(), &Migrations::from_defs(defs)).expect("history");
    migrator
        .upgrade("f10000000002")
        .await
        .unwrap_or_else(|e| panic!("concurrent index: {e}"));
    assert_eq!(
        db.schema().await.tables["events"].index_on(&["at"]),
        Some(false)
    );

    let message = migrator
        .upgrade("head")
        .await
        .expect_err("the second statement fails")
        .to_string();
    assert!(
        message.contains("were committed (the migration is not transactional"),
        "{message}"
    );
    assert!(
        message.contains("ADD COLUMN"),
        "names the statement that was done: {message}"
    );
    assert!(
        db.schema().await.tables["events"].column("kind").is_some(),
        "it stays, as said"
    );
    assert_eq!(db.versions("migrate_version").await, ["f10000000002"]);
    migrator
        .downgrade("f10000000001")
        .await
        .unwrap_or_else(|e| panic!("drop the index: {e}"));
}

/// The history table records how long a step took, its last statements included (it said
/// 0 ms for a step the log timed at a few milliseconds: the time was taken before the
/// step's statements went to the database).
async fn the_history_records_the_time_a_step_took(db: &TestDb) {
    let slow_statement = match db.backend() {
        Backend::Postgres => "SELECT pg_sleep(0.05)",
        Backend::MySql => "SELECT SLEEP(0.05)",
        Backend::Sqlite => {
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT count(*) FROM c"
        }
    };
    let slow = Fixed {
        upgrade: Plan::new()
            .op(op::create_table("paused").column(Column::new("id", Type::Integer)))
            .op(op::execute(slow_statement)),
        downgrade: Some(Plan::new().op(op::drop_table("paused"))),
    };
    let migrations = Migrations::from_defs([leak("e00000000001", &[], slow)]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let ran = migrator.upgrade("head").await.expect("upgrade");
    let recorded = db
        .count("SELECT duration_ms FROM migrate_history WHERE revision = 'e00000000001' AND direction = 'upgrade'")
        .await;
    let logged = i64::try_from(ran.steps[0].duration.as_millis()).expect("a short step");
    // The run's own measure adds only the commit to what the history records.
    assert!(
        recorded * 2 >= logged && recorded <= logged + 1,
        "recorded {recorded} ms for a step the run timed at {logged} ms"
    );
}

/// The README's data step, as printed there.
#[data_step]
async fn normalise_emails(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    let emails: Vec<String> = ctx
        .query_scalar("SELECT email FROM users")
        .fetch_all(ctx.conn())
        .await?;
    // Compared in Rust: MySQL's default collation finds `A` and `a` equal.
    for email in emails.into_iter().filter(|e| *e != e.to_lowercase()) {
        let update = ctx.query("UPDATE users SET email = ? WHERE email = ?");
        update
            .bind(email.to_lowercase())
            .bind(email)
            .execute(ctx.conn())
            .await?;
    }
    Ok(())
}

/// The README's example runs unchanged on every database, on a table keyed by a uuid as the
/// example history's `users` is.
async fn the_readmes_data_step_runs_on_every_database(db: &TestDb) {
    let users = Fixed {
        upgrade: Plan::new()
            .op(op::create_table("users")
                .column(Column::new("id", Type::Uuid).primary_key())
                .column(Column::new("email", Type::Varchar(255)).not_null().unique()))
            .op(op::bulk_insert("users", ["id", "email"]).rows([
                ("6f1c2c1e-6a55-4f7b-9f7e-1a2b3c4d5e6f", "Ada@Example.COM"),
                ("0b9e3f0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "grace@example.com"),
            ])),
        downgrade: Some(Plan::new().op(op::drop_table("users"))),
    };
    let normalise = Fixed {
        upgrade: Plan::new().data("normalise emails", normalise_emails),
        downgrade: Some(Plan::new()),
    };
    let migrations = Migrations::from_defs([
        leak("e10000000001", &[], users),
        leak("e10000000002", &["e10000000001"], normalise),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator
        .upgrade("head")
        .await
        .expect("the README's data step");
    let emails = db.strings("SELECT email FROM users ORDER BY email").await;
    assert_eq!(emails, ["ada@example.com", "grace@example.com"]);
}

/// An order of the README's typed data step.
#[derive(sqlx::FromRow)]
struct Order {
    id: uuid::Uuid,
    total: rust_decimal::Decimal,
    placed_at: chrono::DateTime<chrono::Utc>,
    note: Option<String>,
}

/// The README's typed data step, as printed there.
#[data_step]
async fn note_small_orders(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    let orders: Vec<Order> = ctx
        .query_as("SELECT id, total, placed_at, note FROM orders WHERE total < ?")
        .bind(rust_decimal::Decimal::from(10))
        .fetch_all(ctx.conn())
        .await?;
    for order in orders.iter().filter(|order| order.note.is_none()) {
        let note = format!("{} on {}", order.total, order.placed_at.date_naive());
        ctx.query("UPDATE orders SET note = ? WHERE id = ?")
            .bind(note)
            .bind(order.id)
            .execute(ctx.conn())
            .await?;
    }
    Ok(())
}

/// The README's typed data step (uuid, decimal, timestamp) runs unchanged on every database.
async fn the_readmes_typed_data_step_runs_on_every_database(db: &TestDb) {
    let small = uuid::Uuid::from_u128(1);
    let large = uuid::Uuid::from_u128(2);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("a date");
    let placed = day.and_hms_opt(9, 30, 0).expect("a time").and_utc();
    let orders = Fixed {
        upgrade: Plan::new()
            .op(op::create_table("orders")
                .column(Column::new("id", Type::Uuid).primary_key())
                .column(Column::new("total", Type::numeric(10, 2)).not_null())
                .column(
                    Column::new("placed_at", Type::TimestampTz)
                        .not_null()
                        .default(DefaultValue::now()),
                )
                .column(Column::new("note", Type::Varchar(80))))
            .op(
                op::bulk_insert("orders", ["id", "total", "placed_at"]).rows([
                    (small, rust_decimal::Decimal::new(995, 2), placed),
                    (large, rust_decimal::Decimal::new(12000, 2), placed),
                ]),
            ),
        downgrade: Some(Plan::new().op(op::drop_table("orders"))),
    };
    let note = Fixed {
        upgrade: Plan::new().data("note small orders", note_small_orders),
        downgrade: Some(Plan::new()),
    };
    let migrations = Migrations::from_defs([
        leak("e20000000001", &[], orders),
        leak("e20000000002", &["e20000000001"], note),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    if let Err(error) = migrator.upgrade("head").await {
        panic!("the README's typed data step: {error}");
    }
    let notes = db
        .strings("SELECT COALESCE(note, '-') FROM orders ORDER BY total")
        .await;
    assert_eq!(notes, ["9.95 on 2026-11-30", "-"]);
}

/// A model's enum, bound and read in a data step as itself.
#[derive(Debug, Clone, Copy, PartialEq, migrate_runtime::model::ModelEnum)]
enum PostStatus {
    Draft,
    Published,
}

#[data_step]
async fn publish_drafts(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    ctx.query("UPDATE posts SET status = ? WHERE status = ?")
        .bind(PostStatus::Published)
        .bind(PostStatus::Draft)
        .execute(ctx.conn())
        .await?;
    let statuses: Vec<PostStatus> = ctx
        .query_scalar("SELECT status FROM posts ORDER BY id")
        .fetch_all(ctx.conn())
        .await?;
    match statuses.as_slice() {
        [PostStatus::Published, PostStatus::Published] => Ok(()),
        other => Err(format!("read back {other:?}").into()),
    }
}

/// A `#[derive(ModelEnum)]` enum binds as a value of its type (PostgreSQL refuses text into an
/// enum column) and reads back as its variant, on every database.
async fn a_model_enum_binds_and_reads_as_itself(db: &TestDb) {
    let status = <PostStatus as migrate_runtime::model::ColumnType>::column_type(
        migrate_runtime::model::TypeOptions::default(),
    );
    let posts = Fixed {
        upgrade: Plan::new()
            .op(op::create_table("posts")
                .column(Column::new("id", Type::Integer).primary_key())
                .column(Column::new("status", status).not_null()))
            .op(op::bulk_insert("posts", ["id", "status"]).rows([(1, "draft"), (2, "published")])),
        downgrade: Some(Plan::new().op(op::drop_table("posts"))),
    };
    let publish = Fixed {
        upgrade: Plan::new().data("publish drafts", publish_drafts),
        downgrade: Some(Plan::new()),
    };
    let migrations = Migrations::from_defs([
        leak("e20000000001", &[], posts),
        leak("e20000000002", &["e20000000001"], publish),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator
        .upgrade("head")
        .await
        .expect("the model enum bound");
    let read = match db.backend() {
        Backend::Postgres => "SELECT status::text FROM posts ORDER BY id",
        Backend::MySql | Backend::Sqlite => "SELECT status FROM posts ORDER BY id",
    };
    assert_eq!(db.strings(read).await, ["published", "published"]);
}

backend_tests!(
    a_model_enum_binds_and_reads_as_itself,
    the_readmes_data_step_runs_on_every_database,
    the_readmes_typed_data_step_runs_on_every_database,
    the_history_records_the_time_a_step_took,
    add_backfill_and_constrain_a_large_table,
    a_failing_data_step_rolls_the_schema_change_back,
    a_decoding_error_names_the_revision_and_the_statement,
    a_non_transactional_migration_commits_step_by_step,
);
