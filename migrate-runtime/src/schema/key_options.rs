//! How one column of an index is ordered and how much of it is indexed, where that is not the
//! whole column in ascending order; and which keys are expressions rather than columns.

/// Whether an index key is an expression (`lower(email)`, `(a + b)`): one with parentheses,
/// as every expression key is written and read back; otherwise it is a column's name.
pub(crate) fn is_expression_key(key: &str) -> bool {
    key.contains('(')
}

/// The order, the place of NULLs and the prefix of one index column.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeyOptions {
    /// Descending (`DESC`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub descending: bool,
    /// `NULLS FIRST` (`Some(true)`) or `NULLS LAST` (`Some(false)`) where it is not the
    /// order's default (last ascending, first descending); PostgreSQL only (MySQL and SQLite
    /// have no such clause in an index, and it is left out there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls_first: Option<bool>,
    /// Only the first so many characters are indexed (MySQL; the other databases index the
    /// whole column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<u32>,
}

impl KeyOptions {
    /// Whether these are the plain options (the whole column, ascending).
    pub fn is_plain(&self) -> bool {
        *self == KeyOptions::default()
    }

    /// `nulls_first` as it is where the order's default is left out.
    pub(crate) fn normalized(mut self) -> Self {
        if self.nulls_first == Some(self.descending) {
            self.nulls_first = None;
        }
        self
    }
}
