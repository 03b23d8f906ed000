//! A plan: the ordered ops of one direction of a migration, as a value.

use std::fmt;

use crate::dialect::{Dialect, RenderError, Statement};
use crate::op::Op;

/// The ops of an upgrade or a downgrade, in order.
///
/// A plan is a plain value: it can be rendered to SQL for any dialect without a database,
/// and reversed into the plan that undoes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    ops: Vec<Op>,
    irreversible: Option<Irreversible>,
}

/// Why a plan cannot run: it stands for a downgrade that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Irreversible {
    /// The migration is declared `irreversible`.
    Declared,
    /// The downgrade was derived, and this op of the upgrade cannot be reversed.
    Op(String),
}

impl fmt::Display for Irreversible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Irreversible::Declared => f.write_str("it is declared irreversible"),
            Irreversible::Op(op) => write!(f, "`{op}` in its upgrade cannot be reversed"),
        }
    }
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

    /// A plan that cannot run, for the reason given.
    pub(crate) fn cannot_run(reason: Irreversible) -> Self {
        Plan {
            ops: Vec::new(),
            irreversible: Some(reason),
        }
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

    /// Why the plan cannot run, if it cannot.
    pub fn irreversible(&self) -> Option<&Irreversible> {
        self.irreversible.as_ref()
    }

    /// The plan that undoes this one: each op reversed, last first; a plan that cannot run
    /// when an op cannot be reversed.
    pub fn reversed(&self) -> Plan {
        if let Some(reason) = &self.irreversible {
            return Plan::cannot_run(reason.clone());
        }
        let mut ops = Vec::with_capacity(self.ops.len());
        for op in self.ops.iter().rev() {
            match op.reversed() {
                Some(reverse) => ops.push(reverse),
                None => return Plan::cannot_run(Irreversible::Op(op.to_string())),
            }
        }
        Plan {
            ops,
            irreversible: None,
        }
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
