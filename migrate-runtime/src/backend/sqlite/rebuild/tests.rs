//! The rebuild of a table: the statements it writes for each change, from the table's text.

use super::*;
use crate::op;

fn expand(create: &str, change: TableChange) -> Result<Vec<String>, Unsupported> {
    let table = ReflectedTable {
        create_sql: create.to_owned(),
        dependents_sql: vec!["CREATE INDEX ix ON t (b)".to_owned()],
    };
    Rebuild::new("t", change).expand(table)
}

#[test]
fn alters_one_column_and_keeps_everything_else_as_written() {
    let create = "CREATE TABLE t (a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT DEFAULT 'x' CHECK (b <> ''), c AS (a + 1))";
    let alter = op::alter_column("t", "b").nullable(false).default("y");
    let sql = expand(create, TableChange::AlterColumn(Box::new(alter))).unwrap();
    assert_eq!(
        sql[1],
        "CREATE TABLE \"_migrate_rebuild_t\" (\n    a INTEGER PRIMARY KEY AUTOINCREMENT,\n    b TEXT NOT NULL CHECK (b <> '') DEFAULT 'y',\n    c AS (a + 1)\n)"
    );
    assert_eq!(
        sql[2],
        "INSERT INTO \"_migrate_rebuild_t\" (\"a\", \"b\") SELECT \"a\", \"b\" FROM \"t\""
    );
    assert_eq!(sql[5], "CREATE INDEX ix ON t (b)");
}

#[test]
fn adds_and_drops_named_constraints() {
    let create = "CREATE TABLE t (a INTEGER, CONSTRAINT ck_a CHECK (a > 0))";
    let sql = expand(create, TableChange::DropConstraint("ck_a".into())).unwrap();
    assert_eq!(
        sql[1],
        "CREATE TABLE \"_migrate_rebuild_t\" (\n    a INTEGER\n)"
    );
    let missing = expand(create, TableChange::DropConstraint("nope".into()));
    assert!(matches!(
        missing,
        Err(Unsupported::Rebuild {
            what: RebuildObstacle::NoSuchConstraint(_),
            ..
        })
    ));
    let add = TableChange::AddConstraint {
        sql: "CONSTRAINT uq UNIQUE (a)".into(),
        primary_key: false,
    };
    assert!(expand(create, add).unwrap()[1].ends_with("CONSTRAINT uq UNIQUE (a)\n)"));
    let second_key = TableChange::AddConstraint {
        sql: "PRIMARY KEY (a)".into(),
        primary_key: true,
    };
    let keyed = "CREATE TABLE t (a INTEGER PRIMARY KEY)";
    assert!(expand(keyed, second_key).is_err());
}

#[test]
fn drops_a_column_with_its_foreign_keys_and_in_place_without() {
    let create = "CREATE TABLE t (a INTEGER, p INTEGER REFERENCES parents (id), q INTEGER, CONSTRAINT fk_q FOREIGN KEY (q) REFERENCES parents (id))";
    let table = |dependents: &[&str]| ReflectedTable {
        create_sql: create.to_owned(),
        dependents_sql: dependents.iter().map(|d| (*d).to_owned()).collect(),
    };
    let drop = |column: &str| Rebuild::new("t", TableChange::DropColumn(column.into()));
    let sql = drop("q").expand(table(&[])).unwrap();
    assert_eq!(
        sql[1],
        "CREATE TABLE \"_migrate_rebuild_t\" (\n    a INTEGER,\n    p INTEGER REFERENCES parents (id)\n)"
    );
    assert_eq!(
        sql[2],
        "INSERT INTO \"_migrate_rebuild_t\" (\"a\", \"p\") SELECT \"a\", \"p\" FROM \"t\""
    );
    let sql = drop("p").expand(table(&[])).unwrap();
    assert!(sql[1].contains("CONSTRAINT fk_q"), "{}", sql[1]);
    assert_eq!(
        drop("a").expand(table(&[])).unwrap(),
        ["ALTER TABLE \"t\" DROP COLUMN \"a\""],
        "no key: SQLite's own DROP COLUMN"
    );
    let indexed = drop("q").expand(table(&["CREATE INDEX ix ON t (q)"]));
    assert!(matches!(
        indexed,
        Err(Unsupported::Rebuild {
            what: RebuildObstacle::ColumnInUse { .. },
            ..
        })
    ));
}

#[test]
fn drops_an_unnamed_constraint_by_its_columns() {
    let create = "CREATE TABLE t (a INTEGER REFERENCES p (id), b TEXT UNIQUE, c INTEGER, d INTEGER, UNIQUE (c, d), FOREIGN KEY (c) REFERENCES q (id))";
    let unnamed = |kind: ConstraintKind, columns: &[&str]| TableChange::DropUnnamed {
        kind,
        condition: None,
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
    };
    let table = |sql: Vec<String>| sql[1].split_once('(').map(|(_, rest)| rest.to_owned());
    let cases = [
        (unnamed(ConstraintKind::ForeignKey, &["a"]), "a INTEGER,"),
        (unnamed(ConstraintKind::Unique, &["B"]), "b TEXT,"),
        (
            unnamed(ConstraintKind::Unique, &["c", "d"]),
            "d INTEGER,\n    FOREIGN KEY (c)",
        ),
        (
            unnamed(ConstraintKind::ForeignKey, &["c"]),
            "UNIQUE (c, d)\n)",
        ),
    ];
    for (change, wanted) in cases {
        let sql = table(expand(create, change).unwrap()).unwrap();
        assert!(sql.contains(wanted), "{sql}");
    }
    let missing = expand(create, unnamed(ConstraintKind::ForeignKey, &["b"]));
    assert!(missing.is_err(), "{missing:?}");
    // A unique constraint is not the primary key on the same column.
    let keyed = "CREATE TABLE t (a INTEGER PRIMARY KEY, UNIQUE (a))";
    let sql = expand(keyed, unnamed(ConstraintKind::Unique, &["a"])).unwrap();
    assert!(sql[1].contains("a INTEGER PRIMARY KEY\n)"), "{}", sql[1]);
}

#[test]
fn drops_a_named_clause_of_a_column() {
    let create =
        "CREATE TABLE t (a INTEGER, p INTEGER CONSTRAINT \"t_p_fkey\" REFERENCES parents (id))";
    let sql = expand(create, TableChange::DropConstraint("t_p_fkey".into())).unwrap();
    assert_eq!(
        sql[1],
        "CREATE TABLE \"_migrate_rebuild_t\" (\n    a INTEGER,\n    p INTEGER\n)"
    );
    let checked = "CREATE TABLE t (a INTEGER, q INTEGER, CHECK (q > a))";
    let drop = Rebuild::new("t", TableChange::DropColumn("q".into()));
    let table = ReflectedTable {
        create_sql: checked.replace("q INTEGER", "q INTEGER REFERENCES p (id)"),
        dependents_sql: Vec::new(),
    };
    let error = drop.expand(table).unwrap_err().to_string();
    assert!(error.contains("CHECK (q > a)"), "{error}");
}

#[test]
fn drops_an_unnamed_check_by_its_condition() {
    let create = "CREATE TABLE t (a BOOLEAN CHECK (a IN (0, 1)), b INTEGER, CHECK (b > 0), CONSTRAINT ck_b CHECK (b < 9))";
    let check = |condition: &str| TableChange::DropUnnamed {
        kind: ConstraintKind::Check,
        condition: Some(condition.to_owned()),
        columns: Vec::new(),
    };
    let sql = expand(create, check("a IN (0, 1)")).unwrap();
    assert!(sql[1].contains("a BOOLEAN,"), "{}", sql[1]);
    let sql = expand(create, check("b > 0")).unwrap();
    assert!(
        !sql[1].contains("b > 0") && sql[1].contains("ck_b"),
        "{}",
        sql[1]
    );
    assert!(
        expand(create, check("b < 9")).is_err(),
        "a named one is not unnamed"
    );
}
