//! Views, triggers, functions and procedures: what the target has and the schema lacks is
//! made with its statement as it is held (a baseline carries a database's objects whole).
//! Models declare none, so none is ever dropped.

use super::{AutogenerateError, Differ};
use crate::op;

impl Differ<'_> {
    pub(super) fn create_objects(&mut self) -> Result<(), AutogenerateError> {
        let to = self.to;
        for object in &to.objects {
            if self.current.counterpart(object).is_some() {
                continue;
            }
            let summary = format!("{} `{}` made as it is", object.kind.as_str(), object.name);
            self.push(op::execute(object.definition.clone()), summary, false)?;
        }
        Ok(())
    }
}
