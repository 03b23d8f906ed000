//! MySQL's catalog: a column read back from `information_schema`, for `MODIFY COLUMN`, and
//! whether a table exists.

use crate::connection::BackendConnection;

use crate::backend::{Dialect, ReflectedColumn};

/// Whether the schema (MySQL: database; SQLite: attached database) `$1` exists: a count.
// language=SQL
pub(crate) const SCHEMA_EXISTS: &str =
    "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?";

/// The columns of a table with their types, in order: binds are the database (empty for the
/// current one) and the table.
// language=SQL
pub(crate) const TABLE_COLUMNS: &str = "SELECT CAST(column_name AS CHAR), CAST(column_type AS CHAR) FROM information_schema.columns \
     WHERE table_schema = coalesce(nullif(?, ''), DATABASE()) AND table_name = ? \
     ORDER BY ordinal_position";

/// The server's version string (MariaDB's says so).
// language=SQL
pub(crate) const VERSION: &str = "SELECT VERSION()";

/// Whether the server is MariaDB rather than MySQL.
pub(crate) async fn is_mariadb(conn: &mut BackendConnection) -> Result<bool, sqlx::Error> {
    let version: String = sqlx::query_scalar(VERSION).fetch_one(conn).await?;
    Ok(version.contains("MariaDB"))
}

/// The current definition of `table.column`; none when there is no such column.
pub(crate) async fn reflect_column(
    conn: &mut BackendConnection,
    table: &str,
    column: &str,
) -> Result<Option<ReflectedColumn>, sqlx::Error> {
    // language=SQL
    let sql = "SELECT CAST(COLUMN_TYPE AS CHAR), IS_NULLABLE, CAST(COLUMN_DEFAULT AS CHAR), EXTRA, COLUMN_COMMENT, \
               NULLIF(COLLATION_NAME, (SELECT TABLE_COLLATION FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME)) \
               FROM information_schema.COLUMNS c \
               WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?";
    type Row = (
        String,
        String,
        Option<String>,
        String,
        String,
        Option<String>,
    );
    let row: Option<Row> = sqlx::query_as(sql)
        .bind(table)
        .bind(column)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((column_type, nullable, default, extra, comment, collation)) = row else {
        return Ok(None);
    };
    let mariadb = is_mariadb(conn).await?;
    Ok(Some(ReflectedColumn {
        column_type,
        nullable: nullable == "YES",
        default: default_expression(default, &extra, mariadb),
        auto_increment: extra.to_ascii_lowercase().contains("auto_increment"),
        comment,
        collation,
    }))
}

/// The foreign keys of `table` that use `column`.
pub(crate) async fn foreign_keys_on(
    conn: &mut BackendConnection,
    table: &str,
    column: &str,
) -> Result<Vec<String>, sqlx::Error> {
    // language=SQL
    let sql = "SELECT DISTINCT CAST(CONSTRAINT_NAME AS CHAR) FROM information_schema.KEY_COLUMN_USAGE \
               WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ? \
               AND REFERENCED_TABLE_NAME IS NOT NULL";
    sqlx::query_scalar(sql)
        .bind(table)
        .bind(column)
        .fetch_all(conn)
        .await
}

/// `COLUMN_DEFAULT` as SQL: MariaDB gives an expression (strings quoted, `NULL` for none);
/// MySQL gives a bare value, or an expression when `EXTRA` says `DEFAULT_GENERATED`.
fn default_expression(default: Option<String>, extra: &str, mariadb: bool) -> Option<String> {
    let default = default?;
    if mariadb {
        return (default != "NULL").then_some(default);
    }
    if extra.contains("DEFAULT_GENERATED") {
        return Some(default);
    }
    Some(Dialect::MySql.literal(&default))
}

/// For drift: the tables of the current schema or database, with their comments.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_TABLES: &str = "SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND (? IS NULL OR JSON_CONTAINS(?, JSON_QUOTE(TABLE_NAME))) ORDER BY TABLE_NAME";

/// What a table has that migrate neither describes nor holds whole: a storage engine other
/// than InnoDB, partitioning. Table, what, the SQL it takes.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table), bound twice per part.
// language=SQL
pub(crate) const INTROSPECT_NOT_DESCRIBED: &str = "SELECT TABLE_NAME, 'storage engine', CONCAT('ENGINE=', ENGINE) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND ENGINE <> 'InnoDB' AND (? IS NULL OR JSON_CONTAINS(?, JSON_QUOTE(TABLE_NAME))) \
UNION ALL SELECT TABLE_NAME, 'partitioning', CONCAT('PARTITION BY ', MIN(PARTITION_METHOD), ' (', MIN(COALESCE(PARTITION_EXPRESSION, '')), ') PARTITIONS ', COUNT(*)) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL AND (? IS NULL OR JSON_CONTAINS(?, JSON_QUOTE(TABLE_NAME))) GROUP BY TABLE_NAME \
ORDER BY 1, 2";

/// For drift: every column of every table, in order: table, name, type as the catalog writes it, nullability, default, comment, generation expression, collation where it is not the table's.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_COLUMNS: &str = "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES', COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION, NULLIF(COLLATION_NAME, (SELECT TABLE_COLLATION FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME)) FROM information_schema.COLUMNS c WHERE TABLE_SCHEMA = DATABASE() AND (? IS NULL OR JSON_CONTAINS(?, JSON_QUOTE(TABLE_NAME))) ORDER BY TABLE_NAME, ORDINAL_POSITION";

/// For drift: every index column of every table: table, index, unique, column, descending, prefix length.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_INDEXES: &str = "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE = 0, COLUMN_NAME, COLLATION = 'D', CAST(SUB_PART AS SIGNED) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_TYPE NOT IN ('FULLTEXT', 'SPATIAL') AND (? IS NULL OR JSON_CONTAINS(?, JSON_QUOTE(TABLE_NAME))) ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

/// [`INTROSPECT_INDEXES`] on MySQL 8, whose functional key parts have no column but an
/// expression, read in parentheses.
// language=SQL
pub(crate) const INTROSPECT_INDEXES_MYSQL: &str = "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE = 0, COALESCE(COLUMN_NAME, CONCAT('(', EXPRESSION, ')')), COLLATION = 'D', CAST(SUB_PART AS SIGNED) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_TYPE NOT IN ('FULLTEXT', 'SPATIAL') AND (? IS NULL OR JSON_CONTAINS(?, JSON_QUOTE(TABLE_NAME))) ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

/// For drift: every foreign key column of every table, in key order: table, key, column, referred table and column, actions.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_KEYS: &str = "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME WHERE k.TABLE_SCHEMA = DATABASE() AND (? IS NULL OR JSON_CONTAINS(?, JSON_QUOTE(k.TABLE_NAME))) ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

/// For drift: every check constraint of every table: table, name, condition. MariaDB's
/// `CHECK_CONSTRAINTS` names the table; MySQL's does not, and is joined with the table
/// constraints.
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_CHECKS_MARIADB: &str = "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND (? IS NULL OR JSON_CONTAINS(?, JSON_QUOTE(TABLE_NAME))) ORDER BY 1, 2";

/// See [`INTROSPECT_CHECKS_MARIADB`].
/// Filtered by the tables a JSON array bind lists (`NULL`: every table).
// language=SQL
pub(crate) const INTROSPECT_CHECKS_MYSQL: &str = "SELECT t.TABLE_NAME, t.CONSTRAINT_NAME, c.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS t JOIN information_schema.CHECK_CONSTRAINTS c ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME WHERE t.TABLE_SCHEMA = DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK' AND (? IS NULL OR JSON_CONTAINS(?, JSON_QUOTE(t.TABLE_NAME))) ORDER BY 1, 2";

/// Views, triggers, and full-text and spatial indexes of the current database: kind, name,
/// the table (of a trigger, an index), the statement that creates it (a view's query without
/// the database's name, which MySQL writes into it).
// language=SQL
pub(crate) const INTROSPECT_OBJECTS: &str = "SELECT 'view', TABLE_NAME, NULL, CONCAT('CREATE VIEW `', REPLACE(TABLE_NAME, '`', '``'), '` AS ', REPLACE(VIEW_DEFINITION, CONCAT('`', DATABASE(), '`.'), '')) \
FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() \
UNION ALL SELECT 'trigger', TRIGGER_NAME, EVENT_OBJECT_TABLE, CONCAT('CREATE TRIGGER `', REPLACE(TRIGGER_NAME, '`', '``'), '` ', ACTION_TIMING, ' ', EVENT_MANIPULATION, ' ON `', REPLACE(EVENT_OBJECT_TABLE, '`', '``'), '` FOR EACH ROW ', ACTION_STATEMENT) \
FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() \
UNION ALL SELECT 'index', INDEX_NAME, TABLE_NAME, CONCAT('CREATE ', INDEX_TYPE, ' INDEX `', REPLACE(INDEX_NAME, '`', '``'), '` ON `', REPLACE(TABLE_NAME, '`', '``'), '` (', GROUP_CONCAT(CONCAT('`', REPLACE(COLUMN_NAME, '`', '``'), '`') ORDER BY SEQ_IN_INDEX SEPARATOR ', '), ')') \
FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_TYPE IN ('FULLTEXT', 'SPATIAL') GROUP BY TABLE_NAME, INDEX_NAME, INDEX_TYPE \
ORDER BY 1, 2";

/// The functions and procedures of the current database: kind (`FUNCTION`, `PROCEDURE`),
/// name; `SHOW CREATE` gives each one's statement.
// language=SQL
pub(crate) const INTROSPECT_ROUTINES: &str = "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_TYPE, ROUTINE_NAME";
