//! A plan: the ordered ops of one direction of a migration, as a value.

use crate::dialect::{Dialect, RenderError, Statement};
use crate::op::Op;

/// The ops of an upgrade or a downgrade, in order.
///
/// A plan is a plain value: it can be rendered to SQL for any dialect without a database.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    ops: Vec<Op>,
}

/// One op of a plan with the statements it renders to.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedOp {
    /// The op as written, e.g. `add_column("products", "description")`.
    pub op: String,
    /// What runs on the database for it.
    pub statements: Vec<Statement>,
}

impl Plan {
    /// An empty plan.
    pub fn new() -> Self {
        Plan::default()
    }

    /// Append an op.
    pub fn op(mut self, op: impl Into<Op>) -> Self {
        self.ops.push(op.into());
        self
    }

    /// The ops, in order.
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    /// How many ops the plan holds.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether the plan does nothing.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Every op rendered for `dialect`; fails on the first op the dialect cannot express.
    pub fn render(&self, dialect: Dialect) -> Result<Vec<RenderedOp>, RenderError> {
        self.ops
            .iter()
            .map(|op| {
                Ok(RenderedOp {
                    op: op.to_string(),
                    statements: dialect.render(op)?,
                })
            })
            .collect()
    }
}
