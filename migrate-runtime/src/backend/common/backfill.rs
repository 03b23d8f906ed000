//! The SQL of a batched back-fill: where the next batch ends, and the update of one batch.
//!
//! The walk is keyset pagination on the key's own type, composite keys included: each
//! boundary is read back as an SQL literal written by the database itself (SQLite's
//! `quote()`, PostgreSQL's `quote_literal()`, MySQL's `QUOTE()` or the number), so a uuid, a
//! text or a timestamp key compares exactly as stored. Rows whose key is NULL are updated in
//! one last statement.

use std::fmt;

use crate::backend::Dialect;
use crate::op::Backfill;

/// A back-fill rendered for one database.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchedUpdate {
    dialect: Dialect,
    op: Backfill,
}

impl BatchedUpdate {
    pub(crate) fn new(dialect: Dialect, op: Backfill) -> Self {
        BatchedUpdate { dialect, op }
    }

    /// The table.
    pub(crate) fn table(&self) -> &str {
        &self.op.table
    }

    /// The key's columns.
    pub(crate) fn key(&self) -> &[String] {
        &self.op.key
    }

    /// The key as SQL: `"id"`, or `("tenant", "id")` for a composite key.
    fn key_sql(&self) -> String {
        self.tuple(self.op.key.iter().map(|k| self.dialect.quote(k)).collect())
    }

    fn tuple(&self, parts: Vec<String>) -> String {
        match parts.as_slice() {
            [one] => one.clone(),
            _ => format!("({})", parts.join(", ")),
        }
    }

    /// Every key column set: the rows the walk visits.
    fn key_not_null(&self) -> String {
        let parts: Vec<String> = self
            .op
            .key
            .iter()
            .map(|k| format!("{} IS NOT NULL", self.dialect.quote(k)))
            .collect();
        parts.join(" AND ")
    }

    /// On MySQL, a query of whether each key column is numeric (its `DATA_TYPE`, one row per
    /// column, in key order): MySQL compares a number with a string as doubles, so numeric
    /// boundaries are written as numbers.
    pub(crate) fn key_types_sql(&self) -> Option<String> {
        (self.dialect == Dialect::MySql).then(|| {
            let names: Vec<String> = self.op.key.iter().map(|k| self.dialect.literal(k)).collect();
            format!(
                "SELECT column_name, data_type IN ('tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'float', 'double', 'year') \
                 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = {} AND column_name IN ({})",
                self.dialect.literal(&self.op.table),
                names.join(", ")
            )
        })
    }

    /// A query answering 1 when every key column is declared NOT NULL (no row to update
    /// after the walk, so its scan for NULL keys is skipped), 0 otherwise.
    pub(crate) fn key_declared_not_null_sql(&self) -> String {
        let dialect = self.dialect;
        let names: Vec<String> = self.op.key.iter().map(|k| dialect.literal(k)).collect();
        let names = names.join(", ");
        let table = dialect.literal(&self.op.table);
        let count = self.op.key.len();
        match dialect {
            Dialect::Postgres => format!(
                "SELECT CAST(count(*) = {count} AS INTEGER) FROM pg_catalog.pg_attribute \
                 WHERE attrelid = to_regclass(quote_ident({table})) AND attname IN ({names}) AND attnotnull"
            ),
            Dialect::MySql => format!(
                "SELECT CAST(count(*) = {count} AS SIGNED) FROM information_schema.columns \
                 WHERE table_schema = DATABASE() AND table_name = {table} \
                 AND column_name IN ({names}) AND is_nullable = 'NO'"
            ),
            // A SQLite key is NOT NULL when declared so, or when it is the rowid itself
            // (`INTEGER PRIMARY KEY`).
            Dialect::Sqlite => format!(
                "SELECT count(*) = {count} FROM pragma_table_info({table}) \
                 WHERE name IN ({names}) AND (\"notnull\" OR (pk = 1 AND upper(type) = 'INTEGER' \
                 AND (SELECT count(*) FROM pragma_table_info({table}) WHERE pk > 0) = 1))"
            ),
        }
    }

    /// The literals of the key that ends the batch starting after `last` (literals of the
    /// previous boundary), or no row when fewer rows remain. `numeric` says, per key column,
    /// whether MySQL should write it as a number.
    pub(crate) fn boundary(&self, last: Option<&[String]>, numeric: &[bool]) -> String {
        let dialect = self.dialect;
        let literals: Vec<String> = self
            .op
            .key
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let k = dialect.quote(k);
                match dialect {
                    Dialect::Sqlite => format!("quote({k})"),
                    Dialect::Postgres => format!("quote_literal({k})"),
                    Dialect::MySql if numeric.get(i).copied().unwrap_or(false) => {
                        format!("CAST({k} AS CHAR)")
                    }
                    Dialect::MySql => format!("QUOTE({k})"),
                }
            })
            .collect();
        let mut conditions = vec![self.key_not_null()];
        conditions
            .extend(last.map(|last| format!("{} > {}", self.key_sql(), self.tuple(last.to_vec()))));
        let order: Vec<String> = self.op.key.iter().map(|k| dialect.quote(k)).collect();
        format!(
            "SELECT {} FROM {} WHERE {} ORDER BY {} LIMIT 1 OFFSET {}",
            literals.join(", "),
            dialect.quote_table(&self.op.table),
            conditions.join(" AND "),
            order.join(", "),
            self.op.batch_size - 1
        )
    }

    /// The update of the rows after `last` up to `boundary` (to the end when `None`), key
    /// literals as [`boundary`](Self::boundary) read them.
    pub(crate) fn batch(&self, last: Option<&[String]>, boundary: Option<&[String]>) -> String {
        let key = self.key_sql();
        let mut conditions = vec![self.key_not_null()];
        conditions.extend(last.map(|last| format!("{key} > {}", self.tuple(last.to_vec()))));
        conditions.extend(boundary.map(|b| format!("{key} <= {}", self.tuple(b.to_vec()))));
        conditions.extend(self.op.where_sql.as_ref().map(|c| format!("({c})")));
        self.update(&conditions)
    }

    /// The update of the rows whose key has a NULL, which the walk does not visit.
    pub(crate) fn null_keys(&self) -> String {
        let nulls: Vec<String> = self
            .op
            .key
            .iter()
            .map(|k| format!("{} IS NULL", self.dialect.quote(k)))
            .collect();
        let mut conditions = vec![format!("({})", nulls.join(" OR "))];
        conditions.extend(self.op.where_sql.as_ref().map(|c| format!("({c})")));
        self.update(&conditions)
    }

    /// The whole back-fill as one statement, for offline SQL.
    pub(crate) fn single(&self) -> String {
        self.update(
            &self
                .op
                .where_sql
                .iter()
                .map(|c| format!("({c})"))
                .collect::<Vec<_>>(),
        )
    }

    fn update(&self, conditions: &[String]) -> String {
        let mut sql = format!(
            "UPDATE {} SET {}",
            self.dialect.quote_table(&self.op.table),
            self.op.set
        );
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql
    }
}

impl fmt::Display for BatchedUpdate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.single())
    }
}
