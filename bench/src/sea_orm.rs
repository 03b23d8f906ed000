//! The same generated history as a sea-orm-migration crate (one module per migration, a
//! `Migrator` listing them, the stock CLI as its binary), to compare compile cost with.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::history::{self, Kind, ScratchCrate};

/// The sea-orm-migration release the comparison builds against.
pub(crate) const VERSION: &str = "1.1.20";

/// Write a sea-orm-migration crate of `count` migrations under `work_dir`.
pub(crate) fn generate(work_dir: &Path, count: usize) -> io::Result<ScratchCrate> {
    let name = format!("sea_orm_history_{count}");
    let root = work_dir.join(&name);
    if root.exists() {
        fs::remove_dir_all(&root)?;
    }
    fs::create_dir_all(root.join("src").join("bin"))?;
    fs::write(root.join("Cargo.toml"), manifest(&name))?;
    fs::write(
        root.join("src/bin/migrate.rs"),
        format!(
            "#[tokio::main]\nasync fn main() {{\n    \
             sea_orm_migration::cli::run_cli({name}::Migrator).await;\n}}\n"
        ),
    )?;
    let scratch = ScratchCrate { root, name };
    for index in 0..count {
        write_migration(&scratch, index)?;
    }
    write_migrator(&scratch, count)?;
    Ok(scratch)
}

/// Add migration number `count` to a crate of `count` migrations.
pub(crate) fn add_one(scratch: &ScratchCrate, count: usize) -> io::Result<()> {
    write_migration(scratch, count)?;
    write_migrator(scratch, count + 1)
}

/// Take the migration `add_one` added away again.
pub(crate) fn remove_one(scratch: &ScratchCrate, count: usize) -> io::Result<()> {
    fs::remove_file(module_path(scratch, count))?;
    write_migrator(scratch, count)
}

fn manifest(name: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n\
         sea-orm-migration = {{ version = \"={VERSION}\", default-features = false, features = \
         [\"cli\", \"sqlx-sqlite\", \"sqlx-postgres\", \"runtime-tokio-rustls\"] }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n\
         [workspace]\n"
    )
}

fn module(index: usize) -> String {
    format!("m{index:05}_{}", history::revision(index))
}

fn module_path(scratch: &ScratchCrate, index: usize) -> std::path::PathBuf {
    scratch
        .root
        .join("src")
        .join(format!("{}.rs", module(index)))
}

/// `lib.rs`: the modules and the `Migrator` listing the first `count` in order.
fn write_migrator(scratch: &ScratchCrate, count: usize) -> io::Result<()> {
    let mut source = String::from("pub use sea_orm_migration::prelude::*;\n\n");
    for index in 0..count {
        let _ = writeln!(source, "mod {};", module(index));
    }
    source.push_str(
        "\npub struct Migrator;\n\n#[async_trait::async_trait]\nimpl MigratorTrait for Migrator {\n    \
         fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        vec![\n",
    );
    for index in 0..count {
        let _ = writeln!(
            source,
            "            Box::new({}::Migration),",
            module(index)
        );
    }
    source.push_str("        ]\n    }\n}\n");
    fs::write(scratch.root.join("src/lib.rs"), source)
}

fn write_migration(scratch: &ScratchCrate, index: usize) -> io::Result<()> {
    let (kind, table) = history::shape(index);
    let name = |column: &str| format!("Alias::new(\"{column}\")");
    let on_table = name(&table);
    let (up, down) = match kind {
        Kind::CreateTable => (
            format!(
                "manager.create_table(Table::create().table({on_table})\n            \
                 .col(ColumnDef::new({}).big_integer().not_null().auto_increment().primary_key())\n            \
                 .col(ColumnDef::new({}).string_len(100).not_null())\n            \
                 .col(ColumnDef::new({}).decimal_len(10, 2))\n            \
                 .col(ColumnDef::new({}).boolean().not_null().default(true))\n            \
                 .col(ColumnDef::new({}).timestamp())\n            .to_owned()).await",
                name("id"),
                name("name"),
                name("amount"),
                name("active"),
                name("created_at")
            ),
            format!("manager.drop_table(Table::drop().table({on_table}).to_owned()).await"),
        ),
        Kind::AddColumn => {
            let column = name(&format!("extra_{index}"));
            (
                format!(
                    "manager.alter_table(Table::alter().table({on_table})\n            \
                     .add_column(ColumnDef::new({column}).text()).to_owned()).await"
                ),
                format!(
                    "manager.alter_table(Table::alter().table({on_table})\n            \
                     .drop_column({column}).to_owned()).await"
                ),
            )
        }
        Kind::CreateIndex => (
            format!(
                "manager.create_index(Index::create().name(\"ix_{index}\").table({on_table})\n            \
                 .col({}).to_owned()).await",
                name("name")
            ),
            format!(
                "manager.drop_index(Index::drop().name(\"ix_{index}\").table({on_table}).to_owned()).await"
            ),
        ),
        Kind::Data => (
            format!(
                "let db = manager.get_connection();\n        \
                 let mut insert = Query::insert();\n        \
                 insert.into_table({on_table}).columns([{}, {}]);\n        \
                 for i in 0..100 {{\n            \
                 insert.values_panic([format!(\"row {{i}}\").into(), (f64::from(i) + 0.5).into()]);\n        \
                 }}\n        \
                 db.execute(db.get_database_backend().build(&insert)).await?;\n        \
                 db.execute_unprepared(\"UPDATE {table} SET amount = amount * 2\").await?;\n        \
                 Ok(())",
                name("name"),
                name("amount")
            ),
            format!(
                "manager.get_connection().execute_unprepared(\"DELETE FROM {table}\").await?;\n        Ok(())"
            ),
        ),
    };
    let source = format!(
        "use sea_orm_migration::prelude::*;\n\n#[derive(DeriveMigrationName)]\npub struct Migration;\n\n\
         #[async_trait::async_trait]\nimpl MigrationTrait for Migration {{\n    \
         async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {{\n        {up}\n    }}\n\n    \
         async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {{\n        {down}\n    }}\n}}\n"
    );
    fs::write(module_path(scratch, index), source)
}
