//! `cargo run --release -p migrate-bench -- <benchmark>`: benchmarks that generate a history
//! of N migrations into a scratch crate and time what a user would run, as separate
//! processes, reporting the median of several runs with min–max.

mod app_build;
mod autogenerate;
mod backfill;
mod compile;
mod downgrade;
mod history;
mod peers;
mod replay;
mod runtime;
mod sea_orm;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Benchmarks of migrate.
#[derive(Debug, Parser)]
struct Args {
    /// Where scratch crates and their build output go
    #[arg(long, default_value = "target/bench")]
    work_dir: PathBuf,

    /// Runs per measurement
    #[arg(long, default_value_t = 3)]
    runs: usize,

    #[command(subcommand)]
    benchmark: Benchmark,
}

/// The sizes of the generated histories.
#[derive(Debug, clap::Args)]
struct Sizes {
    /// Sizes of the generated histories
    #[arg(long, value_delimiter = ',', default_value = "100,1000")]
    migrations: Vec<usize>,
}

/// The servers to measure on besides the embedded SQLite.
#[derive(Debug, clap::Args)]
struct Servers {
    /// A PostgreSQL server to measure on too
    #[arg(long, env = "MIGRATE_TEST_POSTGRES_URL")]
    postgres_url: Option<String>,
    /// A MySQL/MariaDB server to measure on too
    #[arg(long, env = "MIGRATE_TEST_MYSQL_URL")]
    mysql_url: Option<String>,
}

/// The back-fill's table.
#[derive(Debug, clap::Args)]
struct BackfillSize {
    /// Rows in the table
    #[arg(long, default_value_t = 1_000_000)]
    rows: i64,
    /// Rows per batch
    #[arg(long, default_value_t = 10_000)]
    batch_size: u32,
}

#[derive(Debug, Subcommand)]
enum Benchmark {
    /// Compile cost of a migrations crate: clean build, incremental build after adding one
    /// migration, and the share of the whole-history check
    Compile {
        #[command(flatten)]
        sizes: Sizes,
        /// Also build the same history as a sea-orm-migration crate (fetched from crates.io)
        #[arg(long)]
        peers: bool,
    },
    /// Run-time cost on each database: upgrade, downgrade, no-op upgrade, current, peak
    /// memory, against the same SQL fed to the database's own client
    Runtime {
        #[command(flatten)]
        sizes: Sizes,
        #[command(flatten)]
        servers: Servers,
        /// Also measure Alembic (pip) and sqlx-cli (cargo install) on the same history,
        /// installing them under the work folder when missing
        #[arg(long)]
        peers: bool,
    },
    /// Rows per second of a batched back-fill against one plain UPDATE of the same rows, on
    /// PostgreSQL
    Backfill {
        /// The PostgreSQL server (a scratch database is created on it and dropped)
        #[arg(long, env = "MIGRATE_TEST_POSTGRES_URL")]
        postgres_url: String,
        #[command(flatten)]
        size: BackfillSize,
    },
    /// The history replayed without a database: `schema` (DDL and JSON) and `upgrade --sql`,
    /// whole process, beside `current`
    Replay {
        #[command(flatten)]
        sizes: Sizes,
    },
    /// Derived downgrades offline: `downgrade --sql head:base` of a history that adds and
    /// drops a column over and over (no downgrade written), beside its `upgrade --sql`
    Downgrade {
        #[command(flatten)]
        sizes: Sizes,
    },
    /// `revision --autogenerate` and `check` with a model per table, whole process, beside
    /// Alembic's on the same history and SQLAlchemy models (installed under the work folder)
    Autogenerate {
        #[command(flatten)]
        sizes: Sizes,
    },
    /// Clean build, dependencies included, of an app embedding migrate on PostgreSQL alone,
    /// beside the same app with every feature and the command line
    AppBuild,
    /// Everything BENCHMARKS.md shows: run time with the peers, compile cost with
    /// sea-orm-migration, and the back-fill when a PostgreSQL server is given
    All {
        #[command(flatten)]
        sizes: Sizes,
        #[command(flatten)]
        servers: Servers,
        #[command(flatten)]
        size: BackfillSize,
    },
}

/// SQLite, then the servers given.
fn targets(servers: &Servers) -> Vec<runtime::Target> {
    let mut targets = vec![runtime::Target {
        dialect: "sqlite",
        server: String::new(),
    }];
    targets.extend(servers.postgres_url.iter().map(|url| runtime::Target {
        dialect: "postgres",
        server: url.clone(),
    }));
    targets.extend(servers.mysql_url.iter().map(|url| runtime::Target {
        dialect: "mysql",
        server: url.clone(),
    }));
    targets
}

fn run(args: &Args) -> std::io::Result<()> {
    let (work_dir, runs) = (&args.work_dir, args.runs);
    match &args.benchmark {
        Benchmark::Compile { sizes, peers } => {
            compile::run(work_dir, &sizes.migrations, runs, *peers)
        }
        Benchmark::Runtime {
            sizes,
            servers,
            peers,
        } => runtime::run(work_dir, &sizes.migrations, &targets(servers), runs, *peers),
        Benchmark::Replay { sizes } => replay::run(work_dir, &sizes.migrations, runs),
        Benchmark::Downgrade { sizes } => downgrade::run(work_dir, &sizes.migrations, runs),
        Benchmark::Autogenerate { sizes } => autogenerate::run(work_dir, &sizes.migrations, runs),
        Benchmark::AppBuild => app_build::run(work_dir, runs),
        Benchmark::Backfill { postgres_url, size } => {
            backfill::run(postgres_url, size.rows, size.batch_size, runs)
        }
        Benchmark::All {
            sizes,
            servers,
            size,
        } => {
            println!("## Run time\n");
            runtime::run(work_dir, &sizes.migrations, &targets(servers), runs, true)?;
            println!("\n## Compile time\n");
            compile::run(work_dir, &sizes.migrations, runs, true)?;
            println!("\n## Embedding: the app's build\n");
            app_build::run(work_dir, runs)?;
            println!("\n## Back-fill\n");
            match &servers.postgres_url {
                Some(url) => backfill::run(url, size.rows, size.batch_size, runs),
                None => {
                    println!("skipped: no PostgreSQL server (set MIGRATE_TEST_POSTGRES_URL)");
                    Ok(())
                }
            }
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
