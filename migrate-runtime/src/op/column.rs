//! Column-level operations: add, drop, alter.

use super::Op;
use crate::schema::{Column, DefaultValue, Identity, Type};

/// `ALTER TABLE … ADD COLUMN`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AddColumn {
    pub(crate) table: String,
    pub(crate) column: Column,
}

impl AddColumn {
    pub(crate) fn new(table: String, column: Column) -> Self {
        AddColumn { table, column }
    }
}

impl From<AddColumn> for Op {
    fn from(op: AddColumn) -> Self {
        Op::AddColumn(op)
    }
}

/// `ALTER TABLE … DROP COLUMN`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DropColumn {
    pub(crate) table: String,
    pub(crate) column: String,
    /// PostgreSQL enum types dropped after the column: the one its `add_column` created,
    /// when it is undone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) enum_types: Vec<String>,
}

impl DropColumn {
    pub(crate) fn new(table: String, column: String) -> Self {
        DropColumn {
            table,
            column,
            enum_types: Vec::new(),
        }
    }
}

impl From<DropColumn> for Op {
    fn from(op: DropColumn) -> Self {
        Op::DropColumn(op)
    }
}

/// A change to a column's identity (PostgreSQL's `GENERATED … AS IDENTITY`), as PostgreSQL's
/// `ALTER COLUMN` says it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum IdentityChange {
    /// `ADD GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY (…)`: the column (NOT NULL, without
    /// one) becomes an identity column.
    Add(Identity),
    /// `SET GENERATED … SET START WITH … SET INCREMENT BY …`: the options of its identity,
    /// the sequence's position kept.
    Set(Identity),
    /// `DROP IDENTITY`: the values stay, the sequence goes.
    Drop,
}

/// A change to one column: any of type, nullability, server default, comment, identity and
/// name.
///
/// On SQLite, which cannot alter a column in place, the table is rebuilt inside the
/// migration's transaction (Alembic's batch mode).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AlterColumn {
    pub(crate) table: String,
    pub(crate) column: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) nullable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ty: Option<Type>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) default: Option<Option<DefaultValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) new_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) using: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) comment: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) identity: Option<IdentityChange>,
    /// The collation the column is left with (`None`: the default), set by
    /// [`collation`](Self::collation); also MySQL's `MODIFY`/`CHANGE COLUMN` read from raw
    /// SQL, which runs as written, and a derived downgrade that gives a PostgreSQL column its
    /// type and collation back (`TYPE … COLLATE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) restated_collation: Option<Option<String>>,
}

impl AlterColumn {
    pub(crate) fn new(table: String, column: String) -> Self {
        AlterColumn {
            table,
            column,
            nullable: None,
            ty: None,
            default: None,
            new_name: None,
            using: None,
            comment: None,
            identity: None,
            restated_collation: None,
        }
    }

    /// Allow (`true`) or refuse (`false`) NULL.
    pub fn nullable(mut self, nullable: bool) -> Self {
        self.nullable = Some(nullable);
        self
    }

    /// Change the column's type.
    pub fn ty(mut self, ty: Type) -> Self {
        self.ty = Some(ty);
        self
    }

    /// Set the server default to a literal value.
    pub fn default(mut self, value: impl Into<DefaultValue>) -> Self {
        self.default = Some(Some(value.into()));
        self
    }

    /// Set the server default to a SQL expression.
    pub fn default_sql(mut self, expression: impl Into<String>) -> Self {
        self.default = Some(Some(DefaultValue::Sql(expression.into())));
        self
    }

    /// Remove the server default.
    pub fn drop_default(mut self) -> Self {
        self.default = Some(None);
        self
    }

    /// How to convert existing values to the new type, as SQL (PostgreSQL's `USING`, such
    /// as `"price::numeric(10, 2)"`).
    pub fn using(mut self, expression: impl Into<String>) -> Self {
        self.using = Some(expression.into());
        self
    }

    /// Set the column's comment (`None` removes it).
    pub fn comment(mut self, comment: Option<&str>) -> Self {
        self.comment = Some(comment.map(str::to_owned));
        self
    }

    /// Make the column an identity column (PostgreSQL):
    /// `ALTER TABLE "t" ALTER COLUMN "id" ADD GENERATED BY DEFAULT AS IDENTITY`.
    pub fn add_identity(mut self, identity: Identity) -> Self {
        self.identity = Some(IdentityChange::Add(identity.canonical()));
        self
    }

    /// Change the options of the column's identity, keeping the sequence's position
    /// (PostgreSQL): `ALTER TABLE "t" ALTER COLUMN "id" SET GENERATED ALWAYS SET START WITH 1
    /// SET INCREMENT BY 1`.
    pub fn set_identity(mut self, identity: Identity) -> Self {
        self.identity = Some(IdentityChange::Set(identity.canonical()));
        self
    }

    /// The column is no identity column any more; its values stay (PostgreSQL):
    /// `ALTER TABLE "t" ALTER COLUMN "id" DROP IDENTITY`.
    pub fn drop_identity(mut self) -> Self {
        self.identity = Some(IdentityChange::Drop);
        self
    }

    /// Set the column's collation (`None`: its type's default), with its type restated in
    /// `.ty(…)` (PostgreSQL changes a collation only with the type):
    ///
    /// - PostgreSQL: `ALTER TABLE "t" ALTER COLUMN "c" TYPE VARCHAR(128) COLLATE "C"`
    /// - MySQL: ``ALTER TABLE `t` MODIFY COLUMN `c` VARCHAR(128) COLLATE `utf8mb4_bin` NOT NULL``
    /// - SQLite: the table is rebuilt with the column's type; SQLite keeps a collation in the
    ///   table's text, which migrate neither reads nor compares.
    ///
    /// ```
    /// # use migrate_runtime::prelude::*;
    /// let op = op::alter_column("model_versions", "version")
    ///     .ty(Type::Varchar(128))
    ///     .collation(Some("utf8mb4_bin"));
    /// # let _ = op;
    /// ```
    pub fn collation(mut self, collation: Option<&str>) -> Self {
        self.restated_collation = Some(collation.map(str::to_owned));
        self
    }

    /// Whether anything but the name changes.
    pub(crate) fn changes_definition(&self) -> bool {
        self.ty.is_some()
            || self.nullable.is_some()
            || self.default.is_some()
            || self.comment.is_some()
            || self.identity.is_some()
            || self.restated_collation.is_some()
    }

    /// Rename the column.
    pub fn rename(mut self, new_name: impl Into<String>) -> Self {
        self.new_name = Some(new_name.into());
        self
    }
}

impl From<AlterColumn> for Op {
    fn from(op: AlterColumn) -> Self {
        Op::AlterColumn(op)
    }
}
