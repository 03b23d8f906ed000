//! Generated histories: a scratch migrations crate with N migration files, each with its
//! downgrade, cycling through the kinds of change teams make.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The line of a migrations crate's library that declares its models.
const MODELS_MODULE: &str = "pub mod models;\n";

/// A scratch crate holding a generated history.
pub(crate) struct ScratchCrate {
    /// The crate's folder.
    pub(crate) root: PathBuf,
    /// Its package name.
    pub(crate) name: String,
}

impl ScratchCrate {
    /// Write a crate of `count` migrations under `work_dir`, depending on this workspace's
    /// runtime.
    pub(crate) fn generate(work_dir: &Path, count: usize) -> io::Result<Self> {
        Self::generate_with(
            work_dir,
            &format!("bench_history_{count}"),
            count,
            migration,
        )
    }

    /// Write a crate `name` of `count` migrations, migration `index` being
    /// `migration(index)` (file name and source).
    pub(crate) fn generate_with(
        work_dir: &Path,
        name: &str,
        count: usize,
        migration: fn(usize) -> (String, String),
    ) -> io::Result<Self> {
        let name = name.to_owned();
        let root = work_dir.join(&name);
        if root.exists() {
            fs::remove_dir_all(&root)?;
        }
        let versions = root.join("src").join("versions");
        fs::create_dir_all(root.join("src").join("bin"))?;
        fs::create_dir_all(&versions)?;
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .canonicalize()?;
        fs::write(root.join("Cargo.toml"), manifest(&name, &workspace))?;
        let example = workspace.join("migrations");
        fs::copy(example.join("build.rs"), root.join("build.rs"))?;
        // The example's library without its models; `add_models` gives the crate its own.
        let library = fs::read_to_string(example.join("src/lib.rs"))?.replace(MODELS_MODULE, "");
        fs::write(root.join("src/lib.rs"), library)?;
        let main = format!(
            "fn main() -> std::process::ExitCode {{\n    migrate_cli::main({name}::migrations())\n}}\n"
        );
        fs::write(root.join("src/bin/migrate.rs"), main)?;
        for index in 0..count {
            let (file, source) = migration(index);
            fs::write(versions.join(file), source)?;
        }
        Ok(ScratchCrate { root, name })
    }

    /// Give the crate the models `source` declares, as `src/models.rs`.
    pub(crate) fn add_models(&self, source: &str) -> io::Result<()> {
        fs::write(self.root.join("src").join("models.rs"), source)?;
        let library = self.root.join("src").join("lib.rs");
        let text = fs::read_to_string(&library)?;
        fs::write(library, format!("{text}\n{MODELS_MODULE}"))
    }

    /// The folder of migration files.
    pub(crate) fn versions(&self) -> PathBuf {
        self.root.join("src").join("versions")
    }
}

fn manifest(name: &str, workspace: &Path) -> String {
    let path = |krate: &str| format!("{:?}", workspace.join(krate).display().to_string());
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nmigrate-runtime = {{ path = {} }}\nmigrate-cli = {{ path = {} }}\n\
         chrono = \"0.4\"\nrust_decimal = \"1\"\n\n\
         [build-dependencies]\nmigrate-build = {{ path = {} }}\n\n[workspace]\n",
        path("migrate-runtime"),
        path("migrate-cli"),
        path("migrate-build")
    )
}

/// The revision id of the migration at `index`: 12 hex digits.
pub(crate) fn revision(index: usize) -> String {
    format!("{:012x}", 0x_a000_0000_0000_usize + index)
}

/// What the migration at a position of the history does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Create a table of 5 typed columns.
    CreateTable,
    /// Add a column to the latest table.
    AddColumn,
    /// Index the latest table.
    CreateIndex,
    /// Insert 100 typed rows into the latest table, then update them.
    Data,
}

/// The kind of migration `index` and the table it works on: every 10th a data step; the
/// others cycle through create table, add column, create index.
pub(crate) fn shape(index: usize) -> (Kind, String) {
    let structural = |position: usize| position - (position + 1) / 10;
    if index % 10 == 9 {
        let before = structural(index - 1);
        return (Kind::Data, format!("t{}", before / 3 * 3));
    }
    let position = structural(index);
    let kind = match position % 3 {
        0 => Kind::CreateTable,
        1 => Kind::AddColumn,
        _ => Kind::CreateIndex,
    };
    (kind, format!("t{}", position / 3 * 3))
}

/// File name and source of migration `index`, following `index - 1`.
pub(crate) fn migration(index: usize) -> (String, String) {
    let (kind, table) = shape(index);
    let (message, upgrade, downgrade) = match kind {
        Kind::CreateTable => create_table(&table),
        Kind::AddColumn => add_column(&table, index),
        Kind::CreateIndex => create_index(&table, index),
        Kind::Data => data_step(&table),
    };
    source(index, &message, &upgrade, downgrade.as_deref())
}

/// File name and source of migration `index` of a history that adds a column to one table
/// and drops it again, over and over, with no downgrade written: each drop's downgrade is
/// derived from the schema before it.
pub(crate) fn dropping_migration(index: usize) -> (String, String) {
    let (message, upgrade, _) = match index {
        0 => create_table("t"),
        index if index % 2 == 1 => add_column("t", index),
        index => (
            format!("drop column from t {index}"),
            format!(
                "Plan::new().op(op::drop_column(\"t\", \"extra_{}\"))",
                index - 1
            ),
            None,
        ),
    };
    source(index, &message, &upgrade, None)
}

/// File name and source of migration `index`, following `index - 1`, doing `upgrade` (and
/// `downgrade`, when written).
fn source(index: usize, message: &str, upgrade: &str, downgrade: Option<&str>) -> (String, String) {
    let revision = revision(index);
    let down = match index {
        0 => String::new(),
        _ => format!(", down = \"{}\"", self::revision(index - 1)),
    };
    let mut source = String::new();
    let _ = writeln!(
        source,
        "//! {message}\n\nuse migrate_runtime::prelude::*;\n"
    );
    let _ = writeln!(source, "pub struct M{revision};\n");
    let _ = writeln!(
        source,
        "#[migration(revision = \"{revision}\"{down}, message = \"{message}\")]"
    );
    let _ = writeln!(source, "impl Migration for M{revision} {{");
    let _ = writeln!(
        source,
        "    fn upgrade(&self) -> Plan {{\n        {upgrade}\n    }}"
    );
    if let Some(downgrade) = downgrade {
        let _ = writeln!(
            source,
            "\n    fn downgrade(&self) -> Plan {{\n        {downgrade}\n    }}"
        );
    }
    source.push_str("}\n");
    (
        format!("{revision}_{}.rs", message.replace(' ', "_")),
        source,
    )
}

type Body = (String, String, Option<String>);

fn create_table(table: &str) -> Body {
    let upgrade = format!(
        "Plan::new().op(op::create_table(\"{table}\")\n            \
         .column(Column::new(\"id\", Type::BigSerial).primary_key())\n            \
         .column(Column::new(\"name\", Type::Varchar(100)).not_null())\n            \
         .column(Column::new(\"amount\", Type::numeric(10, 2)))\n            \
         .column(Column::new(\"active\", Type::Boolean).not_null().default(true))\n            \
         .column(Column::new(\"created_at\", Type::Timestamp)))"
    );
    (format!("create {table}"), upgrade, None)
}

fn add_column(table: &str, index: usize) -> Body {
    let upgrade = format!(
        "Plan::new().op(op::add_column(\"{table}\", Column::new(\"extra_{index}\", Type::Text)))"
    );
    (format!("add column to {table}"), upgrade, None)
}

fn create_index(table: &str, index: usize) -> Body {
    let upgrade =
        format!("Plan::new().op(op::create_index(\"ix_{index}\", \"{table}\", [\"name\"]))");
    (format!("index {table}"), upgrade, None)
}

/// 100 typed rows inserted, then updated.
fn data_step(table: &str) -> Body {
    let upgrade = format!(
        "Plan::new()\n            .op(op::bulk_insert(\"{table}\", [\"name\", \"amount\"])\n                \
         .rows((0..100).map(|i| (format!(\"row {{i}}\"), f64::from(i) + 0.5))))\n            \
         .op(op::execute(\"UPDATE {table} SET amount = amount * 2\"))"
    );
    let downgrade = format!("Plan::new().op(op::execute(\"DELETE FROM {table}\"))");
    (format!("fill {table}"), upgrade, Some(downgrade))
}
