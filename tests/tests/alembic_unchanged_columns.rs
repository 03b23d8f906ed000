//! Alembic's own autogenerate test cases, ported: column types, defaults, generated and
//! identity columns and comments that did not change, of which nothing may be reported. Each case makes the database side
//! (Alembic's `m1`) with the DDL SQLAlchemy emits for it on that database, declares the model
//! side (`m2`) with `#[derive(Model)]`, and compares the live catalog with the models as
//! Alembic's `compare_metadata` does (`migrate_tests::alembic`).
// The models' fields are columns, read by nothing in this test.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use migrate_runtime::model::{Model, ModelEnum, Models};
use migrate_tests::alembic::{assert_no_change, pick};
use migrate_tests::{Backend, TestDb, backend_tests};
use rust_decimal::Decimal;

mod server_defaults {
    use super::*;

    #[derive(Model)]
    #[model(table = "t1")]
    pub struct T1 {
        #[column(len = 30, default = "some default")]
        a: Option<String>,
        #[column(len = 30, default = "//slash")]
        b: Option<String>,
        #[column(len = 30, default = "has ' quote")]
        c: Option<String>,
        #[column(default = 15)]
        d: Option<i32>,
        #[column(default = 15)]
        e: Option<i32>,
    }
}

/// test_autogen_diffs.py::CompareServerDefaultTest::test_server_default_no_false_positives:
/// `text("'some default'")`, `text("'//slash'")`, `text("'has '' quote'")`, `text("15")` and
/// `"15"` (which SQLAlchemy writes quoted).
async fn server_defaults_no_change(db: &TestDb) {
    let setup = [
        "CREATE TABLE t1 (a VARCHAR(30) DEFAULT 'some default', b VARCHAR(30) DEFAULT '//slash', c VARCHAR(30) DEFAULT 'has '' quote', d INTEGER DEFAULT 15, e INTEGER DEFAULT '15')",
    ];
    let models = Models::from_tables([server_defaults::T1::table()]);
    assert_no_change(db, &setup, models).await;
}

mod pg_server_defaults {
    use super::*;

    #[derive(Model)]
    #[model(table = "test")]
    pub struct Test {
        #[column(len = 8, default = "")]
        s_blank: Option<String>,
        #[column(len = 8, default = "hi")]
        s_hi: Option<String>,
        #[column(sql_type = "INTERVAL", default = "14 days")]
        iv: Option<String>,
        #[column(default = 5)]
        i5: Option<i32>,
        #[column(default = 5.2)]
        f: Option<f64>,
        #[column(default = 5.0)]
        f5: Option<f64>,
        #[column(precision = 10, scale = 2, default = 5.0)]
        n: Option<Decimal>,
        #[column(default = now)]
        ts: Option<NaiveDateTime>,
        #[column(default_sql = "TIMEZONE('utc', CURRENT_TIMESTAMP)")]
        ts_utc: Option<NaiveDateTime>,
        #[column(sql_type = "VARCHAR", default = "im a default")]
        s: Option<String>,
    }
}

/// test_postgresql.py::PostgresqlDefaultCompareTest: test_compare_string_blank_default,
/// test_compare_string_nonblank_default, test_compare_interval_text, test_compare_integer_str,
/// test_compare_float_str, test_compare_float_no_diff4, test_compare_numeric_no_diff,
/// test_compare_current_timestamp_text (kept as `timezone('utc'::text, CURRENT_TIMESTAMP)`)
/// and test_compare_unicode_literal (SQLAlchemy's `String()`: a `VARCHAR` without a length,
/// PostgreSQL's `character varying`); and test_autogen_diffs.py::CompareServerDefaultTest's
/// `text("(now())")`. One column each (PostgreSQL).
async fn pg_server_defaults_no_change(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let setup = [
        "CREATE TABLE test (s_blank VARCHAR(8) DEFAULT '', s_hi VARCHAR(8) DEFAULT 'hi', iv INTERVAL DEFAULT '14 days', i5 INTEGER DEFAULT '5', f FLOAT DEFAULT '5.2', f5 FLOAT DEFAULT '5', n NUMERIC(10, 2) DEFAULT 5, \
         ts TIMESTAMP WITHOUT TIME ZONE DEFAULT (now()), ts_utc TIMESTAMP WITHOUT TIME ZONE DEFAULT TIMEZONE('utc', CURRENT_TIMESTAMP), s VARCHAR DEFAULT 'im a default')",
    ];
    let models = Models::from_tables([pg_server_defaults::Test::table()]);
    assert_no_change(db, &setup, models).await;
}

mod sqlite_server_defaults {
    use super::*;

    #[derive(Model)]
    #[model(table = "test")]
    pub struct Test {
        #[column(sql_type = "DATETIME", default_sql = "datetime('now', 'localtime')")]
        dt_func: Option<NaiveDateTime>,
        #[column(sql_type = "DATETIME", default_sql = "(datetime('now', 'localtime'))")]
        dt_text: Option<NaiveDateTime>,
        #[column(sql_type = "DATETIME", default = now)]
        dt_now: Option<NaiveDateTime>,
        #[column(default = 5)]
        i_str: Option<i32>,
        #[column(default = 5)]
        i_text: Option<i32>,
        #[column(sql_type = "FLOAT", default = 5.2)]
        f_str: Option<f64>,
        #[column(sql_type = "FLOAT", default = 5.2)]
        f_text: Option<f64>,
        #[column(sql_type = "VARCHAR", default = "im a default")]
        s: Option<String>,
    }
}

/// test_sqlite.py::SQLiteDefaultCompareTest: test_compare_current_timestamp_func,
/// test_compare_current_timestamp_text, test_compare_current_timestamp_func_now,
/// test_compare_integer_str, test_compare_integer_text, test_compare_float_str,
/// test_compare_float_text and test_compare_string_literal (SQLite).
async fn sqlite_server_defaults_no_change(db: &TestDb) {
    if db.backend() != Backend::Sqlite {
        return;
    }
    let setup = [
        "CREATE TABLE test (dt_func DATETIME DEFAULT (datetime('now', 'localtime')), dt_text DATETIME DEFAULT (datetime('now', 'localtime')), dt_now DATETIME DEFAULT CURRENT_TIMESTAMP, \
         i_str INTEGER DEFAULT '5', i_text INTEGER DEFAULT 5, f_str FLOAT DEFAULT '5.2', f_text FLOAT DEFAULT 5.2, s VARCHAR DEFAULT 'im a default')",
    ];
    let models = Models::from_tables([sqlite_server_defaults::Test::table()]);
    assert_no_change(db, &setup, models).await;
}

mod mysql_server_defaults {
    use super::*;

    #[derive(Model)]
    #[model(table = "test")]
    pub struct Test {
        #[column(sql_type = "TIMESTAMP", default = now)]
        ts: Option<chrono::DateTime<chrono::Utc>>,
        #[column(default = 5)]
        i: Option<i32>,
        #[column(default = true)]
        b: Option<bool>,
    }
}

/// test_mysql.py::MySQLDefaultCompareTest: test_compare_timestamp_current_timestamp,
/// test_compare_integer_same and test_compare_boolean_same (MySQL; SQLAlchemy writes a
/// nullable TIMESTAMP `NULL` there).
async fn mysql_server_defaults_no_change(db: &TestDb) {
    if db.backend() != Backend::MySql {
        return;
    }
    let setup = [
        "CREATE TABLE test (ts TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP, i INTEGER DEFAULT 5, b BOOL DEFAULT 1)",
    ];
    let models = Models::from_tables([mysql_server_defaults::Test::table()]);
    assert_no_change(db, &setup, models).await;
}

mod column_types {
    use super::*;

    #[derive(ModelEnum)]
    pub enum TheEnum {
        One,
        Two,
        Three,
    }

    #[derive(Model)]
    #[model(table = "sometable")]
    pub struct Sometable {
        col_integer: Option<i32>,
        #[column(sql_type = "CHAR(1)")]
        col_char: Option<String>,
        #[column(len = 32)]
        col_varchar: Option<String>,
        col_text: Option<String>,
        #[column(precision = 10, scale = 2)]
        col_numeric: Option<Decimal>,
        col_boolean: Option<bool>,
        col_big_integer: Option<i64>,
        col_small_integer: Option<i16>,
        col_date: Option<NaiveDate>,
        #[column(len = 32)]
        col_string: Option<String>,
        col_large_binary: Option<Vec<u8>>,
        #[column(len = 32)]
        col_unicode: Option<String>,
        col_json: Option<serde_json::Value>,
        col_enum: Option<TheEnum>,
    }
}

/// test_autogen_diffs.py::CompareMetadataToInspectorTest::test_introspected_columns_match_metadata_columns:
/// INTEGER, CHAR, VARCHAR(32), Text, Numeric(10, 2), Boolean, BigInteger, SmallInteger, DATE,
/// String(32), LargeBinary, Unicode(32), JSON and Enum("one", "two", "three",
/// name="the_enum"), each as SQLAlchemy writes it on the database (MySQL's `BOOL` and `ENUM`,
/// SQLite's non-native enum as `VARCHAR(5)`). One column each, in one table.
async fn column_types_no_change(db: &TestDb) {
    let mut setup = vec![pick(
        db,
        "CREATE TABLE sometable (col_integer INTEGER, col_char CHAR(1), col_varchar VARCHAR(32), col_text TEXT, col_numeric NUMERIC(10, 2), col_boolean BOOLEAN, col_big_integer BIGINT, col_small_integer SMALLINT, col_date DATE, col_string VARCHAR(32), col_large_binary BYTEA, col_unicode VARCHAR(32), col_json JSON, col_enum the_enum)",
        "CREATE TABLE sometable (col_integer INTEGER, col_char CHAR(1), col_varchar VARCHAR(32), col_text TEXT, col_numeric NUMERIC(10, 2), col_boolean BOOLEAN, col_big_integer BIGINT, col_small_integer SMALLINT, col_date DATE, col_string VARCHAR(32), col_large_binary BLOB, col_unicode VARCHAR(32), col_json JSON, col_enum VARCHAR(5))",
        "CREATE TABLE sometable (col_integer INTEGER, col_char CHAR(1), col_varchar VARCHAR(32), col_text TEXT, col_numeric NUMERIC(10, 2), col_boolean BOOL, col_big_integer BIGINT, col_small_integer SMALLINT, col_date DATE, col_string VARCHAR(32), col_large_binary BLOB, col_unicode VARCHAR(32), col_json JSON, col_enum ENUM('one','two','three'))",
    )];
    if db.backend() == Backend::Postgres {
        setup.insert(0, "CREATE TYPE the_enum AS ENUM ('one', 'two', 'three')");
    }
    let models = Models::from_tables([column_types::Sometable::table()]);
    assert_no_change(db, &setup[..], models).await;
}

mod type_spellings {
    use super::*;

    #[derive(Model)]
    #[model(table = "sometable")]
    pub struct Sometable {
        col_datetime: Option<NaiveDateTime>,
        #[column(precision = 10, scale = 2)]
        col_decimal: Option<Decimal>,
        col_float: Option<f64>,
    }
}

/// test_autogen_diffs.py::CompareMetadataToInspectorTest::test_introspected_columns_match_metadata_columns,
/// the types SQLAlchemy spells otherwise than migrate: `DateTime` (`DATETIME` on SQLite),
/// `DECIMAL(10, 2)` and `Float` (`FLOAT`; `FLOAT(53)`, a double, on MySQL, whose plain `FLOAT`
/// is single precision). Alembic finds no change. On MySQL the model's timestamp keeps
/// microseconds (`DATETIME(6)`): a whole-second `DATETIME` is another type there, reported.
async fn sqlalchemy_type_spellings_no_change(db: &TestDb) {
    let setup = [pick(
        db,
        "CREATE TABLE sometable (col_datetime TIMESTAMP WITHOUT TIME ZONE, col_decimal DECIMAL(10, 2), col_float FLOAT)",
        "CREATE TABLE sometable (col_datetime DATETIME, col_decimal DECIMAL(10, 2), col_float FLOAT)",
        "CREATE TABLE sometable (col_datetime DATETIME(6), col_decimal DECIMAL(10, 2), col_float FLOAT(53))",
    )];
    let models = Models::from_tables([type_spellings::Sometable::table()]);
    assert_no_change(db, &setup, models).await;
}

mod pk_nullable {
    use super::*;

    #[derive(Model)]
    #[model(table = "person_to_role")]
    pub struct PersonToRole {
        #[column(primary_key)]
        person_id: i32,
        #[column(primary_key)]
        role_id: i32,
    }
}

/// test_autogen_diffs.py::PKConstraintUpgradesIgnoresNullableTest::test_no_change: a composite
/// key of integers that are not numbered.
async fn primary_key_nullable_ignored(db: &TestDb) {
    let setup = [
        "CREATE TABLE person_to_role (person_id INTEGER NOT NULL, role_id INTEGER NOT NULL, PRIMARY KEY (person_id, role_id))",
    ];
    let models = Models::from_tables([pk_nullable::PersonToRole::table()]);
    assert_no_change(db, &setup, models).await;
}

mod computed {
    use super::*;

    #[derive(Model)]
    #[model(table = "user")]
    pub struct User {
        #[column(primary_key)]
        id: i32,
        bar: Option<i32>,
        #[column(generated = "bar * \r\n\t5")]
        foo: Option<i32>,
    }
}

/// test_autogen_computed.py::AutogenerateComputedTest::test_computed_unchanged, the
/// combination `(Computed("bar*5"), Computed("bar * \r\n\t5"))`, stored (`persisted=True`),
/// which every database here takes.
async fn computed_no_change(db: &TestDb) {
    let setup = [
        "CREATE TABLE \"user\" (id {serial}, bar INTEGER, foo INTEGER GENERATED ALWAYS AS (bar*5) STORED, PRIMARY KEY (id))",
    ];
    let models = Models::from_tables([computed::User::table()]);
    assert_no_change(db, &setup, models).await;
}

mod identity {
    use super::*;

    #[derive(Model)]
    #[model(table = "user")]
    pub struct User {
        #[column(identity(start = 2))]
        id: i32,
    }
}

/// test_autogen_identity.py::AutogenerateIdentityTest::test_no_change_identity_column
/// (PostgreSQL: the only one here with identity columns beside the key).
async fn identity_no_change(db: &TestDb) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let setup = [
        "CREATE TABLE \"user\" (id INTEGER GENERATED BY DEFAULT AS IDENTITY (START WITH 2) NOT NULL)",
    ];
    let models = Models::from_tables([identity::User::table()]);
    assert_no_change(db, &setup, models).await;
}

mod comments {
    use super::*;

    #[derive(Model)]
    #[model(table = "some_table", comment = "this is some table")]
    pub struct SomeTable {
        #[column(primary_key, len = 10)]
        test: String,
        #[column(comment = "the amount")]
        amount: Option<f64>,
    }
}

/// test_autogen_comments.py::AutogenerateCommentsTest::test_existing_table_comment_no_change
/// and test_existing_column_comment_no_change (PostgreSQL and MySQL; SQLite keeps none).
async fn comments_no_change(db: &TestDb) {
    let setup: &[&str] = match db.backend() {
        Backend::Sqlite => return,
        Backend::Postgres => &[
            "CREATE TABLE some_table (test VARCHAR(10) NOT NULL, amount {double}, PRIMARY KEY (test))",
            "COMMENT ON TABLE some_table IS 'this is some table'",
            "COMMENT ON COLUMN some_table.amount IS 'the amount'",
        ],
        Backend::MySql => &[
            "CREATE TABLE some_table (test VARCHAR(10) NOT NULL, amount {double} COMMENT 'the amount', PRIMARY KEY (test)) COMMENT='this is some table'",
        ],
    };
    let models = Models::from_tables([comments::SomeTable::table()]);
    assert_no_change(db, setup, models).await;
}

backend_tests!(
    server_defaults_no_change,
    pg_server_defaults_no_change,
    sqlite_server_defaults_no_change,
    mysql_server_defaults_no_change,
    column_types_no_change,
    sqlalchemy_type_spellings_no_change,
    primary_key_nullable_ignored,
    computed_no_change,
    identity_no_change,
    comments_no_change,
);
