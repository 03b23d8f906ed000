//! A team's first month with migrate, as real processes: a new cargo project, `init`, a
//! history that declares PostgreSQL, MySQL and SQLite, and the models changed step by step —
//! a table made, a value added to an enum, a column renamed, a partial index (refused when
//! written and, written by hand, when compiled, naming MySQL; then declared for PostgreSQL and
//! SQLite only, and made there alone), a column dropped, a data step. Autogenerate compares on the
//! project's SQLite default; every migration it writes runs on all three databases, each then
//! `check`s green, and the rows are kept throughout.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test reports a failure by panicking, helpers included"
)]

use migrate_tests::project::{Project, generated_path, text};
use migrate_tests::{Backend, TestDb};

/// The project: `cargo new`, then `init` with this checkout as the dependency, declaring the
/// three databases in the migrations crate.
fn new_project() -> Project {
    let project = Project::new("blog", "sqlite", env!("CARGO_BIN_EXE_example-migrate"));
    let source = project.read("migrations/Cargo.toml");
    let declared = source.replace(
        "databases = [\"sqlite\"]",
        "databases = [\"postgres\", \"mysql\", \"sqlite\"]",
    );
    assert_ne!(source, declared, "init declares the database: {source}");
    project.write("migrations/Cargo.toml", &declared);
    project
}

/// The partial index of drafts, on every database.
const DRAFTS: &str =
    ", index(status, name = \"ix_posts_drafts\", where_sql = \"status = 'draft'\")";
/// The same, on the databases that have partial indexes.
const DRAFTS_WHERE_THEY_CAN: &str = ", index(status, name = \"ix_posts_drafts\", \
                                     where_sql = \"status = 'draft'\", only_on(postgres, sqlite))";

/// The models of the month's step: `status` values, the title's name, whether the body is
/// there, and the index (`""`, [`DRAFTS`] or [`DRAFTS_WHERE_THEY_CAN`]).
fn models(statuses: &[&str], title: &str, body: bool, index: &str) -> String {
    let variants: String = statuses.iter().map(|s| format!("    {s},\n")).collect();
    let renamed = match title {
        "title" => String::new(),
        _ => "    #[column(renamed_from = \"title\")]\n".to_owned(),
    };
    let body = match body {
        true => "    pub body: Option<String>,\n",
        false => "",
    };
    format!(
        "use migrate_runtime::model::{{Model, ModelEnum}};\n\n\
         #[derive(Debug, Clone, Copy, ModelEnum)]\npub enum PostStatus {{\n{variants}}}\n\n\
         #[derive(Debug, Model)]\n#[model(table = \"posts\"{index})]\npub struct Post {{\n\
         \x20   #[column(primary_key)]\n    pub id: i64,\n{renamed}\
         \x20   #[column(len = 200)]\n    pub {title}: String,\n\
         \x20   pub status: PostStatus,\n{body}}}\n"
    )
}

/// `revision --autogenerate -m MESSAGE` with the models of `models`: what it said, and the
/// file it wrote.
fn autogenerate(project: &Project, models: &str, message: &str) -> (String, String) {
    project.write("migrations/src/models.rs", models);
    let args = ["revision", "--autogenerate", "-m", message];
    let said = project.exits(&project.migrate(&args), 0, message);
    let source = std::fs::read_to_string(generated_path(&said)).expect("the file");
    (said, source)
}

/// Upgrade each database to head; each then has no drift and matches the models.
fn upgrade_everywhere(project: &Project, databases: &[TestDb], step: &str) {
    for db in databases {
        let url = ["--database-url", db.url()];
        let upgrade = [&["upgrade"][..], &url].concat();
        project.exits(&project.migrate(&upgrade), 0, &format!("{step}: upgrade"));
        let check = [&["check"][..], &url].concat();
        project.exits(&project.migrate(&check), 0, &format!("{step}: check"));
    }
}

#[tokio::test]
async fn every_migration_of_the_first_month_runs_on_each_declared_database() {
    let mut databases = Vec::new();
    for backend in [Backend::Postgres, Backend::MySql, Backend::Sqlite] {
        match TestDb::create(backend).await {
            Some(db) => databases.push(db),
            None => eprintln!("skipped on {backend:?}: its server is not configured"),
        }
    }
    let project = new_project();

    // Week 1: the table.
    let (said, _) = autogenerate(
        &project,
        &models(&["Draft", "Published"], "title", true, ""),
        "create posts",
    );
    assert!(said.starts_with("added table `posts`\n"), "{said}");
    upgrade_everywhere(&project, &databases, "create posts");
    for db in &databases {
        db.execute("INSERT INTO posts (id, title, status, body) VALUES (1, 'hello', 'draft', 'x')")
            .await;
    }

    // A value added to the enum: one op, which each database runs its own way.
    let (said, source) = autogenerate(
        &project,
        &models(&["Draft", "Published", "Archived"], "title", true, ""),
        "archived posts",
    );
    assert!(
        said.contains("added the value 'archived' to the enum type `post_status`"),
        "{said}"
    );
    assert!(
        source.contains("op::alter_enum(\"post_status\")"),
        "{source}"
    );
    upgrade_everywhere(&project, &databases, "archived posts");
    for db in &databases {
        db.execute("INSERT INTO posts (id, title, status) VALUES (2, 'old', 'archived')")
            .await;
    }

    // A column renamed, the rows kept.
    let (said, _) = autogenerate(
        &project,
        &models(&["Draft", "Published", "Archived"], "headline", true, ""),
        "headline",
    );
    assert!(
        said.contains("renamed column `posts.title` to `posts.headline`"),
        "{said}"
    );
    upgrade_everywhere(&project, &databases, "headline");

    // A partial index: MySQL has none, and it is declared: refused when written, nothing
    // written.
    let partial = models(
        &["Draft", "Published", "Archived"],
        "headline",
        true,
        DRAFTS,
    );
    project.write("migrations/src/models.rs", &partial);
    let args = ["revision", "--autogenerate", "-m", "drafts index"];
    let refused = project.migrate(&args);
    project.exits(&refused, 2, "a partial index with MySQL declared");
    let message = text(&refused.stderr);
    assert!(
        message.contains("MySQL") && message.contains("partial indexes"),
        "{message}"
    );
    let versions = std::fs::read_dir(project.path("migrations/src/versions")).expect("versions");
    let written = versions
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|x| x == "rs"))
        .count();
    assert_eq!(written, 3, "nothing written for the refused index");
    // Written by hand, it does not compile: the error is on the call.
    let said = project.exits(
        &project.migrate(&["revision", "-m", "drafts index by hand"]),
        0,
        "revision",
    );
    let path = generated_path(&said);
    let source = std::fs::read_to_string(&path).expect("the empty migration");
    let by_hand = source.replace(
        "        Plan::new()\n",
        "        Plan::new().op(op::create_index(\"ix_drafts\", \"posts\", [\"status\"])\n            \
         .where_sql(\"status = 'draft'\"))\n",
    );
    assert_ne!(source, by_hand, "the index went in: {source}");
    std::fs::write(&path, by_hand).expect("the migration");
    let build = project.cargo(&["build", "-q", "-p", "migrations"]);
    assert!(
        !build.status.success(),
        "a partial index with MySQL declared compiled"
    );
    let message = text(&build.stderr);
    assert!(
        message.contains(
            "`op::create_index(…).where_sql(…)` cannot run on MySQL, which this crate declares"
        ),
        "{message}"
    );
    std::fs::remove_file(&path).expect("the migration taken out");
    // Declared for the databases that have partial indexes, it is made there alone.
    let (said, source) = autogenerate(
        &project,
        &models(
            &["Draft", "Published", "Archived"],
            "headline",
            true,
            DRAFTS_WHERE_THEY_CAN,
        ),
        "drafts index",
    );
    assert!(
        said.contains("added index `ix_posts_drafts` on `posts` (PostgreSQL, SQLite only)"),
        "{said}"
    );
    assert!(
        source.contains(".only_on([Dialect::Postgres, Dialect::Sqlite])"),
        "{source}"
    );
    upgrade_everywhere(&project, &databases, "drafts index");
    for db in &databases {
        let schema = db.schema().await;
        let made = schema
            .table("posts")
            .indexes
            .contains_key("ix_posts_drafts");
        assert_eq!(made, db.backend() != Backend::MySql, "{:?}", db.backend());
    }

    // A column dropped.
    let (said, _) = autogenerate(
        &project,
        &models(
            &["Draft", "Published", "Archived"],
            "headline",
            false,
            DRAFTS_WHERE_THEY_CAN,
        ),
        "no body",
    );
    assert!(said.contains("dropped column `posts.body`"), "{said}");
    upgrade_everywhere(&project, &databases, "no body");

    // A data step in a migration of its own, with typed SQL on the migration's transaction.
    let said = project.exits(
        &project.migrate(&["revision", "-m", "shout headlines"]),
        0,
        "revision",
    );
    let path = generated_path(&said);
    let source = std::fs::read_to_string(&path).expect("the empty migration");
    let with_step = source
        .replace(
            "fn upgrade(&self) -> Plan {\n        Plan::new()\n    }",
            "fn upgrade(&self) -> Plan {\n        Plan::new().data(\"shout\", shout)\n    }\n\n    \
             fn downgrade(&self) -> Plan {\n        Plan::new()\n    }",
        )
        .replace(
            "pub struct",
            "#[data_step]\nasync fn shout(ctx: &mut DataContext<'_>) -> Result<(), DataError> {\n    \
             let posts: Vec<(i64, String)> = ctx\n        .query_as(\"SELECT id, headline FROM posts\")\n        \
             .fetch_all(ctx.conn())\n        .await?;\n    for (id, headline) in posts {\n        \
             ctx.query(\"UPDATE posts SET headline = ? WHERE id = ?\")\n            \
             .bind(headline.to_uppercase())\n            .bind(id)\n            .execute(ctx.conn())\n            \
             .await?;\n    }\n    Ok(())\n}\n\npub struct",
        );
    assert_ne!(source, with_step, "the data step went in: {source}");
    std::fs::write(&path, with_step).expect("the migration");
    upgrade_everywhere(&project, &databases, "shout headlines");

    for db in &databases {
        let rows = db.strings("SELECT headline FROM posts ORDER BY id").await;
        assert_eq!(rows, ["HELLO", "OLD"], "{:?}", db.backend());
    }
    // The teammate's CI: the crate's own tests (the models match; every migration renders on
    // each declared database).
    project.exits(
        &project.cargo(&["test", "-q", "-p", "migrations"]),
        0,
        "the migrations crate's tests",
    );
}

/// `cargo migrate init` writes the embedded database the command line falls back to.
#[test]
fn init_and_the_command_line_agree_on_the_embedded_database() {
    assert_eq!(
        cargo_migrate::DEFAULT_DATABASE_URL,
        migrate_cli::DEFAULT_DATABASE_URL
    );
}
