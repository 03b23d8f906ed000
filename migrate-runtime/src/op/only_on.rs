//! An op for some databases only: where no portable op exists (a partial index, which MySQL
//! lacks), the op runs on the databases that have it and the others skip it — it renders
//! nothing there, and their replay leaves it out.

use super::Op;
use crate::dialect::Dialect;

/// An op that runs on some databases only (see [`ForDatabases::only_on`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OnlyOn {
    /// The databases that run it.
    pub(crate) databases: Vec<Dialect>,
    /// The op.
    pub(crate) op: Box<Op>,
}

impl OnlyOn {
    /// The op, where `dialect` runs it.
    pub(crate) fn on(&self, dialect: Dialect) -> Option<&Op> {
        self.databases.contains(&dialect).then_some(&*self.op)
    }

    /// `op` on the same databases as this one.
    pub(crate) fn wrap(&self, op: impl Into<Op>) -> Op {
        op.into().only_on(self.databases.iter().copied())
    }
}

/// `.only_on([…])` on every op builder (in the prelude).
pub trait ForDatabases: Into<Op> + Sized {
    /// This op on `databases` only; the others skip it.
    ///
    /// ```
    /// # use migrate_runtime::prelude::*;
    /// // PostgreSQL and SQLite: CREATE INDEX "ix_posts_drafts" ON "posts" ("status")
    /// //                        WHERE status = 'draft'
    /// // MySQL:                 nothing (it has no partial indexes)
    /// let drafts = op::create_index("ix_posts_drafts", "posts", ["status"])
    ///     .where_sql("status = 'draft'")
    ///     .only_on([Dialect::Postgres, Dialect::Sqlite]);
    /// # let _ = drafts;
    /// ```
    fn only_on(self, databases: impl IntoIterator<Item = Dialect>) -> Op {
        let mut listed: Vec<Dialect> = Vec::new();
        for database in databases {
            if !listed.contains(&database) {
                listed.push(database);
            }
        }
        match self.into() {
            // Twice restricted: the databases both lists name.
            Op::OnlyOn(inner) => {
                let databases = (inner.databases.into_iter())
                    .filter(|database| listed.contains(database))
                    .collect();
                Op::OnlyOn(OnlyOn {
                    databases,
                    op: inner.op,
                })
            }
            op => Op::OnlyOn(OnlyOn {
                databases: listed,
                op: Box::new(op),
            }),
        }
    }
}

impl<T: Into<Op>> ForDatabases for T {}

impl From<OnlyOn> for Op {
    fn from(op: OnlyOn) -> Self {
        Op::OnlyOn(op)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op;
    use crate::schema::{Column, Type};
    use crate::state::Schema;

    #[test]
    fn the_databases_it_names_run_it_and_the_others_skip_it() {
        let drafts: Op = op::create_index("ix_drafts", "posts", ["status"])
            .where_sql("status = 'draft'")
            .only_on([Dialect::Postgres, Dialect::Sqlite]);
        assert_eq!(
            drafts.to_string(),
            r#"create_index("ix_drafts", "posts").only_on([PostgreSQL, SQLite])"#
        );
        let rendered = |dialect: Dialect| dialect.render(&drafts).map(|sql| sql.len());
        assert_eq!(rendered(Dialect::Postgres).ok(), Some(1));
        assert_eq!(rendered(Dialect::MySql).ok(), Some(0));
        let create = op::create_table("posts").column(Column::new("status", Type::Text));
        let mut base = Schema::default();
        base.apply(&create.into()).unwrap();
        let indexes = |dialect: Dialect| {
            let mut schema = base.clone();
            schema.apply_for(&drafts, dialect).unwrap();
            schema.table("posts").map_or(0, |table| table.indexes.len())
        };
        assert_eq!((indexes(Dialect::Sqlite), indexes(Dialect::MySql)), (1, 0));
        // Undone where it ran; twice restricted, on the databases both lists name.
        let undo = drafts.reversed().unwrap();
        assert_eq!(
            undo.to_string(),
            r#"drop_index("ix_drafts").only_on([PostgreSQL, SQLite])"#
        );
        let narrowed = drafts.only_on([Dialect::Sqlite, Dialect::MySql]);
        assert_eq!(
            narrowed.to_string(),
            r#"create_index("ix_drafts", "posts").only_on([SQLite])"#
        );
    }
}
