//! Alembic's own autogenerate test cases, ported: column types, defaults, generated columns
//! and comments that changed, each change expected in migrate's words. Each case makes the database side
//! (Alembic's `m1`) with the DDL SQLAlchemy emits for it on that database, declares the model
//! side (`m2`) with `#[derive(Model)]`, and compares the live catalog with the models as
//! Alembic's `compare_metadata` does (`migrate_tests::alembic`).
// The models' fields are columns, read by nothing in this test.
#![allow(dead_code)]

use migrate_runtime::model::{Model, Models};
use migrate_tests::alembic::assert_changes;
use migrate_tests::{Backend, TestDb, backend_tests};
use rust_decimal::Decimal;

/// `INTEGER` as `db` spells it in a summary.
fn integer(db: &TestDb) -> &'static str {
    match db.backend() {
        Backend::MySql => "INT",
        Backend::Postgres | Backend::Sqlite => "INTEGER",
    }
}

mod server_defaults {
    use super::*;

    #[derive(Model)]
    #[model(table = "t1")]
    pub struct T1 {
        #[column(len = 30, default = "some new default")]
        a: Option<String>,
        #[column(len = 30, default = "s//l//ash")]
        b: Option<String>,
        #[column(default = 20)]
        c: Option<i32>,
        #[column(default = 20)]
        d: Option<i32>,
    }
}

/// test_autogen_diffs.py::CompareServerDefaultTest::test_server_default_yes_positives:
/// `text("'some default'")` to `text("'some new default'")`, `text("'//slash'")` to
/// `text("'s//l//ash'")`, `text("15")` to `text("20")` and `"15"` to `"20"`, a column each.
async fn server_defaults_changed(db: &TestDb) {
    let setup = [
        "CREATE TABLE t1 (a VARCHAR(30) DEFAULT 'some default', b VARCHAR(30) DEFAULT '//slash', c INTEGER DEFAULT 15, d INTEGER DEFAULT '15')",
    ];
    let models = Models::from_tables([server_defaults::T1::table()]);
    let expected = [
        "changed column `t1.a`: default 'some default' to 'some new default'",
        "changed column `t1.b`: default '//slash' to 's//l//ash'",
        "changed column `t1.c`: default 15 to 20",
        "changed column `t1.d`: default 15 to 20",
    ];
    assert_changes(db, &setup, models, &expected).await;
}

mod default_added_removed {
    use super::*;

    #[derive(Model)]
    #[model(table = "test")]
    pub struct Test {
        #[column(default = 0)]
        added: Option<i32>,
        removed: Option<i32>,
    }
}

/// test_mysql.py::MySQLDefaultCompareTest::test_compare_integer_from_none (`None` to `"0"`),
/// and the reverse, here on every database.
async fn server_default_added_and_removed(db: &TestDb) {
    let setup = ["CREATE TABLE test (added INTEGER, removed INTEGER DEFAULT 5)"];
    let models = Models::from_tables([default_added_removed::Test::table()]);
    let expected = [
        "changed column `test.added`: default none to 0",
        "changed column `test.removed`: default 5 to none",
    ];
    assert_changes(db, &setup, models, &expected).await;
}

mod string_types {
    use super::*;

    #[derive(Model)]
    #[model(table = "sometable")]
    pub struct Sometable {
        #[column(len = 12)]
        a: Option<String>,
        #[column(len = 255)]
        b: Option<String>,
        #[column(len = 10)]
        c: Option<String>,
        d: Option<i32>,
        #[column(len = 1)]
        e: Option<String>,
    }
}

/// test_autogen_diffs.py::CompareMetadataToInspectorTest::test_string_comparisons, the
/// changes: `VARCHAR(6)` to `VARCHAR(12)`, `Text` to `VARCHAR(255)`, `Integer` to
/// `String(10)`, `String(10)` to `Integer` and `CHAR` to `String(1)`, a column each.
async fn string_types_changed(db: &TestDb) {
    let setup =
        ["CREATE TABLE sometable (a VARCHAR(6), b TEXT, c INTEGER, d VARCHAR(10), e CHAR(1))"];
    let models = Models::from_tables([string_types::Sometable::table()]);
    let c = format!(
        "changed column `sometable.c`: type {} to VARCHAR(10)",
        integer(db)
    );
    let d = format!(
        "changed column `sometable.d`: type VARCHAR(10) to {}",
        integer(db)
    );
    let expected = [
        "changed column `sometable.a`: type VARCHAR(6) to VARCHAR(12)",
        "changed column `sometable.b`: type TEXT to VARCHAR(255)",
        c.as_str(),
        d.as_str(),
        "changed column `sometable.e`: type CHAR(1) to VARCHAR(1)",
    ];
    assert_changes(db, &setup, models, &expected).await;
}

mod numeric_types {
    use super::*;

    #[derive(Model)]
    #[model(table = "sometable")]
    pub struct Sometable {
        #[column(precision = 8, scale = 0)]
        a: Option<Decimal>,
        #[column(precision = 8, scale = 2)]
        b: Option<Decimal>,
        c: Option<i32>,
        d: Option<i32>,
    }
}

/// test_autogen_diffs.py::CompareMetadataToInspectorTest::test_numeric_comparisons, the
/// changes: `Integer` to `Numeric(8, 0)`, `Numeric(8, 0)` to `Numeric(8, 2)`, `BigInteger` to
/// `Integer` and `SmallInteger` to `Integer`, a column each.
async fn numeric_types_changed(db: &TestDb) {
    let setup = ["CREATE TABLE sometable (a INTEGER, b NUMERIC(8, 0), c BIGINT, d SMALLINT)"];
    let models = Models::from_tables([numeric_types::Sometable::table()]);
    let a = format!(
        "changed column `sometable.a`: type {} to NUMERIC(8, 0)",
        integer(db)
    );
    let c = format!(
        "changed column `sometable.c`: type BIGINT to {}",
        integer(db)
    );
    let d = format!(
        "changed column `sometable.d`: type SMALLINT to {}",
        integer(db)
    );
    let expected = [
        a.as_str(),
        "changed column `sometable.b`: type NUMERIC(8, 0) to NUMERIC(8, 2)",
        c.as_str(),
        d.as_str(),
    ];
    assert_changes(db, &setup, models, &expected).await;
}

mod computed_redefined {
    use super::*;

    #[derive(Model)]
    #[model(table = "user")]
    pub struct User {
        #[column(primary_key)]
        id: i32,
        bar: Option<i32>,
        #[column(generated = "bar*5")]
        foo: Option<i32>,
        foo2: Option<i32>,
        #[column(generated = "bar * 42")]
        foo3: Option<i32>,
    }
}

/// test_autogen_computed.py::AutogenerateComputedTest::test_cant_change_computed_warning, the
/// combinations `(None, Computed("bar*5"))`, `(Computed("bar*5"), None)` and
/// `(Computed("bar*5"), Computed("bar * 42", persisted=True))`, a column each. Alembic only
/// warns ("Computed default on user.foo cannot be modified") and reports nothing; migrate
/// drops the column and adds it again (a computed column loses nothing), a summary each.
async fn computed_columns_redefined(db: &TestDb) {
    let setup = [
        "CREATE TABLE \"user\" (id {serial}, bar INTEGER, foo INTEGER, foo2 INTEGER GENERATED ALWAYS AS (bar*5) STORED, foo3 INTEGER GENERATED ALWAYS AS (bar*5) STORED, PRIMARY KEY (id))",
    ];
    let models = Models::from_tables([computed_redefined::User::table()]);
    let expected = [
        "generated column `user.foo` redefined",
        "generated column `user.foo` redefined",
        "generated column `user.foo2` redefined",
        "generated column `user.foo2` redefined",
        "generated column `user.foo3` redefined",
        "generated column `user.foo3` redefined",
    ];
    assert_changes(db, &setup, models, &expected).await;
}

mod table_comments {
    use super::*;

    #[derive(Model)]
    #[model(table = "add_comment", comment = "this is some table")]
    pub struct AddComment {
        #[column(primary_key, len = 10)]
        test: String,
    }

    #[derive(Model)]
    #[model(table = "alter_comment", comment = "this is also some table")]
    pub struct AlterComment {
        #[column(primary_key, len = 10)]
        test: String,
    }

    #[derive(Model)]
    #[model(table = "remove_comment")]
    pub struct RemoveComment {
        #[column(primary_key, len = 10)]
        test: String,
    }
}

/// test_autogen_comments.py::AutogenerateCommentsTest::test_add_table_comment,
/// test_alter_table_comment and test_remove_table_comment, a table each (PostgreSQL and
/// MySQL; SQLite keeps no comments).
async fn table_comment_changes(db: &TestDb) {
    let setup: &[&str] = match db.backend() {
        Backend::Sqlite => return,
        Backend::Postgres => &[
            "CREATE TABLE add_comment (test VARCHAR(10) NOT NULL, PRIMARY KEY (test))",
            "CREATE TABLE alter_comment (test VARCHAR(10) NOT NULL, PRIMARY KEY (test))",
            "CREATE TABLE remove_comment (test VARCHAR(10) NOT NULL, PRIMARY KEY (test))",
            "COMMENT ON TABLE alter_comment IS 'this is some table'",
            "COMMENT ON TABLE remove_comment IS 'this is some table'",
        ],
        Backend::MySql => &[
            "CREATE TABLE add_comment (test VARCHAR(10) NOT NULL, PRIMARY KEY (test))",
            "CREATE TABLE alter_comment (test VARCHAR(10) NOT NULL, PRIMARY KEY (test)) COMMENT='this is some table'",
            "CREATE TABLE remove_comment (test VARCHAR(10) NOT NULL, PRIMARY KEY (test)) COMMENT='this is some table'",
        ],
    };
    let models = Models::from_tables([
        table_comments::AddComment::table(),
        table_comments::AlterComment::table(),
        table_comments::RemoveComment::table(),
    ]);
    let expected = [
        "comment of table `add_comment` set",
        "comment of table `alter_comment` set",
        "comment of table `remove_comment` taken away",
    ];
    assert_changes(db, setup, models, &expected).await;
}

mod column_comments {
    use super::*;

    #[derive(Model)]
    #[model(table = "some_table")]
    pub struct SomeTable {
        #[column(primary_key, len = 10)]
        test: String,
        #[column(comment = "the amount")]
        amount_added: Option<f64>,
        amount_removed: Option<f64>,
        #[column(comment = "the adjusted amount")]
        amount_altered: Option<f64>,
    }
}

/// test_autogen_comments.py::AutogenerateCommentsTest::test_add_column_comment,
/// test_remove_column_comment and test_alter_column_comment, a column each (PostgreSQL and
/// MySQL).
async fn column_comment_changes(db: &TestDb) {
    let setup: &[&str] = match db.backend() {
        Backend::Sqlite => return,
        Backend::Postgres => &[
            "CREATE TABLE some_table (test VARCHAR(10) NOT NULL, amount_added {double}, amount_removed {double}, amount_altered {double}, PRIMARY KEY (test))",
            "COMMENT ON COLUMN some_table.amount_removed IS 'the amount'",
            "COMMENT ON COLUMN some_table.amount_altered IS 'the amount'",
        ],
        Backend::MySql => &[
            "CREATE TABLE some_table (test VARCHAR(10) NOT NULL, amount_added {double}, amount_removed {double} COMMENT 'the amount', amount_altered {double} COMMENT 'the amount', PRIMARY KEY (test))",
        ],
    };
    let models = Models::from_tables([column_comments::SomeTable::table()]);
    let expected = [
        "changed column `some_table.amount_added`: comment",
        "changed column `some_table.amount_removed`: comment",
        "changed column `some_table.amount_altered`: comment",
    ];
    assert_changes(db, setup, models, &expected).await;
}

mod identity_changed {
    use super::*;

    #[derive(Model)]
    #[model(table = "user")]
    pub struct User {
        #[column(primary_key)]
        id: i32,
        #[column(identity(start = 2))]
        added: i32,
        removed: i32,
        #[column(identity(always))]
        always: i32,
    }
}

/// test_autogen_identity.py::AutogenerateIdentityTest::test_add_identity_to_column,
/// test_remove_identity_from_column and test_change_identity (PostgreSQL; MySQL's and
/// SQLite's identity is the numbering of the column, not compared).
async fn identity_changes(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let setup = [
        "CREATE TABLE \"user\" (id INTEGER NOT NULL, added INTEGER NOT NULL, removed INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, always INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, PRIMARY KEY (id))",
    ];
    let models = Models::from_tables([identity_changed::User::table()]);
    let expected = [
        "changed column `user.added`: now an identity column",
        "changed column `user.removed`: no longer an identity column",
        "changed column `user.always`: identity options",
    ];
    assert_changes(db, &setup, models, &expected).await;
}

backend_tests!(
    identity_changes,
    server_defaults_changed,
    server_default_added_and_removed,
    string_types_changed,
    numeric_types_changed,
    computed_columns_redefined,
    table_comment_changes,
    column_comment_changes,
);
