//! `cargo run --release -p migrate-bench -- <benchmark>`: benchmarks that generate a history
//! of N migrations into a scratch crate and time what a user would run, as separate
//! processes, reporting the median of several runs with min–max.

mod backfill;
mod compile;
mod history;
mod peers;
mod runtime;
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

#[derive(Debug, Subcommand)]
enum Benchmark {
    /// Compile cost of a migrations crate: clean build, incremental build after adding one
    /// migration, and the share of the whole-history check
    Compile {
        /// Sizes of the generated histories
        #[arg(long, value_delimiter = ',', default_value = "100,1000")]
        migrations: Vec<usize>,
    },
    /// Run-time cost on each database: upgrade, downgrade, no-op upgrade, current, peak
    /// memory, against the same SQL fed to the database's own client
    Runtime {
        /// Sizes of the generated histories
        #[arg(long, value_delimiter = ',', default_value = "100,1000")]
        migrations: Vec<usize>,
        /// A PostgreSQL server to measure on too
        #[arg(long, env = "MIGRATE_TEST_POSTGRES_URL")]
        postgres_url: Option<String>,
        /// A MySQL/MariaDB server to measure on too
        #[arg(long, env = "MIGRATE_TEST_MYSQL_URL")]
        mysql_url: Option<String>,
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
        /// Rows in the table
        #[arg(long, default_value_t = 1_000_000)]
        rows: i64,
        /// Rows per batch
        #[arg(long, default_value_t = 10_000)]
        batch_size: u32,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match &args.benchmark {
        Benchmark::Compile { migrations } => compile::run(&args.work_dir, migrations, args.runs),
        Benchmark::Runtime {
            migrations,
            postgres_url,
            mysql_url,
            peers,
        } => {
            let mut targets = vec![runtime::Target {
                dialect: "sqlite",
                server: String::new(),
            }];
            targets.extend(postgres_url.iter().map(|url| runtime::Target {
                dialect: "postgres",
                server: url.clone(),
            }));
            targets.extend(mysql_url.iter().map(|url| runtime::Target {
                dialect: "mysql",
                server: url.clone(),
            }));
            runtime::run(&args.work_dir, migrations, &targets, args.runs, *peers)
        }
        Benchmark::Backfill {
            postgres_url,
            rows,
            batch_size,
        } => backfill::run(postgres_url, *rows, *batch_size, args.runs),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
