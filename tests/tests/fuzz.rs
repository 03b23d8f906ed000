//! Property tests of what users type: targets and URLs never panic and say what is wrong;
//! identifiers with quotes, semicolons and comment markers round-trip through real databases.

use migrate_runtime::Target;
use migrate_runtime::prelude::*;
use migrate_runtime::{DatabaseUrl, Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_parses_to_a_target_or_an_error(text in "\\PC{0,24}") {
        if let Ok(target) = text.parse::<Target>() {
            prop_assert_eq!(target.to_string().parse::<Target>(), Ok(target));
        }
    }

    #[test]
    fn target_shaped_text_round_trips(text in "([a-z0-9_]{1,8}(@(head|base|[0-9a-f]{1,6}))?|[+-][1-9][0-9]{0,2}|[a-f0-9]{2,6}[+-][1-9])") {
        let target = text.parse::<Target>();
        prop_assert!(target.is_ok(), "{text:?}: {target:?}");
        prop_assert_eq!(target.map(|t| t.to_string()), Ok(text));
    }

    #[test]
    fn any_url_parses_or_says_why_without_the_password(user in "[a-z]{1,6}", secret in "[A-Za-z0-9]{8,12}", rest in "\\PC{0,24}") {
        for scheme in ["postgres", "mysql", "sqlite", "oracle", ""] {
            let url = format!("{scheme}://{user}:{secret}@{rest}");
            if let Err(error) = url.parse::<DatabaseUrl>() {
                prop_assert!(!error.to_string().contains(&secret), "{error}");
            }
        }
    }
}

/// Names with quotes, semicolons, comment markers, backslashes and unicode.
fn awkward_name() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 '\";`\\-/*#\\\\é✓]{1,16}".prop_map(|name| {
        // MySQL refuses names that end in a space; every database refuses an empty one.
        let name = name.trim_end().to_owned();
        if name.is_empty() {
            "x".to_owned()
        } else {
            name
        }
    })
}

async fn round_trip(backend: Backend, table: String, column: String) -> Result<(), TestCaseError> {
    let Some(db) = TestDb::create(backend).await else {
        return Ok(());
    };
    let create = op::create_table(table.clone())
        .column(Column::new(column.clone(), Type::Varchar(20)).default("d'; --"))
        .column(Column::new("id", Type::Integer));
    let plan = Plan::new()
        .op(create)
        .op(op::create_index(
            format!("ix {table}"),
            table.clone(),
            [column.clone()],
        ))
        .op(op::bulk_insert(table.clone(), [column.as_str(), "id"]).row((column.as_str(), 1)));
    let migration = Fixed {
        upgrade: plan,
        downgrade: Some(Plan::new().op(op::drop_table(table.clone()))),
    };
    let migrations = Migrations::from_defs([leak("a10000000001", &[], migration)]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator
        .upgrade("head")
        .await
        .map_err(|e| TestCaseError::fail(format!("upgrade: {e}")))?;
    let schema = db.schema().await;
    let created = schema.tables.get(&table);
    prop_assert!(
        created.is_some(),
        "table {table:?} in {:?}",
        schema.table_names()
    );
    let created = created.expect("checked");
    prop_assert!(created.column(&column).is_some(), "column {column:?}");
    prop_assert!(
        created.indexes.contains_key(&format!("ix {table}")),
        "index of {table:?}"
    );
    migrator
        .downgrade("base")
        .await
        .map_err(|e| TestCaseError::fail(format!("downgrade: {e}")))?;
    prop_assert!(!db.schema().await.tables.contains_key(&table));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn awkward_identifiers_round_trip_through_every_database(table in awkward_name(), column in awkward_name()) {
        prop_assume!(!table.eq_ignore_ascii_case("migrate_version") && !table.eq_ignore_ascii_case("migrate_history"));
        prop_assume!(!column.eq_ignore_ascii_case("id"));
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        for backend in [Backend::Sqlite, Backend::Postgres, Backend::MySql] {
            runtime.block_on(round_trip(backend, table.clone(), column.clone()))?;
        }
    }
}
