//! Raw SQL, with typed values for its `?` placeholders.

use super::Op;
use crate::schema::Value;

/// One SQL statement, run as written, each `?` placeholder replaced by the next bound value.
///
/// The schema replay (`migrate schema`, drift, complete offline SQL, derived downgrades)
/// reads the SQL: `CREATE`/`ALTER`/`DROP TABLE`, `CREATE`/`DROP INDEX`, constraints, comments
/// and PostgreSQL enum types are applied as the ops that do the same, queries, row changes
/// and statements that touch no table (views, functions, triggers, grants…) leave the
/// schema alone. Any other statement stops the replay unless its effect is declared:
/// [`leaves_schema`](Execute::leaves_schema) or [`changes_schema`](Execute::changes_schema).
/// A constraint the SQL leaves unnamed gets the name PostgreSQL gives it
/// (`orders_user_id_fkey`); on MySQL, name them in the SQL.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Execute {
    pub(crate) sql: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) binds: Vec<Value>,
    #[serde(skip_serializing_if = "SchemaEffect::is_undeclared")]
    pub(crate) effect: SchemaEffect,
}

/// What a raw statement does to the schema, as declared on it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) enum SchemaEffect {
    /// Not declared: read from the SQL (see [`Execute`]).
    Undeclared,
    /// Nothing (`GRANT`, `VACUUM`, `CREATE EXTENSION`, …).
    Nothing,
    /// What these ops do.
    Ops(Vec<Op>),
}

impl SchemaEffect {
    fn is_undeclared(&self) -> bool {
        *self == SchemaEffect::Undeclared
    }
}

impl Execute {
    pub(crate) fn new(sql: String) -> Self {
        Execute {
            sql,
            binds: Vec::new(),
            effect: SchemaEffect::Undeclared,
        }
    }

    /// Declare that the statement changes no table, column, key or index, so that the schema
    /// replay goes on past it: `op::execute("GRANT SELECT ON users TO reporting").leaves_schema()`.
    pub fn leaves_schema(mut self) -> Self {
        self.effect = SchemaEffect::Nothing;
        self
    }

    /// Declare what the statement does to the schema, as the op that does the same (call it
    /// once per op): the replay applies these instead. The SQL still runs as written.
    ///
    /// ```
    /// use migrate_runtime::prelude::*;
    ///
    /// let partitioned = op::execute("CREATE TABLE events (id BIGINT NOT NULL, at DATE NOT NULL) PARTITION BY RANGE (at)")
    ///     .changes_schema(op::create_table("events")
    ///         .column(Column::new("id", Type::BigInt).not_null())
    ///         .column(Column::new("at", Type::Date).not_null()));
    /// # let _ = partitioned;
    /// ```
    pub fn changes_schema(mut self, op: impl Into<Op>) -> Self {
        let op = op.into();
        match &mut self.effect {
            SchemaEffect::Ops(ops) => ops.push(op),
            _ => self.effect = SchemaEffect::Ops(vec![op]),
        }
        self
    }

    /// The value of the next `?` placeholder (outside strings, quoted names and comments).
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.binds.push(value.into());
        self
    }
}

impl From<Execute> for Op {
    fn from(op: Execute) -> Self {
        Op::Execute(op)
    }
}
