//! All SQL of the crate, one folder per database: `postgres/`, `sqlite/` and `mysql/` each own
//! their op rendering, catalog reads (`catalog.rs`) and session statements (`session.rs`:
//! lock, timeouts); `common/` holds what the three share (standard DDL, data ops, back-fills,
//! the version and history tables, transactions), which each backend calls and overrides only
//! where it spells things differently.
//!
//! Every identifier goes through [`Dialect::quote`] and every value through
//! [`Dialect::literal`]; the executor hands the text to sqlx.

pub(crate) mod common;
mod error;
pub(crate) mod mysql;
pub(crate) mod postgres;
pub(crate) mod sqlite;

use std::fmt;

pub use crate::dialect::Dialect;

pub use common::backfill::BatchedUpdate;
pub(crate) use common::history_table::HISTORY_COLUMNS;
pub(crate) use common::script;
pub(crate) use common::version_table::{VERSION_COLUMNS, VersionWrite};
pub use error::{RebuildObstacle, RenderError, Unsupported};
pub use mysql::drop_column::DropColumn;
pub use mysql::modify::Modify;
pub(crate) use mysql::modify::ReflectedColumn;
pub(crate) use sqlite::rebuild::ReflectedTable;
pub use sqlite::rebuild::{Rebuild, TableChange};

use crate::op::Op;
use crate::schema::{DefaultValue, PerDialect, Type};

impl Dialect {
    /// Quote an identifier so that any name (quotes, spaces, reserved words) is taken literally.
    pub fn quote(self, identifier: &str) -> String {
        match self {
            Dialect::MySql => format!("`{}`", identifier.replace('`', "``")),
            Dialect::Postgres | Dialect::Sqlite => {
                format!("\"{}\"", identifier.replace('"', "\"\""))
            }
        }
    }

    /// Quote a string as a SQL string literal (on MySQL, backslashes are escaped too, as its
    /// default `sql_mode` reads them as escapes). A NUL character is written as MySQL's `\0`
    /// and as SQLite's `char(0)`; PostgreSQL cannot store one in text, and
    /// [`render`](Self::render) refuses a statement that holds one.
    ///
    /// ```
    /// use migrate_runtime::Dialect;
    ///
    /// assert_eq!(Dialect::Postgres.literal("it's"), "'it''s'");
    /// assert_eq!(Dialect::MySql.literal("a\\b"), "'a\\\\b'");
    /// assert_eq!(Dialect::Sqlite.literal("a\0b"), "('a' || char(0) || 'b')");
    /// ```
    pub fn literal(self, value: &str) -> String {
        let quoted = value.replace('\'', "''");
        match self {
            Dialect::MySql => format!("'{}'", quoted.replace('\\', "\\\\").replace('\0', "\\0")),
            Dialect::Sqlite if quoted.contains('\0') => {
                let parts: Vec<String> = quoted.split('\0').map(|p| format!("'{p}'")).collect();
                format!("({})", parts.join(" || char(0) || "))
            }
            Dialect::Postgres | Dialect::Sqlite => format!("'{quoted}'"),
        }
    }

    /// The SQL statements that carry out `op` on this database.
    pub fn render(self, op: &Op) -> Result<Vec<Statement>, RenderError> {
        if let Op::OnlyOn(only) = op {
            return only.on(self).map_or(Ok(Vec::new()), |op| self.render(op));
        }
        let raw_words = match (self, op) {
            (Dialect::Postgres, Op::Execute(raw)) => raw.postgres_words(),
            _ => Vec::new(),
        };
        let names = op.identifiers().into_iter();
        let too_long = names
            .chain(raw_words.iter().map(String::as_str))
            .find_map(|name| {
                let reason = self.identifier_limit_exceeded(name)?;
                Some(Unsupported::NameTooLong {
                    name: name.to_owned(),
                    reason,
                })
            });
        let rendered = match (too_long, self) {
            (Some(too_long), _) => Err(too_long),
            (None, Dialect::Postgres) => postgres::render(op),
            (None, Dialect::Sqlite) => sqlite::render(op),
            (None, Dialect::MySql) => mysql::render(op),
        };
        let rendered = rendered.and_then(|statements| {
            // A NUL would end the statement early in a C string, or is refused as text.
            let nul = statements
                .iter()
                .any(|s| matches!(s, Statement::Sql(sql) if sql.contains('\0')));
            match nul {
                true => Err(Unsupported::NulCharacter),
                false => Ok(statements),
            }
        });
        rendered.map_err(|reason| RenderError {
            op: op.to_string(),
            dialect: self,
            reason,
        })
    }

    /// Why `name` is too long for the database, when it is: PostgreSQL truncates past 63
    /// bytes, MySQL refuses past 64 characters; SQLite has no limit.
    pub(crate) fn identifier_limit_exceeded(self, name: &str) -> Option<&'static str> {
        match self {
            Dialect::Postgres => {
                (name.len() > 63).then_some("PostgreSQL keeps only the first 63 bytes of a name")
            }
            Dialect::MySql => (name.chars().count() > 64)
                .then_some("MySQL allows at most 64 characters in a name"),
            Dialect::Sqlite => None,
        }
    }

    /// The statement that starts a transaction in a script.
    pub(crate) fn begin_sql(self) -> &'static str {
        match self {
            Dialect::MySql => mysql::BEGIN,
            Dialect::Postgres | Dialect::Sqlite => common::transaction::BEGIN,
        }
    }

    /// The statement that ends a transaction in a script.
    pub(crate) fn commit_sql(self) -> &'static str {
        common::transaction::COMMIT
    }

    /// A query listing the columns, in order, of the table named by its binds: the schema
    /// (empty for the current schema or database) and the table. No row: no such table.
    pub(crate) fn table_columns_sql(self) -> &'static str {
        match self {
            Dialect::Postgres => postgres::catalog::TABLE_COLUMNS,
            Dialect::Sqlite => sqlite::catalog::TABLE_COLUMNS,
            Dialect::MySql => mysql::catalog::TABLE_COLUMNS,
        }
    }

    /// The count of schemas named `$1`: whether the schema of a version table exists.
    pub(crate) fn schema_exists_sql(self) -> &'static str {
        match self {
            Dialect::Postgres => postgres::catalog::SCHEMA_EXISTS,
            Dialect::Sqlite => sqlite::catalog::SCHEMA_EXISTS,
            Dialect::MySql => mysql::catalog::SCHEMA_EXISTS,
        }
    }

    /// A table name as the version table is given, `table` or `schema.table` (a database on
    /// MySQL, an attached database on SQLite), quoted.
    pub(crate) fn quote_table(self, name: &str) -> String {
        match crate::dialect::split_table(name) {
            (Some(schema), table) => format!("{}.{}", self.quote(schema), self.quote(table)),
            (None, table) => self.quote(table),
        }
    }

    /// The type as this database spells it.
    pub(crate) fn column_type(self, ty: &Type) -> Result<String, Unsupported> {
        match self {
            Dialect::Postgres => Ok(postgres::column_type(ty)),
            Dialect::Sqlite => sqlite::column_type(ty),
            Dialect::MySql => mysql::column_type(ty),
        }
    }

    /// The type a column is declared with, `identity` telling whether the database numbers
    /// it: SQLite numbers only an `INTEGER PRIMARY KEY` (its row id), so an identity column of
    /// any integer width is `INTEGER` there, as a serial is.
    pub(crate) fn declared_type(self, ty: &Type, identity: bool) -> Result<String, Unsupported> {
        match (self, identity, ty) {
            (Dialect::Sqlite, true, Type::SmallInt | Type::Integer | Type::BigInt) => {
                self.column_type(&Type::Serial)
            }
            _ => self.column_type(ty),
        }
    }

    /// A server default as this database spells it.
    pub(crate) fn default_value(self, value: &DefaultValue) -> String {
        match value {
            DefaultValue::Text(text) => self.literal(text),
            DefaultValue::Integer(number) => number.to_string(),
            DefaultValue::Float(number) => format!("{number:?}"),
            DefaultValue::Boolean(flag) => match (self, flag) {
                (Dialect::Sqlite, true) => "1".to_owned(),
                (Dialect::Sqlite, false) => "0".to_owned(),
                (_, true) => "TRUE".to_owned(),
                (_, false) => "FALSE".to_owned(),
            },
            DefaultValue::Sql(expression) => expression.clone(),
            DefaultValue::Now => match self {
                Dialect::Postgres => "now()".to_owned(),
                Dialect::Sqlite => "CURRENT_TIMESTAMP".to_owned(),
                // The precision of `Type::Timestamp` and `Type::TimestampTz` on MySQL.
                Dialect::MySql => "CURRENT_TIMESTAMP(6)".to_owned(),
            },
            DefaultValue::CurrentDate => match self {
                Dialect::Postgres | Dialect::Sqlite => "CURRENT_DATE".to_owned(),
                Dialect::MySql => "(CURRENT_DATE)".to_owned(),
            },
            DefaultValue::RandomUuid => match self {
                Dialect::Postgres => "gen_random_uuid()".to_owned(),
                Dialect::Sqlite => "(lower(hex(randomblob(16))))".to_owned(),
                Dialect::MySql => "(UUID())".to_owned(),
            },
            DefaultValue::PerDialect(sql) => self.pick(sql).to_owned(),
        }
    }

    /// This database's spelling of `sql`.
    pub(crate) fn pick(self, sql: &PerDialect) -> &str {
        match self {
            Dialect::Postgres => &sql.postgres,
            Dialect::Sqlite => &sql.sqlite,
            Dialect::MySql => &sql.mysql,
        }
    }
}

/// One unit of work sent to the database for an op.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// A SQL statement, ready to run.
    Sql(String),
    /// A SQLite table rebuild, expanded to SQL once the table has been read from the database.
    Rebuild(Rebuild),
    /// A MySQL `MODIFY COLUMN`, completed once the column has been read from the database.
    Modify(Modify),
    /// A MySQL `DROP COLUMN`, preceded by dropping the foreign keys that the database says
    /// use the column.
    DropColumn(DropColumn),
    /// An update run in batches online, one statement offline.
    Backfill(BatchedUpdate),
    /// A data step: Rust code, run online only.
    Data(crate::data_step::DataStep),
}

impl Statement {
    /// The SQL an offline script holds for it; `None` when it needs the live database (a
    /// table to read first), and the script holds a comment instead. A column drop is its
    /// plain `DROP COLUMN`: what runs online too, unless a foreign key uses the column.
    pub(crate) fn offline_sql(&self) -> Option<String> {
        match self {
            Statement::Sql(sql) => Some(sql.clone()),
            Statement::Backfill(update) => Some(update.to_string()),
            Statement::DropColumn(drop) => Some(drop.to_string()),
            Statement::Rebuild(rebuild) => rebuild.offline_sql(),
            Statement::Modify(_) | Statement::Data(_) => None,
        }
    }
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Statement::Sql(sql) => f.write_str(sql),
            Statement::Rebuild(rebuild) => write!(f, "{rebuild}"),
            Statement::Modify(modify) => write!(f, "{modify}"),
            Statement::DropColumn(drop) => write!(f, "{drop}"),
            Statement::Backfill(update) => write!(f, "{update}"),
            Statement::Data(step) => write!(
                f,
                "-- data step {:?}: Rust code, which runs only against a live database",
                step.name()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op;
    use crate::schema::{Column, ReferentialAction, Type};

    fn sql(dialect: Dialect, op: impl Into<Op>) -> Vec<String> {
        let statements = dialect.render(&op.into()).unwrap();
        statements.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_composite_key_and_foreign_keys_render_as_table_constraints() {
        let table = op::create_table("user_roles")
            .column(
                Column::new("user_id", Type::Uuid)
                    .references("users", "id")
                    .on_delete(ReferentialAction::Cascade),
            )
            .column(Column::new("role_id", Type::Integer))
            .primary_key(["user_id", "role_id"]);
        let expected = "CREATE TABLE \"user_roles\" (\n    \"user_id\" UUID NOT NULL,\n    \"role_id\" INTEGER NOT NULL,\n    PRIMARY KEY (\"user_id\", \"role_id\"),\n    FOREIGN KEY (\"user_id\") REFERENCES \"users\" (\"id\") ON DELETE CASCADE\n)";
        assert_eq!(sql(Dialect::Postgres, table.clone()), [expected]);
        let on_sqlite = expected.replace("UUID", "CHAR(32)");
        assert_eq!(sql(Dialect::Sqlite, table), [on_sqlite]);
    }

    #[test]
    fn identifiers_and_literals_are_quoted() {
        let column = Column::new("say \"hi\"", Type::Text).default("it's");
        let add = op::add_column("select", column);
        let expected = r#"ALTER TABLE "select" ADD COLUMN "say ""hi""" TEXT DEFAULT 'it''s'"#;
        assert_eq!(sql(Dialect::Postgres, add), [expected]);
    }

    #[test]
    fn types_differ_by_dialect() {
        let add = || op::add_column("t", Column::new("at", Type::TimestampTz).default(true));
        assert_eq!(
            sql(Dialect::Postgres, add()),
            [r#"ALTER TABLE "t" ADD COLUMN "at" TIMESTAMP WITH TIME ZONE DEFAULT TRUE"#]
        );
        assert_eq!(
            sql(Dialect::Sqlite, add()),
            [r#"ALTER TABLE "t" ADD COLUMN "at" TIMESTAMPTZ DEFAULT 1"#]
        );
    }

    #[test]
    fn alter_column_is_in_place_on_postgres_and_a_rebuild_on_sqlite() {
        let alter = || {
            op::alter_column("products", "status")
                .nullable(false)
                .rename("state")
        };
        assert_eq!(
            sql(Dialect::Postgres, alter()),
            [
                r#"ALTER TABLE "products" ALTER COLUMN "status" SET NOT NULL"#,
                r#"ALTER TABLE "products" RENAME COLUMN "status" TO "state""#
            ]
        );
        let sqlite = Dialect::Sqlite.render(&alter().into()).unwrap();
        assert_eq!(
            sqlite[0].to_string(),
            r#"ALTER TABLE "products" RENAME COLUMN "status" TO "state""#
        );
        assert!(matches!(&sqlite[1], Statement::Rebuild(_)));
    }

    #[test]
    fn enum_values_are_added_to_the_type_or_to_each_column() {
        let alter = op::alter_enum("post_status")
            .existing(["draft", "published"])
            .add_value_before("review", "published")
            .add_value("archived")
            .column("posts", "status");
        assert_eq!(
            sql(Dialect::Postgres, alter.clone()),
            [
                r#"ALTER TYPE "post_status" ADD VALUE 'review' BEFORE 'published'"#,
                r#"ALTER TYPE "post_status" ADD VALUE 'archived'"#
            ]
        );
        let mysql = Dialect::MySql.render(&alter.clone().into()).unwrap();
        assert!(
            matches!(mysql.as_slice(), [Statement::Modify(_)]),
            "{mysql:?}"
        );
        let sqlite = Dialect::Sqlite.render(&alter.into()).unwrap();
        assert!(
            matches!(sqlite.as_slice(), [Statement::Rebuild(_)]),
            "{sqlite:?}"
        );
        // Without the values there before and the columns, only PostgreSQL can run it.
        let bare = op::alter_enum("post_status").add_value("archived");
        assert!(Dialect::Postgres.render(&bare.clone().into()).is_ok());
        let refused = Dialect::MySql.render(&bare.into()).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "`alter_enum(\"post_status\")` cannot run on MySQL: it has no enum types of its own \
             (it keeps the values on each column); name the values the type has with \
             `.existing([…])` and each of its columns with `.column(table, column)` \
             (`revision --autogenerate` writes them)"
        );
    }

    #[test]
    fn what_sqlite_lacks_is_an_error_naming_op_and_alternative() {
        let add = op::add_column("t", Column::new("tags", Type::Jsonb));
        let error = Dialect::Sqlite.render(&add.into()).unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"`add_column("t", "tags")` cannot run on SQLite: it has no `jsonb` type; use `Type::Json` instead"#
        );
        let unique = op::add_column("t", Column::new("code", Type::Text).unique());
        assert!(Dialect::Sqlite.render(&unique.into()).is_err());
    }
}
