//! Every op applied to a real database: the schema it leaves is read back from the catalog,
//! then the migration is reverted and the catalog must be exactly as before.

use migrate_runtime::prelude::*;
use migrate_runtime::schema::CheckConstraint;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, Schema, TestDb, backend_tests};

/// Apply `setup`, then `change`; check the result; revert `change` and compare with before.
async fn apply_and_revert(
    db: &TestDb,
    setup: Fixed,
    change: Plan,
    undo: Option<Plan>,
    check: impl Fn(&Schema),
) {
    let setup = leak("a00000000001", &[], setup);
    let change = leak(
        "a00000000002",
        &["a00000000001"],
        Fixed {
            upgrade: change,
            downgrade: undo,
        },
    );
    let migrations = Migrations::from_defs([setup, change]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("valid history");
    migrator.upgrade("a00000000001").await.expect("setup");
    let before = db.schema().await;
    migrator
        .upgrade("head")
        .await
        .unwrap_or_else(|e| panic!("upgrade: {e}"));
    check(&db.schema().await);
    migrator
        .downgrade("-1")
        .await
        .unwrap_or_else(|e| panic!("downgrade: {e}"));
    assert_eq!(
        db.schema().await,
        before,
        "the downgrade restores the catalog"
    );
    migrator.downgrade("base").await.expect("downgrade to base");
}

/// A setup migration whose downgrade is derived.
fn reversible(upgrade: Plan) -> Fixed {
    Fixed {
        upgrade,
        downgrade: None,
    }
}

/// A parent table and a child table, with rows, and any further setup ops.
fn parent_and_child(more: Plan) -> Fixed {
    let mut upgrade = Plan::new()
        .op(op::create_table("parent")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("code", Type::Varchar(20)).not_null())
            .column(Column::new("price", Type::numeric(8, 2))))
        .op(op::create_table("child")
            .column(Column::new("id", Type::Integer).primary_key())
            .column(Column::new("parent_id", Type::Integer)))
        .op(op::execute(
            "INSERT INTO parent (id, code, price) VALUES (1, 'a', 1.50), (2, 'b', 2.25)",
        ));
    upgrade = upgrade.then(more);
    let downgrade = Plan::new()
        .op(op::drop_table("child"))
        .op(op::drop_table("parent"));
    Fixed {
        upgrade,
        downgrade: Some(downgrade),
    }
}

async fn create_table_with_every_kind_of_column(db: &TestDb) {
    let backend = db.backend();
    let mut table = op::create_table("everything")
        .column(
            Column::new("id", Type::BigSerial)
                .primary_key()
                .comment("row id"),
        )
        .column(Column::new("small", Type::SmallInt).not_null().default(0))
        .column(Column::new("whole", Type::Integer))
        .column(Column::new("big", Type::BigInt))
        .column(Column::new("flag", Type::Boolean).not_null().default(false))
        .column(Column::new("ratio", Type::Real))
        .column(Column::new("precise", Type::Double))
        .column(Column::new("money", Type::numeric(12, 2)).default(0.5))
        .column(Column::new("label", Type::Varchar(40)).default("it's"))
        .column(Column::new("body", Type::Text))
        .column(Column::new("code", Type::Char(3)))
        .column(Column::new("day", Type::Date))
        .column(Column::new("at", Type::Time))
        .column(Column::new("stamp", Type::Timestamp))
        .column(Column::new("moment", Type::TimestampTz).default_sql("CURRENT_TIMESTAMP"))
        .column(Column::new("uid", Type::Uuid).unique())
        .column(Column::new("doc", Type::Json))
        .column(Column::new("raw", Type::Bytes))
        .column(Column::new(
            "mood",
            Type::enumeration("mood", ["sad", "ok", "happy"]),
        ))
        .check(CheckConstraint::new("small >= 0").name("ck_small"))
        .comment("one of each");
    if backend == Backend::Postgres {
        table = table
            .column(Column::new("span", Type::Interval))
            .column(Column::new("tags", Type::array(Type::Text)))
            .column(Column::new("bin_doc", Type::Jsonb));
    }
    apply_and_revert(
        db,
        reversible(Plan::new()),
        Plan::new().op(table),
        None,
        |schema| {
            let table = schema.table("everything");
            assert!(table.columns.len() >= 19);
            assert!(!table.column("id").expect("id").1);
            assert!(table.column("body").expect("body").1);
            assert_eq!(table.index_on(&["uid"]), Some(true));
            assert!(table.has_constraint("ck_small"));
            if backend != Backend::Sqlite {
                assert_eq!(table.comment.as_deref(), Some("one of each"));
                let id = table.column_info("id").expect("id");
                assert_eq!(id.comment.as_deref(), Some("row id"));
            }
            let label = table.column_info("label").expect("label");
            assert!(
                label
                    .default
                    .as_deref()
                    .unwrap_or_default()
                    .contains("it''s"),
                "{label:?}"
            );
        },
    )
    .await;
}

async fn composite_keys_and_foreign_keys_with_actions(db: &TestDb) {
    let link = op::create_table("link")
        .column(Column::new("parent_id", Type::Integer))
        .column(Column::new("child_id", Type::Integer))
        .primary_key(["parent_id", "child_id"])
        .foreign_key(
            ForeignKey::new(["parent_id"], "parent", ["id"])
                .name("fk_link_parent")
                .on_delete(ReferentialAction::Cascade)
                .on_update(ReferentialAction::Restrict),
        )
        .unique(UniqueConstraint::new(["child_id"]).name("uq_link_child"));
    apply_and_revert(
        db,
        parent_and_child(Plan::new()),
        Plan::new().op(link),
        None,
        |schema| {
            let link = schema.table("link");
            assert_eq!(link.index_on(&["parent_id", "child_id"]), Some(true));
            assert!(link.has_constraint("fk_link_parent"));
            assert!(link.has_constraint("uq_link_child"));
        },
    )
    .await;
}

async fn drop_table_with_a_written_downgrade(db: &TestDb) {
    let recreate = op::create_table("child")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("parent_id", Type::Integer));
    let undo = Plan::new().op(recreate);
    apply_and_revert(
        db,
        parent_and_child(Plan::new()),
        Plan::new().op(op::drop_table("child")),
        Some(undo),
        |schema| {
            assert!(!schema.tables.contains_key("child"));
        },
    )
    .await;
}

async fn rename_table(db: &TestDb) {
    let change = Plan::new().op(op::rename_table("child", "kid"));
    apply_and_revert(db, parent_and_child(Plan::new()), change, None, |schema| {
        assert!(schema.tables.contains_key("kid"));
        assert!(!schema.tables.contains_key("child"));
    })
    .await;
}

async fn add_column_with_default_comment_and_foreign_key(db: &TestDb) {
    let column = Column::new("owner_id", Type::Integer)
        .references("parent", "id")
        .on_delete(ReferentialAction::SetNull)
        .comment("who owns it");
    let status = Column::new("status", Type::Varchar(10))
        .not_null()
        .default("new");
    let change = Plan::new()
        .op(op::add_column("child", column))
        .op(op::add_column("parent", status));
    // The same downgrade on every database: MySQL's foreign key goes with its column too.
    let undo = Plan::new()
        .op(op::drop_column("parent", "status"))
        .op(op::drop_column("child", "owner_id"));
    apply_and_revert(
        db,
        parent_and_child(Plan::new()),
        change,
        Some(undo),
        |schema| {
            assert!(
                schema
                    .table("child")
                    .column("owner_id")
                    .expect("owner_id")
                    .1
            );
            let status = schema
                .table("parent")
                .column_info("status")
                .expect("status");
            assert!(!status.nullable);
            assert!(
                status
                    .default
                    .as_deref()
                    .unwrap_or_default()
                    .contains("new")
            );
        },
    )
    .await;
}

async fn drop_column_with_a_written_downgrade(db: &TestDb) {
    let undo = Plan::new().op(op::add_column(
        "parent",
        Column::new("price", Type::numeric(8, 2)),
    ));
    let change = Plan::new().op(op::drop_column("parent", "price"));
    apply_and_revert(
        db,
        parent_and_child(Plan::new()),
        change,
        Some(undo),
        |schema| {
            assert!(schema.table("parent").column("price").is_none());
        },
    )
    .await;
}

async fn alter_column_type_nullability_default_and_name(db: &TestDb) {
    let mut widen = op::alter_column("parent", "code")
        .ty(Type::Varchar(40))
        .nullable(true)
        .default("zz");
    let mut narrow = op::alter_column("parent", "code")
        .ty(Type::Varchar(20))
        .nullable(false)
        .drop_default();
    if db.backend() == Backend::Postgres {
        widen = widen.using("code::varchar(40)");
        narrow = narrow.using("code::varchar(20)");
    }
    let change = Plan::new()
        .op(widen)
        .op(op::alter_column("parent", "price").rename("unit_price"));
    let undo = Plan::new()
        .op(op::alter_column("parent", "unit_price").rename("price"))
        .op(narrow);
    apply_and_revert(
        db,
        parent_and_child(Plan::new()),
        change,
        Some(undo),
        |schema| {
            let parent = schema.table("parent");
            let code = parent.column_info("code").expect("code");
            assert!(code.ty.to_lowercase().contains("40"), "{code:?}");
            assert!(code.nullable);
            assert!(code.default.as_deref().unwrap_or_default().contains("zz"));
            assert!(parent.column("unit_price").is_some());
        },
    )
    .await;
}

async fn indexes_unique_partial_and_if_not_exists(db: &TestDb) {
    let mut change = Plan::new()
        .op(op::create_index("ix_code", "parent", ["code"]).unique())
        .op(op::create_index("ix_code_price", "parent", ["code", "price"]).if_not_exists());
    if db.backend() != Backend::MySql {
        change =
            change.op(op::create_index("ix_cheap", "parent", ["price"]).where_sql("price < 2"));
    }
    apply_and_revert(db, parent_and_child(Plan::new()), change, None, |schema| {
        let parent = schema.table("parent");
        assert_eq!(parent.index_on(&["code"]), Some(true));
        assert_eq!(parent.index_on(&["code", "price"]), Some(false));
    })
    .await;
}

async fn drop_index_with_a_written_downgrade(db: &TestDb) {
    let setup = parent_and_child(Plan::new().op(op::create_index("ix_code", "parent", ["code"])));
    let change = Plan::new().op(op::drop_index("ix_code").on("parent").if_exists());
    let undo = Plan::new().op(op::create_index("ix_code", "parent", ["code"]));
    apply_and_revert(db, setup, change, Some(undo), |schema| {
        assert_eq!(schema.table("parent").index_on(&["code"]), None);
    })
    .await;
}

async fn constraints_added_to_an_existing_table(db: &TestDb) {
    let change = Plan::new()
        .op(
            op::create_foreign_key("fk_child_parent", "child", ["parent_id"], "parent", ["id"])
                .on_delete(ReferentialAction::Cascade),
        )
        .op(op::create_unique_constraint(
            "uq_parent_code",
            "parent",
            ["code"],
        ))
        .op(op::create_check_constraint(
            "ck_parent_price",
            "parent",
            "price >= 0",
        ));
    apply_and_revert(db, parent_and_child(Plan::new()), change, None, |schema| {
        assert!(schema.table("child").has_constraint("fk_child_parent"));
        assert!(schema.table("parent").has_constraint("uq_parent_code"));
        assert!(schema.table("parent").has_constraint("ck_parent_price"));
    })
    .await;
}

async fn primary_key_added_then_dropped(db: &TestDb) {
    let setup = reversible(
        Plan::new()
            .op(op::create_table("tag").column(Column::new("name", Type::Varchar(20)).not_null())),
    );
    let change = Plan::new().op(op::create_primary_key("pk_tag", "tag", ["name"]));
    apply_and_revert(db, setup, change, None, |schema| {
        assert_eq!(schema.table("tag").index_on(&["name"]), Some(true));
    })
    .await;
}

async fn execute_runs_raw_sql(db: &TestDb) {
    let change = Plan::new().op(op::execute(
        "UPDATE parent SET code = 'changed' WHERE id = 1",
    ));
    let undo = Plan::new().op(op::execute("UPDATE parent SET code = 'a' WHERE id = 1"));
    apply_and_revert(
        db,
        parent_and_child(Plan::new()),
        change,
        Some(undo),
        |_| {},
    )
    .await;
}

async fn typed_rows_and_binds_round_trip(db: &TestDb) {
    let table = op::create_table("notes")
        .column(Column::new("id", Type::Integer).primary_key())
        .column(Column::new("body", Type::Text))
        .column(Column::new("done", Type::Boolean));
    let awkward = "it's \\ a \"quote\" ✓ -- not a comment ?";
    let rows = (1..=1200).map(|i| (i, format!("note {i}"), i % 2 == 0));
    let insert = op::bulk_insert("notes", ["id", "body", "done"])
        .rows(rows)
        .row((0, awkward, None::<bool>));
    let update = op::execute("UPDATE notes SET body = ? WHERE id = ? OR body = '?'")
        .bind("changed ?")
        .bind(2);
    let undo = Plan::new().op(op::execute("DELETE FROM notes"));
    let setup = leak("b00000000001", &[], reversible(Plan::new().op(table)));
    let change = Fixed {
        upgrade: Plan::new().op(insert).op(update),
        downgrade: Some(undo),
    };
    let change = leak("b00000000002", &["b00000000001"], change);
    let migrations = Migrations::from_defs([setup, change]);
    let migrator = Migrator::with_migrations(db.url(), &migrations).expect("history");
    migrator
        .upgrade("head")
        .await
        .unwrap_or_else(|e| panic!("upgrade: {e}"));
    let some = db
        .strings("SELECT body FROM notes WHERE id IN (0, 2) ORDER BY id")
        .await;
    assert_eq!(some, [awkward, "changed ?"], "values arrive as typed");
    assert_eq!(db.strings("SELECT body FROM notes").await.len(), 1201);
    migrator
        .downgrade("-1")
        .await
        .unwrap_or_else(|e| panic!("downgrade: {e}"));
    assert!(db.strings("SELECT body FROM notes").await.is_empty());
    migrator.downgrade("base").await.expect("downgrade to base");
}

async fn awkward_identifiers_are_quoted_everywhere(db: &TestDb) {
    let table = "select \"weird\" `name` 'é";
    let column = "it's a \"col\" ✓";
    let create = op::create_table(table)
        .column(Column::new("order", Type::Integer).primary_key())
        .column(Column::new(column, Type::Varchar(20)).default("d'\\x"));
    let change = Plan::new()
        .op(op::add_column(table, Column::new("group by", Type::Text)))
        .op(op::create_index("ix ✓ \"q\"", table, [column]))
        .op(op::alter_column(table, column).nullable(false))
        .op(op::rename_table(table, "from where"));
    let undo = Plan::new()
        .op(op::rename_table("from where", table))
        .op(op::alter_column(table, column).nullable(true))
        .op(op::drop_index("ix ✓ \"q\"").on(table))
        .op(op::drop_column(table, "group by"));
    apply_and_revert(
        db,
        reversible(Plan::new().op(create)),
        change,
        Some(undo),
        |schema| {
            let renamed = schema.table("from where");
            assert!(renamed.column("group by").is_some());
            let awkward = renamed.column_info(column).expect("the awkward column");
            assert!(!awkward.nullable);
            assert!(
                awkward
                    .default
                    .as_deref()
                    .unwrap_or_default()
                    .contains("d'"),
                "{awkward:?}"
            );
            assert!(renamed.indexes.contains_key("ix ✓ \"q\""));
        },
    )
    .await;
}

async fn the_sqlite_rebuild_keeps_rows_indexes_and_foreign_keys(db: &TestDb) {
    let setup = parent_and_child(
        Plan::new()
            .op(op::create_index("ix_code", "parent", ["code"]))
            .op(
                op::create_foreign_key("fk_child_parent", "child", ["parent_id"], "parent", ["id"])
                    .on_delete(ReferentialAction::Cascade),
            )
            .op(op::execute(
                "INSERT INTO child (id, parent_id) VALUES (10, 1), (20, 2)",
            )),
    );
    let change = Plan::new().op(op::alter_column("parent", "price")
        .nullable(false)
        .default(0));
    let undo = Plan::new().op(op::alter_column("parent", "price")
        .nullable(true)
        .drop_default());
    let setup = leak("a00000000001", &[], setup);
    let change = leak(
        "a00000000002",
        &["a00000000001"],
        Fixed {
            upgrade: change,
            downgrade: Some(undo),
        },
    );
    let migrator = Migrator::with_migrations(db.url(), &Migrations::from_defs([setup, change]))
        .expect("history");
    migrator
        .upgrade("head")
        .await
        .unwrap_or_else(|e| panic!("upgrade: {e}"));

    assert_eq!(
        db.strings("SELECT code FROM parent ORDER BY id").await,
        ["a", "b"],
        "rows kept"
    );
    assert_eq!(
        db.schema().await.table("parent").index_on(&["code"]),
        Some(false),
        "index kept"
    );
    let orphan = db
        .try_execute("INSERT INTO child (id, parent_id) VALUES (30, 99)")
        .await;
    assert!(
        orphan.is_err(),
        "the foreign key into the rebuilt table is still enforced"
    );
    db.execute("DELETE FROM parent WHERE id = 1").await;
    assert_eq!(
        db.strings("SELECT 'row' FROM child").await.len(),
        1,
        "ON DELETE CASCADE still fires"
    );
    migrator
        .downgrade("base")
        .await
        .unwrap_or_else(|e| panic!("downgrade: {e}"));
}

async fn downgrading_through_an_irreversible_migration_changes_nothing(db: &TestDb) {
    let setup = leak(
        "c00000000001",
        &[],
        reversible(
            Plan::new().op(op::create_table("kept").column(Column::new("id", Type::Integer))),
        ),
    );
    let purge = Fixed {
        upgrade: Plan::new().op(op::execute("DELETE FROM kept")),
        downgrade: None,
    };
    let purge: &'static Fixed = Box::leak(Box::new(purge));
    let purge = MigrationDef::new("c00000000002", purge)
        .with_down(&["c00000000001"])
        .irreversible();
    let purge: &'static MigrationDef = Box::leak(Box::new(purge));
    let migrator = Migrator::with_migrations(db.url(), &Migrations::from_defs([setup, purge]))
        .expect("history");
    migrator.upgrade("head").await.expect("upgrade");
    let error = migrator.downgrade("base").await.expect_err("no way down");
    assert_eq!(
        error.to_string(),
        "cannot downgrade `c00000000002`: it is declared irreversible; nothing was run"
    );
    assert_eq!(error.kind(), migrate_runtime::ErrorKind::Failed);
    assert_eq!(db.versions("migrate_version").await, ["c00000000002"]);
    assert!(db.schema().await.tables.contains_key("kept"));
}

backend_tests!(
    create_table_with_every_kind_of_column,
    composite_keys_and_foreign_keys_with_actions,
    drop_table_with_a_written_downgrade,
    rename_table,
    add_column_with_default_comment_and_foreign_key,
    drop_column_with_a_written_downgrade,
    alter_column_type_nullability_default_and_name,
    indexes_unique_partial_and_if_not_exists,
    drop_index_with_a_written_downgrade,
    constraints_added_to_an_existing_table,
    primary_key_added_then_dropped,
    execute_runs_raw_sql,
    awkward_identifiers_are_quoted_everywhere,
    typed_rows_and_binds_round_trip,
    downgrading_through_an_irreversible_migration_changes_nothing,
    the_sqlite_rebuild_keeps_rows_indexes_and_foreign_keys,
);
