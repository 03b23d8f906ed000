//! Revision ids and branch labels: 1 to 32 characters of ASCII letters, digits, `_` and `.`,
//! so that every id fits the version table's `VARCHAR(32)`, every name can be typed in a
//! shell (and in a target such as `label@head`, `REV+1` or `A:B`) without quoting, and an
//! Alembic history's ids (`ae1027a6acf0`, `v3.0.0.a`) are kept as they are.

/// The longest revision id: the version table's column is `VARCHAR(32)`.
pub const MAX_REVISION_LEN: usize = 32;

/// Why a revision id or branch label is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RevisionIdError {
    /// `""`.
    #[error("it is empty")]
    Empty,
    /// Over [`MAX_REVISION_LEN`] characters.
    #[error("it has {0} characters, and at most {MAX_REVISION_LEN} are allowed")]
    TooLong(usize),
    /// A character outside ASCII letters, digits, `_` and `.`.
    #[error("`{0}` is not allowed; use letters, digits, `_` and `.`")]
    BadCharacter(char),
}

/// The id of a revision of a checked graph: well formed, known, and as long-lived as the
/// registry it comes from. It reads as the text (`Deref<Target = str>`, `Display`) and
/// compares with text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RevisionId(&'static str);

impl RevisionId {
    /// The id of a revision the graph has checked.
    pub(crate) fn checked(id: &'static str) -> Self {
        RevisionId(id)
    }

    /// The id as text.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::ops::Deref for RevisionId {
    type Target = str;

    fn deref(&self) -> &str {
        self.0
    }
}

impl std::fmt::Display for RevisionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::fmt::Debug for RevisionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl PartialEq<str> for RevisionId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for RevisionId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Check that `id` is a well-formed revision id or branch label.
pub fn check_revision_id(id: &str) -> Result<(), RevisionIdError> {
    if id.is_empty() {
        return Err(RevisionIdError::Empty);
    }
    // Within the limit in bytes is within it in characters; only a longer one is counted.
    let length = match id.len() > MAX_REVISION_LEN {
        true => id.chars().count(),
        false => id.len(),
    };
    if length > MAX_REVISION_LEN {
        return Err(RevisionIdError::TooLong(length));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    match id.chars().find(|&c| !allowed(c)) {
        Some(bad) => Err(RevisionIdError::BadCharacter(bad)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_hex_and_underscores() {
        assert_eq!(check_revision_id("ae1027a6acf0"), Ok(()));
        assert_eq!(check_revision_id("0001_initial"), Ok(()));
        // Alembic's ids, as applications name them.
        assert_eq!(check_revision_id("v3.0.0.a"), Ok(()));
        assert_eq!(check_revision_id("Ab12"), Ok(()));
    }

    #[test]
    fn refuses_what_does_not_fit() {
        assert_eq!(check_revision_id(""), Err(RevisionIdError::Empty));
        assert_eq!(
            check_revision_id(&"a".repeat(33)),
            Err(RevisionIdError::TooLong(33))
        );
        assert_eq!(
            check_revision_id("a@b"),
            Err(RevisionIdError::BadCharacter('@'))
        );
        assert_eq!(
            check_revision_id("a:b"),
            Err(RevisionIdError::BadCharacter(':'))
        );
        assert_eq!(
            check_revision_id("a-b"),
            Err(RevisionIdError::BadCharacter('-'))
        );
    }
}
