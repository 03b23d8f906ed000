//! Alembic's own autogenerate test cases, ported beside `alembic_{unchanged,changed}_columns.rs`:
//! column types, integer keys, nullability, comments, generated columns and enum values
//! changed, and tables new and gone, each change expected in migrate's words and order. Each
//! case makes the database side (Alembic's `m1`) with the DDL SQLAlchemy emits for it on that
//! database, declares the model side (`m2`) with `#[derive(Model)]`, and compares the live
//! catalog with the models as Alembic's `compare_metadata` does (`migrate_tests::alembic`).
// The models' fields are columns, read by nothing in this test.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDateTime, Utc};
use migrate_runtime::model::{Model, ModelEnum, Models};
use migrate_tests::alembic::{assert_changes, pick, summaries};
use migrate_tests::{Backend, TestDb, backend_tests};
use rust_decimal::Decimal;

/// `INTEGER` as `db` spells it in a summary.
fn integer(db: &TestDb) -> &'static str {
    pick(db, "INTEGER", "INTEGER", "INT")
}

mod specificity {
    use super::*;

    #[derive(Model)]
    #[model(table = "sometable")]
    pub struct Sometable {
        #[column(len = 40)]
        a: Option<String>,
        b: Option<i32>,
        #[column(precision = 10, scale = 6)]
        c: Option<Decimal>,
        #[column(precision = 12, scale = 5)]
        d: Option<Decimal>,
        e: Option<NaiveDateTime>,
        f: Option<i16>,
        g: Option<i16>,
    }
}

/// test_autogen_diffs.py::CompareTypeSpecificityTest::test_compare_type, the changes, here
/// against a live database: `VARCHAR(30)` to `String(40)` and to `Integer`, `DECIMAL(10, 5)`
/// to `DECIMAL(10, 6)`, to `Numeric(12, 5)` and to `DateTime`, `BIGINT` to `SmallInteger` and
/// `INTEGER` to `SmallInteger`, a column each. A decimal is `NUMERIC` in migrate's words;
/// SQLite keeps the type as written (`DECIMAL`).
async fn compare_type_changes(db: &TestDb) {
    let setup = [
        "CREATE TABLE sometable (a VARCHAR(30), b VARCHAR(30), c DECIMAL(10, 5), d DECIMAL(10, 5), e DECIMAL(10, 5), f BIGINT, g INTEGER)",
    ];
    let models = Models::from_tables([specificity::Sometable::table()]);
    let (int, timestamp) = (
        integer(db),
        pick(db, "TIMESTAMP", "TIMESTAMP", "DATETIME(6)"),
    );
    let decimal = pick(db, "NUMERIC", "DECIMAL", "NUMERIC");
    let b = format!("changed column `sometable.b`: type VARCHAR(30) to {int}");
    let c = format!("changed column `sometable.c`: type {decimal}(10, 5) to NUMERIC(10, 6)");
    let d = format!("changed column `sometable.d`: type {decimal}(10, 5) to NUMERIC(12, 5)");
    let e = format!("changed column `sometable.e`: type {decimal}(10, 5) to {timestamp}");
    let g = format!("changed column `sometable.g`: type {int} to SMALLINT");
    let expected = [
        "changed column `sometable.a`: type VARCHAR(30) to VARCHAR(40)",
        b.as_str(),
        c.as_str(),
        d.as_str(),
        e.as_str(),
        "changed column `sometable.f`: type BIGINT to SMALLINT",
        g.as_str(),
    ];
    assert_changes(db, &setup, models, &expected).await;
}

mod timezone {
    use super::*;

    #[derive(Model)]
    #[model(table = "sometable")]
    pub struct Sometable {
        a: Option<NaiveDateTime>,
        b: Option<DateTime<Utc>>,
        c: Option<NaiveDateTime>,
    }
}

/// test_autogen_diffs.py::CompareMetadataToInspectorTest::test_datetime_comparisons:
/// `DateTime()` to `DateTime(timezone=False)` (no change), to `DateTime(timezone=True)`, and
/// `DateTime(timezone=True)` to `DateTime(timezone=False)`, a column each (PostgreSQL, as
/// Alembic: SQLAlchemy writes `DATETIME` either way on MySQL and SQLite).
async fn datetime_timezone_changes(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let setup = [
        "CREATE TABLE sometable (a TIMESTAMP WITHOUT TIME ZONE, b TIMESTAMP WITHOUT TIME ZONE, c TIMESTAMP WITH TIME ZONE)",
    ];
    let models = Models::from_tables([timezone::Sometable::table()]);
    let expected = [
        "changed column `sometable.b`: type TIMESTAMP to TIMESTAMP WITH TIME ZONE",
        "changed column `sometable.c`: type TIMESTAMP WITH TIME ZONE to TIMESTAMP",
    ];
    assert_changes(db, &setup, models, &expected).await;
}

mod autoincrement {
    use super::*;

    #[derive(Model)]
    #[model(table = "a")]
    pub struct A {
        x: Option<i32>,
    }

    #[derive(Model)]
    #[model(table = "b")]
    pub struct B {
        #[column(primary_key)]
        x: i64,
    }

    #[derive(Model)]
    #[model(table = "c")]
    pub struct C {
        #[column(primary_key, auto_increment = false)]
        x: i64,
    }

    #[derive(Model)]
    #[model(table = "d")]
    pub struct D {
        #[column(primary_key)]
        id: i32,
        x: Option<i64>,
    }

    #[derive(Model)]
    #[model(table = "e")]
    pub struct E {
        #[column(primary_key)]
        id: i32,
        #[column(primary_key)]
        x: i64,
    }
}

/// alembic/testing/suite/test_autogen_diffs.py::AutoincrementTest, a table each:
/// test_alter_column_autoincrement_none (`a`: NOT NULL to nullable),
/// test_alter_column_autoincrement_pk_implicit_true and _pk_explicit_true (`b`: the numbered
/// key `Integer` to `BigInteger`), _pk_false (`c`: the key, not numbered), _nonpk_implicit_false
/// and _nonpk_false (`d`) and _compositepk_implicit_false and _compositepk_false (`e`). On
/// SQLite a one-column `INTEGER` key is the 64-bit row id already: `b` and `c` are no change.
async fn integer_columns_widened(db: &TestDb) {
    use autoincrement::*;
    let setup = [
        "CREATE TABLE a (x INTEGER NOT NULL)",
        "CREATE TABLE b (x {serial}, PRIMARY KEY (x))",
        "CREATE TABLE c (x INTEGER NOT NULL, PRIMARY KEY (x))",
        "CREATE TABLE d (id {serial}, x INTEGER, PRIMARY KEY (id))",
        "CREATE TABLE e (id INTEGER NOT NULL, x INTEGER NOT NULL, PRIMARY KEY (id, x))",
    ];
    let models = Models::from_tables([A::table(), B::table(), C::table(), D::table(), E::table()]);
    let widened = |table: &str, from: &str, to: &str| {
        format!("changed column `{table}.x`: type {from} to {to}")
    };
    let mut expected = vec!["changed column `a.x`: now nullable".to_owned()];
    match db.backend() {
        Backend::Postgres => expected.push(widened("b", "SERIAL", "BIGSERIAL")),
        Backend::MySql => expected.push(widened("b", "INT", "BIGINT")),
        Backend::Sqlite => {}
    }
    if db.backend() != Backend::Sqlite {
        expected.push(widened("c", integer(db), "BIGINT"));
    }
    expected.push(widened("d", integer(db), "BIGINT"));
    expected.push(widened("e", integer(db), "BIGINT"));
    let found = summaries(db, &setup, models).await;
    assert_eq!(found, expected, "{:?}", db.backend());
}

mod comments {
    use super::*;

    #[derive(Model)]
    #[model(table = "a")]
    pub struct A {
        #[column(comment = "x")]
        x: Option<i32>,
    }

    #[derive(Model)]
    #[model(table = "b")]
    pub struct B {
        #[column(comment = "x")]
        x: i32,
    }

    #[derive(Model)]
    #[model(table = "c")]
    pub struct C {
        #[column(comment = "new")]
        x: Option<i32>,
    }

    #[derive(Model)]
    #[model(table = "d")]
    pub struct D {
        #[column(default = 5, comment = "new")]
        x: Option<i32>,
    }
}

/// alembic/testing/suite/test_autogen_diffs.py::AlterColumnTest, with `pk=False`, a table
/// each: test_all_existings_filled (`a`), test_all_existings_filled_in_notnull (`b`),
/// test_all_existings_filled_in_comment (`c`: `old` to `new`) and
/// test_all_existings_filled_in_server_default (`d`: the default `"5"` kept). Only the comment
/// changes (PostgreSQL and MySQL; SQLite keeps no comments).
async fn column_comments_set_beside_the_rest(db: &TestDb) {
    use comments::*;
    let (c, mysql_c) = (
        "CREATE TABLE c (x INTEGER)",
        "CREATE TABLE c (x INTEGER COMMENT 'old')",
    );
    let mut setup = vec![
        "CREATE TABLE a (x INTEGER)",
        "CREATE TABLE b (x INTEGER NOT NULL)",
        pick(db, c, c, mysql_c),
        "CREATE TABLE d (x INTEGER DEFAULT '5')",
    ];
    match db.backend() {
        Backend::Sqlite => return,
        Backend::Postgres => setup.push("COMMENT ON COLUMN c.x IS 'old'"),
        Backend::MySql => {}
    }
    let models = Models::from_tables([A::table(), B::table(), C::table(), D::table()]);
    let expected = ["a", "b", "c", "d"].map(|t| format!("changed column `{t}.x`: comment"));
    let found = summaries(db, &setup[..], models).await;
    assert_eq!(found, expected, "{:?}", db.backend());
}

mod computed {
    use super::*;

    #[derive(Model)]
    #[model(table = "user")]
    pub struct User {
        #[column(primary_key)]
        id: i32,
        #[column(generated = "5")]
        foo: Option<i32>,
    }

    #[derive(Model)]
    #[model(table = "user2")]
    pub struct User2 {
        #[column(primary_key)]
        id: i32,
    }
}

/// test_autogen_computed.py::AutogenerateComputedTest::test_add_computed_column (`user`) and
/// test_remove_computed_column (its `user` as `user2`): `Computed("5")`, which SQLAlchemy
/// writes `STORED` on PostgreSQL, virtual elsewhere.
async fn computed_columns_added_and_removed(db: &TestDb) {
    let virtual_foo =
        "CREATE TABLE user2 (id {serial}, foo INTEGER GENERATED ALWAYS AS (5), PRIMARY KEY (id))";
    let setup = [
        "CREATE TABLE \"user\" (id {serial}, PRIMARY KEY (id))",
        pick(
            db,
            "CREATE TABLE user2 (id {serial}, foo INTEGER GENERATED ALWAYS AS (5) STORED, PRIMARY KEY (id))",
            virtual_foo,
            virtual_foo,
        ),
    ];
    let models = Models::from_tables([computed::User::table(), computed::User2::table()]);
    let expected = ["added column `user.foo`", "dropped column `user2.foo`"];
    assert_changes(db, &setup, models, &expected).await;
}

mod enums {
    use super::*;

    #[derive(ModelEnum)]
    #[model_enum(name = "letters")]
    pub enum Abcd {
        A,
        B,
        C,
        D,
    }

    #[derive(ModelEnum)]
    pub enum Abc {
        A,
        B,
        C,
    }

    #[derive(Model)]
    #[model(table = "t")]
    pub struct Grown {
        grown: Option<Abcd>,
    }

    #[derive(Model)]
    #[model(table = "t2")]
    pub struct Shrunk {
        shrunk: Option<Abc>,
    }
}

/// test_mysql.py::MySQLEnumCompareTest::test_compare_enum_types, `Enum("A", "B", "C")` to
/// `Enum("A", "B", "C", "D")` (`t`) and back (`t2`), in lower case, here on every database:
/// MySQL's `ENUM` changes; SQLite's non-native enum, `VARCHAR(1)` as SQLAlchemy writes it,
/// stays the same; PostgreSQL's enum type (which Alembic does not compare) takes the new value
/// in place, and cannot lose one (autogenerate refuses, saying what to write): no `t2` there.
async fn enum_values_added_and_removed(db: &TestDb) {
    use enums::*;
    let setup: &[&str] = match db.backend() {
        Backend::Postgres => &[
            "CREATE TYPE letters AS ENUM ('a', 'b', 'c')",
            "CREATE TABLE t (grown letters)",
        ],
        Backend::Sqlite => &[
            "CREATE TABLE t (grown VARCHAR(1))",
            "CREATE TABLE t2 (shrunk VARCHAR(1))",
        ],
        Backend::MySql => &[
            "CREATE TABLE t (grown ENUM('a','b','c'))",
            "CREATE TABLE t2 (shrunk ENUM('a','b','c','d'))",
        ],
    };
    let mut tables = vec![Grown::table()];
    if db.backend() != Backend::Postgres {
        tables.push(Shrunk::table());
    }
    let expected: &[&str] = match db.backend() {
        Backend::Postgres => &["added the value 'd' to the enum type `letters`"],
        Backend::Sqlite => &[],
        Backend::MySql => &[
            "changed column `t.grown`: type ENUM('a', 'b', 'c') to ENUM('a', 'b', 'c', 'd')",
            "changed column `t2.shrunk`: type ENUM('a', 'b', 'c', 'd') to ENUM('a', 'b', 'c')",
        ],
    };
    assert_changes(db, setup, Models::from_tables(tables), expected).await;
}

mod new_tables {
    use super::*;

    #[derive(Model)]
    #[model(table = "extra", index(bar, name = "newtable_idx"))]
    pub struct Extra {
        #[column(index)]
        foo: Option<i32>,
        bar: Option<i32>,
    }

    #[derive(Model)]
    #[model(table = "add_ix")]
    pub struct AddIx {
        #[column(len = 50, index)]
        x: Option<String>,
    }

    /// `Column("x", String(50), unique=True, index=True)`: one unique index.
    #[derive(Model)]
    #[model(table = "add_uq_ix", index(x, unique))]
    pub struct AddUqIx {
        #[column(len = 50)]
        x: Option<String>,
    }

    #[derive(Model)]
    #[model(table = "no_uq")]
    pub struct NoUq {
        #[column(len = 50, unique)]
        x: Option<String>,
    }

    #[derive(Model)]
    #[model(table = "new_table", check(sql = "x > 0", name = "ck_new_x"))]
    pub struct NewTable {
        x: Option<i32>,
    }

    #[derive(Model)]
    #[model(table = "parent")]
    pub struct Parent {
        #[column(primary_key)]
        id: i32,
    }

    #[derive(Model)]
    #[model(table = "child")]
    pub struct Child {
        #[column(references = "parent.id")]
        parent_id: Option<i32>,
    }
}

/// test_autogen_indexes.py::AutogenerateIndexTest::test_new_table_added and
/// test_add_ix_on_table_create, AutogenerateUniqueIndexTest::test_add_uq_ix_on_table_create
/// (its `add_ix` as `add_uq_ix`) and test_dont_add_uq_on_table_create,
/// test_autogen_check_constraints.py::AutogenCheckConstraintTest::test_add_table_with_check_constraint_no_duplicate
/// and test_autogen_diffs.py::AutogenerateDiffOrderTest::test_diffs_order, a table each, on an
/// empty database. A table's unique, check and foreign key constraints come with it, never
/// again on their own; its indexes are added after every table, in the order declared; `child`
/// comes after the `parent` it refers to.
async fn new_tables_with_what_they_hold(db: &TestDb) {
    use new_tables::*;
    let setup: [&str; 0] = [];
    let models = Models::from_tables([
        Extra::table(),
        AddIx::table(),
        AddUqIx::table(),
        NoUq::table(),
        NewTable::table(),
        Parent::table(),
        Child::table(),
    ]);
    let expected = [
        "added table `add_ix`",
        "added table `add_uq_ix`",
        "added table `extra`",
        "added table `new_table`",
        "added table `no_uq`",
        "added table `parent`",
        "added table `child`",
        "added index `ix_add_ix_x` on `add_ix`",
        "added index `ix_add_uq_ix_x` on `add_uq_ix`",
        "added index `ix_extra_foo` on `extra`",
        "added index `newtable_idx` on `extra`",
    ];
    assert_changes(db, &setup, models, &expected).await;
}

mod tables_left {
    use super::*;

    #[derive(Model)]
    #[model(table = "t")]
    pub struct T {
        x: Option<i32>,
    }

    #[derive(Model)]
    #[model(table = "sometable")]
    pub struct Sometable {
        #[column(primary_key)]
        id: i32,
        value: Option<i32>,
    }

    #[derive(Model)]
    #[model(table = "someothertable")]
    pub struct Someothertable {
        #[column(primary_key)]
        id: i32,
        value: Option<i32>,
        othervalue: Option<i32>,
    }
}

/// test_autogen_diffs.py::AutogenKeyTest::test_autogen (run there on SQLite only): a table
/// and a column new, the column first (migrate adds the columns of the tables that stay before
/// it makes new tables; Alembic lists the table first). With
/// test_autogen_indexes.py::AutogenerateIndexTest::test_drop_table_w_indexes,
/// AutogenerateUniqueIndexTest::test_dont_add_uq_on_reverse_table_drop and
/// test_autogen_check_constraints.py::AutogenCheckConstraintTest::test_drop_table_with_check_constraint_no_duplicate,
/// a table each: Alembic lists a dropped table's indexes (and on MySQL its unique constraint)
/// as dropped before it; migrate drops the table, which takes them with it.
async fn tables_added_and_dropped(db: &TestDb) {
    use tables_left::*;
    let setup = [
        "CREATE TABLE t (x INTEGER)",
        "CREATE TABLE someothertable (id {serial}, value INTEGER, PRIMARY KEY (id))",
        "CREATE TABLE some_table (id {serial}, x VARCHAR(20), y VARCHAR(20), PRIMARY KEY (id))",
        "CREATE INDEX xy_idx ON some_table (x, y)",
        "CREATE INDEX y_idx ON some_table (y)",
        "CREATE TABLE no_uq (x VARCHAR(50), UNIQUE (x))",
        "CREATE TABLE old_table (x INTEGER, CONSTRAINT ck_old_x CHECK (x > 0))",
    ];
    let models = Models::from_tables([T::table(), Sometable::table(), Someothertable::table()]);
    let expected = [
        "added column `someothertable.othervalue`",
        "added table `sometable`",
        "dropped table `no_uq`",
        "dropped table `old_table`",
        "dropped table `some_table`",
    ];
    assert_changes(db, &setup, models, &expected).await;
}

backend_tests!(
    compare_type_changes,
    datetime_timezone_changes,
    integer_columns_widened,
    column_comments_set_beside_the_rest,
    computed_columns_added_and_removed,
    enum_values_added_and_removed,
    new_tables_with_what_they_hold,
    tables_added_and_dropped,
);
