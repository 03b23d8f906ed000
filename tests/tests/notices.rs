//! An app's logs stay quiet on a start-up with nothing to do: PostgreSQL's notices
//! (`relation … already exists, skipping`) are not passed on.

use std::io::Write;
use std::sync::{Arc, Mutex};

use migrate_runtime::Migrator;
use migrate_tests::{Backend, TestDb};

/// Everything logged, at every level.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("the log").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_second_start_up_logs_no_server_notice() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_writer(move || writer.clone())
        .init();
    let migrator = Migrator::with_migrations(db.url(), &migrations::migrations()).expect("history");
    migrator.upgrade("head").await.expect("first start-up");
    migrator.upgrade("head").await.expect("second start-up");
    let logs = String::from_utf8_lossy(&captured.0.lock().expect("the log")).into_owned();
    assert!(
        logs.contains("nothing to do"),
        "the log was captured: {logs}"
    );
    assert!(!logs.contains("already exists"), "{logs}");
}
