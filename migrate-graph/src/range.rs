//! History ranges, `A:B` as in `history -r`: the revisions after A (inclusive) and before B
//! (inclusive); either side may be left out, and `current` stands for the database's position.

use crate::graph::RevisionGraph;
use crate::resolve::Position;
use crate::target::{Target, TargetError};

impl RevisionGraph {
    /// The nodes of `range`, newest first; `current` is the database's version rows.
    pub fn range(&self, range: &str, current: &[usize]) -> Result<Vec<usize>, TargetError> {
        let (lower, upper) = range
            .split_once(':')
            .ok_or_else(|| TargetError::Malformed(range.to_owned()))?;
        let after = self.lower_bound(lower, current)?;
        let before = self.upper_bound(upper, current)?;
        let newest_first = self.order().iter().rev().copied();
        Ok(newest_first.filter(|&i| after[i] && before[i]).collect())
    }

    /// Everything from `lower` on: its revisions and all that follows them.
    fn lower_bound(&self, lower: &str, current: &[usize]) -> Result<Vec<bool>, TargetError> {
        let start = match lower {
            "" | "base" => return Ok(vec![true; self.len()]),
            "current" => current.to_vec(),
            text => match self.resolve(&text.parse::<Target>()?, current)? {
                Position::Base => return Ok(vec![true; self.len()]),
                Position::At(nodes) => nodes,
                // A branch's base: from the revisions its first revisions follow.
                Position::Without(branch) => {
                    let before: Vec<usize> = branch
                        .iter()
                        .flat_map(|&i| self.node(i).parents.clone())
                        .filter(|p| !branch.contains(p))
                        .collect();
                    if before.is_empty() { branch } else { before }
                }
            },
        };
        Ok(self.descendants(&start))
    }

    /// Everything up to `upper`: its revisions and all they need, dependencies included.
    fn upper_bound(&self, upper: &str, current: &[usize]) -> Result<Vec<bool>, TargetError> {
        let end = match upper {
            "" | "heads" => return Ok(vec![true; self.len()]),
            "current" => current.to_vec(),
            text => match self.resolve(&text.parse::<Target>()?, current)? {
                Position::Base => Vec::new(),
                Position::At(nodes) => nodes,
                // Everything but what follows them.
                Position::Without(nodes) => {
                    return Ok(self.descendants(&nodes).into_iter().map(|d| !d).collect());
                }
            },
        };
        Ok(self.ancestors(&end))
    }
}
