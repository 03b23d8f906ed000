//! MySQL's implicit commits: which statements end the migration's transaction, and what a
//! rollback can no longer undo once one ran.

use crate::backend::{Dialect, Statement, mysql};

/// Whether MySQL commits the transaction at this statement (DDL).
pub(super) fn commits_implicitly(statement: &Statement) -> bool {
    match statement {
        Statement::Sql(sql) => mysql::commits_implicitly(sql),
        Statement::Rebuild(_) | Statement::Modify(_) | Statement::DropColumn(_) => true,
        Statement::Data(_) | Statement::Backfill(_) => false,
    }
}

/// On a database that commits DDL at once, what a rollback cannot undo. MySQL's first DDL
/// statement commits what ran before it and ends the transaction; every statement after it
/// then commits on its own (autocommit). So once a DDL statement ran (or was tried: `failed`),
/// everything that ran stays; before one, the rollback undoes it all.
pub(super) fn committed_despite_rollback(
    dialect: Dialect,
    executed: Vec<String>,
    failed: Option<&str>,
) -> Vec<String> {
    // The implicit commit comes before the statement runs: a DDL statement that then fails
    // has committed what ran before it all the same.
    let ddl_ran = executed
        .iter()
        .map(String::as_str)
        .chain(failed)
        .any(mysql::commits_implicitly);
    match !dialect.has_transactional_ddl() && ddl_ran {
        true => executed,
        false => Vec::new(),
    }
}
