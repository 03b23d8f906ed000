//! Generated (computed) columns: created by the op on every database, computed by the
//! database, read back from each catalog as generated (no drift), carried through a SQLite
//! rebuild, and written into a baseline read from the database.

use migrate_runtime::prelude::*;
use migrate_runtime::schema::Generated;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, baseline, drift_lines, leak};
use migrate_tests::{TestDb, backend_tests};

fn spans() -> Plan {
    Plan::new().op(op::create_table("spans")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("start_ns", Type::BigInt).not_null())
        .column(Column::new("end_ns", Type::BigInt))
        .column(Column::new("duration_ns", Type::BigInt).generated("end_ns - start_ns")))
}

fn migrator(db: &TestDb) -> Migrator {
    let defs = vec![
        leak(
            "g00000000000",
            &[],
            Fixed {
                upgrade: spans(),
                downgrade: None,
            },
        ),
        // A change that SQLite makes by rebuilding the table.
        leak(
            "g00000000001",
            &["g00000000000"],
            Fixed {
                upgrade: Plan::new().op(op::alter_column("spans", "end_ns").nullable(false)),
                downgrade: None,
            },
        ),
    ];
    Migrator::with_migrations(db.url(), &Migrations::from_defs(defs)).expect("history")
}

async fn a_generated_column_is_computed_and_reads_back_as_generated(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("g00000000000").await.expect("upgrade");
    db.execute("INSERT INTO spans (id, start_ns, end_ns) VALUES (1, 10, 25)")
        .await;
    assert_eq!(
        db.count("SELECT duration_ns FROM spans WHERE id = 1").await,
        15
    );
    let found = migrator.database_schema().await.expect("catalog");
    let column = found
        .table("spans")
        .and_then(|t| t.column("duration_ns"))
        .expect("the column");
    assert!(
        matches!(&column.generated, Some(Generated { stored: true, .. })),
        "{column:?}"
    );
    assert_eq!(column.default, None);
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");

    // Through a rebuild on SQLite (in place elsewhere): the column stays generated and the
    // row keeps its values.
    migrator.upgrade("head").await.expect("upgrade");
    assert_eq!(
        db.count("SELECT duration_ns FROM spans WHERE id = 1").await,
        15
    );
    let drift = migrator.drift().await.expect("drift");
    assert!(drift.is_empty(), "{drift:#?}");

    // Made by hand as a plain column, it is drift.
    migrator.downgrade("base").await.expect("downgrade");
    db.execute(
        "CREATE TABLE spans (id INTEGER PRIMARY KEY, start_ns BIGINT NOT NULL, end_ns BIGINT NOT NULL, duration_ns BIGINT)",
    )
    .await;
    migrator.stamp("head", false).await.expect("stamp");
    let drift = drift_lines(&migrator).await;
    assert!(
        drift
            .iter()
            .any(|line| line.starts_with("table `spans`: column `duration_ns` generated")),
        "{drift:#?}"
    );
}

/// A baseline read from a database with a generated column declares it so: applied to an
/// empty database it creates the same column.
async fn a_baseline_keeps_a_generated_column(db: &TestDb) {
    let migrator = migrator(db);
    migrator.upgrade("g00000000000").await.expect("upgrade");
    let (_, source) = baseline(&migrator).await;
    assert!(source.contains(".generated("), "{source}");
}

backend_tests!(
    a_generated_column_is_computed_and_reads_back_as_generated,
    a_baseline_keeps_a_generated_column,
);
