//! Differences a reviewer accepted (`[[accepted]]` in migrate.toml, each with its reason):
//! `check` lists them apart and does not fail for them; an acceptance that matches no
//! difference any more is stale, and `check` says so.

use migrate_runtime::state::Difference;

use crate::config::Accepted;

/// The drift split by the acceptances.
#[derive(Debug, Default)]
pub(crate) struct Split {
    /// What is left: the differences nobody accepted.
    pub(crate) drift: Vec<Difference>,
    /// The accepted differences, each with its acceptance.
    pub(crate) accepted: Vec<Accepted>,
    /// Acceptances that match no difference.
    pub(crate) stale: Vec<Accepted>,
}

/// Split `drift` by `acceptances`, matched on the difference's text as `check` prints it.
pub(crate) fn split(drift: Vec<Difference>, acceptances: &[Accepted]) -> Split {
    let mut split = Split::default();
    let mut used = vec![false; acceptances.len()];
    for difference in drift {
        let text = difference.to_string();
        let found =
            (acceptances.iter()).position(|acceptance| acceptance.difference.trim() == text.trim());
        match found {
            Some(at) => {
                used[at] = true;
                split.accepted.push(acceptances[at].clone());
            }
            None => split.drift.push(difference),
        }
    }
    split.stale = (acceptances.iter().zip(used))
        .filter(|(_, used)| !used)
        .map(|(acceptance, _)| acceptance.clone())
        .collect();
    split
}
