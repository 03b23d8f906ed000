//! Objects held whole because migrate's schema does not describe them: PostgreSQL's
//! extensions and sequences of their own, its indexes of other methods, operator classes or
//! storage parameters and its exclusion constraints, MySQL's full-text indexes. Each is read
//! from raw SQL and from the catalog, an unknown one is drift, and a baseline makes it again.

use migrate_runtime::prelude::*;
use migrate_runtime::state::ObjectKind;
use migrate_runtime::state::Schema;
use migrate_tests::fixture::{
    assert_baseline_makes_them, assert_objects_everywhere, baseline, drift_lines, one_migration,
};
use migrate_tests::{Backend, TestDb, backend_tests};

/// PostgreSQL's extensions and sequences of their own: made by raw SQL in the history, read
/// by the replay and from the catalog (a serial's or an identity's sequence is its column's,
/// not one of these), an unknown one is drift, and a baseline makes them first, before the
/// table that uses them, keeping a column numbered by a shared sequence an integer with its
/// default.
async fn extensions_and_sequences_are_read_and_made_first(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let orders = op::create_table("orders")
        .column(Column::new("id", Type::Serial).primary_key())
        .column(Column::new("code", Type::custom("citext")))
        .column(
            Column::new("number", Type::BigInt)
                .not_null()
                .default_sql("nextval('order_numbers')"),
        );
    let upgrade = Plan::new()
        .op(op::execute("CREATE EXTENSION IF NOT EXISTS citext"))
        .op(op::execute(
            "CREATE SEQUENCE order_numbers START 1000 INCREMENT 5",
        ))
        .op(orders)
        // A column's own sequence, and the extension every database has: neither is held.
        .op(op::execute(
            "CREATE SEQUENCE orders_spare OWNED BY orders.id",
        ))
        .op(op::execute("CREATE EXTENSION IF NOT EXISTS plpgsql"));
    let downgrade = Plan::new()
        .op(op::drop_table("orders"))
        .op(op::execute("DROP SEQUENCE order_numbers"))
        .op(op::execute("DROP EXTENSION citext"));
    let migrator = one_migration(db.url(), "e00000000000", upgrade, Some(downgrade));
    migrator.upgrade("head").await.expect("upgrade");
    let wanted = [
        (ObjectKind::Extension, "citext"),
        (ObjectKind::Sequence, "order_numbers"),
    ];
    assert_objects_everywhere(&migrator, &wanted).await;

    // A sequence made by hand is drift.
    db.execute("CREATE SEQUENCE by_hand").await;
    let drift = drift_lines(&migrator).await;
    assert_eq!(
        drift,
        ["sequence `by_hand` (the sequence) is in the database, not in the history"],
        "{drift:#?}"
    );
    db.execute("DROP SEQUENCE by_hand").await;

    let (changes, source) = baseline(&migrator).await;
    let first: Vec<&str> = changes.iter().take(2).map(|c| c.summary.as_str()).collect();
    assert_eq!(
        first,
        [
            "extension `citext` made as it is",
            "sequence `order_numbers` made as it is"
        ],
        "{source}"
    );
    assert!(source.contains("nextval('order_numbers'"), "{source}");
    migrator.downgrade("base").await.expect("downgrade");
    assert_eq!(
        db.count("SELECT count(*) FROM pg_extension WHERE extname = 'citext'")
            .await,
        0
    );

    assert_baseline_makes_them(db.url(), &changes, &wanted).await;
    // The shared sequence numbers the rows, and the extension's type compares without case.
    db.execute("INSERT INTO orders (code) VALUES ('AbC')").await;
    assert_eq!(
        db.count("SELECT number FROM orders WHERE code = 'abc'")
            .await,
        1000
    );
}

/// PostgreSQL's indexes that migrate's index does not describe (GIN, an operator class,
/// storage parameters) and exclusion constraints: held whole from raw SQL and from the
/// catalog, not read as plain B-trees; one made by hand is drift; a baseline makes them again
/// as they were.
async fn indexes_and_constraints_it_does_not_describe_are_held_whole(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let docs = op::create_table("docs")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("body", Type::Jsonb))
        .column(Column::new("title", Type::Text))
        .column(Column::new("room", Type::Integer))
        .column(Column::new("during", Type::custom("tsrange")));
    let upgrade = Plan::new()
        .op(op::execute("CREATE EXTENSION IF NOT EXISTS btree_gist"))
        .op(docs)
        .op(op::execute("CREATE INDEX docs_body ON docs USING gin (body)"))
        .op(op::execute(
            "CREATE INDEX docs_title_pattern ON docs (title text_pattern_ops)",
        ))
        .op(op::execute(
            "CREATE INDEX docs_fill ON docs (id) WITH (fillfactor = 70)",
        ))
        .op(op::execute(
            "ALTER TABLE docs ADD CONSTRAINT docs_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)",
        ))
        .op(op::create_index("docs_title", "docs", ["title"]));
    let downgrade = Plan::new()
        .op(op::drop_table("docs"))
        .op(op::execute("DROP EXTENSION btree_gist"));
    let migrator = one_migration(db.url(), "e00000000000", upgrade, Some(downgrade));
    migrator.upgrade("head").await.expect("upgrade");
    let wanted = [
        (ObjectKind::Extension, "btree_gist"),
        (ObjectKind::Index, "docs_body"),
        (ObjectKind::Index, "docs_fill"),
        (ObjectKind::Index, "docs_title_pattern"),
        (ObjectKind::Constraint, "docs_no_overlap"),
    ];
    let found = assert_objects_everywhere(&migrator, &wanted).await;
    assert_eq!(plain_indexes(&found, "docs"), ["docs_title"], "{found:#?}");

    db.execute("CREATE INDEX by_hand ON docs USING hash (title)")
        .await;
    let drift = drift_lines(&migrator).await;
    assert_eq!(
        drift,
        ["table `docs`: index `by_hand` (the index) is in the database, not in the history"],
        "{drift:#?}"
    );
    db.execute("DROP INDEX by_hand").await;

    let (changes, _) = baseline(&migrator).await;
    migrator.downgrade("base").await.expect("downgrade");
    assert_baseline_makes_them(db.url(), &changes, &wanted).await;
    let method = db
        .strings("SELECT am.amname::text FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = 'docs_body'")
        .await;
    assert_eq!(method, ["gin"]);
}

/// PostgreSQL's domains, composite and range types: held whole from raw SQL and from the
/// catalog, made by a baseline before the table whose column uses the domain.
async fn domains_and_other_types_are_read_and_made_first(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let upgrade = Plan::new()
        .op(op::execute(
            "CREATE DOMAIN positive_int AS integer DEFAULT 1 NOT NULL CONSTRAINT positive CHECK (VALUE > 0)",
        ))
        .op(op::execute("CREATE TYPE money_pair AS (amount numeric(10, 2), currency char(3))"))
        .op(op::execute("CREATE TYPE float_range AS RANGE (SUBTYPE = float8)"))
        .op(op::create_table("prices")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("quantity", Type::custom("positive_int"))));
    let downgrade = Plan::new()
        .op(op::drop_table("prices"))
        .op(op::execute("DROP TYPE float_range"))
        .op(op::execute("DROP TYPE money_pair"))
        .op(op::execute("DROP DOMAIN positive_int"));
    let migrator = one_migration(db.url(), "e00000000000", upgrade, Some(downgrade));
    migrator.upgrade("head").await.expect("upgrade");
    let wanted = [
        (ObjectKind::Domain, "positive_int"),
        (ObjectKind::Type, "float_range"),
        (ObjectKind::Type, "money_pair"),
    ];
    assert_objects_everywhere(&migrator, &wanted).await;
    let (changes, source) = baseline(&migrator).await;
    let first: Vec<&str> = changes.iter().take(3).map(|c| c.summary.as_str()).collect();
    assert_eq!(
        first,
        [
            "domain `positive_int` made as it is",
            "type `money_pair` made as it is",
            "type `float_range` made as it is"
        ],
        "{source}"
    );
    migrator.downgrade("base").await.expect("downgrade");
    assert_eq!(
        db.count("SELECT count(*) FROM pg_type WHERE typname IN ('positive_int', 'money_pair', 'float_range')")
            .await,
        0
    );
    assert_baseline_makes_them(db.url(), &changes, &wanted).await;
    // The domain's check holds on the table made from the baseline.
    db.execute("INSERT INTO prices (id) VALUES (1)").await;
    assert_eq!(db.count("SELECT quantity FROM prices").await, 1);
}

/// MySQL's full-text indexes: held whole from raw SQL and from the catalog, not read as plain
/// indexes; a baseline makes them again, and dropping one by name takes it away.
async fn full_text_indexes_are_held_whole(db: &TestDb) {
    if db.backend() != Backend::MySql {
        return;
    }
    let docs = op::create_table("docs")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("title", Type::Varchar(200)))
        .column(Column::new("body", Type::Text));
    let upgrade = Plan::new()
        .op(docs)
        .op(op::execute(
            "CREATE FULLTEXT INDEX ft_docs ON docs (title, body)",
        ))
        .op(op::create_index("ix_docs_title", "docs", ["title"]));
    let downgrade = Plan::new()
        .op(op::execute("DROP INDEX ft_docs ON docs"))
        .op(op::drop_table("docs"));
    let migrator = one_migration(db.url(), "e00000000000", upgrade, Some(downgrade));
    migrator.upgrade("head").await.expect("upgrade");
    let wanted = [(ObjectKind::Index, "ft_docs")];
    let found = assert_objects_everywhere(&migrator, &wanted).await;
    assert_eq!(
        plain_indexes(&found, "docs"),
        ["ix_docs_title"],
        "{found:#?}"
    );

    let (changes, _) = baseline(&migrator).await;
    migrator.downgrade("base").await.expect("downgrade");
    assert_baseline_makes_them(db.url(), &changes, &wanted).await;
    let types = db
        .strings("SELECT DISTINCT INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'ft_docs'")
        .await;
    assert_eq!(types, ["FULLTEXT"]);
}

/// The names of the indexes migrate's index describes on `table` of `schema`.
fn plain_indexes<'a>(schema: &'a Schema, table: &str) -> Vec<&'a str> {
    (schema.tables[table].indexes.iter())
        .map(|index| index.name.as_str())
        .collect()
}

backend_tests!(
    extensions_and_sequences_are_read_and_made_first,
    domains_and_other_types_are_read_and_made_first,
    indexes_and_constraints_it_does_not_describe_are_held_whole,
    full_text_indexes_are_held_whole
);
