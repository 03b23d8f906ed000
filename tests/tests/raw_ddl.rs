//! Raw DDL in `op::execute` is read (sqlparser) and replayed as the ops that do the same: after
//! a history written in each database's own SQL, the live catalog equals the replayed schema.
//! What is not read stops the replay, naming the statement.

use migrate_runtime::prelude::*;
use migrate_runtime::state::ReplayError;
use migrate_runtime::{Error, Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb, backend_tests};

/// A linear history, one migration per statement, on `url`.
fn history(url: &str, statements: &[&str]) -> Migrator {
    let mut defs = Vec::new();
    let mut down: Vec<String> = Vec::new();
    for (number, sql) in statements.iter().enumerate() {
        let revision = format!("r{number:011}");
        let parents: Vec<&str> = down.iter().map(String::as_str).collect();
        let migration = Fixed {
            upgrade: Plan::new().op(op::execute(*sql)),
            downgrade: Some(Plan::new()),
        };
        defs.push(leak(&revision, &parents, migration));
        down = vec![revision];
    }
    Migrator::with_migrations(url, &Migrations::from_defs(defs)).expect("history")
}

const COMMON: [&str; 6] = [
    "CREATE TABLE teams (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(80) NOT NULL, \
     budget NUMERIC(10, 2) DEFAULT 0, CONSTRAINT uq_teams_name UNIQUE (name))",
    "CREATE TABLE members (id INTEGER NOT NULL PRIMARY KEY, team_id INTEGER NOT NULL, \
     email VARCHAR(200) NOT NULL, note TEXT, \
     CONSTRAINT fk_members_team FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE)",
    "CREATE INDEX ix_members_email ON members (email)",
    "ALTER TABLE members ADD COLUMN nickname VARCHAR(40)",
    "ALTER TABLE members DROP COLUMN note",
    "ALTER TABLE members RENAME COLUMN nickname TO handle",
];

/// Each database's own statements after the common ones.
fn own_statements(backend: Backend) -> &'static [&'static str] {
    match backend {
        Backend::Postgres => &[
            "CREATE TYPE mood AS ENUM ('happy', 'sad')",
            "ALTER TABLE members ADD COLUMN mood mood NOT NULL DEFAULT 'happy'",
            "ALTER TABLE members ALTER COLUMN email TYPE TEXT, ALTER COLUMN handle SET NOT NULL",
            "ALTER TABLE teams ALTER COLUMN budget SET NOT NULL; \
             ALTER TABLE teams ADD UNIQUE (budget)",
            "COMMENT ON COLUMN members.email IS 'where to write'",
            "CREATE TABLE seats (id BIGSERIAL PRIMARY KEY, member_id INTEGER REFERENCES members (id), \
             taken_at TIMESTAMP WITH TIME ZONE DEFAULT now())",
            "CREATE UNIQUE INDEX ix_seats_member ON seats (member_id) WHERE member_id IS NOT NULL",
            "DROP INDEX ix_members_email",
            // Unquoted names are folded to lower case, quoted ones kept.
            "CREATE TABLE Tags (Id INTEGER PRIMARY KEY, \"Label\" TEXT)",
        ],
        Backend::MySql => &[
            "ALTER TABLE members MODIFY COLUMN email VARCHAR(255) NOT NULL COMMENT 'where to write'",
            "ALTER TABLE teams CHANGE COLUMN budget funds DECIMAL(12, 2) NULL",
            "CREATE TABLE seats (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, member_id INT, \
             CONSTRAINT fk_seats_member FOREIGN KEY (member_id) REFERENCES members (id))",
            "RENAME TABLE seats TO places",
            "DROP INDEX ix_members_email ON members",
        ],
        Backend::Sqlite => &[
            "CREATE TABLE seats (id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members (id), \
             taken_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)",
            "ALTER TABLE seats RENAME TO places",
            "DROP INDEX ix_members_email",
        ],
    }
}

async fn raw_ddl_is_replayed_as_the_database_runs_it(db: &TestDb) {
    let statements: Vec<&str> = COMMON
        .iter()
        .chain(own_statements(db.backend()))
        .copied()
        .collect();
    let migrator = history(db.url(), &statements);
    migrator.upgrade("head").await.expect("upgrade");
    let drift = migrator.drift().await.expect("drift");
    assert!(
        drift.is_empty(),
        "{drift:#?}\nreplayed: {:#?}\nfound: {:#?}",
        migrator.schema("head"),
        migrator.database_schema().await
    );
    let schema = migrator.schema("head").expect("replay");
    match db.backend() {
        Backend::Postgres => {
            let tags = schema.table("tags").expect("tags, folded");
            assert_eq!(tags.columns[0].name, "id");
            assert_eq!(tags.columns[1].name, "Label");
        }
        Backend::MySql | Backend::Sqlite => {}
    }
    let members = schema.table("members").expect("members");
    assert!(members.column("handle").is_some());
    assert!(members.column("note").is_none());
    assert!(members.indexes.is_empty());
    assert_eq!(
        members.foreign_keys[0].name.as_deref(),
        Some("fk_members_team")
    );
    // The catalog read back has the names the SQL gave (SQLite keeps them in the table's text).
    let found = migrator.database_schema().await.expect("catalog");
    let members = found.table("members").expect("members");
    assert_eq!(
        members.foreign_keys[0].name.as_deref(),
        Some("fk_members_team")
    );
    let teams = found.table("teams").expect("teams");
    let unique_names: Vec<_> = teams
        .uniques
        .iter()
        .filter_map(|u| u.name.as_deref())
        .collect();
    let index_names: Vec<_> = teams.indexes.iter().map(|i| i.name.as_str()).collect();
    assert!(
        unique_names.contains(&"uq_teams_name") || index_names.contains(&"uq_teams_name"),
        "{teams:#?}"
    );
    // The offline script of the same history, run by the database's client, matches.
    let Some(offline) = TestDb::create(db.backend()).await else {
        return;
    };
    let script = history(offline.url(), &statements)
        .upgrade_sql("head", migrator.dialect())
        .expect("script");
    assert!(script.unrendered.is_empty(), "{:?}", script.unrendered);
    if offline.run_with_client(&script.text) {
        assert_eq!(
            offline.schema().await.user_tables(),
            db.schema().await.user_tables()
        );
    }
}

backend_tests!(raw_ddl_is_replayed_as_the_database_runs_it);

/// PostgreSQL's names for what raw SQL leaves unnamed, so that a later migration can drop a
/// constraint by the name the database gave it.
#[test]
fn unnamed_constraints_get_the_names_postgresql_gives_them() {
    let migrator = history(
        "sqlite::memory:",
        &[
            "CREATE TABLE teams (id SERIAL PRIMARY KEY, name TEXT UNIQUE, size INT CHECK (size > 0))",
            "CREATE TABLE members (id SERIAL PRIMARY KEY, team_id INT REFERENCES teams (id))",
            "ALTER TABLE members DROP CONSTRAINT members_team_id_fkey",
            "ALTER TABLE teams DROP CONSTRAINT teams_name_key",
        ],
    );
    let schema = migrator.schema("head").expect("replay");
    let teams = schema.table("teams").expect("teams");
    assert!(teams.uniques.is_empty());
    assert_eq!(teams.checks[0].name.as_deref(), Some("teams_size_check"));
    assert_eq!(
        teams
            .primary_key
            .as_ref()
            .and_then(|key| key.name.as_deref()),
        Some("teams_pkey")
    );
    assert_eq!(teams.columns[0].ty, Type::Serial);
    assert!(
        schema
            .table("members")
            .expect("members")
            .foreign_keys
            .is_empty()
    );
}

/// Names the SQL gives are kept: an inline primary key's and unique constraint's, MySQL's
/// `UNIQUE KEY name`; a second unnamed check on a column is numbered as PostgreSQL numbers it.
#[test]
fn names_given_in_the_sql_are_kept() {
    let migrator = history(
        "sqlite::memory:",
        &[
            "CREATE TABLE a (id INT CONSTRAINT a_key PRIMARY KEY, code TEXT CONSTRAINT uq_code UNIQUE, \
             n INT, CHECK (n > 0))",
            "ALTER TABLE a ADD CHECK (n < 10)",
            "CREATE TABLE b (id INT PRIMARY KEY, x INT, UNIQUE KEY uk_x (x))",
            "CREATE TABLE IF NOT EXISTS b (id INT PRIMARY KEY)",
        ],
    );
    let schema = migrator.schema("head").expect("replay");
    let a = schema.table("a").expect("a");
    assert_eq!(
        a.primary_key.as_ref().and_then(|key| key.name.as_deref()),
        Some("a_key")
    );
    assert_eq!(a.uniques[0].name.as_deref(), Some("uq_code"));
    let checks: Vec<_> = a.checks.iter().filter_map(|c| c.name.as_deref()).collect();
    assert_eq!(checks, ["a_n_check", "a_n_check1"]);
    let b = schema.table("b").expect("b");
    assert_eq!(b.uniques[0].name.as_deref(), Some("uk_x"));
    assert_eq!(b.columns.len(), 2);
}

/// What the reader does not know stops the replay at that statement; a statement that does
/// not fit the schema is refused as an op would be.
#[test]
fn what_is_not_read_stops_the_replay_naming_the_statement() {
    let refused = |statements: &[&str]| match history("sqlite::memory:", statements).schema("head")
    {
        Err(Error::Replay {
            revision, cause, ..
        }) => (revision, cause),
        other => panic!("not refused: {other:?}"),
    };
    let (revision, cause) = refused(&[
        "CREATE TABLE users (id INTEGER PRIMARY KEY)",
        "CREATE TABLE archived AS SELECT * FROM users",
    ]);
    assert_eq!(revision, "r00000000001");
    assert_eq!(
        cause,
        ReplayError::RawSql("CREATE TABLE archived AS SELECT * FROM users".into())
    );
    let (_, cause) = refused(&[
        "CREATE TABLE users (id INTEGER PRIMARY KEY)",
        "ALTER TABLE users ADD COLUMN id INTEGER",
    ]);
    assert_eq!(
        cause,
        ReplayError::ColumnExists {
            table: "users".into(),
            column: "id".into()
        }
    );
    // What the schema value cannot hold, or where the replay could be wrong, is not read.
    for unread in [
        "CREATE TABLE part PARTITION OF users FOR VALUES IN (1)",
        "CREATE INDEX ix_users_id ON users USING gin (id)",
        "ALTER TABLE users DROP CONSTRAINT IF EXISTS users_id_check",
        "DROP SEQUENCE users_id_seq CASCADE",
        "DROP EXTENSION citext CASCADE",
        "DROP FUNCTION f() CASCADE",
        "INSERT INTO users (id) VALUES (1); CREATE TABLE t AS SELECT 1",
    ] {
        let (_, cause) = refused(&["CREATE TABLE users (id INTEGER PRIMARY KEY)", unread]);
        assert!(matches!(cause, ReplayError::RawSql(_)), "{unread}: {cause}");
    }
    // A statement that touches no table is passed over.
    let schema = history(
        "sqlite::memory:",
        &[
            "CREATE TABLE users (id INTEGER PRIMARY KEY); CREATE VIEW v AS SELECT id FROM users",
            "GRANT SELECT ON users TO PUBLIC",
            "CREATE EXTENSION IF NOT EXISTS citext",
            "DROP EXTENSION IF EXISTS hstore",
            "DROP FUNCTION IF EXISTS f()",
        ],
    )
    .schema("head")
    .expect("replay");
    assert_eq!(schema.tables.len(), 1);
}

/// Raw SQL with nothing bound reaches PostgreSQL as written: `?`, `?|` and `?&` are jsonb
/// operators there, not placeholders.
#[tokio::test]
async fn raw_sql_without_binds_keeps_postgres_jsonb_question_marks() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let migrator = history(
        db.url(),
        &[
            "CREATE TABLE docs (id INTEGER PRIMARY KEY, body JSONB NOT NULL)",
            r#"INSERT INTO docs VALUES (1, '{"a": 1}'), (2, '{"b": 2}'), (3, '{"c": 3}')"#,
            "UPDATE docs SET id = id + 10 WHERE body ? 'a' OR body ?| array['b']",
            "DELETE FROM docs WHERE body ?& array['c']",
        ],
    );
    migrator
        .upgrade("head")
        .await
        .expect("the jsonb operators run");
    assert_eq!(
        db.strings("SELECT id::text FROM docs ORDER BY id").await,
        ["11", "12"]
    );
    let report = migrator.check().await.expect("check");
    assert_eq!(report.drift.expect("replayed"), []);
}
