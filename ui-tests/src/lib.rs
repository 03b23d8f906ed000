//! Holds no code: the cases are in `tests/pass` and `tests/fail`, run by `tests/ui.rs`.
//! Regenerate the `.stderr` snapshots with `TRYBUILD=overwrite` and review the diff.
