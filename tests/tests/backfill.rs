//! `op::backfill` walks keys of any orderable type — a uuid, a text, a composite key — in
//! batches of any size, reaches every row (those with a NULL key last), and never loops.

use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb, backend_tests};

/// A table of `count` rows keyed by a uuid, a text code and a (tenant, n) pair, and a
/// migration back-filling `done` walking `key` in batches of `batch`.
fn history(key: &[&str], batch: u32, count: usize) -> Migrations {
    let table = op::create_table("items")
        .column(Column::new("id", Type::Uuid).primary_key())
        .column(Column::new("code", Type::Varchar(20)))
        .column(Column::new("tenant", Type::Integer))
        .column(Column::new("n", Type::BigInt))
        .column(Column::new("done", Type::Boolean).default(false));
    let rows = (0..count).map(|i| {
        // Uuids whose order differs from the insertion order; codes that sort as text
        // ("10" < "9"), a few missing.
        let id = format!("{:08x}-0000-4000-8000-{:012x}", (i * 7919) % 100_000, i);
        let code = (i % 5 != 0).then(|| format!("{}", i * 3));
        (id, code, (i % 3) as i64, (i / 3) as i64)
    });
    let fill = Plan::new()
        .op(op::bulk_insert("items", ["id", "code", "tenant", "n"]).rows(rows))
        .op(op::backfill("items", key.to_vec())
            .set("done = TRUE")
            .batch_size(batch));
    Migrations::from_defs([
        leak(
            "b00000000001",
            &[],
            Fixed {
                upgrade: Plan::new().op(table),
                downgrade: Some(Plan::new().op(op::drop_table("items"))),
            },
        ),
        leak(
            "b00000000002",
            &["b00000000001"],
            Fixed {
                upgrade: fill,
                downgrade: Some(Plan::new().op(op::execute("DELETE FROM items"))),
            },
        ),
    ])
}

async fn every_row_is_reached_whatever_the_key(db: &TestDb) {
    let cases: [(&[&str], u32); 5] = [
        (&["id"], 1),
        (&["id"], 7),
        (&["code"], 3),
        (&["tenant", "n"], 4),
        (&["n"], 2),
    ];
    for (key, batch) in cases {
        let migrations = history(key, batch, 23);
        let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
        migrator
            .upgrade("head")
            .await
            .unwrap_or_else(|e| panic!("back-fill on {key:?} by {batch}: {e}"));
        let done = db
            .count("SELECT count(*) FROM items WHERE done = TRUE")
            .await;
        assert_eq!(done, 23, "every row reached walking {key:?} by {batch}");
        migrator.downgrade("base").await.expect("downgrade");
    }
}

/// Keys whose values the database may not read back exactly: a BLOB on SQLite (its
/// `quote()` is a BLOB literal: walked), a `real` on PostgreSQL (coerced to the column's type:
/// walked), a `FLOAT` on MySQL (its text is rounded, so the walk cannot pass it: refused with
/// a message and rolled back). Never a loop.
async fn an_awkward_key_is_walked_or_refused_never_looped(db: &TestDb) {
    let (create, insert) = match db.backend() {
        Backend::Sqlite => (
            "CREATE TABLE odd (k BLOB, done INTEGER DEFAULT 0)",
            "INSERT INTO odd (k) VALUES (x'01'), (x'02'), (x'03'), (x'04')",
        ),
        Backend::Postgres => (
            "CREATE TABLE odd (k real, done INTEGER DEFAULT 0)",
            "INSERT INTO odd (k) VALUES (0.1), (0.2), (0.3), (0.4)",
        ),
        Backend::MySql => (
            "CREATE TABLE odd (k FLOAT, done INTEGER DEFAULT 0)",
            "INSERT INTO odd (k) VALUES (0.1), (0.2), (0.3), (0.4)",
        ),
    };
    let setup = Fixed {
        upgrade: Plan::new().op(op::execute(create)).op(op::execute(insert)),
        downgrade: Some(Plan::new().op(op::execute("DROP TABLE odd"))),
    };
    let fill = Fixed {
        upgrade: Plan::new().op(op::backfill("odd", "k").set("done = 1").batch_size(1)),
        downgrade: Some(Plan::new()),
    };
    let migrations = Migrations::from_defs([
        leak("b10000000001", &[], setup),
        leak("b10000000002", &["b10000000001"], fill),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    // A guard against a loop, far above the time the walk takes.
    let outcome =
        tokio::time::timeout(std::time::Duration::from_secs(60), migrator.upgrade("head"))
            .await
            .expect("the walk ends");
    let done = db.count("SELECT count(*) FROM odd WHERE done = 1").await;
    match db.backend() {
        Backend::Sqlite | Backend::Postgres => {
            outcome.expect("walked");
            assert_eq!(done, 4);
        }
        Backend::MySql => {
            let error = outcome
                .expect_err("a FLOAT key cannot be walked")
                .to_string();
            assert!(error.contains("does not advance"), "{error}");
            assert_eq!(done, 0, "rolled back");
        }
    }
}

backend_tests!(
    every_row_is_reached_whatever_the_key,
    an_awkward_key_is_walked_or_refused_never_looped,
);
