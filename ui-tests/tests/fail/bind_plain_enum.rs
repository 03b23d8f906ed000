//! Binding a Rust enum that is not an enum of a model says what binds instead of listing
//! sqlx's implementations.

use migrate_runtime::prelude::*;

#[derive(Debug, Clone, Copy)]
enum Status {
    Draft,
}

async fn publish(ctx: &mut DataContext<'_>) -> Result<(), DataError> {
    ctx.query("UPDATE posts SET status = ?")
        .bind(Status::Draft)
        .execute(ctx.conn())
        .await?;
    Ok(())
}

fn main() {
    let _ = Plan::new().data("publish", publish);
}
