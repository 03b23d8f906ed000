//! Transactions as a script writes them.

/// The start of a transaction.
// language=SQL
pub(crate) const BEGIN: &str = "BEGIN";

/// The end of a transaction.
// language=SQL
pub(crate) const COMMIT: &str = "COMMIT";

/// The end of a transaction whose work is undone.
// language=SQL
pub(crate) const ROLLBACK: &str = "ROLLBACK";
