//! The files `init` writes: the new crate (manifest, build script, library, binary, an example
//! model and the test that holds the models to the history) and the `migrate.toml` beside the
//! root manifest, for the database the project declares.

use migrate_graph::portability::display_name;

use super::Dependency;
use crate::DEFAULT_DATABASE_URL;

/// The files of the new crate, by path inside it.
pub(super) fn crate_files(
    package: &str,
    dependency: &Dependency,
    database: &str,
) -> Vec<(&'static str, String)> {
    let library = package.replace('-', "_");
    vec![
        ("Cargo.toml", crate_manifest(package, dependency, database)),
        ("build.rs", BUILD_RS.to_owned()),
        ("src/lib.rs", LIB_RS.to_owned()),
        ("src/models.rs", MODELS_RS.to_owned()),
        ("src/bin/migrate.rs", BIN_RS.replace("{library}", &library)),
        ("src/versions/README.md", VERSIONS_README.to_owned()),
        (
            "tests/models.rs",
            MODELS_TEST.replace("{library}", &library),
        ),
    ]
}

/// The new crate's `Cargo.toml`: the migrate crates from `dependency`, the driver of
/// `database` for an app that embeds the crate, and the example model's field types.
fn crate_manifest(package: &str, dependency: &Dependency, database: &str) -> String {
    let source = |krate: &str| match dependency {
        Dependency::Version(version) => format!("version = {}", toml_string(version)),
        Dependency::Path(root) => {
            format!(
                "path = {}",
                toml_string(&root.join(krate).display().to_string())
            )
        }
        Dependency::Git(url) => format!("git = {}", toml_string(url)),
    };
    format!(
        "[package]\nname = {}\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [features]\ndefault = [\"cli\"]\n\
         # The `migrate` binary. An app that embeds these migrations depends on this crate with\n\
         # `default-features = false`, and runs them with the {name} driver below.\n\
         cli = [\"dep:migrate-cli\"]\n\n\
         [dependencies]\n\
         migrate-runtime = {{ {}, default-features = false, features = [\"tls\", \"{feature}\"] }}\n\
         migrate-cli = {{ {}, optional = true }}\n\
         # The models' field types (`src/models.rs`); add uuid, rust_decimal or serde_json as\n\
         # fields use them.\n\
         chrono = \"0.4\"\n\n\
         [build-dependencies]\nmigrate-build = {{ {} }}\n\n\
         [[bin]]\nname = \"migrate\"\nrequired-features = [\"cli\"]\n\n\
         # The databases every migration must run on: `postgres`, `mysql` (MariaDB too), `sqlite`.\n\
         # A builder call one of them cannot run is a compile error; add the others the app runs\n\
         # on (with their drivers above).\n\
         [package.metadata.migrate]\ndatabases = [\"{feature}\"]\n",
        toml_string(package),
        source("migrate-runtime"),
        source("migrate-cli"),
        source("migrate-build"),
        name = display_name(database),
        feature = database,
    )
}

/// `text` as a TOML string, escaped as TOML escapes.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

const BUILD_RS: &str = "//! Every file of `src/versions/` becomes a module of this crate.\n\n\
fn main() -> std::io::Result<()> {\n    migrate_build::generate()\n}\n";

const LIB_RS: &str = "//! The schema history: one file per migration in `src/versions/`, written with\n\
//! `cargo migrate revision -m MESSAGE` (or `--autogenerate` from `models`).\n\n\
use migrate_runtime::Migrations;\n\n\
pub mod models;\n\n\
include!(concat!(env!(\"OUT_DIR\"), \"/migrate_versions.rs\"));\n\n\
/// Every migration of this crate. Calling it is also what links the migrations into a program:\n\
/// `Migrator::with_migrations(url, &migrations())` in an app. The databases it declares\n\
/// (`databases` in `[package.metadata.migrate]` of Cargo.toml) are those every migration must\n\
/// run on: a builder call one of them cannot run does not compile, autogenerate refuses such an\n\
/// op, and `tests/models.rs` checks them all.\n\
pub fn migrations() -> Migrations {\n    Migrations::registered()\n        .with_versions_dir(VERSIONS_DIR)\n        .with_databases(DATABASES.iter().copied())\n}\n";

const MODELS_RS: &str = r#"//! The tables the app wants, as Rust structs. Change them, then
//! `cargo migrate revision --autogenerate -m MESSAGE` writes the migration that gets the
//! history there, and `cargo test` (`tests/models.rs`) fails while one is missing.

use chrono::{DateTime, Utc};
use migrate_runtime::model::Model;

/// An example to edit or delete before the first `revision --autogenerate`.
#[derive(Debug, Model)]
#[model(table = "users")]
pub struct User {
    /// Its id, numbered by the database.
    #[column(primary_key)]
    pub id: i64,
    /// Its e-mail address, unique.
    #[column(len = 255, unique)]
    pub email: String,
    /// Its display name.
    pub name: Option<String>,
    /// When it was created.
    #[column(default_sql = "CURRENT_TIMESTAMP")]
    pub created_at: DateTime<Utc>,
}
"#;

const MODELS_TEST: &str = "//! The history against the models and the databases it declares, with no database: a\n\
//! model changed without its migration, or a migration a declared database cannot run,\n\
//! fails here.\n\n\
#[test]\n\
fn models_match_the_migrations() {\n    migrate_runtime::testing::assert_models_match(&{library}::migrations());\n}\n\n\
#[test]\n\
fn migrations_run_on_every_declared_database() {\n    migrate_runtime::testing::assert_migrations_run_everywhere(&{library}::migrations());\n}\n";

const BIN_RS: &str = "//! The `migrate` command line over this crate's migrations (`cargo migrate …`).\n\n\
fn main() -> std::process::ExitCode {\n    migrate_cli::main({library}::migrations())\n}\n";

const VERSIONS_README: &str =
    "One file per migration, written with `cargo migrate revision -m MESSAGE`.\n";

/// The `migrate.toml` written beside the root manifest: the embedded SQLite file, or for a
/// server the URL from `DATABASE_URL`.
pub(super) fn config_text(database: &str) -> String {
    let url = match database {
        "sqlite" => format!("database_url = \"{DEFAULT_DATABASE_URL}\"\n"),
        server => format!(
            "# For example {server}://app@localhost/app\n\
             database_url = \"${{DATABASE_URL}}\"\n"
        ),
    };
    format!(
        "# Settings of `cargo migrate`; `--database-url` and `DATABASE_URL` win over this file.\n\
         {url}{CONFIG_EXAMPLES}"
    )
}

/// The commented examples of `migrate.toml`.
const CONFIG_EXAMPLES: &str = "\
# version_table = \"migrate_version\"\n\n\
# Named environments, picked with `--env NAME` or `MIGRATE_ENV=NAME`; `${VAR}` is read from the\n\
# environment. An environment never falls back to the `database_url` above.\n\
# [env.production]\n\
# database_url = \"postgres://app:${DB_PASSWORD}@db.internal/app?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.pem\"\n";
