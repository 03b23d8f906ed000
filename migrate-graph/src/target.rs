//! Targets of `upgrade` and `downgrade` (`head`, `base`, a revision or its prefix, `+N`, `-N`,
//! `REV+N`), parsed from text and resolved against the graph and the database's position.

use std::fmt;
use std::str::FromStr;

/// A target as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The single head of the graph.
    Head,
    /// Every head of the graph.
    Heads,
    /// Before the first migration.
    Base,
    /// A revision id or a unique prefix of one.
    Revision(String),
    /// A branch, by one of its labels: `label@head`, `label@base` or `label@REV`.
    Branch {
        /// The branch label.
        label: String,
        /// Which revision of the branch.
        at: BranchAt,
    },
    /// `steps` migrations away from an anchor (`+2`, `-1`, `ae10+1`).
    Relative {
        /// Where counting starts.
        anchor: Anchor,
        /// Positive: later; negative: earlier.
        steps: i64,
    },
}

/// A revision of a labelled branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BranchAt {
    /// The branch's head.
    Head,
    /// Before the branch's first revision.
    Base,
    /// A revision of the branch, by id or prefix.
    Revision(String),
    /// `steps` revisions along the branch from where the database is on it: `label@+1`,
    /// `label@-2`.
    Relative(i64),
    /// Every head on the branch's line of history.
    Heads,
    /// `steps` revisions from a revision of the branch: `label@ae10+1`, `label@ae10-2`.
    RevisionRelative {
        /// The revision counted from, by id or prefix.
        revision: String,
        /// Positive: later; negative: earlier.
        steps: i64,
    },
}

/// Where a relative target counts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The database's current revision.
    Current,
    /// A revision id or prefix.
    Revision(String),
}

/// A target that cannot be understood or reached.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TargetError {
    /// Text that is no target.
    #[error(
        "`{0}` is not a target; expected `head`, `heads`, `base`, a revision, `+N`, `-N` or `REV+N`"
    )]
    Malformed(String),
    /// No revision has this id or prefix.
    #[error("no revision matches `{target}`")]
    Unknown {
        /// What was asked for.
        target: String,
        /// A known revision with a similar name.
        similar: Option<String>,
    },
    /// A prefix shared by several revisions.
    #[error("`{prefix}` is ambiguous: it begins {}", quoted(candidates))]
    Ambiguous {
        /// The prefix.
        prefix: String,
        /// The revisions it begins.
        candidates: Vec<String>,
    },
    /// `head` asked for where the graph has several.
    #[error("there are several heads: {}", quoted(heads))]
    MultipleHeads {
        /// The heads.
        heads: Vec<String>,
    },
    /// Counting steps reached a branch point or a merge.
    #[error("`{target}` is ambiguous: revision `{at}` has several {}", if *upward { "children" } else { "parents" })]
    RelativeBranch {
        /// The target.
        target: String,
        /// Where the history forks.
        at: String,
        /// Counting towards newer revisions.
        upward: bool,
    },
    /// Counting steps ran off either end of the history.
    #[error("`{target}` goes {} the history: only {available} more step(s) that way", if *upward { "past the head of" } else { "past the base of" })]
    RelativeOutOfRange {
        /// The target.
        target: String,
        /// How many steps there were.
        available: i64,
        /// Counting towards newer revisions.
        upward: bool,
    },
    /// A target in the wrong direction for the command.
    #[error("`{target}` is {} the current revision; use `{command}`", if *command == "upgrade" { "above" } else { "below" })]
    WrongDirection {
        /// The target.
        target: String,
        /// The command that goes that way.
        command: &'static str,
    },
    /// A downgrade target that the database is not at or past.
    #[error("cannot downgrade to `{0}`: it is not applied")]
    NotApplied(String),
    /// A downgrade target applied only as a dependency of a current revision: nothing
    /// follows it on its own branch, so there is nothing to revert.
    #[error(
        "cannot downgrade to `{target}`: nothing applied follows it on its branch; it is applied because {} depends on it",
        quoted(current)
    )]
    OnlyADependency {
        /// The revision asked for.
        target: String,
        /// The database's current revisions.
        current: Vec<String>,
    },
    /// An offline downgrade without the revision it starts from.
    #[error(
        "`downgrade --sql` needs the revision to start from: write `FROM:TO`, such as `head:{0}`"
    )]
    NeedsRange(String),
    /// No revision declares the branch label.
    #[error("no branch is labelled `{label}`")]
    UnknownLabel {
        /// The label.
        label: String,
        /// A known label with a similar name.
        similar: Option<String>,
    },
    /// A labelled branch that has split into several heads.
    #[error("branch `{label}` has several heads: {}", quoted(heads))]
    BranchHeads {
        /// The label.
        label: String,
        /// Its heads.
        heads: Vec<String>,
    },
    /// `label@REV` where REV is not on that branch.
    #[error("revision `{revision}` is not on branch `{label}`")]
    NotOnBranch {
        /// The revision asked for.
        revision: String,
        /// The label.
        label: String,
    },
    /// An upgrade to several revisions where one needs another (Alembic's "overlaps").
    #[error("{target} names `{revision}` and `{needed}`, which `{revision}` needs")]
    Overlapping {
        /// The target.
        target: String,
        /// The revision that needs the other.
        revision: String,
        /// The revision it needs.
        needed: String,
    },
    /// A target that names no single revision where one is needed.
    #[error("`{0}` does not name a single revision")]
    NotOneRevision(String),
    /// A merge of fewer than two revisions.
    #[error("a merge needs at least two revisions; it was given {}", if .0.is_empty() { "none".to_owned() } else { quoted(.0) })]
    NothingToMerge(Vec<String>),
    /// Relative counting from a database with several heads.
    #[error(
        "`{target}` counts from the current revision, but the database is at several: {}",
        quoted(current)
    )]
    SeveralCurrent {
        /// The target.
        target: String,
        /// The database's current revisions.
        current: Vec<String>,
    },
}

impl TargetError {
    /// What to do about it, where there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            TargetError::Unknown {
                similar: Some(similar),
                ..
            } => Some(format!("a revision with a similar name exists: `{similar}`")),
            TargetError::Unknown { similar: None, .. } => {
                Some("`migrate history` lists the known revisions".to_owned())
            }
            TargetError::MultipleHeads { .. } => Some(
                "name one of them as the target, use `heads` to apply every branch, or merge them with `migrate merge`"
                    .to_owned(),
            ),
            TargetError::Ambiguous { .. } => Some("give more characters of the revision".to_owned()),
            TargetError::SeveralCurrent { current, .. } => Some(format!(
                "count along one branch instead: name a revision such as `{}-1`, or a branch label",
                current.first().map_or("REV", String::as_str)
            )),
            TargetError::OnlyADependency { .. } => Some(
                "downgrade the revision that depends on it first, or name a revision of that branch"
                    .to_owned(),
            ),
            TargetError::Overlapping { .. } => Some(
                "name only the revision that follows; for version rows left so by reverting a merge of a revision with its ancestor (as Alembic leaves them), `migrate stamp` the one that follows"
                    .to_owned(),
            ),
            TargetError::RelativeBranch { .. } => Some(
                "name the revision to go to instead, or count from one side of the fork (`REV-N`)"
                    .to_owned(),
            ),
            TargetError::UnknownLabel {
                similar: Some(similar),
                ..
            } => Some(format!("a branch with a similar label exists: `{similar}`")),
            _ => None,
        }
    }
}

fn quoted(revisions: &[String]) -> String {
    let quoted: Vec<String> = revisions.iter().map(|r| format!("`{r}`")).collect();
    quoted.join(", ")
}

impl FromStr for Target {
    type Err = TargetError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let malformed = || TargetError::Malformed(text.to_owned());
        match text {
            "head" => return Ok(Target::Head),
            "heads" => return Ok(Target::Heads),
            "base" => return Ok(Target::Base),
            _ => {}
        }
        if let Some((label, at)) = text.split_once('@') {
            let at = match at {
                "head" => BranchAt::Head,
                "heads" => BranchAt::Heads,
                "base" => BranchAt::Base,
                revision if is_revision_text(revision) => BranchAt::Revision(revision.to_owned()),
                counted
                    if counted
                        .find(['+', '-'])
                        .is_some_and(|sign| sign > 0 && is_revision_text(&counted[..sign])) =>
                {
                    let sign = counted.find(['+', '-']).unwrap_or_default();
                    let (revision, count) = counted.split_at(sign);
                    match count.parse::<i64>() {
                        Ok(steps) if steps != 0 => BranchAt::RevisionRelative {
                            revision: revision.to_owned(),
                            steps,
                        },
                        _ => return Err(malformed()),
                    }
                }
                steps if steps.starts_with(['+', '-']) => match steps.parse::<i64>() {
                    Ok(steps) if steps != 0 => BranchAt::Relative(steps),
                    _ => return Err(malformed()),
                },
                _ => return Err(malformed()),
            };
            if !is_revision_text(label) {
                return Err(malformed());
            }
            let label = label.to_owned();
            return Ok(Target::Branch { label, at });
        }
        let Some(sign_at) = text.find(['+', '-']) else {
            return is_revision_text(text)
                .then(|| Target::Revision(text.to_owned()))
                .ok_or_else(malformed);
        };
        let (anchor, count) = text.split_at(sign_at);
        let steps: i64 = count.parse().map_err(|_| malformed())?;
        let anchor = match anchor {
            "" => Anchor::Current,
            revision if is_revision_text(revision) => Anchor::Revision(revision.to_owned()),
            _ => return Err(malformed()),
        };
        if steps == 0 {
            return Err(malformed());
        }
        Ok(Target::Relative { anchor, steps })
    }
}

fn is_revision_text(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Head => f.write_str("head"),
            Target::Heads => f.write_str("heads"),
            Target::Base => f.write_str("base"),
            Target::Revision(revision) => f.write_str(revision),
            Target::Branch { label, at } => match at {
                BranchAt::Head => write!(f, "{label}@head"),
                BranchAt::Base => write!(f, "{label}@base"),
                BranchAt::Revision(revision) => write!(f, "{label}@{revision}"),
                BranchAt::Relative(steps) => write!(f, "{label}@{steps:+}"),
                BranchAt::Heads => write!(f, "{label}@heads"),
                BranchAt::RevisionRelative { revision, steps } => {
                    write!(f, "{label}@{revision}{steps:+}")
                }
            },
            Target::Relative { anchor, steps } => {
                if let Anchor::Revision(revision) = anchor {
                    f.write_str(revision)?;
                }
                write!(f, "{steps:+}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        let parse = |text: &str| text.parse::<Target>();
        assert_eq!(parse("head"), Ok(Target::Head));
        assert_eq!(parse("heads"), Ok(Target::Heads));
        assert_eq!(parse("base"), Ok(Target::Base));
        assert_eq!(parse("ae10"), Ok(Target::Revision("ae10".into())));
        let relative = |anchor, steps| Ok(Target::Relative { anchor, steps });
        assert_eq!(parse("+2"), relative(Anchor::Current, 2));
        assert_eq!(parse("-1"), relative(Anchor::Current, -1));
        assert_eq!(
            parse("ae10+3"),
            relative(Anchor::Revision("ae10".into()), 3)
        );
        let branch = |at| {
            Ok(Target::Branch {
                label: "cart".into(),
                at,
            })
        };
        assert_eq!(parse("cart@heads"), branch(BranchAt::Heads));
        let counted = |steps| BranchAt::RevisionRelative {
            revision: "ae10".into(),
            steps,
        };
        assert_eq!(parse("cart@ae10+1"), branch(counted(1)));
        assert_eq!(parse("cart@ae10-2"), branch(counted(-2)));
        for text in ["cart@heads", "cart@ae10+1", "cart@ae10-2"] {
            assert_eq!(parse(text).map(|t| t.to_string()), Ok(text.to_owned()));
        }
    }

    #[test]
    fn rejects_what_is_no_target() {
        for text in [
            "",
            "+",
            "+0",
            "1+-2",
            "HEAD",
            "a b",
            "ae10+x",
            "x;drop",
            "cart@+0",
            "cart@-x",
            "cart@ae10+0",
            "cart@ae10+x",
            "cart@+ae10",
        ] {
            assert!(
                matches!(text.parse::<Target>(), Err(TargetError::Malformed(_))),
                "{text:?} was accepted"
            );
        }
    }

    #[test]
    fn displays_as_written() {
        for text in [
            "head", "base", "ae10", "+2", "-1", "ae10+3", "cart@-2", "cart@+1",
        ] {
            assert_eq!(
                text.parse::<Target>().map(|t| t.to_string()),
                Ok(text.to_owned())
            );
        }
    }
}
