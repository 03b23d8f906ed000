//! What a schema holds beyond tables and enum types (views, triggers, functions and
//! procedures), held whole: a name and the SQL that creates it. migrate does not model their
//! insides; it carries them, so that a database adopted with them is neither read as if they
//! were not there nor rebuilt without them.

/// The kind of a [`DatabaseObject`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
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
        }
    }

    /// The kind named by `name` as [`as_str`](Self::as_str) writes it.
    pub(crate) fn parse(name: &str) -> Option<ObjectKind> {
        [
            ObjectKind::Function,
            ObjectKind::Procedure,
            ObjectKind::View,
            ObjectKind::MaterializedView,
            ObjectKind::Trigger,
        ]
        .into_iter()
        .find(|kind| kind.as_str().eq_ignore_ascii_case(name))
    }
}

/// A view, trigger, function or procedure: its name and the statement that creates it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatabaseObject {
    /// What it is.
    pub kind: ObjectKind,
    /// Its name.
    pub name: String,
    /// The table a trigger is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// The statement that creates it, as the history wrote it or the catalog gives it.
    pub definition: String,
}

impl super::Schema {
    /// The object of `kind` named `name` (a trigger's name is its table's, on PostgreSQL).
    pub fn object(&self, kind: ObjectKind, name: &str) -> Option<&DatabaseObject> {
        self.objects
            .iter()
            .find(|object| object.kind == kind && object.name == name)
    }

    /// Add `object`, replacing one of its kind and name (`CREATE OR REPLACE`).
    pub(crate) fn put_object(&mut self, object: DatabaseObject) {
        match self
            .objects
            .iter_mut()
            .find(|old| old.kind == object.kind && old.name == object.name)
        {
            Some(old) => *old = object,
            None => self.objects.push(object),
        }
    }

    /// Remove the object of `kind` named `name`, if there is one.
    pub(crate) fn drop_object(&mut self, kind: ObjectKind, name: &str) {
        self.objects
            .retain(|object| !(object.kind == kind && object.name == name));
    }
}
