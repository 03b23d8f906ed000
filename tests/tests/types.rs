//! Every type of the README's type table, written and read back on each database: in a data
//! step (binds and a `#[derive(sqlx::FromRow)]` struct), through `bulk_insert`, `update` and
//! `execute` binds, and through the offline script run by the database's own client.

use std::str::FromStr as _;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use migrate_runtime::portable::Label;
use migrate_runtime::prelude::*;
use migrate_runtime::{BackendConnection, Dialect, Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb, backend_tests};
use rust_decimal::Decimal;
use uuid::Uuid;

/// The portable columns, in order; PostgreSQL's arrays are read apart.
const COLUMNS: &str = "id, small, medium, big, flag, ratio, measure, amount, name, body, day, clock, stamp, instant, uid, doc, data, mood";

/// A row of `typed`, every column nullable but the key.
#[derive(Debug, PartialEq, sqlx::FromRow)]
struct Typed {
    id: i32,
    small: Option<i16>,
    medium: Option<i32>,
    big: Option<i64>,
    flag: Option<bool>,
    ratio: Option<f32>,
    measure: Option<f64>,
    amount: Option<Decimal>,
    name: Option<String>,
    body: Option<String>,
    day: Option<NaiveDate>,
    clock: Option<NaiveTime>,
    stamp: Option<NaiveDateTime>,
    instant: Option<DateTime<Utc>>,
    uid: Option<Uuid>,
    doc: Option<serde_json::Value>,
    data: Option<Vec<u8>>,
    /// An enum column, read as its label.
    mood: Option<String>,
}

/// The values every written row holds, but its key.
fn sample(id: i32) -> Typed {
    let day = NaiveDate::from_ymd_opt(2024, 2, 29).expect("a leap day");
    let clock = NaiveTime::from_hms_micro_opt(13, 45, 30, 123_456).expect("a time");
    Typed {
        id,
        small: Some(-12),
        medium: Some(2_000_000_001),
        big: Some(9_000_000_000_123),
        flag: Some(true),
        ratio: Some(1.5),
        measure: Some(-2.25e-3),
        amount: Some(Decimal::from_str("-1234.5600").expect("a decimal")),
        name: Some("naïve 'quoted' \\ text".to_owned()),
        body: Some("line one\nline two".to_owned()),
        day: Some(day),
        clock: Some(clock),
        stamp: Some(day.and_time(clock)),
        instant: Some(day.and_time(clock).and_utc()),
        uid: Some(Uuid::from_u128(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210)),
        doc: Some(serde_json::json!({"a": [1, 2.5, {"b": null}], "c": "é"})),
        data: Some(vec![0, 1, 2, 0xfe, 0xff]),
        mood: Some("sad".to_owned()),
    }
}

/// A row of NULLs.
fn nulls(id: i32) -> Typed {
    Typed {
        id,
        small: None,
        medium: None,
        big: None,
        flag: None,
        ratio: None,
        measure: None,
        amount: None,
        name: None,
        body: None,
        day: None,
        clock: None,
        stamp: None,
        instant: None,
        uid: None,
        doc: None,
        data: None,
        mood: None,
    }
}

/// The sample as op values, in column order (the key first).
fn sample_values(id: i32) -> Vec<Value> {
    let row = sample(id);
    vec![
        Value::from(row.id),
        row.small.into(),
        row.medium.into(),
        row.big.into(),
        row.flag.into(),
        row.ratio.into(),
        row.measure.into(),
        row.amount.into(),
        row.name.into(),
        row.body.into(),
        row.day.into(),
        row.clock.into(),
        row.stamp.into(),
        row.instant.into(),
        row.uid.into(),
        row.doc.into(),
        row.data.into(),
        row.mood.into(),
    ]
}

fn create_typed(backend: Backend) -> Fixed {
    let mut table = op::create_table("typed")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("small", Type::SmallInt))
        .column(Column::new("medium", Type::Integer))
        .column(Column::new("big", Type::BigInt))
        .column(Column::new("flag", Type::Boolean))
        .column(Column::new("ratio", Type::Real))
        .column(Column::new("measure", Type::Double))
        .column(Column::new("amount", Type::numeric(12, 4)))
        .column(Column::new("name", Type::Varchar(40)))
        .column(Column::new("body", Type::Text))
        .column(Column::new("day", Type::Date))
        .column(Column::new("clock", Type::Time))
        .column(Column::new("stamp", Type::Timestamp))
        .column(Column::new("instant", Type::TimestampTz))
        .column(Column::new("uid", Type::Uuid))
        .column(Column::new("doc", Type::Json))
        .column(Column::new("data", Type::Bytes))
        .column(Column::new(
            "mood",
            Type::enumeration("mood", ["happy", "sad"]),
        ));
    if backend == Backend::Postgres {
        table = table
            .column(Column::new("tags", Type::array(Type::Text)))
            .column(Column::new("scores", Type::array(Type::Integer)));
    }
    Fixed {
        upgrade: Plan::new().op(table),
        downgrade: None,
    }
}

/// Rows 1 (every value bound) and 2 (every value a typed NULL) written in a data step; the
/// enum as a `Label` of its type (PostgreSQL takes no text into an enum column).
async fn write_in_a_step(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    let insert = "INSERT INTO typed (id, small, medium, big, flag, ratio, measure, amount, name, body, day, clock, stamp, instant, uid, doc, data, mood) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    for row in [sample(1), nulls(2)] {
        ctx.query(insert)
            .bind(row.id)
            .bind(row.small)
            .bind(row.medium)
            .bind(row.big)
            .bind(row.flag)
            .bind(row.ratio)
            .bind(row.measure)
            .bind(row.amount)
            .bind(row.name)
            .bind(row.body)
            .bind(row.day)
            .bind(row.clock)
            .bind(row.stamp)
            .bind(row.instant)
            .bind(row.uid)
            .bind(row.doc)
            .bind(row.data)
            .bind(match row.mood {
                Some(mood) => Label::new("mood", mood),
                None => Label::null("mood"),
            })
            .execute(ctx.conn())
            .await?;
    }
    if ctx.dialect() == Dialect::Postgres {
        let tags = vec!["a".to_owned(), "b, \"c\"".to_owned()];
        ctx.query("UPDATE typed SET tags = ?, scores = ? WHERE id = 1")
            .bind(tags)
            .bind(vec![Some(1_i32), None, Some(-3)])
            .execute(ctx.conn())
            .await?;
    }
    Ok(())
}

/// Rows 3 (`bulk_insert`), 4 (`update` of a bare row) and 5 (`execute` binds), as ops.
fn write_with_ops() -> Fixed {
    let columns: Vec<&str> = COLUMNS.split(", ").collect();
    let mut update = op::update("typed");
    for (column, value) in columns.iter().zip(sample_values(4)).skip(1) {
        update = update.set(*column, value);
    }
    let placeholders = vec!["?"; columns.len()].join(", ");
    let mut insert = op::execute(format!(
        "INSERT INTO typed ({COLUMNS}) VALUES ({placeholders})"
    ));
    for value in sample_values(5) {
        insert = insert.bind(value);
    }
    Fixed {
        upgrade: Plan::new()
            .op(op::bulk_insert("typed", columns.clone()).row(sample_values(3)))
            .op(op::bulk_insert("typed", ["id"]).row((4,)))
            .op(update.filter("id", 4))
            .op(insert),
        downgrade: Some(Plan::new().op(op::delete("typed").filter("big", 9_000_000_000_123_i64))),
    }
}

/// Every row equal to what was written: the sample, or NULLs for row 2; an enum label compares
/// with its column. On PostgreSQL the arrays of row 1 too.
async fn read_back(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    let rows: Vec<Typed> = ctx
        .query_as(&format!("SELECT {COLUMNS} FROM typed ORDER BY id"))
        .fetch_all(ctx.conn())
        .await?;
    for row in &rows {
        let expected = match row.id {
            2 => nulls(2),
            id => sample(id),
        };
        if *row != expected {
            return Err(format!("read back {row:#?}\nwritten {expected:#?}").into());
        }
    }
    let present: Vec<i32> = rows.iter().map(|row| row.id).collect();
    if !present.ends_with(&[3, 4, 5]) {
        return Err(format!("rows {present:?}, not 3, 4 and 5").into());
    }
    let uid: Option<Uuid> = ctx
        .query_scalar("SELECT uid FROM typed WHERE uid = ?")
        .bind(sample(0).uid)
        .fetch_optional(ctx.conn())
        .await?;
    if uid != sample(0).uid {
        return Err(format!("a uuid bind does not find the stored one: {uid:?}").into());
    }
    let sad: i64 = ctx
        .query_scalar("SELECT COUNT(*) FROM typed WHERE mood = ?")
        .bind(Label::new("mood", "sad"))
        .fetch_one(ctx.conn())
        .await?;
    let expected = i64::try_from(present.iter().filter(|id| **id != 2).count())?;
    if sad != expected {
        return Err(format!("{sad} rows have the label, not {expected}").into());
    }
    if ctx.dialect() == Dialect::Postgres && present.contains(&1) {
        let (tags, scores): (Vec<String>, Vec<Option<i32>>) = ctx
            .query_as("SELECT tags, scores FROM typed WHERE id = 1")
            .fetch_one(ctx.conn())
            .await?;
        if tags != ["a", "b, \"c\""] || scores != [Some(1), None, Some(-3)] {
            return Err(format!("arrays read back as {tags:?}, {scores:?}").into());
        }
    }
    Ok(())
}

fn step(name: &'static str, f: fn() -> Plan) -> Fixed {
    Fixed {
        upgrade: f(),
        downgrade: Some(Plan::new().data(name, |_: &mut DataContext<'_>| async { Ok(()) })),
    }
}

fn history(backend: Backend) -> Migrations {
    Migrations::from_defs([
        leak("a00000000001", &[], create_typed(backend)),
        leak(
            "a00000000002",
            &["a00000000001"],
            step("write", || Plan::new().data("write", write_in_a_step)),
        ),
        leak("a00000000003", &["a00000000002"], write_with_ops()),
        leak(
            "a00000000004",
            &["a00000000003"],
            step("read back", || Plan::new().data("read back", read_back)),
        ),
    ])
}

async fn every_type_round_trips_online(db: &TestDb) {
    let migrations = history(db.backend());
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    if let Err(error) = migrator.upgrade("head").await {
        panic!("{error}");
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM typed").await, 5);
    // Every type reads back from the catalog as the history wrote it: no drift.
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");
}

/// The offline script of the ops, run by the database's own client, writes the same values:
/// the read-back step then runs online on top of it.
async fn every_type_round_trips_through_the_offline_script(db: &TestDb) {
    let migrations = history(db.backend());
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let dialect = match db.backend() {
        Backend::Postgres => Dialect::Postgres,
        Backend::Sqlite => Dialect::Sqlite,
        Backend::MySql => Dialect::MySql,
    };
    let script = migrator
        .upgrade_sql("a00000000003", dialect)
        .expect("offline script");
    // The data step is Rust: online only, a comment in the script.
    assert_eq!(script.unrendered, ["data(\"write\") (a00000000002)"]);
    if !db.run_with_client(&script.text) {
        return;
    }
    assert_eq!(db.versions("migrate_version").await, ["a00000000003"]);
    if let Err(error) = migrator.upgrade("head").await {
        panic!("{error}\n{}", script.text);
    }
}

/// A JSON document as a typed Rust value.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Settings {
    theme: String,
    sizes: Vec<u32>,
}

/// `Json<T>` binds and reads back; the backend's own connection runs in the same transaction.
async fn typed_json_and_the_backends_connection(
    ctx: &mut DataContext<'_>,
) -> Result<(), DataError> {
    let settings = Settings {
        theme: "dark".to_owned(),
        sizes: vec![1, 2],
    };
    ctx.query("INSERT INTO typed (id, doc) VALUES (?, ?)")
        .bind(6_i32)
        .bind(sqlx::types::Json(&settings))
        .execute(ctx.conn())
        .await?;
    let sqlx::types::Json(read): sqlx::types::Json<Settings> = ctx
        .query_scalar("SELECT doc FROM typed WHERE id = ?")
        .bind(6_i32)
        .fetch_one(ctx.conn())
        .await?;
    if read != settings {
        return Err(format!("read back {read:?}").into());
    }
    // The driver's own connection sees the row written in the migration's transaction.
    let seen: i64 = match ctx.conn() {
        BackendConnection::Postgres(pg) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM typed WHERE id = 6")
                .fetch_one(pg)
                .await?
        }
        BackendConnection::Sqlite(sqlite) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM typed WHERE id = 6")
                .fetch_one(sqlite)
                .await?
        }
        BackendConnection::MySql(mysql) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM typed WHERE id = 6")
                .fetch_one(mysql)
                .await?
        }
        _ => return Err("a backend this test does not know".into()),
    };
    if seen != 1 {
        return Err(format!("the backend's connection sees {seen} rows").into());
    }
    Ok(())
}

async fn typed_json_and_the_backends_own_connection(db: &TestDb) {
    let migrations = Migrations::from_defs([
        leak("a10000000001", &[], create_typed(db.backend())),
        leak(
            "a10000000002",
            &["a10000000001"],
            step("json", || {
                Plan::new().data("json", typed_json_and_the_backends_connection)
            }),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    if let Err(error) = migrator.upgrade("head").await {
        panic!("{error}");
    }
}

/// A row whose second column is not a uuid.
#[derive(sqlx::FromRow)]
#[allow(dead_code, reason = "only decoded, to fail")]
struct WronglyTyped {
    id: i32,
    uid: Uuid,
}

async fn read_text_as_a_uuid(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    let _: Vec<WronglyTyped> = ctx
        .query_as("SELECT id, name AS uid FROM typed")
        .fetch_all(ctx.conn())
        .await?;
    Ok(())
}

/// A value that does not convert is named by its column's name and index, with the Rust type
/// and the SQL type, for a derived struct as for a tuple.
async fn a_value_that_does_not_convert_names_its_column_and_types(db: &TestDb) {
    let rows = Fixed {
        upgrade: Plan::new().op(op::bulk_insert("typed", ["id", "name"]).row((1, "not a uuid"))),
        downgrade: Some(Plan::new().op(op::delete("typed").filter("id", 1))),
    };
    let migrations = Migrations::from_defs([
        leak("a20000000001", &[], create_typed(db.backend())),
        leak("a20000000002", &["a20000000001"], rows),
        leak(
            "a20000000003",
            &["a20000000002"],
            step("read", || Plan::new().data("read", read_text_as_a_uuid)),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let message = migrator
        .upgrade("head")
        .await
        .expect_err("a value that does not convert")
        .to_string();
    assert!(
        message.contains("the value of column `uid` (index 1) did not decode"),
        "{message}"
    );
    assert!(message.contains("Rust type `uuid::Uuid`"), "{message}");
    assert!(message.contains("\"not a uuid\""), "{message}");
}

backend_tests!(
    a_value_that_does_not_convert_names_its_column_and_types,
    typed_json_and_the_backends_own_connection,
    every_type_round_trips_online,
    every_type_round_trips_through_the_offline_script
);
