//! Objects held whole (schemas, views, triggers, routines, extensions, sequences, domains and
//! other types, the indexes and constraints migrate does not describe): what the target has
//! and the schema lacks is made with its statement as it is held (a baseline carries a
//! database's objects whole); schemas, extensions, sequences and types before the tables,
//! which may use them. Models declare none, so none is ever dropped.

use super::{AutogenerateError, Differ};
use crate::op;

impl Differ<'_> {
    /// Make the objects of `to` the schema lacks whose kind comes before the tables (`true`),
    /// or the others (`false`).
    pub(super) fn create_objects(&mut self, before_tables: bool) -> Result<(), AutogenerateError> {
        let to = self.to;
        let wanted =
            (to.objects.iter()).filter(|object| object.kind.comes_before_tables() == before_tables);
        for object in wanted {
            if self.current.counterpart(object).is_some() {
                continue;
            }
            let summary = format!("{} `{}` made as it is", object.kind.as_str(), object.name);
            self.push(op::execute(object.definition.clone()), summary, false)?;
        }
        Ok(())
    }
}
