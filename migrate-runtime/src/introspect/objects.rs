//! The objects of a database held whole, read from its catalog: views, triggers, functions,
//! procedures; on PostgreSQL schemas, extensions, sequences no column owns, domains,
//! composite and range types, the indexes migrate's index does not describe and exclusion
//! constraints; MySQL's full-text and spatial indexes.

use crate::backend::{mysql, postgres, sqlite};
use crate::connection::BackendConnection;
use crate::dialect::Dialect;
use crate::state::{DatabaseObject, ObjectKind};

/// The objects of the database (of the schemas migrate reads on PostgreSQL), in an order in
/// which they can be made again.
pub(super) async fn read(
    conn: &mut BackendConnection,
    dialect: Dialect,
) -> Result<Vec<DatabaseObject>, sqlx::Error> {
    let query = match dialect {
        Dialect::Postgres => postgres::catalog::INTROSPECT_OBJECTS,
        Dialect::MySql => mysql::catalog::INTROSPECT_OBJECTS,
        Dialect::Sqlite => sqlite::catalog::INTROSPECT_OBJECTS,
    };
    let rows: Vec<(String, String, Option<String>, String)> =
        sqlx::query_as(query).fetch_all(&mut *conn).await?;
    let mut objects: Vec<DatabaseObject> = rows
        .into_iter()
        .filter_map(|(kind, name, table, definition)| {
            Some(DatabaseObject {
                kind: ObjectKind::parse(&kind)?,
                name,
                table,
                definition,
            })
        })
        .collect();
    if dialect == Dialect::MySql {
        // Routines first: a trigger or a view may call them. MySQL lists its views by name:
        // those another view reads go before it.
        let mut routines = mysql_routines(conn).await?;
        routines.append(&mut views_before_their_readers(objects));
        objects = routines;
    }
    Ok(objects)
}

/// `objects` with each view after the views its definition names (by word), otherwise in
/// the order given; a cycle (which no database allows) is left as it is.
fn views_before_their_readers(objects: Vec<DatabaseObject>) -> Vec<DatabaseObject> {
    let names_view = |reader: &DatabaseObject, view: &DatabaseObject| {
        view.kind == ObjectKind::View
            && view.name != reader.name
            && (reader.definition)
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
                .any(|word| word == view.name)
    };
    let mut waiting = objects;
    let mut ordered: Vec<DatabaseObject> = Vec::with_capacity(waiting.len());
    while !waiting.is_empty() {
        let ready = (0..waiting.len())
            .find(|&at| {
                let reader = &waiting[at];
                reader.kind != ObjectKind::View
                    || !waiting.iter().any(|view| names_view(reader, view))
            })
            .unwrap_or(0);
        ordered.push(waiting.remove(ready));
    }
    ordered
}

/// MySQL's functions and procedures, each as `SHOW CREATE` gives it, without its `DEFINER`
/// (the account that made it, which another server may not have).
async fn mysql_routines(conn: &mut BackendConnection) -> Result<Vec<DatabaseObject>, sqlx::Error> {
    let routines: Vec<(String, String)> = sqlx::query_as(mysql::catalog::INTROSPECT_ROUTINES)
        .fetch_all(&mut *conn)
        .await?;
    let mut objects = Vec::new();
    for (kind, name) in routines {
        let Some(kind) = ObjectKind::parse(&kind) else {
            continue;
        };
        let show = format!(
            "SHOW CREATE {} {}",
            kind.as_str().to_ascii_uppercase(),
            Dialect::MySql.quote(&name)
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(show))
            .fetch_one(&mut *conn)
            .await?;
        // Without the privilege to see it, the statement is NULL: kept by name.
        let definition: Option<String> = sqlx::Row::try_get(&row, 2)?;
        objects.push(DatabaseObject {
            kind,
            name,
            table: None,
            definition: without_definer(&definition.unwrap_or_default()),
        });
    }
    Ok(objects)
}

/// `CREATE DEFINER=… FUNCTION …` as `CREATE FUNCTION …`.
fn without_definer(definition: &str) -> String {
    let Some(rest) = definition.strip_prefix("CREATE DEFINER=") else {
        return definition.to_owned();
    };
    let kind = [" FUNCTION ", " PROCEDURE "]
        .iter()
        .filter_map(|kind| rest.find(kind))
        .min();
    match kind {
        Some(at) => format!("CREATE{}", &rest[at..]),
        None => definition.to_owned(),
    }
}
