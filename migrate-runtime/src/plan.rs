//! A plan: the ordered steps (ops and data steps) of one direction of a migration, as a
//! value.

use std::fmt::{self, Write as _};

use sha2::{Digest, Sha256};

use crate::backend::{Dialect, RenderError, Statement};
use crate::data_step::{DataFn, DataStep};
use crate::op::Op;

/// The steps of an upgrade or a downgrade, in order.
///
/// A plan is a plain value: its ops can be rendered to SQL for any dialect without a
/// database, and reversed into the plan that undoes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    steps: Vec<Step>,
    irreversible: Option<Irreversible>,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    clippy::large_enum_variant,
    reason = "ops are the common case; boxing them buys nothing"
)]
pub enum Step {
    /// A schema or SQL op.
    Op(Op),
    /// Rust code run on the migration's transaction.
    Data(DataStep),
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Op(op) => write!(f, "{op}"),
            Step::Data(step) => write!(f, "data({:?})", step.name()),
        }
    }
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
            steps: Vec::new(),
            irreversible: Some(reason),
        }
    }

    /// Append an op.
    pub fn op(mut self, op: impl Into<Op>) -> Self {
        self.steps.push(Step::Op(op.into()));
        self
    }

    /// Append a data step: an `async fn(&mut DataContext<'_>) -> Result<(), DataError>` run
    /// on the migration's transaction (see [`DataContext`](crate::DataContext)).
    pub fn data<F>(mut self, name: impl Into<String>, step: F) -> Self
    where
        F: for<'a> DataFn<'a> + 'static,
    {
        self.steps
            .push(Step::Data(DataStep::new(name.into(), step)));
        self
    }

    /// Append every step of `other`.
    pub fn then(mut self, other: Plan) -> Self {
        self.steps.extend(other.steps);
        self
    }

    /// The steps, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// How many steps the plan holds.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether the plan does nothing.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Why the plan cannot run, if it cannot.
    pub fn irreversible(&self) -> Option<&Irreversible> {
        self.irreversible.as_ref()
    }

    /// The plan that undoes this one: each op reversed, last first; a plan that cannot run
    /// when an op cannot be reversed. A column, index or constraint added to a table this plan
    /// creates goes with the table (and an enum type the column brought with it), not before
    /// it: MySQL refuses to drop an index that a foreign key of the table uses, SQLite a
    /// column that an index uses. A foreign key to another table is still dropped first, as
    /// that table may be dropped before this one.
    pub fn reversed(&self) -> Plan {
        if let Some(reason) = &self.irreversible {
            return Plan::cannot_run(reason.clone());
        }
        let goes_with_its_table = self.goes_with_its_table();
        // The enum types of the columns that go with their table, by table.
        let mut brought: Vec<(&str, String)> = Vec::new();
        let mut steps = Vec::with_capacity(self.steps.len());
        for (step, goes) in self.steps.iter().zip(goes_with_its_table).rev() {
            match step {
                Step::Op(op) if goes => {
                    if let Op::AddColumn(add) = op
                        && let (crate::schema::Type::Enum { name, .. }, false) =
                            (&add.column.ty, add.column.existing_type)
                    {
                        brought.push((add.table.as_str(), name.clone()));
                    }
                }
                Step::Op(op) => match op.reversed() {
                    Some(Op::DropTable(mut drop)) => {
                        let types = brought.iter().filter(|(table, _)| *table == drop.name);
                        drop.enum_types.extend(types.map(|(_, ty)| ty.clone()));
                        steps.push(Step::Op(Op::DropTable(drop)));
                    }
                    Some(reverse) => steps.push(Step::Op(reverse)),
                    None => return Plan::cannot_run(Irreversible::Op(op.to_string())),
                },
                Step::Data(_) => return Plan::cannot_run(Irreversible::Op(step.to_string())),
            }
        }
        Plan {
            steps,
            irreversible: None,
        }
    }

    /// For each step, whether it adds to a table this plan creates something that goes with
    /// the table when the table is dropped: a column, index, unique, check or key that
    /// refers to no other table (nor an index over such a column).
    fn goes_with_its_table(&self) -> Vec<bool> {
        let created = self.tables_created();
        let elsewhere = |table: &str, key: Option<&crate::schema::ForeignKey>| {
            key.is_some_and(|key| key.referred_table != table)
        };
        let ops = || {
            self.steps.iter().map(|step| match step {
                Step::Op(op) => Some(op),
                Step::Data(_) => None,
            })
        };
        // Columns referring to another table: dropped before the tables, with their indexes.
        let kept_columns: Vec<(&str, &str)> = ops()
            .flatten()
            .filter_map(|op| match op {
                Op::AddColumn(add) if elsewhere(&add.table, add.column.references.as_ref()) => {
                    Some((add.table.as_str(), add.column.name.as_str()))
                }
                _ => None,
            })
            .collect();
        ops()
            .map(|op| match op {
                Some(Op::AddColumn(add)) => {
                    created.contains(add.table.as_str())
                        && !elsewhere(&add.table, add.column.references.as_ref())
                }
                Some(Op::AddConstraint(add)) => {
                    let key = match &add.constraint {
                        crate::op::TableConstraint::ForeignKey(key) => Some(key),
                        _ => None,
                    };
                    created.contains(add.table.as_str()) && !elsewhere(&add.table, key)
                }
                Some(Op::CreateIndex(index)) => {
                    let table = index.table.as_str();
                    created.contains(table)
                        && !index
                            .columns
                            .iter()
                            .any(|c| kept_columns.contains(&(table, c)))
                }
                _ => false,
            })
            .collect()
    }

    /// The tables this plan creates and never renames.
    fn tables_created(&self) -> std::collections::BTreeSet<&str> {
        let ops = self.steps.iter().filter_map(|step| match step {
            Step::Op(op) => Some(op),
            Step::Data(_) => None,
        });
        let mut created = std::collections::BTreeSet::new();
        let mut renamed = std::collections::BTreeSet::new();
        for op in ops {
            match op {
                Op::CreateTable(table) => {
                    created.insert(table.name.as_str());
                }
                Op::RenameTable(rename) => {
                    renamed.extend([rename.from.as_str(), rename.to.as_str()]);
                }
                _ => {}
            }
        }
        created.retain(|table| !renamed.contains(table));
        created
    }

    /// The plan with every unnamed constraint named by `convention`.
    pub(crate) fn named(&self, convention: &crate::schema::NamingConvention) -> Plan {
        self.map_ops(|op| op.named(convention).into_owned())
    }

    /// The plan with `change` applied to each op (data steps kept).
    pub(crate) fn map_ops(&self, change: impl Fn(&Op) -> Op) -> Plan {
        let steps = self.steps.iter().map(|step| match step {
            Step::Op(op) => Step::Op(change(op)),
            Step::Data(data) => Step::Data(data.clone()),
        });
        Plan {
            steps: steps.collect(),
            irreversible: self.irreversible.clone(),
        }
    }

    /// Every step rendered for `dialect`; fails on the first op the dialect cannot express.
    pub fn render(&self, dialect: Dialect) -> Result<Vec<RenderedOp>, RenderError> {
        self.steps
            .iter()
            .map(|step| {
                let statements = match step {
                    Step::Op(op) => dialect.render(op)?,
                    Step::Data(data) => vec![Statement::Data(data.clone())],
                };
                Ok(RenderedOp {
                    op: step.to_string(),
                    statements,
                })
            })
            .collect()
    }
}
/// The prefix of checksums of the typed plan; a checksum without one is the first version's,
/// over the rendered SQL.
const CANONICAL: &str = "v2:";

impl Plan {
    /// The checksum of the plan as typed values, independent of how a version of migrate
    /// renders them to SQL: `v2:` and 61 hex digits of SHA-256 (64 characters, the history
    /// table's width) over each step's canonical form — an op as JSON of its fields (optional
    /// fields left out when unset, so that a field added later changes no checksum), a data
    /// step as its name and the fingerprint of its code (`#[data_step]`).
    pub(crate) fn checksum(&self) -> String {
        let mut hasher = Sha256::new();
        for step in &self.steps {
            match step {
                // Serialising plain data cannot fail.
                Step::Op(op) => hasher.update(serde_json::to_vec(op).unwrap_or_default()),
                Step::Data(data) => {
                    let code = data.fingerprint().unwrap_or("unfingerprinted");
                    let _ = write!(Hashing(&mut hasher), "data {:?} {code}", data.name());
                }
            }
            hasher.update(b"\n");
        }
        let hex = hex::encode(hasher.finalize());
        format!("{CANONICAL}{}", &hex[..64 - CANONICAL.len()])
    }
}

/// Whether `checksum` was taken over the typed plan ([`Plan::checksum`]) rather than over the
/// rendered SQL ([`rendered_checksum`]).
pub(crate) fn is_canonical(checksum: &str) -> bool {
    checksum.starts_with(CANONICAL)
}

/// The first version's checksum, SHA-256 of the rendered plan (each op and its statements, in
/// order), hex: still computed to compare with what earlier versions recorded.
pub(crate) fn rendered_checksum(ops: &[RenderedOp]) -> String {
    let mut hasher = Sha256::new();
    for op in ops {
        hasher.update(op.op.as_bytes());
        hasher.update(b"\n");
        for statement in &op.statements {
            // Writing into the hasher cannot fail.
            let _ = writeln!(Hashing(&mut hasher), "{statement}");
        }
    }
    hex::encode(hasher.finalize())
}

/// Feeds formatted text straight into a hasher, without building the string first.
struct Hashing<'a>(&'a mut Sha256);

impl fmt::Write for Hashing<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.update(text.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op;
    use crate::schema::{Column, Type};

    /// The canonical form is a contract with every history table already written: this
    /// checksum must never change. A new field of an op keeps it when left at its default.
    #[test]
    fn the_canonical_checksum_of_a_plan_is_stable() {
        let plan = Plan::new()
            .op(op::create_table("users")
                .column(Column::new("id", Type::BigInt).primary_key())
                .column(Column::new("email", Type::Varchar(255)).not_null().unique()))
            .op(op::create_index("ix_users_email", "users", "email"))
            .op(op::add_column("users", Column::new("age", Type::Integer)));
        let checksum = plan.checksum();
        assert_eq!(checksum.len(), 64, "the history table's width");
        assert!(is_canonical(&checksum));
        assert_eq!(
            checksum,
            "v2:4963aedcb482d847325c1ccc110b4551f3584c76c457f904a4f6c3f51dfaa"
        );
    }

    /// What is added to a table the plan creates goes with the table: a column dropped first
    /// would take an index's column away (SQLite refuses), an index first one a foreign key
    /// uses (MySQL refuses); the column's enum type goes with the table.
    #[test]
    fn a_new_tables_columns_indexes_and_constraints_go_with_it() {
        let mood = Type::enumeration("mood", ["happy", "sad"]);
        let plan = Plan::new()
            .op(op::create_table("t").column(Column::new("id", Type::Integer).primary_key()))
            .op(op::add_column("t", Column::new("m", mood)))
            .op(op::create_index("ix_t_m", "t", "m"))
            .op(op::create_unique_constraint("uq_t_m", "t", ["m"]))
            .op(op::add_column("other", Column::new("x", Type::Integer)));
        let mut drop = op::drop_table("t");
        drop.enum_types = vec!["mood".to_owned()];
        let expected = Plan::new().op(op::drop_column("other", "x")).op(drop);
        assert_eq!(plan.reversed().steps(), expected.steps());
    }

    /// A key to another table is dropped first (that table may go before this one), and so is
    /// a column holding one, with its index.
    #[test]
    fn a_new_tables_keys_to_other_tables_are_dropped_first() {
        let id = || Column::new("id", Type::Integer).primary_key();
        let plan = Plan::new()
            .op(op::create_table("a").column(id()))
            .op(op::create_table("b").column(id()))
            .op(op::add_column(
                "a",
                Column::new("b_id", Type::Integer).references("b", "id"),
            ))
            .op(op::create_index("ix_a_b_id", "a", "b_id"))
            .op(op::create_foreign_key("fk_b_a", "b", ["id"], "a", ["id"]));
        let reversed: Vec<String> = plan
            .reversed()
            .steps()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            reversed,
            [
                "drop_constraint(\"fk_b_a\", \"b\")",
                "drop_index(\"ix_a_b_id\")",
                "drop_column(\"a\", \"b_id\")",
                "drop_table(\"b\")",
                "drop_table(\"a\")",
            ]
        );
    }

    #[test]
    fn the_checksum_does_not_depend_on_the_rendering() {
        let plan = Plan::new().op(op::drop_table("users"));
        let ops = plan.render(Dialect::Postgres).unwrap_or_default();
        assert!(!is_canonical(&rendered_checksum(&ops)));
        assert_ne!(
            plan.checksum(),
            Plan::new().op(op::drop_table("people")).checksum()
        );
    }
}
