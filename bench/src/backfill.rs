//! Back-fill and data-step throughput on a scratch PostgreSQL database: `op::backfill` in
//! batches (as one migration, in one transaction) against a single plain `UPDATE` of the same
//! rows; and a data step reading every row through the portable connection against the same
//! query on sqlx's own `PgConnection`.

use std::io;
use std::time::{Duration, Instant};

use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator};
use sqlx::{AssertSqlSafe, Connection, PgConnection};

use crate::stats::Samples;

/// A migration back-filling `t.v` in batches.
struct Backfill(u32);

impl Migration for Backfill {
    fn upgrade(&self) -> Plan {
        Plan::new().op(op::backfill("t", "id")
            .set("v = 1")
            .where_sql("v IS NULL")
            .batch_size(self.0))
    }

    fn downgrade(&self) -> Plan {
        Plan::new()
    }
}

/// A migration whose data step reads every row of `t`, typed, and checks their number.
struct ReadAll(i64);

impl Migration for ReadAll {
    fn upgrade(&self) -> Plan {
        Plan::new().data("read every row", read_every_row)
    }

    fn downgrade(&self) -> Plan {
        Plan::new()
    }
}

/// The rows the data step read, checked against the table's size.
static READ: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

async fn read_every_row(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    let rows: Vec<(i64, Option<i32>, rust_decimal::Decimal)> = ctx
        .query_as("SELECT id, v, amount FROM t")
        .fetch_all(ctx.conn())
        .await?;
    let count = i64::try_from(rows.len())?;
    READ.store(count, std::sync::atomic::Ordering::Relaxed);
    Ok(())
}

fn failed(error: impl std::fmt::Display) -> io::Error {
    io::Error::other(error.to_string())
}

async fn execute(conn: &mut PgConnection, sql: &str) -> io::Result<Duration> {
    let started = Instant::now();
    sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
        .execute(conn)
        .await
        .map_err(failed)?;
    Ok(started.elapsed())
}

/// Measure and print a Markdown table.
pub(crate) fn run(server: &str, rows: i64, batch_size: u32, runs: usize) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(measure(server, rows, batch_size, runs))
}

async fn measure(server: &str, rows: i64, batch_size: u32, runs: usize) -> io::Result<()> {
    let name = format!("migrate_bench_backfill_{}", std::process::id());
    let mut admin = PgConnection::connect(server).await.map_err(failed)?;
    execute(&mut admin, &format!("CREATE DATABASE {name}")).await?;
    let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
    let url = format!("{base}/{name}");
    let result = compare(&url, rows, batch_size, runs).await;
    execute(&mut admin, &format!("DROP DATABASE {name} WITH (FORCE)")).await?;
    result
}

async fn compare(url: &str, rows: i64, batch_size: u32, runs: usize) -> io::Result<()> {
    let mut conn = PgConnection::connect(url).await.map_err(failed)?;
    execute(
        &mut conn,
        "CREATE TABLE t (id BIGINT PRIMARY KEY, v INTEGER, amount NUMERIC(12, 2) NOT NULL)",
    )
    .await?;
    let fill =
        format!("INSERT INTO t SELECT g, NULL, g / 100.0 FROM generate_series(1, {rows}) AS g");
    execute(&mut conn, &fill).await?;
    execute(&mut conn, "VACUUM ANALYZE t").await?;
    let reset = "UPDATE t SET v = NULL";
    let mut plain = Vec::new();
    let mut batched = Vec::new();
    let migration: &'static Backfill = Box::leak(Box::new(Backfill(batch_size)));
    let def: &'static MigrationDef =
        Box::leak(Box::new(MigrationDef::new("b000000000001", migration)));
    let migrator = Migrator::with_migrations(url, &Migrations::from_defs([def])).map_err(failed)?;
    for _ in 0..runs.max(1) {
        execute(&mut conn, reset).await?;
        execute(&mut conn, "VACUUM t").await?;
        plain.push(execute(&mut conn, "UPDATE t SET v = 1 WHERE v IS NULL").await?);
        execute(&mut conn, reset).await?;
        execute(&mut conn, "VACUUM t").await?;
        migrator.stamp("base", true).await.map_err(failed)?;
        let started = Instant::now();
        migrator.upgrade("head").await.map_err(failed)?;
        batched.push(started.elapsed());
    }
    let (native, step) = read_every_row_twice(&mut conn, url, rows, runs).await?;
    let plain = Samples::from(plain);
    let batched = Samples::from(batched);
    let rate = |samples: &Samples| rows as f64 / samples.median().as_secs_f64();
    println!(
        "| rows | batch | one plain UPDATE | op::backfill in batches | rows/s plain | rows/s batched | batched / plain time |"
    );
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| {rows} | {batch_size} | {plain} | {batched} | {:.0} | {:.0} | {:.2} |",
        rate(&plain),
        rate(&batched),
        batched.ratio(&plain)
    );
    println!();
    println!(
        "| rows | sqlx on PgConnection | data step (Portable) | rows/s sqlx | rows/s data step | data step / sqlx time |"
    );
    println!("|---|---|---|---|---|---|");
    println!(
        "| {rows} | {native} | {step} | {:.0} | {:.0} | {:.2} |",
        rate(&native),
        rate(&step),
        step.ratio(&native)
    );
    Ok(())
}

/// Read every row of `t` as `(BIGINT, INTEGER, NUMERIC)` with sqlx on `PgConnection`, then in
/// a data step run as a migration: the times of each.
async fn read_every_row_twice(
    conn: &mut PgConnection,
    url: &str,
    rows: i64,
    runs: usize,
) -> io::Result<(Samples, Samples)> {
    let migration: &'static ReadAll = Box::leak(Box::new(ReadAll(rows)));
    let def: &'static MigrationDef =
        Box::leak(Box::new(MigrationDef::new("d000000000001", migration)));
    let migrator = Migrator::with_migrations(url, &Migrations::from_defs([def])).map_err(failed)?;
    let mut native = Vec::new();
    let mut step = Vec::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let read: Vec<(i64, Option<i32>, rust_decimal::Decimal)> =
            sqlx::query_as("SELECT id, v, amount FROM t")
                .fetch_all(&mut *conn)
                .await
                .map_err(failed)?;
        native.push(started.elapsed());
        if i64::try_from(read.len()).map_err(failed)? != rows {
            return Err(failed("sqlx read a wrong number of rows"));
        }
        migrator.stamp("base", true).await.map_err(failed)?;
        let started = Instant::now();
        migrator.upgrade("head").await.map_err(failed)?;
        step.push(started.elapsed());
        if READ.load(std::sync::atomic::Ordering::Relaxed) != migration.0 {
            return Err(failed("the data step read a wrong number of rows"));
        }
    }
    Ok((Samples::from(native), Samples::from(step)))
}
