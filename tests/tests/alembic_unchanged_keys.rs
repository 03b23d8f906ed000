//! Alembic's own autogenerate test cases, ported: keys, unique constraints and indexes that
//! did not change, of which nothing may be reported. Each case makes the database side
//! (Alembic's `m1`) with the DDL SQLAlchemy emits for it on that database, declares the model
//! side (`m2`) with `#[derive(Model)]`, and compares the live catalog with the models as
//! Alembic's `compare_metadata` does (`migrate_tests::alembic`).
// The models' fields are columns, read by nothing in this test.
#![allow(dead_code)]

use migrate_runtime::model::{Model, ModelTable, Models};
use migrate_runtime::prelude::*;
use migrate_tests::alembic::assert_no_change;
use migrate_tests::{Backend, TestDb, backend_tests};

/// `some_table` of Alembic's foreign key fixtures.
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

mod fk_no_change {
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
        #[column(references = "some_table.id")]
        test2: Option<i32>,
    }
}

/// test_autogen_fks.py::AutogenerateForeignKeysTest::test_no_change. The key is unnamed, as
/// Alembic's: MySQL names the index it makes for it after the column (`test2`), which is no
/// index of the models.
async fn fk_no_change(db: &TestDb) {
    let setup = [
        some_table::DDL,
        "CREATE TABLE \"user\" (id {serial}, name VARCHAR(50) NOT NULL, a1 VARCHAR(10) DEFAULT 'x', test2 INTEGER, PRIMARY KEY (id), FOREIGN KEY(test2) REFERENCES some_table (id))",
    ];
    let models = Models::from_tables([some_table::SomeTable::table(), fk_no_change::User::table()]);
    assert_no_change(db, &setup, models).await;
}

mod fk_no_change_composite {
    use super::*;

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
        foreign_key(other_id_1, other_id_2, references = "some_table(id_1, id_2)")
    )]
    pub struct User {
        #[column(primary_key)]
        id: i32,
        #[column(len = 50)]
        name: String,
        #[column(len = 10, default = "x")]
        a1: Option<String>,
        #[column(len = 10)]
        other_id_1: Option<String>,
        #[column(len = 10)]
        other_id_2: Option<String>,
    }
}

/// test_autogen_fks.py::AutogenerateForeignKeysTest::test_no_change_composite_fk
async fn fk_no_change_composite(db: &TestDb) {
    use fk_no_change_composite::*;
    let setup = [
        "CREATE TABLE some_table (id_1 VARCHAR(10) NOT NULL, id_2 VARCHAR(10) NOT NULL, PRIMARY KEY (id_1, id_2))",
        "CREATE TABLE \"user\" (id {serial}, name VARCHAR(50) NOT NULL, a1 VARCHAR(10) DEFAULT 'x', other_id_1 VARCHAR(10), other_id_2 VARCHAR(10), PRIMARY KEY (id), FOREIGN KEY(other_id_1, other_id_2) REFERENCES some_table (id_1, id_2))",
    ];
    let models = Models::from_tables([SomeTable::table(), User::table()]);
    assert_no_change(db, &setup, models).await;
}

mod fk_no_change_actions {
    use super::*;

    /// The actions in another case than the database's, as Alembic's case-sensitivity test.
    #[derive(Model)]
    #[model(table = "user")]
    pub struct User {
        #[column(primary_key)]
        id: i32,
        #[column(len = 50)]
        name: String,
        #[column(
            references = "some_table.id",
            on_delete = "CasCade",
            on_update = "CasCade"
        )]
        tid: Option<i32>,
        #[column(
            references = "some_table.id",
            on_delete = "restrict",
            on_update = "restrict"
        )]
        tid_restrict: Option<i32>,
        #[column(
            references = "some_table.id",
            on_delete = "no action",
            on_update = "no action"
        )]
        tid_no_action: Option<i32>,
    }
}

/// test_autogen_fks.py::AutogenerateFKOptionsTest::test_nochange_ondelete,
/// test_nochange_onupdate, test_nochange_ondelete_restrict, test_nochange_onupdate_restrict,
/// test_nochange_ondelete_noaction and test_nochange_onupdate_noaction, one key each kind.
/// The keys are named, so that MySQL's index for each is named as the key.
async fn fk_no_change_actions(db: &TestDb) {
    let setup = [
        some_table::DDL,
        "CREATE TABLE \"user\" (id {serial}, name VARCHAR(50) NOT NULL, tid INTEGER, tid_restrict INTEGER, tid_no_action INTEGER, PRIMARY KEY (id), \
         CONSTRAINT fk_user_tid FOREIGN KEY(tid) REFERENCES some_table (id) ON DELETE caSCAde ON UPDATE caSCAde, \
         CONSTRAINT fk_user_tid_restrict FOREIGN KEY(tid_restrict) REFERENCES some_table (id) ON DELETE RESTRICT ON UPDATE RESTRICT, \
         CONSTRAINT fk_user_tid_no_action FOREIGN KEY(tid_no_action) REFERENCES some_table (id) ON DELETE NO ACTION ON UPDATE NO ACTION)",
    ];
    let models = Models::from_tables([
        some_table::SomeTable::table(),
        fk_no_change_actions::User::table(),
    ]);
    assert_no_change(db, &setup, models).await;
}

/// test_autogen_fks.py::AutogenerateFKOptionsTest::test_add_initially_deferrable_nochange_one
/// and test_add_initially_deferrable_nochange_two (PostgreSQL and SQLite; MySQL has no
/// deferrable keys). Models have no attribute for it: the table is built with the op.
async fn fk_no_change_deferrable(db: &TestDb) {
    if db.backend() == Backend::MySql {
        return;
    }
    let setup = [
        some_table::DDL,
        "CREATE TABLE \"user\" (id {serial}, name VARCHAR(50) NOT NULL, tid INTEGER, tid2 INTEGER, PRIMARY KEY (id), \
         CONSTRAINT fk_user_tid FOREIGN KEY(tid) REFERENCES some_table (id) DEFERRABLE INITIALLY IMMEDIATE, \
         CONSTRAINT fk_user_tid2 FOREIGN KEY(tid2) REFERENCES some_table (id) DEFERRABLE INITIALLY DEFERRED)",
    ];
    let user = op::create_table("user")
        .column(Column::new("id", Type::Serial).primary_key())
        .column(Column::new("name", Type::Varchar(50)).not_null())
        .column(Column::new("tid", Type::Integer))
        .column(Column::new("tid2", Type::Integer))
        .foreign_key(ForeignKey::new(["tid"], "some_table", ["id"]).deferrable())
        .foreign_key(ForeignKey::new(["tid2"], "some_table", ["id"]).initially_deferred());
    let models = Models::from_tables([
        some_table::SomeTable::table(),
        ModelTable::new("User", user),
    ]);
    assert_no_change(db, &setup, models).await;
}

mod implicit_fk_index {
    use super::*;

    #[derive(Model)]
    #[model(table = "nothing_changed")]
    pub struct NothingChanged {
        #[column(primary_key)]
        id: i32,
        #[column(references = "nc2.id")]
        other_id: i32,
        foo: Option<i32>,
    }

    #[derive(Model)]
    #[model(table = "nc2")]
    pub struct Nc2 {
        #[column(primary_key)]
        id: i32,
    }
}

/// test_autogen_indexes.py::AutogenerateIndexTest::test_nothing_changed_implicit_fk_index_named:
/// MySQL's own index for the key, named as the key, is not reported.
async fn implicit_fk_index_named_no_change(db: &TestDb) {
    use implicit_fk_index::*;
    let setup = [
        "CREATE TABLE nc2 (id {serial}, PRIMARY KEY (id))",
        "CREATE TABLE nothing_changed (id {serial}, other_id INTEGER NOT NULL, foo INTEGER, PRIMARY KEY (id), CONSTRAINT fk_my_table_other_table FOREIGN KEY(other_id) REFERENCES nc2 (id))",
    ];
    let models = Models::from_tables([NothingChanged::table(), Nc2::table()]);
    assert_no_change(db, &setup, models).await;
}

mod unique_index {
    use super::*;

    #[derive(Model)]
    #[model(table = "unq_idx", index(x, unique, name = "x"))]
    pub struct UnqIdx {
        #[column(primary_key)]
        id: i32,
        #[column(len = 20)]
        x: Option<String>,
    }
}

/// test_autogen_indexes.py::AutogenerateUniqueIndexTest::test_unique_flag_nothing_changed. On
/// MySQL a unique index and a unique constraint are one thing.
async fn unique_index_no_change(db: &TestDb) {
    let setup = [
        "CREATE TABLE unq_idx (id {serial}, x VARCHAR(20), PRIMARY KEY (id))",
        "CREATE UNIQUE INDEX x ON unq_idx (x)",
    ];
    let models = Models::from_tables([unique_index::UnqIdx::table()]);
    assert_no_change(db, &setup, models).await;
}

mod db_named_unique {
    use super::*;

    #[derive(Model)]
    #[model(table = "item")]
    pub struct Item {
        #[column(unique)]
        x: Option<i32>,
    }
}

/// test_autogen_indexes.py::AutogenerateUniqueIndexTest::test_mismatch_db_named_col_flag:
/// the same unique constraint under the database's name.
async fn unique_flag_matches_db_named_constraint(db: &TestDb) {
    let setup = ["CREATE TABLE item (x INTEGER, CONSTRAINT db_generated_name UNIQUE (x))"];
    let models = Models::from_tables([db_named_unique::Item::table()]);
    assert_no_change(db, &setup, models).await;
}

mod plain_index {
    use super::*;

    #[derive(Model)]
    #[model(table = "nothing_changed")]
    pub struct NothingChanged {
        #[column(len = 20, index)]
        x: Option<String>,
    }
}

/// test_autogen_indexes.py::AutogenerateIndexTest::test_nothing_changed_one
async fn index_no_change(db: &TestDb) {
    let setup = [
        "CREATE TABLE nothing_changed (x VARCHAR(20))",
        "CREATE INDEX ix_nothing_changed_x ON nothing_changed (x)",
    ];
    let models = Models::from_tables([plain_index::NothingChanged::table()]);
    assert_no_change(db, &setup, models).await;
}

mod descending_index {
    use super::*;

    #[derive(Model)]
    #[model(table = "add_ix", index(x, desc(x), name = "foo_idx"))]
    pub struct AddIx {
        #[column(len = 50)]
        x: Option<String>,
    }
}

/// test_autogen_indexes.py::AutogenerateIndexTest::test_unchanged_idx_non_col (MariaDB keeps
/// the order from 10.8).
async fn descending_index_no_change(db: &TestDb) {
    let setup = [
        "CREATE TABLE add_ix (x VARCHAR(50))",
        "CREATE INDEX foo_idx ON add_ix (x DESC)",
    ];
    let models = Models::from_tables([descending_index::AddIx::table()]);
    assert_no_change(db, &setup, models).await;
}

mod sort_equivalents {
    use super::*;

    /// DESC is NULLS FIRST already.
    #[derive(Model)]
    #[model(
        table = "order_change_a",
        index(y, desc(y), nulls_first(y), name = "ix_a")
    )]
    pub struct A {
        y: Option<i32>,
    }

    /// ASC is NULLS LAST already.
    #[derive(Model)]
    #[model(table = "order_change_b", index(y, name = "ix_b"))]
    pub struct B {
        y: Option<i32>,
    }
}

/// test_autogen_indexes.py::AutogenerateIndexTest::test_column_sort_not_changed, the
/// combinations `(desc, nullsfirst(desc))` and `(nullslast(asc), plain)` (PostgreSQL: the
/// only one with NULLS FIRST/LAST).
async fn index_sort_equivalents_no_change(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let setup = [
        "CREATE TABLE order_change_a (y INTEGER)",
        "CREATE INDEX ix_a ON order_change_a (y DESC)",
        "CREATE TABLE order_change_b (y INTEGER)",
        "CREATE INDEX ix_b ON order_change_b (y ASC NULLS LAST)",
    ];
    let models = Models::from_tables([sort_equivalents::A::table(), sort_equivalents::B::table()]);
    assert_no_change(db, &setup, models).await;
}

mod covering_index {
    use super::*;

    #[derive(Model)]
    #[model(table = "nothing_changed", index(x, name = "SomeIndex", include(y)))]
    pub struct NothingChanged {
        #[column(primary_key)]
        id: i32,
        x: Option<i32>,
        y: Option<i32>,
    }
}

/// test_autogen_indexes.py::AutogenerateIndexTest::test_nothing_changed_covering_index
/// (PostgreSQL's INCLUDE).
async fn covering_index_no_change(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let setup = [
        "CREATE TABLE nothing_changed (id {serial}, x INTEGER, y INTEGER, PRIMARY KEY (id))",
        "CREATE INDEX \"SomeIndex\" ON nothing_changed (x) INCLUDE (y)",
    ];
    let models = Models::from_tables([covering_index::NothingChanged::table()]);
    assert_no_change(db, &setup, models).await;
}

mod expression_index {
    use super::*;

    #[derive(Model)]
    #[model(table = "exp_index", index(y, expr = "lower(x)", name = "idx"))]
    pub struct ExpIndex {
        #[column(primary_key)]
        id: i32,
        #[column(len = 100)]
        x: Option<String>,
        #[column(len = 100)]
        y: Option<String>,
    }
}

/// test_autogen_indexes.py::AutogenerateExpressionIndexTest::test_expression_indexes_no_change,
/// `Index("idx", "y", func.lower(t.c.x))` (PostgreSQL keeps `lower((x)::text)`; MariaDB has no
/// index on an expression).
async fn expression_index_no_change(db: &TestDb) {
    if db.backend() == Backend::MySql {
        return;
    }
    let setup = [
        "CREATE TABLE exp_index (id {serial}, x VARCHAR(100), y VARCHAR(100), PRIMARY KEY (id))",
        "CREATE INDEX idx ON exp_index (y, lower(x))",
    ];
    let models = Models::from_tables([expression_index::ExpIndex::table()]);
    assert_no_change(db, &setup, models).await;
}

mod jsonb_expression_indexes {
    use super::*;

    #[derive(Model)]
    #[model(
        table = "exp_index",
        index(expr = "(jb->'x')", name = "idx"),
        index(expr = "(jb -> 'x')::integer", name = "idx2")
    )]
    pub struct ExpIndex {
        #[column(primary_key)]
        id: i32,
        #[column(sql_type = "JSONB")]
        jb: Option<serde_json::Value>,
        not_jsonb_path_ops: Option<i32>,
    }
}

/// test_postgresql.py::PGIndexAutogenerateTest::test_expression_indexes_no_change, the pairs
/// `(jb->'x')` / `(jb -> 'x')` and `cast(jb->'x' as integer)` / `(jb -> 'x')::integer`.
async fn jsonb_expression_indexes_no_change(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let setup = [
        "CREATE TABLE exp_index (id {serial}, jb JSONB, not_jsonb_path_ops INTEGER, PRIMARY KEY (id))",
        "CREATE INDEX idx ON exp_index ((jb -> 'x'))",
        "CREATE INDEX idx2 ON exp_index ((cast(jb->'x' as integer)))",
    ];
    let models = Models::from_tables([jsonb_expression_indexes::ExpIndex::table()]);
    assert_no_change(db, &setup, models).await;
}

mod partial_index {
    use super::*;

    #[derive(Model)]
    #[model(
        table = "t",
        index(x, y, name = "foo_idx", where_sql = "y = 'something'")
    )]
    pub struct T {
        x: Option<i32>,
        #[column(len = 20)]
        y: Option<String>,
    }
}

/// test_postgresql.py::PostgresqlAutogenRenderTest::test_render_add_index_pg_where, compared
/// instead of rendered (PostgreSQL keeps `((y)::text = 'something'::text)`; SQLite has partial
/// indexes too, MySQL none).
async fn partial_index_no_change(db: &TestDb) {
    if db.backend() == Backend::MySql {
        return;
    }
    let setup = [
        "CREATE TABLE t (x INTEGER, y VARCHAR(20))",
        "CREATE INDEX foo_idx ON t (x, y) WHERE y = 'something'",
    ];
    let models = Models::from_tables([partial_index::T::table()]);
    assert_no_change(db, &setup, models).await;
}

mod mysql_index_names {
    use super::*;

    #[derive(Model)]
    #[model(table = "a", index(title, name = "ix_title", prefix(title = 32)))]
    pub struct A {
        #[column(len = 200)]
        title: Option<String>,
    }

    #[derive(Model)]
    #[model(table = "b", index(title, name = "ix_title"))]
    pub struct B {
        #[column(len = 200)]
        title: Option<String>,
    }
}

/// No Alembic test of its own: MySQL's index names are per table (Alembic reflects them per
/// table), and a key prefix (SQLAlchemy's `mysql_length`) is part of the index (MySQL).
async fn mysql_index_names_per_table_and_prefix_no_change(db: &TestDb) {
    if db.backend() != Backend::MySql {
        return;
    }
    let setup = [
        "CREATE TABLE a (title VARCHAR(200))",
        "CREATE INDEX ix_title ON a (title(32))",
        "CREATE TABLE b (title VARCHAR(200))",
        "CREATE INDEX ix_title ON b (title)",
    ];
    let models =
        Models::from_tables([mysql_index_names::A::table(), mysql_index_names::B::table()]);
    assert_no_change(db, &setup, models).await;
}

backend_tests!(
    fk_no_change,
    fk_no_change_composite,
    fk_no_change_actions,
    fk_no_change_deferrable,
    implicit_fk_index_named_no_change,
    unique_index_no_change,
    unique_flag_matches_db_named_constraint,
    index_no_change,
    descending_index_no_change,
    index_sort_equivalents_no_change,
    covering_index_no_change,
    expression_index_no_change,
    jsonb_expression_indexes_no_change,
    partial_index_no_change,
    mysql_index_names_per_table_and_prefix_no_change,
);
