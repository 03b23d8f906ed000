//! Reading a SQLite table back from the catalog, for the table rebuild.

use sqlx::SqliteConnection;

use crate::dialect::{RebuildObstacle, ReflectedTable, Unsupported};
use crate::executor::StepFailure;
use crate::op::{self, CreateTable};
use crate::schema::{Column, DefaultValue, ForeignKey, ReferentialAction, Type, UniqueConstraint};

/// The definition and explicit indexes of `table`, or why it cannot be rebuilt.
pub(crate) async fn reflect_table(
    conn: &mut SqliteConnection,
    table: &str,
) -> Result<ReflectedTable, StepFailure> {
    let obstacle = |what| {
        StepFailure::Unsupported(Unsupported::Rebuild {
            table: table.to_owned(),
            what,
        })
    };
    // language=SQL
    let sql = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1";
    let create: Option<String> = sqlx::query_scalar(sql)
        .bind(table)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(create) = create else {
        return Err(obstacle(RebuildObstacle::NoSuchTable));
    };
    if let Some(what) = unreadable_clause(&create) {
        return Err(obstacle(what));
    }
    // language=SQL
    let sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1";
    let trigger: Option<String> = sqlx::query_scalar(sql)
        .bind(table)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(trigger) = trigger {
        return Err(obstacle(RebuildObstacle::Trigger(trigger)));
    }
    let mut definition = op::create_table(table);
    for column in columns(conn, table).await? {
        match column {
            Ok(column) => definition = definition.column(column),
            Err(generated) => return Err(obstacle(RebuildObstacle::GeneratedColumn(generated))),
        }
    }
    definition = primary_key(conn, table, definition).await?;
    definition = foreign_keys(conn, table, definition).await?;
    let (definition, index_sql) = indexes(conn, table, definition).await?;
    Ok(ReflectedTable {
        definition,
        index_sql,
    })
}

/// Clauses SQLite's pragmas do not report, which a rebuild would silently drop.
fn unreadable_clause(create: &str) -> Option<RebuildObstacle> {
    let upper = create.to_ascii_uppercase();
    if upper.contains("AUTOINCREMENT") {
        return Some(RebuildObstacle::Autoincrement);
    }
    let check = upper.match_indices("CHECK").any(|(at, _)| {
        let before = upper[..at].chars().last();
        let after = upper[at + 5..].trim_start();
        !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '"')
            && after.starts_with('(')
    });
    check.then_some(RebuildObstacle::CheckConstraints)
}

/// Columns in order; `Err(name)` for a generated column.
async fn columns(
    conn: &mut SqliteConnection,
    table: &str,
) -> Result<Vec<Result<Column, String>>, sqlx::Error> {
    // language=SQL
    let sql = r#"SELECT name, type, "notnull", dflt_value, hidden FROM pragma_table_xinfo(?1) ORDER BY cid"#;
    let rows: Vec<(String, String, i64, Option<String>, i64)> = sqlx::query_as(sql)
        .bind(table)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(name, declared, not_null, default, hidden)| {
            if hidden != 0 {
                return Err(name);
            }
            let mut column = Column::new(name, Type::Custom(declared));
            column.nullable = not_null == 0;
            column.default = default.map(DefaultValue::Sql);
            Ok(column)
        })
        .collect())
}

/// The primary key: inline for one column (keeping an `INTEGER PRIMARY KEY` row id), else a
/// table constraint.
async fn primary_key(
    conn: &mut SqliteConnection,
    table: &str,
    mut definition: CreateTable,
) -> Result<CreateTable, sqlx::Error> {
    // language=SQL
    let sql = "SELECT name FROM pragma_table_xinfo(?1) WHERE pk > 0 ORDER BY pk";
    let key: Vec<String> = sqlx::query_scalar(sql)
        .bind(table)
        .fetch_all(&mut *conn)
        .await?;
    if let [single] = key.as_slice() {
        for column in &mut definition.columns {
            column.primary_key = column.name == *single;
        }
        return Ok(definition);
    }
    Ok(definition.primary_key(key))
}

/// Foreign keys, one per constraint, columns in order.
async fn foreign_keys(
    conn: &mut SqliteConnection,
    table: &str,
    mut definition: CreateTable,
) -> Result<CreateTable, sqlx::Error> {
    // language=SQL
    let sql = r#"SELECT id, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq"#;
    let rows: Vec<(i64, String, String, Option<String>, String, String)> = sqlx::query_as(sql)
        .bind(table)
        .fetch_all(&mut *conn)
        .await?;
    let mut current: Option<(i64, ForeignKey)> = None;
    for (id, referred, from, to, on_update, on_delete) in rows {
        match &mut current {
            Some((current_id, key)) if *current_id == id => {
                key.columns.push(from);
                key.referred_columns.extend(to);
            }
            _ => {
                if let Some((_, key)) = current.take() {
                    definition = definition.foreign_key(key);
                }
                let mut key = ForeignKey::new([from], referred, to);
                key.on_update = action(&on_update);
                key.on_delete = action(&on_delete);
                current = Some((id, key));
            }
        }
    }
    if let Some((_, key)) = current {
        definition = definition.foreign_key(key);
    }
    Ok(definition)
}

fn action(text: &str) -> Option<ReferentialAction> {
    match text {
        "RESTRICT" => Some(ReferentialAction::Restrict),
        "CASCADE" => Some(ReferentialAction::Cascade),
        "SET NULL" => Some(ReferentialAction::SetNull),
        "SET DEFAULT" => Some(ReferentialAction::SetDefault),
        _ => None,
    }
}

/// Unique constraints into the definition; explicit indexes as their `CREATE INDEX` text.
async fn indexes(
    conn: &mut SqliteConnection,
    table: &str,
    mut definition: CreateTable,
) -> Result<(CreateTable, Vec<String>), sqlx::Error> {
    // language=SQL
    let sql = "SELECT il.name, il.origin, m.sql FROM pragma_index_list(?1) AS il \
               LEFT JOIN sqlite_master AS m ON m.type = 'index' AND m.name = il.name \
               ORDER BY il.seq DESC";
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(sql)
        .bind(table)
        .fetch_all(&mut *conn)
        .await?;
    let mut index_sql = Vec::new();
    for (name, origin, create) in rows {
        match (origin.as_str(), create) {
            ("u", _) => {
                // language=SQL
                let sql = "SELECT name FROM pragma_index_info(?1) ORDER BY seqno";
                let columns: Vec<String> = sqlx::query_scalar(sql)
                    .bind(&name)
                    .fetch_all(&mut *conn)
                    .await?;
                definition = definition.unique(UniqueConstraint::new(columns));
            }
            ("c", Some(create)) => index_sql.push(create),
            _ => {}
        }
    }
    Ok((definition, index_sql))
}
