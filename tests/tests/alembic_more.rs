//! Alembic's own autogenerate test cases, ported beside `alembic_{unchanged,changed}_keys.rs`:
//! keys, unique and check constraints and indexes added, dropped and changed, each change
//! expected in migrate's words and order. Each case makes the database side (Alembic's `m1`)
//! with the DDL SQLAlchemy emits for it on that database, declares the model side (`m2`) with
//! `#[derive(Model)]` (or with the op, where models have no attribute for it), and compares
//! the live catalog with the models as Alembic's `compare_metadata` does
//! (`migrate_tests::alembic`).
// The models' fields are columns, read by nothing in this test.
#![allow(dead_code)]

use migrate_runtime::model::{Model, ModelTable, Models};
use migrate_runtime::prelude::*;
use migrate_tests::alembic::{assert_changes, server_named, summaries};
use migrate_tests::{Backend, TestDb, backend_tests};

mod unnamed_unique {
    use super::*;

    #[derive(Model)]
    #[model(table = "col_change", unique(x, y))]
    pub struct ColChange {
        x: Option<i32>,
        y: Option<i32>,
    }
}

/// test_autogen_indexes.py::AutogenerateUniqueIndexTest::test_unnamed_cols_changed: the
/// unnamed constraint goes under the name the database gave it (PostgreSQL and MySQL; Alembic
/// skips SQLite, which keeps it without a name).
async fn unnamed_unique_constraint_columns_changed(db: &TestDb) {
    if db.backend() == Backend::Sqlite {
        return;
    }
    let setup = ["CREATE TABLE col_change (x INTEGER, y INTEGER, UNIQUE (x))"];
    let models = Models::from_tables([unnamed_unique::ColChange::table()]);
    let found: Vec<String> = summaries(db, &setup, models)
        .await
        .iter()
        .map(|summary| server_named(summary))
        .collect();
    let expected = [
        "dropped unique constraint `*` of `col_change`",
        "added unique constraint on `col_change` (x, y)",
    ];
    assert_eq!(found, expected, "{:?}", db.backend());
}

mod indexes_added {
    use super::*;

    #[derive(Model)]
    #[model(table = "new_idx", index(x, name = "x"))]
    pub struct NewIdx {
        #[column(primary_key)]
        id1: i32,
        #[column(primary_key)]
        id2: i32,
        #[column(len = 20)]
        x: Option<String>,
    }

    #[derive(Model)]
    #[model(table = "add_ix", index(x, desc(x), name = "foo_idx"))]
    pub struct AddIx {
        #[column(len = 50)]
        x: Option<String>,
    }
}

/// test_autogen_indexes.py::AutogenerateIndexTest::test_new_idx_index_named_as_column and
/// test_add_idx_non_col (`Index("foo_idx", t2.c.x.desc())`), a table each.
async fn indexes_added(db: &TestDb) {
    let setup = [
        "CREATE TABLE new_idx (id1 INTEGER NOT NULL, id2 INTEGER NOT NULL, x VARCHAR(20), PRIMARY KEY (id1, id2))",
        "CREATE TABLE add_ix (x VARCHAR(50))",
    ];
    let models = Models::from_tables([
        indexes_added::NewIdx::table(),
        indexes_added::AddIx::table(),
    ]);
    let expected = [
        "added index `foo_idx` on `add_ix`",
        "added index `x` on `new_idx`",
    ];
    assert_changes(db, &setup, models, &expected).await;
}

mod index_removed {
    use super::*;

    #[derive(Model)]
    #[model(table = "new_idx")]
    pub struct NewIdx {
        #[column(primary_key)]
        id1: i32,
        #[column(primary_key)]
        id2: i32,
        #[column(len = 20)]
        x: Option<String>,
    }
}

/// test_autogen_indexes.py::AutogenerateIndexTest::test_removed_idx_index_named_as_column
/// (which Alembic marks failing on MySQL; migrate reads the index there too).
async fn index_named_as_column_removed(db: &TestDb) {
    let setup = [
        "CREATE TABLE new_idx (id1 INTEGER NOT NULL, id2 INTEGER NOT NULL, x VARCHAR(20), PRIMARY KEY (id1, id2))",
        "CREATE INDEX x ON new_idx (x)",
    ];
    let models = Models::from_tables([index_removed::NewIdx::table()]);
    assert_changes(db, &setup, models, &["dropped index `x` of `new_idx`"]).await;
}

mod expression_index_add {
    use super::*;

    #[derive(Model)]
    #[model(table = "exp_index", index(y, expr = "lower(x)", name = "SomeIndex"))]
    pub struct ExpIndex {
        #[column(primary_key)]
        id: i32,
        x: Option<i32>,
        y: Option<i32>,
    }
}

/// test_autogen_indexes.py::AutogenerateExpressionIndexTest::test_expression_indexes_add,
/// `Index("SomeIndex", "y", func.lower(column("x")))` (PostgreSQL and SQLite; MariaDB has no
/// index on an expression).
async fn expression_index_added(db: &TestDb) {
    if db.backend() == Backend::MySql {
        return;
    }
    let setup = ["CREATE TABLE exp_index (id {serial}, x INTEGER, y INTEGER, PRIMARY KEY (id))"];
    let models = Models::from_tables([expression_index_add::ExpIndex::table()]);
    let expected = ["added index `SomeIndex` on `exp_index`"];
    assert_changes(db, &setup, models, &expected).await;
}

mod expression_index_remove {
    use super::*;

    #[derive(Model)]
    #[model(table = "exp_index")]
    pub struct ExpIndex {
        #[column(primary_key)]
        id: i32,
        #[column(len = 100)]
        x: Option<String>,
        y: Option<i32>,
    }
}

/// test_autogen_indexes.py::AutogenerateExpressionIndexTest::test_expression_indexes_remove
/// (PostgreSQL and SQLite; MariaDB has no index on an expression).
async fn expression_index_removed(db: &TestDb) {
    if db.backend() == Backend::MySql {
        return;
    }
    let setup = [
        "CREATE TABLE exp_index (id {serial}, x VARCHAR(100), y INTEGER, PRIMARY KEY (id))",
        "CREATE INDEX \"SomeIndex\" ON exp_index (y, lower(x))",
    ];
    let models = Models::from_tables([expression_index_remove::ExpIndex::table()]);
    let expected = ["dropped index `SomeIndex` of `exp_index`"];
    assert_changes(db, &setup, models, &expected).await;
}

/// test_autogen_indexes.py::AutogenerateIndexTest::test_ix_casing_convention_changed_so_put_drops_first,
/// `SomeCasingConvention` to `somecasingconvention` here `X` to `x`: the index is dropped and
/// made again under its new name, as Alembic finds it; MySQL compares index names without
/// case, so there it is the same index.
async fn renamed_index_dropped_and_added(db: &TestDb) {
    let setup = [
        "CREATE TABLE new_idx (id1 INTEGER NOT NULL, id2 INTEGER NOT NULL, x VARCHAR(20), PRIMARY KEY (id1, id2))",
        "CREATE INDEX \"X\" ON new_idx (x)",
    ];
    let models = Models::from_tables([indexes_added::NewIdx::table()]);
    let expected: &[&str] = match db.backend() {
        Backend::MySql => &[],
        Backend::Postgres | Backend::Sqlite => &[
            "dropped index `X` of `new_idx`",
            "added index `x` on `new_idx`",
        ],
    };
    assert_changes(db, &setup, models, expected).await;
}

mod checks {
    use super::*;

    #[derive(Model)]
    #[model(
        table = "t",
        check(sql = "x > 0", name = "ck_x"),
        check(sql = "y > 0", name = "ck_y")
    )]
    pub struct T {
        x: Option<i32>,
        y: Option<i32>,
    }

    #[derive(Model)]
    #[model(table = "t2", check(sql = "x > 0", name = "ck_x2"))]
    pub struct T2 {
        x: Option<i32>,
        y: Option<i32>,
    }

    #[derive(Model)]
    #[model(table = "t3", check(sql = "x > 5", name = "ck_t_x_positive"))]
    pub struct T3 {
        x: Option<i32>,
    }
}

/// test_autogen_check_constraints.py::AutogenCheckConstraintTest::test_multiple_check_constraints
/// (`t`: `ck_y` added beside `ck_x`, as test_add_check_constraint adds one),
/// test_remove_one_of_multiple (`t2`: `ck_y` dropped, as test_remove_check_constraint drops
/// one) and test_same_name_different_expression_no_change (`t3`), the table-bound checks,
/// named apart (MySQL's are named per schema). Alembic matches checks by name, and finds `t3`
/// unchanged; migrate compares them by meaning (as it did `ck_order_amount` of
/// test_diffs), and finds `x > 0` gone and `x > 5` come.
async fn check_constraints_added_dropped_changed(db: &TestDb) {
    let setup = [
        "CREATE TABLE t (x INTEGER, y INTEGER, CONSTRAINT ck_x CHECK (x > 0))",
        "CREATE TABLE t2 (x INTEGER, y INTEGER, CONSTRAINT ck_x2 CHECK (x > 0), CONSTRAINT ck_y2 CHECK (y > 0))",
        "CREATE TABLE t3 (x INTEGER, CONSTRAINT ck_t_x_positive CHECK (x > 0))",
    ];
    let models =
        Models::from_tables([checks::T::table(), checks::T2::table(), checks::T3::table()]);
    let expected = [
        "dropped check constraint `ck_y2` of `t2`",
        "dropped check constraint `ck_t_x_positive` of `t3`",
        "added check constraint on `t`: y > 0",
        "added check constraint on `t3`: x > 5",
    ];
    assert_changes(db, &setup, models, &expected).await;
}

/// `some_table` of Alembic's foreign key fixtures, with its integer key.
mod some_table {
    use super::*;

    pub const DDL: &str =
        "CREATE TABLE some_table (id {serial}, test VARCHAR(10), PRIMARY KEY (id))";

    #[derive(Model)]
    #[model(table = "some_table")]
    pub struct SomeTable {
        #[column(primary_key)]
        id: i32,
        #[column(len = 10)]
        test: Option<String>,
    }
}

mod fk_add {
    use super::*;

    #[derive(Model)]
    #[model(table = "user")]
    pub struct User {
        #[column(primary_key)]
        id: i32,
        #[column(len = 50)]
        name: String,
        #[column(len = 10, default = "x")]
        a1: Option<String>,
        #[column(len = 10, references = "some_table.test")]
        test2: Option<String>,
    }
}

/// test_autogen_fks.py::AutogenerateForeignKeysTest::test_add_fk
async fn fk_added(db: &TestDb) {
    let setup = [
        some_table::DDL,
        "CREATE TABLE \"user\" (id {serial}, name VARCHAR(50) NOT NULL, a1 VARCHAR(10) DEFAULT 'x', test2 VARCHAR(10), PRIMARY KEY (id))",
    ];
    let models = Models::from_tables([some_table::SomeTable::table(), fk_add::User::table()]);
    let expected = ["added foreign key `user` (test2) to `some_table`"];
    assert_changes(db, &setup, models, &expected).await;
}

mod fk_moved {
    use super::*;

    #[derive(Model)]
    #[model(table = "some_table")]
    pub struct SomeTable {
        #[column(primary_key, len = 10)]
        test: String,
    }

    #[derive(Model)]
    #[model(
        table = "user",
        foreign_key(a1, references = "some_table(test)", name = "myfk")
    )]
    pub struct User {
        #[column(primary_key)]
        id: i32,
        #[column(len = 50)]
        name: String,
        #[column(len = 10, default = "x")]
        a1: Option<String>,
        #[column(len = 10)]
        test2: Option<String>,
    }
}

/// test_autogen_fks.py::AutogenerateForeignKeysTest::test_casing_convention_changed_so_put_drops_first:
/// the key `MyFK` on `test2` goes, `myfk` on `a1` comes, the drop first.
async fn fk_replaced_drop_first(db: &TestDb) {
    let setup = [
        "CREATE TABLE some_table (test VARCHAR(10) NOT NULL, PRIMARY KEY (test))",
        "CREATE TABLE \"user\" (id {serial}, name VARCHAR(50) NOT NULL, a1 VARCHAR(10) DEFAULT 'x', test2 VARCHAR(10), PRIMARY KEY (id), CONSTRAINT \"MyFK\" FOREIGN KEY(test2) REFERENCES some_table (test))",
    ];
    let models = Models::from_tables([fk_moved::SomeTable::table(), fk_moved::User::table()]);
    // MySQL keeps the index of a dropped key; on other columns than the new key's it is
    // dropped too (Alembic leaves it for its next run).
    let expected: &[&str] = match db.backend() {
        Backend::MySql => &[
            "dropped foreign key `MyFK` of `user`",
            "dropped index `MyFK` of `user`",
            "added foreign key `user` (a1) to `some_table`",
        ],
        Backend::Postgres | Backend::Sqlite => &[
            "dropped foreign key `MyFK` of `user`",
            "added foreign key `user` (a1) to `some_table`",
        ],
    };
    assert_changes(db, &setup, models, expected).await;
}

/// Alembic's composite key fixture, its `user` without `name` and `a1`.
mod composite_fk {
    use super::*;

    pub const SOME_TABLE: &str = "CREATE TABLE some_table (id_1 VARCHAR(10) NOT NULL, id_2 VARCHAR(10) NOT NULL, PRIMARY KEY (id_1, id_2))";
    pub const USER: &str = "CREATE TABLE \"user\" (id {serial}, other_id_1 VARCHAR(10), other_id_2 VARCHAR(10), PRIMARY KEY (id)";

    #[derive(Model)]
    #[model(table = "some_table")]
    pub struct SomeTable {
        #[column(primary_key, len = 10)]
        id_1: String,
        #[column(primary_key, len = 10)]
        id_2: String,
    }

    #[derive(Model)]
    #[model(
        table = "user",
        foreign_key(
            other_id_1,
            other_id_2,
            references = "some_table(id_1, id_2)",
            name = "fk_test_name"
        )
    )]
    pub struct KeyedUser {
        #[column(primary_key)]
        id: i32,
        #[column(len = 10)]
        other_id_1: Option<String>,
        #[column(len = 10)]
        other_id_2: Option<String>,
    }

    #[derive(Model)]
    #[model(table = "user")]
    pub struct User {
        #[column(primary_key)]
        id: i32,
        #[column(len = 10)]
        other_id_1: Option<String>,
        #[column(len = 10)]
        other_id_2: Option<String>,
    }
}

/// test_autogen_fks.py::AutogenerateForeignKeysTest::test_add_composite_fk_with_name
async fn composite_fk_added(db: &TestDb) {
    use composite_fk::*;
    let user = format!("{USER})");
    let setup = [SOME_TABLE, user.as_str()];
    let models = Models::from_tables([SomeTable::table(), KeyedUser::table()]);
    let expected = ["added foreign key `user` (other_id_1, other_id_2) to `some_table`"];
    assert_changes(db, &setup, models, &expected).await;
}

/// test_autogen_fks.py::AutogenerateForeignKeysTest::test_remove_composite_fk. MySQL keeps
/// the index it made for the key, named as the key, when the key goes: the models have no
/// such index, so it is dropped too (Alembic leaves it for its next run).
async fn composite_fk_removed(db: &TestDb) {
    use composite_fk::*;
    let user = format!(
        "{USER}, CONSTRAINT fk_test_name FOREIGN KEY(other_id_1, other_id_2) REFERENCES some_table (id_1, id_2))"
    );
    let setup = [SOME_TABLE, user.as_str()];
    let models = Models::from_tables([SomeTable::table(), User::table()]);
    let expected: &[&str] = match db.backend() {
        Backend::MySql => &[
            "dropped foreign key `fk_test_name` of `user`",
            "dropped index `fk_test_name` of `user`",
        ],
        Backend::Postgres | Backend::Sqlite => &["dropped foreign key `fk_test_name` of `user`"],
    };
    assert_changes(db, &setup, models, expected).await;
}

/// What a case makes of the model's key.
type Key = fn(ForeignKey) -> ForeignKey;

/// The key as it is.
fn plain(key: ForeignKey) -> ForeignKey {
    key
}

/// Alembic's `_fk_opts_fixture` `user`, once per case as `table`: its key from `tid` to
/// `some_table`, named `fk_<table>` (so that MySQL's index for it is named as the key), with
/// `options`.
fn fk_user_ddl(table: &str, options: &str) -> String {
    format!(
        "CREATE TABLE {table} (id {{serial}}, name VARCHAR(50) NOT NULL, tid INTEGER, PRIMARY KEY (id), CONSTRAINT fk_{table} FOREIGN KEY(tid) REFERENCES some_table (id) {options})"
    )
}

/// The same table in the models, its key as `key` makes it. Models have no attribute for a
/// deferrable key: the table is built with the op.
fn fk_user(table: &str, key: Key) -> ModelTable {
    let create = op::create_table(table)
        .column(Column::new("id", Type::Serial).primary_key())
        .column(Column::new("name", Type::Varchar(50)).not_null())
        .column(Column::new("tid", Type::Integer))
        .foreign_key(key(ForeignKey::new(["tid"], "some_table", ["id"])));
    ModelTable::new(table, create)
}

/// One `fk_user` table per case (table, the database's key options, the model's key): what
/// autogenerate finds, and what it should: each key dropped, then each added again, the
/// tables in the order of their names.
async fn fk_options_cases(db: &TestDb, cases: &[(&str, &str, Key)]) -> (Vec<String>, Vec<String>) {
    let mut setup = vec![some_table::DDL.to_owned()];
    setup.extend(
        cases
            .iter()
            .map(|(table, options, _)| fk_user_ddl(table, options)),
    );
    let mut tables = vec![some_table::SomeTable::table()];
    tables.extend(cases.iter().map(|(table, _, key)| fk_user(table, *key)));
    let found = summaries(db, &setup[..], Models::from_tables(tables)).await;
    let mut names: Vec<&str> = cases.iter().map(|(table, _, _)| *table).collect();
    names.sort();
    let dropped = names
        .iter()
        .map(|table| format!("dropped foreign key `fk_{table}` of `{table}`"));
    let added = names
        .iter()
        .map(|table| format!("added foreign key `{table}` (tid) to `some_table`"));
    (found, dropped.chain(added).collect())
}

/// test_autogen_fks.py::AutogenerateFKOptionsTest::test_remove_ondelete, test_add_onupdate,
/// test_remove_onupdate, test_change_ondelete_from_restrict and
/// test_change_onupdate_from_restrict, a table each: a key whose actions changed goes and
/// comes back. MySQL reads RESTRICT as NO ACTION; CASCADE is a change from either.
async fn fk_actions_added_removed_changed(db: &TestDb) {
    use migrate_runtime::prelude::ReferentialAction::Cascade;
    let cases: [(&str, &str, Key); 5] = [
        ("remove_ondelete", "ON DELETE CASCADE", plain),
        ("add_onupdate", "", |key| key.on_update(Cascade)),
        ("remove_onupdate", "ON UPDATE CASCADE", plain),
        ("ondelete_from_restrict", "ON DELETE RESTRICT", |key| {
            key.on_delete(Cascade)
        }),
        ("onupdate_from_restrict", "ON UPDATE RESTRICT", |key| {
            key.on_update(Cascade)
        }),
    ];
    let (found, expected) = fk_options_cases(db, &cases).await;
    assert_eq!(found, expected, "{:?}", db.backend());
}

/// test_autogen_fks.py::AutogenerateFKOptionsTest::test_add_deferrable,
/// test_add_initially_immediate_plus_deferrable (the same key: `deferrable()` is initially
/// immediate), test_add_initially_deferred, test_remove_deferrable,
/// test_remove_initially_immediate_plus_deferrable and test_remove_initially_deferred, a table
/// each (PostgreSQL, as Alembic, and SQLite; MySQL has no deferrable keys). The database's
/// `INITIALLY DEFERRED` is written `DEFERRABLE INITIALLY DEFERRED`, which PostgreSQL reads it
/// as and SQLite requires.
async fn fk_deferrable_added_removed(db: &TestDb) {
    if db.backend() == Backend::MySql {
        return;
    }
    let cases: [(&str, &str, Key); 5] = [
        ("add_deferrable", "", ForeignKey::deferrable),
        ("add_deferred", "", ForeignKey::initially_deferred),
        ("remove_deferrable", "DEFERRABLE", plain),
        ("remove_immediate", "DEFERRABLE INITIALLY IMMEDIATE", plain),
        ("remove_deferred", "DEFERRABLE INITIALLY DEFERRED", plain),
    ];
    let (found, expected) = fk_options_cases(db, &cases).await;
    assert_eq!(found, expected, "{:?}", db.backend());
}

backend_tests!(
    unnamed_unique_constraint_columns_changed,
    indexes_added,
    index_named_as_column_removed,
    expression_index_added,
    expression_index_removed,
    renamed_index_dropped_and_added,
    check_constraints_added_dropped_changed,
    fk_added,
    fk_replaced_drop_first,
    composite_fk_added,
    composite_fk_removed,
    fk_actions_added_removed_changed,
    fk_deferrable_added_removed,
);
