//! A batch of statements run on the SQLite connection's own handle, on the caller's thread.
//!
//! sqlx runs SQLite on a worker thread and hands every statement's result across threads;
//! for a migration step (`BEGIN`, the version check, the DDL, the version and history rows,
//! `COMMIT`) those hand-offs cost as much as a tenth of the step (BENCHMARKS.md). Here the
//! connection is locked once (`lock_handle`) and the statements are prepared and stepped one
//! after the other through SQLite's C API, exactly as sqlx's `raw_sql` would: each prepared
//! only after the previous one ran, empty statements skipped, `sqlite3_changes` as the rows
//! affected. On a multi-threaded Tokio runtime the work is announced with `block_in_place`;
//! on a current-thread runtime (the command line) it simply runs.
#![allow(unsafe_code)]

use std::borrow::Cow;
use std::ffi::{CStr, c_char, c_int};
use std::ptr::{self, NonNull};

use libsqlite3_sys as ffi;
use sqlx::error::{DatabaseError, ErrorKind};

use super::BatchOutcome;

/// What SQLite said about a statement of the batch: its extended result code and message,
/// as sqlx's own SQLite error gives them.
#[derive(Debug)]
struct BatchError {
    code: c_int,
    message: String,
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BatchError {}

impl DatabaseError for BatchError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        Some(self.code.to_string().into())
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> ErrorKind {
        match self.code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                ErrorKind::UniqueViolation
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
            ffi::SQLITE_CONSTRAINT_NOTNULL => ErrorKind::NotNullViolation,
            ffi::SQLITE_CONSTRAINT_CHECK => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}

/// Run `sql` (statements separated by `;`) on `conn`, reading the first column of the rows
/// of the statement at index `read`.
pub(crate) async fn execute_batch(
    conn: &mut sqlx::sqlite::SqliteConnection,
    sql: &str,
    read: Option<usize>,
) -> BatchOutcome {
    let mut outcome = BatchOutcome {
        affected: Vec::new(),
        read: Vec::new(),
        error: None,
    };
    let mut locked = match conn.lock_handle().await {
        Ok(locked) => locked,
        Err(error) => {
            outcome.error = Some(error);
            return outcome;
        }
    };
    let handle = locked.as_raw_handle();
    let mut run = || run_statements(handle, sql.trim(), read, &mut outcome);
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(run),
        _ => run(),
    }
    outcome
}

/// The error SQLite reports on `db` now.
fn last_error(db: NonNull<ffi::sqlite3>) -> sqlx::Error {
    // SAFETY: `db` is an open connection, locked for this thread by `lock_handle`; the
    // message is copied before any other call on it.
    let (code, message) = unsafe {
        let code = ffi::sqlite3_extended_errcode(db.as_ptr());
        let message = CStr::from_ptr(ffi::sqlite3_errmsg(db.as_ptr()));
        (
            code,
            String::from_utf8_lossy(message.to_bytes()).into_owned(),
        )
    };
    sqlx::Error::Database(Box::new(BatchError { code, message }))
}

fn run_statements(
    db: NonNull<ffi::sqlite3>,
    sql: &str,
    read: Option<usize>,
    outcome: &mut BatchOutcome,
) {
    let bytes = sql.as_bytes();
    let mut offset = 0;
    while offset < bytes.len() {
        let rest = &bytes[offset..];
        let Ok(length) = c_int::try_from(rest.len()) else {
            outcome.error = Some(sqlx::Error::Protocol(
                "a batch of SQL over 2 GiB cannot be sent to SQLite".to_owned(),
            ));
            return;
        };
        let mut statement: *mut ffi::sqlite3_stmt = ptr::null_mut();
        let mut tail: *const c_char = ptr::null();
        // SAFETY: `rest` is valid for `length` bytes and outlives the statement, which is
        // finalized below before the next is prepared; `tail` points into `rest`.
        let prepared = unsafe {
            ffi::sqlite3_prepare_v2(
                db.as_ptr(),
                rest.as_ptr().cast::<c_char>(),
                length,
                &mut statement,
                &mut tail,
            )
        };
        if prepared != ffi::SQLITE_OK {
            outcome.error = Some(last_error(db));
            return;
        }
        let consumed = if tail.is_null() {
            rest.len()
        } else {
            // SAFETY: SQLite sets `tail` to a position within `rest` (or its end).
            usize::try_from(unsafe { tail.offset_from(rest.as_ptr().cast::<c_char>()) })
                .unwrap_or(rest.len())
        };
        offset += consumed.max(1);
        if statement.is_null() {
            // Only whitespace or a comment.
            continue;
        }
        let reading = read == Some(outcome.affected.len());
        let result = step_all(db, statement, reading, &mut outcome.read);
        // SAFETY: `statement` came from `sqlite3_prepare_v2` above and is finalized once.
        unsafe { ffi::sqlite3_finalize(statement) };
        match result {
            Ok(()) => {
                // SAFETY: `db` is open and locked for this thread.
                let changes = unsafe { ffi::sqlite3_changes64(db.as_ptr()) };
                outcome.affected.push(u64::try_from(changes).unwrap_or(0));
            }
            Err(error) => {
                outcome.error = Some(error);
                return;
            }
        }
    }
}

/// Step `statement` to its end, keeping the first column of each row when `reading`.
fn step_all(
    db: NonNull<ffi::sqlite3>,
    statement: *mut ffi::sqlite3_stmt,
    reading: bool,
    rows: &mut Vec<String>,
) -> Result<(), sqlx::Error> {
    loop {
        // SAFETY: `statement` is a live prepared statement of `db`.
        match unsafe { ffi::sqlite3_step(statement) } {
            ffi::SQLITE_DONE => return Ok(()),
            ffi::SQLITE_ROW if reading => {
                // SAFETY: the statement has a current row; the text is copied at once, before
                // the next step invalidates it.
                let text = unsafe {
                    let value = ffi::sqlite3_column_text(statement, 0);
                    let length = ffi::sqlite3_column_bytes(statement, 0);
                    match (value.is_null(), usize::try_from(length)) {
                        (false, Ok(length)) => {
                            let bytes = std::slice::from_raw_parts(value, length);
                            Some(String::from_utf8_lossy(bytes).into_owned())
                        }
                        _ => None,
                    }
                };
                match text {
                    Some(text) => rows.push(text),
                    None => {
                        return Err(sqlx::Error::Protocol(
                            "a version row is NULL where a revision id was expected".to_owned(),
                        ));
                    }
                }
            }
            ffi::SQLITE_ROW => {}
            _ => return Err(last_error(db)),
        }
    }
}
