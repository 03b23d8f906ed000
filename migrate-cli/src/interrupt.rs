//! Ctrl-C (or SIGTERM, what a container runtime sends first) during a run: the first stops
//! the run between two statements (what runs finishes and is recorded, or its transaction is
//! rolled back), the second stops the process at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A flag that the first Ctrl-C or SIGTERM sets, saying so on standard error; a second one
/// ends the process (exit 130). Call within the async runtime.
pub(crate) fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    tokio::spawn(async move {
        if !interrupted().await {
            return;
        }
        flag.store(true, Ordering::SeqCst);
        eprintln!(
            "interrupted: stopping after the statement that is running; press Ctrl-C again to stop at once (a migration's open transaction is then rolled back by the database)"
        );
        if interrupted().await {
            eprintln!("stopped at once");
            std::process::exit(130);
        }
    });
    stop
}

/// Wait for Ctrl-C or, on Unix, SIGTERM; false when neither can be listened for.
async fn interrupted() -> bool {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            return tokio::select! {
                ctrl_c = tokio::signal::ctrl_c() => ctrl_c.is_ok(),
                _ = terminate.recv() => true,
            };
        }
    }
    tokio::signal::ctrl_c().await.is_ok()
}
