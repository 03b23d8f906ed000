//! The test that keeps the replay honest: random sequences of schema ops (chosen against the
//! replayed schema, so that each fits), run online migration by migration on each database;
//! after every one, the catalog equals the replayed schema (no drift). Then everything is
//! reverted with derived downgrades, checked the same way, down to an empty database. The
//! history's offline script, run by the database's own client, gives the same catalog. The
//! ops use the schema's vocabulary: identity keys, generated columns, defaults (quotes and
//! backslashes included), collations, comments on tables and columns, named and deferrable
//! foreign keys, named unique constraints, indexes with descending keys, NULLS FIRST,
//! INCLUDE columns and expressions, and on PostgreSQL tables in a schema of their own. The
//! head written as models (one per table, with its indexes) matches the history:
//! autogenerate finds nothing.

use migrate_runtime::model::{ModelTable, Models};
use migrate_runtime::op::Op;
use migrate_runtime::prelude::*;
use migrate_runtime::schema::ConstraintKind;
use migrate_runtime::state::Schema;
use migrate_runtime::{Dialect, Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb};
use proptest::prelude::*;

/// The PostgreSQL schema other than the current one that some tables are made in.
const AUX_SCHEMA: &str = "aux";

/// Column types every database has.
fn column_type(choice: u8) -> Type {
    match choice % 9 {
        0 => Type::Integer,
        1 => Type::BigInt,
        2 => Type::Varchar(30),
        3 => Type::Text,
        4 => Type::Boolean,
        5 => Type::Date,
        6 => Type::Timestamp,
        7 => Type::numeric(10, 2),
        _ => Type::Uuid,
    }
}

/// A default for a column of `ty`, chosen by `choice`; none for types without a portable one.
fn default_for(ty: &Type, choice: u8) -> Option<DefaultValue> {
    match ty {
        Type::Integer | Type::BigInt => Some(DefaultValue::from(i64::from(choice) - 100)),
        Type::Varchar(_) => Some(DefaultValue::from(match choice % 3 {
            0 => "plain",
            1 => "it's",
            _ => r#"back\slash "q""#,
        })),
        Type::Boolean => Some(DefaultValue::from(choice.is_multiple_of(2))),
        _ => None,
    }
}

/// A collation of `dialect` that differs from its default.
fn collation(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "C",
        Dialect::MySql => "utf8mb4_bin",
        Dialect::Sqlite => "NOCASE",
    }
}

/// A new column for `ty` chosen by `choice`: some have a default, a comment or a collation.
fn new_column(name: String, ty: Type, choice: u8, dialect: Dialect) -> Column {
    let mut column = Column::new(name, ty.clone());
    if choice.is_multiple_of(3)
        && let Some(default) = default_for(&ty, choice)
    {
        column = column.default(default);
    }
    if choice % 5 == 1 {
        column = column.comment(format!("the column's 'note' {choice}"));
    }
    if choice % 7 == 2 && matches!(ty, Type::Varchar(_) | Type::Text) {
        column = column.collation(collation(dialect));
    }
    column
}

/// The op chosen by `choice` that fits `schema` on `dialect` (a new foreign key comes with
/// its column), named with `serial` for uniqueness.
fn next_ops(schema: &Schema, choice: (u8, u8, u8), serial: usize, dialect: Dialect) -> Vec<Op> {
    let (kind, pick, ty) = choice;
    let tables: Vec<&str> = schema.tables.keys().map(String::as_str).collect();
    if tables.is_empty() || kind % 16 == 0 {
        // Some keys are identity columns; some tables have a generated column.
        let id = match pick % 2 {
            0 => Column::new("id", Type::BigInt).identity(),
            _ => Column::new("id", Type::BigInt),
        };
        // On PostgreSQL, some tables are in a schema of their own.
        let name = match (dialect, serial % 3) {
            (Dialect::Postgres, 0) => format!("{AUX_SCHEMA}.t{serial}"),
            _ => format!("t{serial}"),
        };
        let mut table = op::create_table(name).column(id.primary_key());
        for extra in 0..=(pick % 3) {
            let name = format!("c{serial}_{extra}");
            let column_type = column_type(ty.wrapping_add(extra));
            table = table.column(new_column(name, column_type, pick ^ extra, dialect));
        }
        // (MySQL computes nothing from an AUTO_INCREMENT column.)
        if ty % 3 == 0 && pick % 2 == 1 {
            table =
                table.column(Column::new(format!("g{serial}"), Type::BigInt).generated("id * 2"));
        }
        if ty % 4 == 1 {
            table = table.comment(format!("table {serial}: it's commented"));
        }
        return vec![table.into()];
    }
    let table = schema
        .table(tables[usize::from(pick) % tables.len()])
        .expect("a table");
    let used = |column: &str| {
        let named = |columns: &[String]| columns.iter().any(|c| c == column);
        table.indexes.iter().any(|i| {
            named(&i.columns) || named(&i.include) || i.columns.iter().any(|c| c.contains(column))
        }) || table.uniques.iter().any(|u| named(&u.columns))
            || table.foreign_keys.iter().any(|k| named(&k.columns))
            || table.checks.iter().any(|c| c.condition.contains(column))
    };
    let plain: Vec<&str> = table
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|c| *c != "id" && !used(c))
        // A generated column goes with its table.
        .filter(|c| table.column(c).is_some_and(|c| c.generated.is_none()))
        .collect();
    let strings: Vec<&str> = (plain.iter().copied())
        .filter(|c| {
            table
                .column(c)
                .is_some_and(|c| matches!(c.ty, Type::Varchar(_)))
        })
        .collect();
    let pick_of = |columns: &[&str]| columns[usize::from(ty) % columns.len()].to_owned();
    let op: Op = match kind % 16 {
        1 | 2 => op::add_column(
            &table.name,
            new_column(format!("c{serial}"), column_type(ty), pick, dialect),
        )
        .into(),
        3 if !plain.is_empty() => op::drop_column(&table.name, pick_of(&plain)).into(),
        4 if !plain.is_empty() => {
            let column = pick_of(&plain);
            let mut index = op::create_index(format!("ix_{serial}"), &table.name, [&column]);
            if ty % 2 == 0 {
                index = index.unique();
            }
            if ty % 3 == 0 {
                index = index.descending(&column);
            }
            if ty % 5 == 1 {
                index = index.nulls_first(&column, ty % 2 == 1);
            }
            if ty % 7 == 3
                && let Some(other) = plain.iter().find(|other| **other != column)
            {
                index = index.include([*other]);
            }
            index.into()
        }
        5 if !table.indexes.is_empty() => {
            let index = &table.indexes[usize::from(ty) % table.indexes.len()];
            op::drop_index(&index.name).on(&table.name).into()
        }
        6 if !plain.is_empty() => {
            let column = table.column(&pick_of(&plain)).expect("a column");
            op::alter_column(&table.name, &column.name)
                .nullable(!column.nullable)
                .into()
        }
        7 if !plain.is_empty() => op::alter_column(&table.name, pick_of(&plain))
            .ty(Type::Text)
            .into(),
        8 if !plain.is_empty() => {
            let column = pick_of(&plain);
            // Not on `id`: MySQL checks nothing of an AUTO_INCREMENT column.
            let condition = format!("{column} IS NULL OR {column} IS NOT NULL");
            op::create_check_constraint(format!("ck_{serial}"), &table.name, condition).into()
        }
        9 if !table.checks.is_empty() => {
            let check = &table.checks[usize::from(ty) % table.checks.len()];
            let name = check.name.clone().expect("named");
            op::drop_constraint(name, &table.name)
                .kind(ConstraintKind::Check)
                .into()
        }
        10 if !plain.is_empty() => {
            let column = pick_of(&plain);
            op::create_unique_constraint(format!("uq_{serial}"), &table.name, [column]).into()
        }
        11 => {
            // A key to another table (or this one), sometimes deferrable.
            let referred = tables[usize::from(ty) % tables.len()];
            let column = format!("r{serial}");
            let mut key = op::create_foreign_key(
                format!("fk_{serial}"),
                &table.name,
                [&column],
                referred,
                ["id"],
            );
            match ty % 3 {
                0 => key = key.deferrable(),
                1 => key = key.initially_deferred(),
                _ => {}
            }
            // The column first, in the same migration as its key.
            let column = op::add_column(&table.name, Column::new(column, Type::BigInt));
            return vec![column.into(), key.into()];
        }
        12 if dialect != Dialect::MySql && !strings.is_empty() => {
            // MariaDB has no index on an expression.
            let column = pick_of(&strings);
            let key = format!("(lower({column}))");
            op::create_index(format!("ix_{serial}"), &table.name, [key]).into()
        }
        13 => op::comment_on_table(
            &table.name,
            (ty % 2 == 0).then_some("a comment with 'quotes'"),
        )
        .into(),
        14 if !table.foreign_keys.is_empty() => {
            let key = &table.foreign_keys[usize::from(ty) % table.foreign_keys.len()];
            let name = key.name.clone().expect("named");
            op::drop_constraint(name, &table.name)
                .kind(ConstraintKind::ForeignKey)
                .into()
        }
        _ => op::add_column(
            &table.name,
            new_column(format!("c{serial}"), column_type(ty), pick, dialect),
        )
        .into(),
    };
    vec![op]
}

/// Migrations of one to three ops each, every op fitting the schema the earlier ones built.
fn history(choices: &[Vec<(u8, u8, u8)>], dialect: Dialect) -> (Migrations, Vec<String>) {
    let mut schema = Schema::default();
    let mut defs = Vec::new();
    let mut revisions: Vec<String> = Vec::new();
    if dialect == Dialect::Postgres {
        let create = format!("CREATE SCHEMA {AUX_SCHEMA}");
        schema
            .apply_for(&op::execute(create.clone()).into(), dialect)
            .expect("a schema");
        let revision = "d00000000000".to_owned();
        defs.push(leak(
            &revision,
            &[],
            Fixed {
                upgrade: Plan::new().op(op::execute(create)),
                downgrade: Some(Plan::new().op(op::execute(format!("DROP SCHEMA {AUX_SCHEMA}")))),
            },
        ));
        revisions.push(revision);
    }
    let mut serial = 0;
    for ops in choices {
        let mut plan = Plan::new();
        for &choice in ops {
            serial += 1;
            for op in next_ops(&schema, choice, serial, dialect) {
                schema
                    .apply_for(&op, dialect)
                    .expect("the generator keeps to the schema");
                plan = plan.op(op);
            }
        }
        let revision = format!("e{:011}", revisions.len());
        let parents: Vec<&str> = revisions.last().map(String::as_str).into_iter().collect();
        defs.push(leak(
            &revision,
            &parents,
            Fixed {
                upgrade: plan,
                downgrade: None,
            },
        ));
        revisions.push(revision);
    }
    (Migrations::from_defs(defs), revisions)
}

/// `schema` written as models: each table as its `CREATE TABLE` with its indexes.
fn models_of(schema: &Schema) -> Models {
    Models::from_tables(schema.tables.values().map(|table| {
        let mut ops = table.creation_ops().into_iter();
        let Some(Op::CreateTable(create)) = ops.next() else {
            panic!("a table's first op creates it: {table:?}");
        };
        ops.fold(ModelTable::new(&table.name, create), |model, op| match op {
            Op::CreateIndex(index) => model.index(index),
            _ => model,
        })
    }))
}

async fn check(backend: Backend, choices: Vec<Vec<(u8, u8, u8)>>) -> Result<(), TestCaseError> {
    let Some(db) = TestDb::create(backend).await else {
        return Ok(());
    };
    let (migrations, revisions) = history(&choices, migrate_tests::alembic::dialect(&db));
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    for revision in &revisions {
        if let Err(error) = migrator.upgrade(revision).await {
            return Err(TestCaseError::fail(format!(
                "upgrade to {revision}: {error}"
            )));
        }
        let drift = migrator
            .drift()
            .await
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(drift.is_empty(), "at {revision}: {drift:#?}");
    }
    let dialect = migrator.dialect();
    let head = migrations
        .head_schema(dialect)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let changes = migrations
        .model_changes(&models_of(&head), dialect, &mut |_| None)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(changes.is_empty(), "the head as models: {changes:#?}");
    offline_script_gives_the_same_catalog(&db, &migrations).await?;
    for _ in &revisions {
        if let Err(error) = migrator.downgrade("-1").await {
            return Err(TestCaseError::fail(format!("derived downgrade: {error}")));
        }
        let drift = migrator
            .drift()
            .await
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(drift.is_empty(), "after a derived downgrade: {drift:#?}");
    }
    Ok(())
}

/// The history's offline script, complete (nothing left as a comment) and run by the
/// database's own client on a fresh database, gives the catalog of the online run (`db`, at
/// head); its downgrade script empties it again.
async fn offline_script_gives_the_same_catalog(
    db: &TestDb,
    migrations: &Migrations,
) -> Result<(), TestCaseError> {
    let Some(offline) = TestDb::create(db.backend()).await else {
        return Ok(());
    };
    let migrator = Migrator::with_migrations(offline.url(), migrations).expect("history");
    let dialect = migrator.dialect();
    let fail = |e: migrate_runtime::Error| TestCaseError::fail(e.to_string());
    let upgrade = migrator.upgrade_sql("head", dialect).map_err(fail)?;
    prop_assert!(upgrade.unrendered.is_empty(), "{:?}", upgrade.unrendered);
    let downgrade = migrator.downgrade_sql("head:base", dialect).map_err(fail)?;
    prop_assert!(
        downgrade.unrendered.is_empty(),
        "{:?}",
        downgrade.unrendered
    );
    if !offline.run_with_client(&upgrade.text) {
        return Ok(());
    }
    prop_assert_eq!(
        offline.schema().await.user_tables(),
        db.schema().await.user_tables(),
        "{}",
        upgrade.text
    );
    prop_assert!(offline.run_with_client(&downgrade.text));
    prop_assert!(offline.schema().await.user_tables().tables.is_empty());
    Ok(())
}

fn choices() -> impl Strategy<Value = Vec<Vec<(u8, u8, u8)>>> {
    let op = (any::<u8>(), any::<u8>(), any::<u8>());
    proptest::collection::vec(proptest::collection::vec(op, 1..=3), 1..=5)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn sqlite_catalog_equals_the_replay_after_every_migration(choices in choices()) {
        migrate_tests::block_on(check(Backend::Sqlite, choices))?;
    }

    #[test]
    fn postgres_catalog_equals_the_replay_after_every_migration(choices in choices()) {
        migrate_tests::block_on(check(Backend::Postgres, choices))?;
    }

    #[test]
    fn mysql_catalog_equals_the_replay_after_every_migration(choices in choices()) {
        migrate_tests::block_on(check(Backend::MySql, choices))?;
    }
}
