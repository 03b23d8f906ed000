//! What a schema holds beyond tables and enum types (views, triggers, functions, procedures,
//! and on PostgreSQL extensions and sequences no column owns), held whole: a name and the SQL
//! that creates it. migrate does not model their
//! insides; it carries them, so that a database adopted with them is neither read as if they
//! were not there nor rebuilt without them.

use std::ops::ControlFlow;

use sqlparser::ast::{Ident, ObjectName, ObjectNamePart, Statement, visit_relations_mut};
use sqlparser::dialect::{GenericDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::dialect::{Dialect, is_bare_name};

/// The kind of a [`DatabaseObject`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// A schema other than the current one and `public` (PostgreSQL): `CREATE SCHEMA`. Its
    /// tables are named `schema.table`.
    Schema,
    /// A domain (PostgreSQL): `CREATE DOMAIN … AS …`, a type a column may use.
    Domain,
    /// A composite or range type (PostgreSQL): `CREATE TYPE … AS (…)`, `… AS RANGE (…)`, a
    /// type a column may use. Enum types are described, not held.
    Type,
    /// A function (PostgreSQL, MySQL).
    Function,
    /// A procedure (PostgreSQL, MySQL).
    Procedure,
    /// A view.
    View,
    /// A materialized view (PostgreSQL).
    MaterializedView,
    /// A trigger on a table.
    Trigger,
    /// An extension (PostgreSQL): `CREATE EXTENSION`.
    Extension,
    /// A sequence that no column owns (PostgreSQL): a serial's or an identity's sequence is
    /// its column's.
    Sequence,
    /// An index of a table that migrate's index does not describe (PostgreSQL: another method
    /// than the B-tree, operator classes, storage parameters): `CREATE INDEX … USING gin …`.
    Index,
    /// A constraint of a table that migrate's constraints do not describe (PostgreSQL's
    /// exclusion constraints): `ALTER TABLE … ADD CONSTRAINT … EXCLUDE …`.
    Constraint,
}

impl ObjectKind {
    /// The kind as SQL names it: `view`, `materialized view`, `trigger`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Function => "function",
            ObjectKind::Procedure => "procedure",
            ObjectKind::View => "view",
            ObjectKind::MaterializedView => "materialized view",
            ObjectKind::Trigger => "trigger",
            ObjectKind::Schema => "schema",
            ObjectKind::Domain => "domain",
            ObjectKind::Type => "type",
            ObjectKind::Extension => "extension",
            ObjectKind::Sequence => "sequence",
            ObjectKind::Index => "index",
            ObjectKind::Constraint => "constraint",
        }
    }

    /// Whether a table may use an object of this kind (a type or function of an extension, a
    /// sequence in a default): such objects are made before the tables.
    pub(crate) fn comes_before_tables(self) -> bool {
        matches!(
            self,
            ObjectKind::Schema
                | ObjectKind::Extension
                | ObjectKind::Sequence
                | ObjectKind::Domain
                | ObjectKind::Type
        )
    }

    /// The kind named by `name` as [`as_str`](Self::as_str) writes it.
    pub(crate) fn parse(name: &str) -> Option<ObjectKind> {
        [
            ObjectKind::Schema,
            ObjectKind::Domain,
            ObjectKind::Type,
            ObjectKind::Function,
            ObjectKind::Procedure,
            ObjectKind::View,
            ObjectKind::MaterializedView,
            ObjectKind::Trigger,
            ObjectKind::Extension,
            ObjectKind::Sequence,
            ObjectKind::Index,
            ObjectKind::Constraint,
        ]
        .into_iter()
        .find(|kind| kind.as_str().eq_ignore_ascii_case(name))
    }
}

/// A schema, domain, composite or range type, view, trigger, function, procedure, extension,
/// sequence, or an index or constraint migrate
/// does not describe: its name (and table) and the statement that creates it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatabaseObject {
    /// What it is.
    pub kind: ObjectKind,
    /// Its name.
    pub name: String,
    /// The table a trigger, an index or a constraint is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// The statement that creates it, as the history wrote it or the catalog gives it.
    pub definition: String,
}

impl DatabaseObject {
    /// The object after its table, or a table its definition names, was renamed `from` →
    /// `to`: SQLite rewrites the text of triggers and views so (PostgreSQL's catalog follows
    /// the table by itself; MySQL leaves a view's text as it was, and only SQLite's texts are
    /// compared). The tables the statement names are renamed where the SQL parser reads it;
    /// otherwise the words equal to `from` (ignoring case and quotes). A `to` that needs
    /// quoting is quoted for `dialect`.
    pub(crate) fn table_renamed(&mut self, from: &str, to: &str, dialect: Option<Dialect>) {
        if self.table.as_deref() == Some(from) {
            self.table = Some(to.to_owned());
        }
        let dialect = dialect.unwrap_or(Dialect::Postgres);
        let ident = match (is_bare_name(to), dialect) {
            (true, _) => Ident::new(to),
            (false, Dialect::MySql) => Ident::with_quote('`', to),
            (false, _) => Ident::with_quote('"', to),
        };
        if let Some(mut statements) = parse_one(&self.definition) {
            let rename = |name: &mut ObjectName| {
                let last = name.0.last_mut().and_then(|part| match part {
                    ObjectNamePart::Identifier(last) => Some(last),
                    _ => None,
                });
                if let Some(last) = last.filter(|last| last.value.eq_ignore_ascii_case(from)) {
                    *last = ident.clone();
                }
            };
            let _ = visit_relations_mut(&mut statements, |name| {
                rename(name);
                ControlFlow::<()>::Continue(())
            });
            if let Some(Statement::CreateTrigger(trigger)) = statements.first_mut() {
                rename(&mut trigger.table_name);
            }
            let text: Vec<String> = statements.iter().map(ToString::to_string).collect();
            self.definition = text.join("; ");
            return;
        }
        let mut tokenizer =
            Tokenizer::new(&GenericDialect {}, &self.definition).with_unescape(false);
        let Ok(tokens) = tokenizer.tokenize() else {
            return;
        };
        let renamed = ident.to_string();
        self.definition = tokens
            .into_iter()
            .map(|token| match token {
                Token::Word(word) if word.value.eq_ignore_ascii_case(from) => renamed.clone(),
                token => token.to_string(),
            })
            .collect();
    }

    /// Whether `other` is this object in another schema: the same kind and name, and for a
    /// trigger, an index or a constraint the same table (PostgreSQL names triggers and
    /// constraints per table, MySQL indexes).
    pub fn is(&self, other: &DatabaseObject) -> bool {
        self.kind == other.kind && self.name == other.name && self.table == other.table
    }
}

impl super::Schema {
    /// The first object of `kind` named `name` (a trigger of that name on any table).
    pub fn object(&self, kind: ObjectKind, name: &str) -> Option<&DatabaseObject> {
        self.objects
            .iter()
            .find(|object| object.kind == kind && object.name == name)
    }

    /// This schema's object that [is](DatabaseObject::is) `object`.
    pub fn counterpart(&self, object: &DatabaseObject) -> Option<&DatabaseObject> {
        self.objects.iter().find(|own| own.is(object))
    }

    /// Add `object`, replacing the one it [is](DatabaseObject::is) (`CREATE OR REPLACE`).
    pub(crate) fn put_object(&mut self, object: DatabaseObject) {
        match self.objects.iter_mut().find(|old| old.is(&object)) {
            Some(old) => *old = object,
            None => self.objects.push(object),
        }
    }

    /// Remove the objects of `kind` named `name`: on `table` when it is given (PostgreSQL's
    /// `DROP TRIGGER name ON table`), on any table otherwise.
    pub(crate) fn drop_object(&mut self, kind: ObjectKind, name: &str, table: Option<&str>) {
        self.objects.retain(|object| {
            let on_table = table.is_none_or(|table| object.table.as_deref() == Some(table));
            !(object.kind == kind && object.name == name && on_table)
        });
    }
}

/// `sql` as one statement the SQL parser reads (SQLite's reading, then the generic one).
fn parse_one(sql: &str) -> Option<Vec<Statement>> {
    [
        Parser::parse_sql(&SQLiteDialect {}, sql),
        Parser::parse_sql(&GenericDialect {}, sql),
    ]
    .into_iter()
    .find_map(Result::ok)
    .filter(|statements| statements.len() == 1)
}

#[cfg(test)]
mod tests {
    use super::{DatabaseObject, ObjectKind};

    fn trigger(definition: &str) -> DatabaseObject {
        DatabaseObject {
            kind: ObjectKind::Trigger,
            name: "count_orders".to_owned(),
            table: Some("customers".to_owned()),
            definition: definition.to_owned(),
        }
    }

    #[test]
    fn a_rename_changes_the_tables_a_definition_names_and_nothing_else() {
        let mut object = trigger(
            "CREATE TRIGGER count_orders AFTER INSERT ON customers BEGIN UPDATE orders SET orders = orders + 1 WHERE note <> 'it''s orders'; END",
        );
        object.table_renamed("orders", "purchases", None);
        let text = object.definition.to_lowercase();
        assert!(
            text.contains("update purchases set orders = orders + 1"),
            "{text}"
        );
        assert!(text.contains("'it''s orders'"), "{text}");
        object.table_renamed("customers", "Clients", None);
        assert_eq!(object.table.as_deref(), Some("Clients"));
        assert!(
            object.definition.contains("ON \"Clients\""),
            "{}",
            object.definition
        );
    }
}
