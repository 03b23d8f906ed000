//! SQLite session settings: the write lock taken at `BEGIN`, the busy timeout that bounds the
//! wait for it, and the foreign-key switch around a table rebuild.

use std::time::Duration;

/// A transaction that takes the write lock at once, so that two runners never interleave.
// language=SQL
pub(crate) const BEGIN_IMMEDIATE: &str = "BEGIN IMMEDIATE";

/// The foreign keys that a rebuild left dangling, one row each.
// language=SQL
pub(crate) const FOREIGN_KEY_CHECK: &str = "PRAGMA foreign_key_check";

/// Wait at most `wait` for another connection's write lock.
pub(crate) fn busy_timeout(wait: Duration) -> String {
    format!("PRAGMA busy_timeout = {}", wait.as_millis())
}

/// Turn foreign-key enforcement on or off (outside a transaction only).
pub(crate) fn foreign_keys(on: bool) -> &'static str {
    match on {
        true => "PRAGMA foreign_keys = ON",
        false => "PRAGMA foreign_keys = OFF",
    }
}
