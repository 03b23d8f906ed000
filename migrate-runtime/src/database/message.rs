//! What a database said, for a message: the server's own words, with PostgreSQL's DETAIL and
//! HINT, and without the line of the server's C source that sqlx appends (`at line 948`).

use std::fmt;

/// A driver error, displayed for people.
pub(crate) struct Said<'a>(pub(crate) &'a sqlx::Error);

impl fmt::Display for Said<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sqlx::Error::Database(error) = self.0 else {
            return write!(f, "{}", self.0);
        };
        f.write_str(error.message())?;
        #[cfg(feature = "postgres")]
        if let Some(postgres) = error.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
            if let Some(detail) = postgres.detail() {
                write!(f, " (detail: {detail})")?;
            }
            if let Some(hint) = postgres.hint() {
                write!(f, " (hint: {hint})")?;
            }
        }
        Ok(())
    }
}
