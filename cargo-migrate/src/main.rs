//! `cargo migrate`: `init` adds a migrations crate to the project; every other subcommand runs
//! the project's own `migrate` binary from the project's root (`cargo migrate upgrade` is
//! `cargo run -p migrations --bin migrate -- upgrade`), so that it sees the project's
//! migrations and its `migrate.toml`.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use cargo_migrate::init::{self, Dependency};
use clap::Parser;

/// `cargo migrate init`: add a migrations crate to this cargo project.
#[derive(Debug, Parser)]
#[command(name = "cargo migrate init", version)]
struct InitArgs {
    /// The new crate's folder, relative to the project's root; its name is the package name
    #[arg(long, default_value = "migrations")]
    path: PathBuf,
    /// Where the migrate crates come from: `version=X`, `path=DIR` (a checkout of migrate)
    /// or `git=URL` [default: this tool's version]
    #[arg(long)]
    dependency: Option<Dependency>,
    /// The database the project runs on: `postgres`, `mysql` (MariaDB too) or `sqlite` (the
    /// embedded file); its driver goes in the new crate, its URL in migrate.toml
    #[arg(long, default_value = "sqlite", value_parser = init::parse_database)]
    database: &'static str,
}

fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().skip(1).collect();
    // cargo runs `cargo-migrate migrate …`; run by hand, the word may be missing.
    if args.first().is_some_and(|a| a == "migrate") {
        args.remove(0);
    }
    match args.first().and_then(|a| a.to_str()) {
        Some("init") => run_init(&args),
        None | Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!("cargo-migrate {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some(_) => forward(&args),
    }
}

const USAGE: &str = "cargo migrate: Alembic-style migrations for this cargo project

Usage:
  cargo migrate init [--path migrations] [--database sqlite|postgres|mysql]
                     [--dependency version=X|path=DIR|git=URL]
  cargo migrate [--package NAME] <command> [args]   runs the project's `migrate` binary

Commands of the project's binary: upgrade, downgrade, current, history, heads, branches, show,
stamp, check, revision, merge (`cargo migrate help` lists them)";

fn run_init(args: &[OsString]) -> ExitCode {
    let parsed = InitArgs::parse_from(
        std::iter::once(OsString::from("cargo migrate init")).chain(args[1..].iter().cloned()),
    );
    let manifest = match root_manifest() {
        Ok(manifest) => manifest,
        Err(message) => return fail(&message, None),
    };
    let dependency = parsed.dependency.unwrap_or_default();
    match init::init(&manifest, &parsed.path, &dependency, parsed.database) {
        Ok(done) => {
            println!(
                "Created the migrations crate `{}` in {}",
                done.package,
                done.crate_dir.display()
            );
            println!(
                "Added it to the workspace members of {}",
                done.manifest.display()
            );
            if let Some(config) = done.config {
                let url = match parsed.database {
                    "sqlite" => cargo_migrate::DEFAULT_DATABASE_URL,
                    _ => "${DATABASE_URL}",
                };
                println!("Wrote {} (database_url = \"{url}\")", config.display());
            }
            if done.ignored {
                println!("Added the embedded database to .gitignore");
            }
            println!(
                "Next: edit the example model in {}/src/models.rs, then cargo migrate revision --autogenerate -m \"create users\" and cargo migrate upgrade",
                parsed.path.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            let help = matches!(error, init::InitError::Exists(_))
                .then_some("choose another folder with `--path`, or remove the existing one");
            fail(&error.to_string(), help)
        }
    }
}

/// Run the project's migrations binary with `args`; its exit code.
fn forward(args: &[OsString]) -> ExitCode {
    let first = args.first().and_then(|a| a.to_str());
    let named = match first {
        Some("--package" | "-p") if args.len() >= 2 => {
            Some((args[1].to_string_lossy().into_owned(), &args[2..]))
        }
        Some(flag) if flag.starts_with("--package=") => {
            Some((flag.trim_start_matches("--package=").to_owned(), &args[1..]))
        }
        _ => None,
    };
    let (package, rest) = match named {
        Some(named) => named,
        None => match migrations_package() {
            Ok(package) => (package, args),
            Err(message) => {
                let help = "run `cargo migrate init` to add a migrations crate, or name it with `cargo migrate --package NAME …`";
                return fail(&message, Some(help));
            }
        },
    };
    // From the project's root, where `cargo migrate init` put migrate.toml, wherever in the
    // project it is typed.
    let root = match root_manifest() {
        Ok(manifest) => manifest.parent().map(PathBuf::from).unwrap_or_default(),
        Err(message) => return fail(&message, None),
    };
    // On a terminal cargo shows its build progress (the first build takes a while); elsewhere
    // only the binary's own output appears.
    let quiet = (!std::io::stderr().is_terminal()).then_some("--quiet");
    let status = Command::new(cargo())
        .args(["run", "--package", &package, "--bin", "migrate"])
        .args(quiet)
        .arg("--")
        .args(rest)
        .current_dir(root)
        .status();
    match status {
        Ok(status) => {
            let code = status.code().and_then(|c| u8::try_from(c).ok());
            ExitCode::from(code.unwrap_or(1))
        }
        Err(error) => fail(&format!("cannot run cargo: {error}"), None),
    }
}

/// The workspace package that has a `migrate` binary.
fn migrations_package() -> Result<String, String> {
    let output = Command::new(cargo())
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !output.status.success() {
        return Err(cargo_error(&output.stderr));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("cannot read `cargo metadata`: {error}"))?;
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    let with_binary: Vec<String> = packages
        .iter()
        .filter(|package| {
            let targets = package["targets"].as_array().cloned().unwrap_or_default();
            targets.iter().any(|t| {
                t["name"] == "migrate"
                    && t["kind"]
                        .as_array()
                        .is_some_and(|k| k.iter().any(|k| k == "bin"))
            })
        })
        .filter_map(|package| package["name"].as_str().map(str::to_owned))
        .collect();
    match with_binary.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err("no package of this workspace has a `migrate` binary".to_owned()),
        several => Err(format!(
            "several packages have a `migrate` binary: {}",
            several.join(", ")
        )),
    }
}

/// The root `Cargo.toml` of the project around the working directory.
fn root_manifest() -> Result<PathBuf, String> {
    let output = Command::new(cargo())
        .args(["locate-project", "--workspace", "--message-format", "plain"])
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    match output.status.success() {
        true => Ok(PathBuf::from(
            String::from_utf8_lossy(&output.stdout).trim(),
        )),
        false => Err(format!(
            "no cargo project here: {}",
            cargo_error(&output.stderr)
        )),
    }
}

/// What cargo said on stderr, without its `error: `.
fn cargo_error(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    text.trim().trim_start_matches("error: ").to_owned()
}

/// The cargo that ran this subcommand.
fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

fn fail(message: &str, help: Option<&str>) -> ExitCode {
    eprintln!("error: {message}");
    if let Some(help) = help {
        eprintln!("help: {help}");
    }
    ExitCode::from(2)
}
