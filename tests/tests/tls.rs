//! Encrypted connections to PostgreSQL (its server certificate is self-signed, for
//! `localhost`): `sslmode=require` encrypts, `verify-ca` with the server's certificate as root
//! passes, `verify-full` against another host name fails and says why; MySQL `ssl-mode`.

use migrate_runtime::prelude::*;
use migrate_runtime::{Migrations, Migrator};
use migrate_tests::fixture::{Fixed, leak};
use migrate_tests::{Backend, TestDb};

/// One migration recording whether its own connection is encrypted.
fn records_its_encryption() -> Migrations {
    let table = op::create_table("seen").column(Column::new("encrypted", Type::Boolean));
    let record =
        op::execute("INSERT INTO seen SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    Migrations::from_defs([leak(
        "e1e1e1e1e1e1",
        &[],
        Fixed {
            upgrade: Plan::new().op(table).op(record),
            downgrade: Some(Plan::new().op(op::drop_table("seen"))),
        },
    )])
}

/// The file of the server's certificate, as the server reports it.
async fn server_certificate(db: &TestDb) -> String {
    let file = db.strings("SHOW ssl_cert_file").await;
    file.into_iter().next().expect("ssl_cert_file")
}

/// `migrator` upgrades, and its connection was encrypted.
async fn upgrades_encrypted(db: &TestDb, migrator: Result<Migrator, migrate_runtime::Error>) {
    let migrator = migrator.expect("history");
    migrator
        .upgrade("head")
        .await
        .unwrap_or_else(|e| panic!("upgrade: {e}"));
    assert_eq!(
        db.strings("SELECT encrypted::text FROM seen").await,
        ["true"]
    );
}

fn with_query(url: &str, query: &str) -> String {
    format!("{url}?{query}")
}

#[tokio::test]
async fn sslmode_require_connects_encrypted() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let url = with_query(db.url(), "sslmode=require");
    upgrades_encrypted(
        &db,
        Migrator::with_migrations(&url, &records_its_encryption()),
    )
    .await;
}

#[tokio::test]
async fn verify_ca_accepts_the_servers_own_certificate_as_root() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let root = server_certificate(&db).await;
    let url = with_query(db.url(), &format!("sslmode=verify-ca&sslrootcert={root}"));
    upgrades_encrypted(
        &db,
        Migrator::with_migrations(&url, &records_its_encryption()),
    )
    .await;
}

#[tokio::test]
async fn verify_full_refuses_a_host_name_the_certificate_does_not_name() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let root = server_certificate(&db).await;
    // The certificate names `localhost`; the URL names the address.
    assert!(db.url().contains("@127.0.0.1:"), "{}", db.url());
    let url = with_query(db.url(), &format!("sslmode=verify-full&sslrootcert={root}"));
    let migrator = Migrator::with_migrations(&url, &records_its_encryption()).expect("history");
    let error = migrator.upgrade("head").await.expect_err("wrong host name");
    let message = error.to_string();
    assert!(
        message.contains("cannot connect to postgres://"),
        "{message}"
    );
    assert!(
        message.contains("certificate not valid for name \"127.0.0.1\""),
        "says the name does not match: {message}"
    );
    assert_eq!(error.kind(), migrate_runtime::ErrorKind::Refused);
    let tables = "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('seen', 'migrate_version')";
    assert_eq!(db.count(tables).await, 0, "nothing ran");

    let by_name = url.replacen("@127.0.0.1:", "@localhost:", 1);
    upgrades_encrypted(
        &db,
        Migrator::with_migrations(&by_name, &records_its_encryption()),
    )
    .await;
}

/// A migrator made from an app's pool keeps the pool's TLS settings, certificate file included.
#[tokio::test]
async fn a_migrator_from_a_verifying_pool_verifies_too() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let root = server_certificate(&db).await;
    let url = with_query(db.url(), &format!("sslmode=verify-ca&sslrootcert={root}"));
    let pool = sqlx::PgPool::connect(&url).await.expect("the app's pool");
    upgrades_encrypted(&db, Migrator::from_pool(&pool, &records_its_encryption())).await;
}

/// The local MariaDB serves no TLS: `ssl-mode=REQUIRED` must refuse to go on unencrypted
/// (and the build must have TLS at all, or the message would say so instead).
#[tokio::test]
async fn mysql_ssl_mode_required_refuses_a_server_without_tls() {
    let Some(db) = TestDb::create(Backend::MySql).await else {
        return;
    };
    let url = with_query(db.url(), "ssl-mode=REQUIRED");
    let migrator = Migrator::with_migrations(&url, &records_its_encryption()).expect("history");
    let error = migrator
        .upgrade("head")
        .await
        .expect_err("no TLS on the server");
    let message = error.to_string();
    assert!(!message.contains("without TLS support"), "{message}");
    assert!(message.contains("server does not support TLS"), "{message}");
}
