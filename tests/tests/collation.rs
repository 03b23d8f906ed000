//! Column collations: declared by `Column::collation`, created on every database, read back
//! from PostgreSQL's and MySQL's catalogs (no drift; a column made without it is drift), kept
//! by a MySQL `MODIFY COLUMN`, and written into baselines. On MariaDB a JSON column (LONGTEXT
//! with MariaDB's `json_valid` check) reads back as JSON and a plain LONGTEXT as LONGTEXT.

use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{baseline, derived, drift_lines, one_migration};
use migrate_tests::{Backend, TestDb, backend_tests};

fn collation(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => "C",
        Backend::MySql => "utf8mb4_bin",
        Backend::Sqlite => "NOCASE",
    }
}

fn tags(backend: Backend) -> op::CreateTable {
    let mut table = op::create_table("tags")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("label", Type::Varchar(250)).collation(collation(backend)));
    if backend == Backend::MySql {
        table = table
            .column(Column::new("doc", Type::Json))
            .column(Column::new("body", Type::custom("LONGTEXT")));
    }
    table
}

async fn a_collation_is_created_and_read_back(db: &TestDb) {
    let backend = db.backend();
    let mut migrator = one_migration(
        db.url(),
        "c00000000000",
        Plan::new().op(tags(backend)),
        None,
    );
    migrator.upgrade("head").await.expect("upgrade");
    // The collation is in force: `a` and `A` are two keys (SQLite's NOCASE: one).
    db.execute("INSERT INTO tags (id, label) VALUES (1, 'a'), (2, 'A')")
        .await;
    let same = match backend {
        Backend::Sqlite => 2,
        Backend::Postgres | Backend::MySql => 1,
    };
    assert_eq!(
        db.count("SELECT count(*) FROM tags WHERE label = 'a'")
            .await,
        same
    );
    let found = migrator.database_schema().await.expect("catalog");
    let key = found
        .table("tags")
        .and_then(|t| t.column("label"))
        .expect("the column");
    if backend != Backend::Sqlite {
        assert_eq!(
            key.collation.as_deref(),
            Some(collation(backend)),
            "{key:?}"
        );
    }
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());

    // A baseline declares the collation; on MariaDB the JSON column as JSON and the
    // LONGTEXT one as LONGTEXT.
    let (_, source) = baseline(&migrator).await;
    if backend != Backend::Sqlite {
        let declared = format!(".collation({:?})", collation(backend));
        assert!(source.contains(&declared), "{source}");
    }
    if backend == Backend::MySql {
        assert!(
            source.contains(r#"Column::new("doc", Type::Json)"#),
            "{source}"
        );
        assert!(source.contains(r#"Type::custom("longtext")"#), "{source}");
    }

    if backend == Backend::MySql {
        // MODIFY COLUMN restates the column: its collation stays.
        let tighten = Plan::new().op(op::alter_column("tags", "label").nullable(false));
        let defs = Migrations::from_defs(vec![
            derived("c00000000000", &[], Plan::new().op(tags(backend))),
            derived("c00000000001", &["c00000000000"], tighten),
        ]);
        let later = Migrator::with_migrations(db.url(), &defs).expect("history");
        later.upgrade("head").await.expect("upgrade");
        let collations = db
            .strings("SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tags' AND COLUMN_NAME = 'label'")
            .await;
        assert_eq!(collations, ["utf8mb4_bin"]);
        assert_eq!(drift_lines(&later).await, Vec::<String>::new());
        migrator = later;
    }

    // Made by hand without it, it is drift (SQLite: not compared).
    if backend != Backend::Sqlite {
        db.execute("DROP TABLE tags").await;
        db.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(250))")
            .await;
        if backend == Backend::MySql {
            db.execute("ALTER TABLE tags ADD COLUMN doc JSON, ADD COLUMN body LONGTEXT")
                .await;
        }
        let drift = drift_lines(&migrator).await;
        assert!(
            drift
                .iter()
                .any(|line| line.starts_with("table `tags`: column `label` collation")),
            "{drift:#?}"
        );
    }
}

/// A new type keeps a text column's collation on MySQL (MODIFY restates it) and SQLite (the
/// rebuild does), and drops it on PostgreSQL (ALTER … TYPE takes the type's default); a
/// column that no longer holds text has none. The replay knows: no drift.
async fn a_new_type_and_the_collation(db: &TestDb) {
    let backend = db.backend();
    let create = op::create_table("codes")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("label", Type::Varchar(20)).collation(collation(backend)))
        .column(Column::new("number", Type::Varchar(20)).collation(collation(backend)));
    let retype = Plan::new()
        .op(op::alter_column("codes", "label").ty(Type::Varchar(40)))
        .op(op::alter_column("codes", "number")
            .ty(Type::Integer)
            .using("CAST(number AS INTEGER)"));
    let mut defs = vec![
        derived("c10000000000", &[], Plan::new().op(create)),
        derived("c10000000001", &["c10000000000"], retype),
    ];
    // Raw SQL is replayed by the database's rule: PostgreSQL's new type and MySQL's MODIFY
    // that does not say COLLATE both leave the default.
    let raw = match backend {
        Backend::Postgres => Some(
            "ALTER TABLE codes ADD COLUMN note VARCHAR(20) COLLATE \"C\"; ALTER TABLE codes ALTER COLUMN note TYPE VARCHAR(30)",
        ),
        Backend::MySql => Some(
            "ALTER TABLE codes ADD COLUMN note VARCHAR(20) COLLATE utf8mb4_bin; ALTER TABLE codes MODIFY COLUMN note VARCHAR(30)",
        ),
        Backend::Sqlite => None,
    };
    if let Some(raw) = raw {
        defs.push(derived(
            "c10000000002",
            &["c10000000001"],
            Plan::new().op(op::execute(raw)),
        ));
    }
    let defs = Migrations::from_defs(defs);
    let migrator = Migrator::with_migrations(db.url(), &defs).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let kept = match backend {
        Backend::Postgres => None,
        Backend::MySql | Backend::Sqlite => Some(collation(backend)),
    };
    let replayed = migrator.schema("head").expect("replay");
    let column = |name: &str| {
        replayed
            .table("codes")
            .and_then(|t| t.column(name))
            .cloned()
    };
    assert_eq!(column("label").and_then(|c| c.collation).as_deref(), kept);
    assert_eq!(column("number").and_then(|c| c.collation), None);
    if backend != Backend::Sqlite {
        let found = migrator.database_schema().await.expect("catalog");
        let label = found.table("codes").and_then(|t| t.column("label"));
        assert_eq!(
            label.and_then(|c| c.collation.as_deref()),
            kept,
            "{found:#?}"
        );
    }
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());
}

/// Undoing a new type gives the column its collation back: on PostgreSQL, where the new
/// type took the type's default, by saying it again (`TYPE … COLLATE`).
async fn a_derived_downgrade_gives_the_collation_back(db: &TestDb) {
    let backend = db.backend();
    let create = op::create_table("codes")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("label", Type::Varchar(20)).collation(collation(backend)));
    let retype = Plan::new().op(op::alter_column("codes", "label").ty(Type::Text));
    let defs = Migrations::from_defs([
        derived("c20000000000", &[], Plan::new().op(create)),
        derived("c20000000001", &["c20000000000"], retype),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &defs).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    migrator.downgrade("-1").await.expect("derived downgrade");
    if backend != Backend::Sqlite {
        let found = migrator.database_schema().await.expect("catalog");
        let label = found.table("codes").and_then(|t| t.column("label"));
        assert_eq!(
            label.and_then(|c| c.collation.as_deref()),
            Some(collation(backend)),
            "{found:#?}"
        );
    }
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());
}

/// What autogenerate writes from the catalog of `migrator`'s database to the same catalog
/// with every `version` column in `collation` (two catalogs, as an import compares them).
async fn with_collation(
    migrator: &Migrator,
    collation: &str,
) -> Vec<migrate_runtime::autogenerate::Change> {
    let before = migrator.database_schema().await.expect("catalog");
    let mut after = before.clone();
    for table in after.tables.values_mut() {
        for column in table.columns.iter_mut().filter(|c| c.name == "version") {
            column.collation = Some(collation.to_owned());
        }
    }
    let dialect = migrator.dialect();
    migrate_runtime::autogenerate::changes(
        &before.portable(dialect),
        &after.portable(dialect),
        &migrate_runtime::autogenerate::Renames::default(),
        dialect,
        &mut |_| Some(false),
    )
    .expect("changes")
}

/// A column's collation changed in place: autogenerate writes it (from two catalogs, as an
/// import does), the database runs it, the catalog has it with no drift, and the derived
/// downgrade gives the default back. SQLite keeps a collation in the table's text, which is
/// not compared: nothing is written there.
async fn a_collation_changed_in_place_is_written_run_and_reverted(db: &TestDb) {
    let backend = db.backend();
    let create = || {
        let create = op::create_table("versions")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("version", Type::Varchar(128)).not_null());
        derived("c30000000000", &[], Plan::new().op(create))
    };
    let made = Migrations::from_defs([create()]);
    let migrator = Migrator::with_migrations(db.url(), &made).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let changes = with_collation(&migrator, collation(backend)).await;
    if backend == Backend::Sqlite {
        assert!(changes.is_empty(), "{changes:?}");
        return;
    }
    let summaries: Vec<&str> = changes.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [format!(
            "changed column `versions.version`: collation the default to {}",
            collation(backend)
        )
        .as_str()]
    );
    let source = migrate_runtime::autogenerate::plan_source(&changes, &Default::default());
    assert!(
        source.contains(&format!(".collation(Some({:?}))", collation(backend))),
        "{source}"
    );
    let defs = Migrations::from_defs([
        create(),
        derived(
            "c30000000001",
            &["c30000000000"],
            migrate_tests::fixture::plan_of(&changes),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &defs).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let found = migrator.database_schema().await.expect("catalog");
    let column = found.table("versions").and_then(|t| t.column("version"));
    assert_eq!(
        column.and_then(|c| c.collation.as_deref()),
        Some(collation(backend))
    );
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());
    migrator.downgrade("-1").await.expect("derived downgrade");
    let found = migrator.database_schema().await.expect("catalog");
    let column = found.table("versions").and_then(|t| t.column("version"));
    assert_eq!(column.and_then(|c| c.collation.as_deref()), None);
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());
}

/// MySQL refuses to change a column a foreign key uses: autogenerate drops the key first and
/// makes it again after (as MLflow's revision that makes its versions case-sensitive does).
async fn a_key_on_a_column_whose_collation_changes_is_made_again(db: &TestDb) {
    let backend = db.backend();
    if backend == Backend::Sqlite {
        return;
    }
    let version = || Column::new("version", Type::Varchar(128)).not_null();
    let create = Plan::new()
        .op(op::create_table("versions")
            .column(version())
            .primary_key(["version"]))
        .op(op::create_table("tags")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(version())
            .foreign_key(ForeignKey::new(["version"], "versions", ["version"])));
    let first = derived("c40000000000", &[], create);
    let migrator =
        Migrator::with_migrations(db.url(), &Migrations::from_defs([first])).expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    db.execute("INSERT INTO versions (version) VALUES ('v1')")
        .await;
    db.execute("INSERT INTO tags (id, version) VALUES (1, 'v1')")
        .await;
    let changes = with_collation(&migrator, collation(backend)).await;
    let summaries: Vec<&str> = changes.iter().map(|c| c.summary.as_str()).collect();
    if backend == Backend::MySql {
        assert!(
            summaries
                .first()
                .is_some_and(|s| s.starts_with("dropped foreign key"))
                && summaries
                    .last()
                    .is_some_and(|s| s.starts_with("added foreign key")),
            "{summaries:?}"
        );
    }
    let defs = Migrations::from_defs([
        first,
        derived(
            "c40000000001",
            &["c40000000000"],
            migrate_tests::fixture::plan_of(&changes),
        ),
    ]);
    let migrator = Migrator::with_migrations(db.url(), &defs).expect("history");
    migrator
        .upgrade("head")
        .await
        .expect("upgrade with the key made again");
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());
    assert_eq!(db.count("SELECT COUNT(*) FROM tags").await, 1);
    migrator.downgrade("-1").await.expect("derived downgrade");
    assert_eq!(drift_lines(&migrator).await, Vec::<String>::new());
}

backend_tests!(
    a_key_on_a_column_whose_collation_changes_is_made_again,
    a_collation_changed_in_place_is_written_run_and_reverted,
    a_collation_is_created_and_read_back,
    a_new_type_and_the_collation,
    a_derived_downgrade_gives_the_collation_back
);
