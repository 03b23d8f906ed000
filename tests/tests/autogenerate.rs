//! Autogenerate end to end on each database: models declared with `#[derive(Model)]`, the
//! changes found against the history's head, run as a migration; then the catalog has no
//! drift from the history, the models match it on every dialect, and the derived downgrade
//! brings the database back. Renames declared with `renamed_from` keep the rows.

// The models' fields are columns, read by nothing in this test.
#![allow(dead_code)]

use migrate_runtime::autogenerate::{self, AutogenerateError, Renames};
use migrate_runtime::model::{Model, ModelEnum, ModelTable, Models};
use migrate_runtime::prelude::*;
use migrate_runtime::{Dialect, Migrations, Migrator, NamingConvention, testing};
use migrate_tests::fixture::{Fixed, derived, leak, plan_of};
use migrate_tests::{TestDb, backend_tests};
use rust_decimal::Decimal;

mod first {
    use super::*;

    #[derive(Model)]
    #[model(table = "teams")]
    pub struct Team {
        #[column(primary_key)]
        pub id: i64,
        #[column(len = 80, unique)]
        pub name: String,
    }

    #[derive(Model)]
    #[model(table = "users", index(team_id, email))]
    pub struct User {
        #[column(primary_key)]
        pub id: i64,
        #[column(len = 255)]
        pub email: String,
        #[column(references = "teams.id", on_delete = "cascade")]
        pub team_id: Option<i64>,
        #[column(default = 0)]
        pub score: i32,
        #[column(default = true)]
        pub active: bool,
        pub bio: Option<String>,
    }

    pub fn models() -> Models {
        Models::from_tables([Team::table(), User::table()])
    }
}

mod second {
    use super::*;

    /// `teams` renamed.
    #[derive(Model)]
    #[model(table = "groups", renamed_from = "teams")]
    pub struct Group {
        #[column(primary_key)]
        pub id: i64,
        #[column(len = 80, unique)]
        pub name: String,
        #[column(comment = "shown on the group's page")]
        pub motto: Option<String>,
    }

    #[derive(Model)]
    #[model(table = "users", index(team_id, email))]
    pub struct User {
        #[column(primary_key)]
        pub id: i64,
        /// Longer.
        #[column(len = 320)]
        pub email: String,
        #[column(references = "groups.id", on_delete = "cascade")]
        pub team_id: Option<i64>,
        /// `score` renamed.
        #[column(default = 0, renamed_from = "score")]
        pub points: i32,
        pub bio: Option<String>,
        /// New; `active` is gone.
        #[column(len = 20, index)]
        pub phone: Option<String>,
    }

    #[derive(Model)]
    #[model(
        table = "orders",
        check(sql = "total >= 0"),
        index(user_id, open, name = "ix_orders_open")
    )]
    pub struct Order {
        #[column(primary_key)]
        pub id: i64,
        #[column(references = "users.id")]
        pub user_id: i64,
        #[column(precision = 10, scale = 2, default = 0)]
        pub total: Decimal,
        #[column(default = true)]
        pub open: bool,
        pub status: OrderStatus,
    }

    #[derive(ModelEnum)]
    pub enum OrderStatus {
        Placed,
        #[model_enum(rename = "paid-in-full")]
        Paid,
        Shipped,
    }

    /// A second table of the same enum type.
    #[derive(Model)]
    #[model(table = "refunds")]
    pub struct Refund {
        #[column(primary_key)]
        pub id: i64,
        pub status: OrderStatus,
    }

    pub fn models() -> Models {
        Models::from_tables([
            Group::table(),
            User::table(),
            Order::table(),
            Refund::table(),
        ])
    }
}

/// The migrations so far, and the next one: the changes to `models` with no written downgrade.
fn next(
    db: &TestDb,
    defs: &[&'static MigrationDef],
    revision: &str,
    models: &Models,
) -> Vec<&'static MigrationDef> {
    let migrations = Migrations::from_defs(defs.to_vec());
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    let changes = migrations
        .model_changes(models, migrator.dialect(), &mut |_| None)
        .expect("the changes");
    assert!(!changes.is_empty(), "the models differ from the history");
    let plan = plan_of(&changes);
    let down = defs.last().map(|def| def.revision());
    let mut out = defs.to_vec();
    out.push(leak(
        revision,
        &down.into_iter().collect::<Vec<_>>(),
        Fixed {
            upgrade: plan,
            downgrade: None,
        },
    ));
    out
}

async fn generated_migrations_bring_the_database_to_the_models(db: &TestDb) {
    let base = leak(
        "a00000000000",
        &[],
        Fixed {
            upgrade: Plan::new(),
            downgrade: Some(Plan::new()),
        },
    );
    let one = next(db, &[base], "a00000000001", &first::models());
    let migrations = Migrations::from_defs(one.clone());
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator
        .upgrade("head")
        .await
        .expect("the first generated migration");
    assert_eq!(migrator.drift().await.expect("drift"), Vec::new());
    let left = testing::model_differences(&migrations, &first::models()).expect("compared");
    assert!(left.is_empty(), "the first models still differ: {left:#?}");
    db.execute("INSERT INTO teams (id, name) VALUES (1, 'core')")
        .await;
    db.execute("INSERT INTO users (id, email, team_id, score) VALUES (1, 'a@example.com', 1, 7)")
        .await;

    let two = next(db, &one, "a00000000002", &second::models());
    let migrations = Migrations::from_defs(two);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator
        .upgrade("head")
        .await
        .expect("the second generated migration");
    assert_eq!(migrator.drift().await.expect("drift"), Vec::new());
    let left = testing::model_differences(&migrations, &second::models()).expect("compared");
    assert!(left.is_empty(), "the second models still differ: {left:#?}");
    // The catalog read back in portable types is what the models declare.
    let dialect = migrator.dialect();
    let live = migrate_runtime::read_database(db.url(), "migrate_version")
        .await
        .expect("the catalog")
        .portable(dialect);
    let mut declared = second::models()
        .schema(&NamingConvention::default(), dialect)
        .expect("the models");
    if dialect == Dialect::Sqlite {
        // SQLite has no comments in its catalog (migrate writes them as SQL comments).
        for column in declared
            .tables
            .values_mut()
            .flat_map(|t| t.columns.iter_mut())
        {
            column.comment = None;
        }
    }
    let left = autogenerate::changes(&live, &declared, &Renames::default(), dialect, &mut |_| {
        None
    })
    .expect("compared");
    assert_eq!(left, Vec::new(), "the catalog read back against the models");
    // Renames keep the rows.
    assert_eq!(db.count("SELECT COUNT(*) FROM groups").await, 1);
    assert_eq!(db.count("SELECT points FROM users WHERE id = 1").await, 7);

    migrator
        .downgrade("-1")
        .await
        .expect("the derived downgrade");
    assert_eq!(migrator.drift().await.expect("drift"), Vec::new());
    assert_eq!(db.count("SELECT score FROM users WHERE id = 1").await, 7);
    assert_eq!(db.count("SELECT COUNT(*) FROM teams").await, 1);
}

fn schema_of(models: &Models) -> migrate_runtime::state::Schema {
    models
        .schema(&NamingConvention::default(), Dialect::Postgres)
        .expect("the models make a schema")
}

#[test]
fn models_against_their_own_schema_find_nothing() {
    for models in [first::models(), second::models()] {
        let schema = schema_of(&models);
        let changes = autogenerate::changes(
            &schema,
            &schema,
            &Renames::of(&models),
            Dialect::Postgres,
            &mut |_| None,
        )
        .expect("compared");
        assert_eq!(changes, Vec::new());
    }
}

#[test]
fn an_undeclared_rename_is_refused_naming_the_pair() {
    #[derive(Model)]
    #[model(table = "users")]
    struct Before {
        #[column(primary_key)]
        id: i64,
        nick: Option<String>,
    }
    #[derive(Model)]
    #[model(table = "users")]
    struct After {
        #[column(primary_key)]
        id: i64,
        nickname: Option<String>,
    }
    let before = schema_of(&Models::from_tables([Before::table()]));
    let after = schema_of(&Models::from_tables([After::table()]));
    let refused = autogenerate::changes(
        &before,
        &after,
        &Renames::default(),
        Dialect::Postgres,
        &mut |_| None,
    )
    .expect_err("refused");
    let AutogenerateError::Ambiguous(pair) = &refused else {
        panic!("not the ambiguity: {refused}");
    };
    assert_eq!(
        (pair.dropped.as_str(), pair.added.as_str()),
        ("nick", "nickname")
    );
    let message = refused.to_string();
    assert!(message.contains("renamed_from = \"nick\""), "{message}");
    // Told it is a rename, it renames; told it is not, it drops and adds.
    let renamed = autogenerate::changes(
        &before,
        &after,
        &Renames::default(),
        Dialect::Postgres,
        &mut |_| Some(true),
    )
    .expect("renamed");
    let summaries: Vec<&str> = renamed.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(
        summaries,
        ["renamed column `users.nick` to `users.nickname`"]
    );
    let replaced = autogenerate::changes(
        &before,
        &after,
        &Renames::default(),
        Dialect::Postgres,
        &mut |_| Some(false),
    )
    .expect("replaced");
    let summaries: Vec<(&str, bool)> = replaced
        .iter()
        .map(|c| (c.summary.as_str(), c.destructive))
        .collect();
    assert_eq!(
        summaries,
        [
            ("added column `users.nickname`", false),
            ("dropped column `users.nick`", true)
        ]
    );
}

#[test]
fn new_tables_come_before_the_keys_that_refer_to_them_and_drops_last() {
    let empty = migrate_runtime::state::Schema::default();
    let second = schema_of(&second::models());
    let changes = autogenerate::changes(
        &empty,
        &second,
        &Renames::default(),
        Dialect::Postgres,
        &mut |_| None,
    )
    .expect("compared");
    let summaries: Vec<&str> = changes.iter().map(|c| c.summary.as_str()).collect();
    let position = |text: &str| {
        summaries
            .iter()
            .position(|s| *s == text)
            .unwrap_or(usize::MAX)
    };
    assert!(
        position("added table `groups`") < position("added table `users`"),
        "{summaries:#?}"
    );
    assert!(
        position("added table `users`") < position("added table `orders`"),
        "{summaries:#?}"
    );
    let back = autogenerate::changes(
        &second,
        &empty,
        &Renames::default(),
        Dialect::Postgres,
        &mut |_| None,
    )
    .expect("compared");
    let summaries: Vec<&str> = back.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "dropped table `orders`",
            "dropped table `refunds`",
            "dropped table `users`",
            "dropped table `groups`"
        ]
    );
    assert!(back.iter().all(|c| c.destructive));
}

/// The Rust written for the changes from the first models to the second is the compile-pass
/// case `ui-tests/tests/pass/autogenerated.rs` (between its markers), which compiles it and
/// checks that it builds the same ops.
#[test]
fn the_written_source_is_the_compiled_pass_case() {
    let before = schema_of(&first::models());
    let after = schema_of(&second::models());
    let changes = autogenerate::changes(
        &before,
        &after,
        &Renames::of(&second::models()),
        Dialect::Postgres,
        &mut |_| None,
    )
    .expect("compared");
    let source = autogenerate::plan_source(&changes, &NamingConvention::default());
    let case = include_str!("../../ui-tests/tests/pass/autogenerated.rs");
    let (_, written) = case
        .split_once("// --- written by autogenerate ---\n")
        .unwrap_or_default();
    let (written, _) = written.split_once("\n// --- end ---").unwrap_or_default();
    assert_eq!(written, source);
    let ops: Vec<String> = changes.iter().map(|c| c.op.to_string()).collect();
    let (_, listed) = case.split_once("const OPS: &str = ").unwrap_or_default();
    let (listed, _) = listed.split_once(";\n").unwrap_or_default();
    assert_eq!(
        listed,
        format!("{:?}", ops.join("; ")),
        "the ops the case checks"
    );
}

/// A baseline from a live database: the example history run on one database, its catalog read
/// back in portable types, and the ops autogenerate writes for it run on a fresh database;
/// both catalogs are the same, and the baseline's own history has no drift.
async fn a_baseline_from_a_database_rebuilds_its_catalog(db: &TestDb) {
    let example = migrations::migrations();
    let migrator = Migrator::with_migrations(db.url(), &example).expect("history");
    migrator.upgrade("head").await.expect("the example history");
    let dialect = migrator.dialect();
    let live = migrate_runtime::read_database(db.url(), "migrate_version")
        .await
        .expect("the catalog")
        .portable(dialect);
    let users = live.table("users").expect("users");
    assert_eq!(
        users.column("email").map(|c| &c.ty),
        Some(&Type::Varchar(255))
    );
    let products = live.table("products").expect("products");
    assert_eq!(products.column("id").map(|c| &c.ty), Some(&Type::BigSerial));
    assert_eq!(
        products.column("price").map(|c| &c.ty),
        Some(&Type::numeric(10, 2))
    );
    let changes = autogenerate::changes(
        &migrate_runtime::state::Schema::default(),
        &live,
        &Renames::default(),
        dialect,
        &mut |_| Some(false),
    )
    .expect("the baseline");
    let baseline = plan_of(&changes);
    let Some(fresh) = TestDb::create(db.backend()).await else {
        return;
    };
    let history = Migrations::from_defs([leak(
        "ba5e00000001",
        &[],
        Fixed {
            upgrade: baseline,
            downgrade: None,
        },
    )]);
    let adopted = Migrator::with_migrations(fresh.url(), &history).expect("baseline history");
    adopted.upgrade("head").await.expect("the baseline runs");
    assert_eq!(adopted.drift().await.expect("drift"), Vec::new());
    assert_eq!(
        fresh.schema().await.user_tables(),
        db.schema().await.user_tables()
    );
}

/// Values added to an enum: one `op::alter_enum`, whichever database was compared, that runs
/// on each (PostgreSQL `ALTER TYPE … ADD VALUE` before the value each precedes, elsewhere each
/// column's type changed); the database then takes the new values, has no drift, and the
/// models match. Its derived downgrade takes the values out again where the database can
/// (MySQL, SQLite) and is refused on PostgreSQL, which cannot.
async fn values_added_to_an_enum_are_added_in_place(db: &TestDb) {
    let state = |values: &[&str]| Type::enumeration("ticket_state", values.iter().copied());
    let tickets = |values: &[&str]| {
        op::create_table("tickets")
            .column(Column::new("id", Type::BigInt).primary_key())
            .column(Column::new("state", state(values)).not_null())
    };
    let first = leak(
        "c00000000001",
        &[],
        Fixed {
            upgrade: Plan::new().op(tickets(&["open", "closed"])),
            downgrade: None,
        },
    );
    let migrations = Migrations::from_defs([first]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("the first migration");
    let models = Models::from_tables([ModelTable::new(
        "Ticket",
        tickets(&["open", "pending", "closed", "archived"]),
    )]);
    let changes = migrations
        .model_changes(&models, migrator.dialect(), &mut |_| None)
        .expect("the changes");
    let source = autogenerate::plan_source(&changes, &NamingConvention::default());
    let expected = "Plan::new()\n.op(op::alter_enum(\"ticket_state\")\n\
        .existing([\"open\", \"closed\"])\n.add_value_before(\"pending\", \"closed\")\n\
        .add_value(\"archived\")\n.column(\"tickets\", \"state\"))";
    assert_eq!(source, expected);
    let plan = plan_of(&changes);
    for dialect in [Dialect::Postgres, Dialect::MySql, Dialect::Sqlite] {
        migrations
            .runs_on(&plan, &[dialect])
            .expect("runs everywhere");
    }
    let second = derived("c00000000002", &["c00000000001"], plan);
    let migrations = Migrations::from_defs([first, second]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator.upgrade("head").await.expect("the values added");
    assert_eq!(migrator.drift().await.expect("drift"), Vec::new());
    let downgraded = migrator.downgrade("-1").await;
    match migrator.dialect() {
        Dialect::Postgres => {
            let refused = downgraded.expect_err("PostgreSQL keeps an enum's values");
            assert!(refused.to_string().contains("alter_enum"), "{refused}");
        }
        Dialect::MySql | Dialect::Sqlite => {
            downgraded.expect("the values taken out again");
            assert_eq!(migrator.drift().await.expect("drift"), Vec::new());
            let refused = db
                .try_execute("INSERT INTO tickets (id, state) VALUES (2, 'pending')")
                .await;
            assert!(refused.is_err(), "the value is gone after the downgrade");
            migrator
                .upgrade("head")
                .await
                .expect("the values added again");
        }
    }
    let left = migrations
        .model_changes(&models, migrator.dialect(), &mut |_| None)
        .expect("compared");
    assert_eq!(left, Vec::new());
    db.execute("INSERT INTO tickets (id, state) VALUES (1, 'pending')")
        .await;
}

backend_tests!(
    values_added_to_an_enum_are_added_in_place,
    generated_migrations_bring_the_database_to_the_models,
    a_baseline_from_a_database_rebuilds_its_catalog
);

/// The models written for the example history's head are the compile-pass case
/// `ui-tests/tests/pass/models_source.rs` (between its markers), which compiles them and
/// checks that they declare that schema: autogenerate finds nothing between the two.
#[test]
fn the_models_written_for_a_schema_are_the_compiled_pass_case() {
    let head = migrations::migrations()
        .head_schema(Dialect::Postgres)
        .expect("the example's head");
    let source = autogenerate::models_source(&head);
    let case = include_str!("../../ui-tests/tests/pass/models_source.rs");
    let (_, written) = case
        .split_once("// --- written by `models --from-database` ---\n")
        .unwrap_or_default();
    let (written, _) = written.split_once("\n// --- end ---").unwrap_or_default();
    assert_eq!(written, source);
    let (_, expected) = case
        .split_once("const EXPECTED: &str = ")
        .unwrap_or_default();
    let (expected, _) = expected.split_once(";\n").unwrap_or_default();
    let json = serde_json::to_string(&head).expect("json");
    assert_eq!(expected, format!("{json:?}"), "the schema the case checks");
}

fn replayed(ops: Vec<migrate_runtime::op::Op>) -> migrate_runtime::state::Schema {
    let mut schema = migrate_runtime::state::Schema::default();
    for op in ops {
        schema.apply(&op).expect("the op fits");
    }
    schema
}

#[test]
fn tables_that_refer_to_each_other_in_a_cycle_are_dropped_after_their_keys() {
    let table =
        |name: &str| op::create_table(name).column(Column::new("id", Type::BigInt).primary_key());
    let history = replayed(vec![
        table("a").into(),
        table("b").column(Column::new("a_id", Type::BigInt)).into(),
        table("c").column(Column::new("b_id", Type::BigInt)).into(),
        op::create_foreign_key("b_a", "b", ["a_id"], "a", ["id"]).into(),
        op::add_column("b", Column::new("c_id", Type::BigInt)).into(),
        op::create_foreign_key("b_c", "b", ["c_id"], "c", ["id"]).into(),
        op::create_foreign_key("c_b", "c", ["b_id"], "b", ["id"]).into(),
    ]);
    let empty = migrate_runtime::state::Schema::default();
    let changes = autogenerate::changes(
        &history,
        &empty,
        &Renames::default(),
        Dialect::Postgres,
        &mut |_| None,
    )
    .expect("compared");
    let summaries: Vec<&str> = changes.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "dropped foreign key `b_a` of `b`",
            "dropped foreign key `b_c` of `b`",
            "dropped table `a`",
            "dropped table `c`",
            "dropped table `b`",
        ]
    );
}

#[test]
fn a_wider_integer_key_keeps_its_sequence_and_an_unchanged_one_is_not_reported() {
    #[derive(Model)]
    #[model(table = "things")]
    struct Narrow {
        #[column(primary_key)]
        id: i32,
    }
    #[derive(Model)]
    #[model(table = "things")]
    struct Wide {
        #[column(primary_key)]
        id: i64,
    }
    let narrow = schema_of(&Models::from_tables([Narrow::table()]));
    let wide = schema_of(&Models::from_tables([Wide::table()]));
    let changes = autogenerate::changes(
        &narrow,
        &wide,
        &Renames::default(),
        Dialect::Postgres,
        &mut |_| None,
    )
    .expect("compared");
    let source = autogenerate::plan_source(&changes, &NamingConvention::default());
    assert!(source.contains(".ty(Type::BigInt)"), "{source}");
    // A history whose key is a plain BIGINT against a model's auto-incremented one.
    let plain = replayed(vec![
        op::create_table("things")
            .column(Column::new("id", Type::BigInt).primary_key())
            .into(),
    ]);
    let changes = autogenerate::changes(
        &plain,
        &wide,
        &Renames::default(),
        Dialect::Postgres,
        &mut |_| None,
    )
    .expect("compared");
    assert_eq!(changes, Vec::new());
}

#[test]
fn keys_of_a_cycle_between_models_are_named_by_the_convention() {
    #[derive(Model)]
    #[model(table = "people")]
    struct Person {
        #[column(primary_key)]
        id: i64,
        #[column(references = "houses.id")]
        home_id: Option<i64>,
    }
    #[derive(Model)]
    #[model(table = "houses")]
    struct House {
        #[column(primary_key)]
        id: i64,
        #[column(references = "people.id")]
        owner_id: Option<i64>,
    }
    let schema = schema_of(&Models::from_tables([Person::table(), House::table()]));
    let names: Vec<Option<&str>> = schema
        .tables
        .values()
        .flat_map(|t| t.foreign_keys.iter().map(|k| k.name.as_deref()))
        .collect();
    assert_eq!(
        names,
        [Some("houses_owner_id_fkey"), Some("people_home_id_fkey")]
    );
    let empty = migrate_runtime::state::Schema::default();
    let changes = autogenerate::changes(
        &empty,
        &schema,
        &Renames::default(),
        Dialect::Postgres,
        &mut |_| None,
    )
    .expect("compared");
    let source = autogenerate::plan_source(&changes, &NamingConvention::default());
    assert!(!source.contains("create_foreign_key(\"\""), "{source}");
}
