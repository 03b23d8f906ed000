//! An application that brings its database to the head of the history at start-up, before it
//! serves: the embedding pattern of migrate. `DATABASE_URL` picks the database
//! (`sqlite://app.db` unless set); each migration is logged through `tracing`.

use std::process::ExitCode;

use migrate_runtime::Migrator;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://app.db".to_owned());
    let upgraded = match Migrator::with_migrations(&url, &migrations::migrations()) {
        Ok(migrator) => migrator.upgrade("head").await,
        Err(error) => Err(error),
    };
    match upgraded {
        Ok(ran) => {
            // The application would start serving here.
            println!(
                "ready: {} migration(s) applied at start-up",
                ran.steps.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
