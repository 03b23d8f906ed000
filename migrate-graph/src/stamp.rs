//! `stamp`: the version rows after setting the table to a target without running anything,
//! as Alembic's `ScriptDirectory._stamp_revs` and its `StampStep`s leave them. The rows that
//! share a line of history with the target (dependencies included) are replaced by it; the
//! others stay.

use crate::graph::RevisionGraph;
use crate::target::{BranchAt, Target, TargetError};

impl RevisionGraph {
    /// The version rows after stamping `target` over the rows `current`.
    pub fn stamp_rows(
        &self,
        current: &[usize],
        target: &Target,
    ) -> Result<Vec<usize>, TargetError> {
        // What the target names (the rows related to it are replaced) and where it stamps.
        let (named, destinations): (Vec<usize>, Vec<usize>) = match target {
            Target::Base => (Vec::new(), Vec::new()),
            Target::Heads => (self.real_heads(), self.real_heads()),
            Target::Revision(text) => {
                let node = self.find(text)?;
                (vec![node], vec![node])
            }
            Target::Branch {
                label,
                at: BranchAt::Base,
            } => (vec![self.branch_node(label)?], Vec::new()),
            Target::Head
            | Target::Branch {
                at: BranchAt::Head | BranchAt::Revision(_),
                ..
            } => {
                let crate::Position::At(nodes) = self.resolve(target, current)? else {
                    return Ok(Vec::new());
                };
                let mut named = nodes.clone();
                if let Target::Branch { label, .. } = target {
                    named.push(self.branch_node(label)?);
                }
                (named, nodes)
            }
            Target::Relative { .. } | Target::Branch { .. } => {
                let position = self.resolve(target, current)?;
                return Ok(self.stamped_rows(current, &position));
            }
        };
        let related = |row: usize| {
            let (before, after) = (self.ancestors(&[row]), self.descendants(&[row]));
            named.is_empty() || named.iter().any(|&n| before[n] || after[n])
        };
        let replaced: Vec<usize> = current.iter().copied().filter(|&r| related(r)).collect();
        let mut rows = current.to_vec();
        if destinations.is_empty() {
            rows.retain(|r| !replaced.contains(r));
        }
        for destination in destinations {
            if replaced.contains(&destination) {
                continue;
            }
            let (before, after) = (
                self.ancestors(&[destination]),
                self.descendants(&[destination]),
            );
            let moves = replaced.iter().any(|&r| after[r] || before[r]);
            // From below or above, the replaced rows become the destination (Alembic's
            // merge of a stamp step); from elsewhere, it is a row of its own.
            if moves {
                rows.retain(|r| !replaced.contains(r));
            }
            if !rows.contains(&destination) {
                rows.push(destination);
            }
        }
        rows.sort_unstable();
        Ok(rows)
    }
}
