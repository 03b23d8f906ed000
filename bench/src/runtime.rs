//! Run-time cost of a generated history on each database, every command a separate process:
//! upgrade from empty to head, downgrade to base, the no-op `upgrade` and `current` of every
//! deploy, peak memory, and the floors: the very same SQL (`upgrade --sql`) fed to the
//! database's own client, one transaction per migration, and that client reading the version
//! table (all a no-op upgrade or `current` has to learn).

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::history::ScratchCrate;
use crate::peers::{self, PeerRow, Peers};
use crate::stats::Samples;

/// A database to measure on.
pub(crate) struct Target {
    /// `sqlite`, `postgres` or `mysql`, as `--dialect` takes it.
    pub(crate) dialect: &'static str,
    /// The server's URL (unused for SQLite).
    pub(crate) server: String,
}

/// What one size and database measured.
#[derive(Clone)]
struct Row {
    upgrade: Samples,
    raw: Samples,
    downgrade: Samples,
    noop_upgrade: Samples,
    current: Samples,
    /// The database's client reading the version table, timed as migrate is.
    client_read: Samples,
    peak_rss_kib: u64,
}

/// Measure every size on every target, printing Markdown tables; the peers too when asked.
pub(crate) fn run(
    work_dir: &Path,
    sizes: &[usize],
    targets: &[Target],
    runs: usize,
    with_peers: bool,
) -> io::Result<()> {
    std::fs::create_dir_all(work_dir)?;
    let work_dir = work_dir.canonicalize()?;
    let peers = match with_peers {
        true => Some(peers::install(&work_dir.join("peers"))?),
        false => None,
    };
    let mut peer_rows = Vec::new();
    println!(
        "| database | migrations | upgrade empty → head | raw SQL, same statements | migrate / raw | downgrade → base | no-op upgrade | current | client reads the version | no-op / client | current / client | peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for &size in sizes {
        let scratch = ScratchCrate::generate(&work_dir, size)?;
        let binary = build_release(&scratch, &work_dir.join("target"))?;
        for target in targets {
            let row = measure(&binary, target, &work_dir, size, runs)?;
            println!(
                "| {} | {size} | {} | {} | {:.2} | {} | {} | {} | {} | {:.2} | {:.2} | {:.1} MiB |",
                target.dialect,
                row.upgrade,
                row.raw,
                row.upgrade.ratio(&row.raw),
                row.downgrade,
                row.noop_upgrade,
                row.current,
                row.client_read,
                row.noop_upgrade.ratio(&row.client_read),
                row.current.ratio(&row.client_read),
                row.peak_rss_kib as f64 / 1024.0
            );
            io::stdout().flush()?;
            if let (Some(peers), "sqlite" | "postgres") = (&peers, target.dialect) {
                let measured = measure_peers(peers, &binary, target, &work_dir, size, runs)?;
                peer_rows.extend(
                    measured
                        .into_iter()
                        .map(|(tool, peer)| (target.dialect, size, tool, peer, row.clone_times())),
                );
            }
        }
    }
    if !peer_rows.is_empty() {
        println!();
        println!(
            "| database | migrations | tool | upgrade empty → head | no-op upgrade | current / info | migrate upgrade ÷ tool | migrate no-op ÷ tool | migrate current ÷ tool |"
        );
        println!("|---|---|---|---|---|---|---|---|---|");
        for (dialect, size, tool, peer, ours) in peer_rows {
            println!(
                "| {dialect} | {size} | {tool} | {} | {} | {} | {:.2} | {:.3} | {:.3} |",
                peer.upgrade,
                peer.noop_upgrade,
                peer.current,
                ours.0.ratio(&peer.upgrade),
                ours.1.ratio(&peer.noop_upgrade),
                ours.2.ratio(&peer.current)
            );
        }
    }
    Ok(())
}

/// Alembic and sqlx-cli on the same history and database.
fn measure_peers(
    peers: &Peers,
    binary: &Path,
    target: &Target,
    work_dir: &Path,
    size: usize,
    runs: usize,
) -> io::Result<Vec<(&'static str, PeerRow)>> {
    let name = format!("migrate_peer_{}_{size}", target.dialect);
    let url = fresh_database(target, work_dir, &name)?;
    let script = |args: &[&str]| -> io::Result<String> {
        let output = Command::new(binary)
            .args(["--database-url", &url])
            .args(args)
            .output()?;
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let up = script(&["upgrade", "--sql", "--dialect", target.dialect])?;
    let down = script(&[
        "downgrade",
        "--sql",
        "--dialect",
        target.dialect,
        "head:base",
    ])?;
    let sqlx_folder = work_dir.join(format!("sqlx_{}_{size}", target.dialect));
    peers::write_sqlx(&sqlx_folder, &up, &down)?;
    let alembic_folder = work_dir.join(format!("alembic_{size}"));
    peers::write_alembic(&alembic_folder, size)?;
    let fresh_sqlx = || -> io::Result<String> {
        let url = fresh_database(target, work_dir, &name)?;
        Ok(match target.dialect {
            "sqlite" => format!("{url}?mode=rwc"),
            _ => url,
        })
    };
    let fresh_alembic = || -> io::Result<String> {
        let url = fresh_database(target, work_dir, &name)?;
        Ok(match target.dialect {
            "sqlite" => format!("sqlite:///{}", url.trim_start_matches("sqlite://")),
            _ => url.replacen("postgres://", "postgresql+psycopg2://", 1),
        })
    };
    Ok(vec![
        (
            "alembic",
            peers::alembic(peers, &alembic_folder, runs, &fresh_alembic)?,
        ),
        (
            "sqlx-cli",
            peers::sqlx(peers, &sqlx_folder, runs, &fresh_sqlx)?,
        ),
    ])
}

impl Row {
    /// Upgrade, no-op upgrade and current, to set beside the peers'.
    fn clone_times(&self) -> (Samples, Samples, Samples) {
        (
            self.upgrade.clone(),
            self.noop_upgrade.clone(),
            self.current.clone(),
        )
    }
}

pub(crate) fn build_release(scratch: &ScratchCrate, target_dir: &Path) -> io::Result<PathBuf> {
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet", "--bin", "migrate"])
        .current_dir(&scratch.root)
        .env("CARGO_TARGET_DIR", target_dir)
        .status()?;
    if !status.success() {
        return Err(io::Error::other("building the generated history failed"));
    }
    Ok(target_dir.join("release").join("migrate"))
}

/// A fresh, empty database of `target`; its URL.
fn fresh_database(target: &Target, work_dir: &Path, name: &str) -> io::Result<String> {
    match target.dialect {
        "sqlite" => {
            let path = work_dir.join(format!("{name}.db"));
            let _ = std::fs::remove_file(&path);
            Ok(format!("sqlite://{}", path.display()))
        }
        "postgres" => {
            client(target, &format!("DROP DATABASE IF EXISTS {name}"))?;
            client(target, &format!("CREATE DATABASE {name}"))?;
            Ok(replace_database(&target.server, name))
        }
        _ => {
            client(target, &format!("DROP DATABASE IF EXISTS {name}"))?;
            client(target, &format!("CREATE DATABASE {name}"))?;
            Ok(replace_database(&target.server, name))
        }
    }
}

fn replace_database(server: &str, name: &str) -> String {
    let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
    format!("{base}/{name}")
}

/// Run `sql` with the database's own client on the server.
fn client(target: &Target, sql: &str) -> io::Result<()> {
    let mut command = client_command(target, &target.server);
    command.stdin(Stdio::piped()).stdout(Stdio::null());
    let mut child = command.spawn()?;
    child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(sql.as_bytes()))
        .transpose()?;
    let status = child.wait()?;
    if !status.success() {
        return Err(io::Error::other(format!("`{sql}` failed")));
    }
    Ok(())
}

/// `psql URL`, `mariadb -h … DB` or `sqlite3 FILE`, reading SQL from stdin.
fn client_command(target: &Target, url: &str) -> Command {
    match target.dialect {
        "postgres" => {
            let mut command = Command::new("psql");
            command.args(["-q", "-v", "ON_ERROR_STOP=1", url]);
            command
        }
        "sqlite" => {
            let mut command = Command::new("sqlite3");
            command.arg(url.trim_start_matches("sqlite://"));
            command
        }
        _ => {
            let rest = url.trim_start_matches("mysql://");
            let (user_host, database) = rest.split_once('/').unwrap_or((rest, ""));
            let (user, host) = user_host.split_once('@').unwrap_or(("root", user_host));
            let (host, port) = host.split_once(':').unwrap_or((host, "3306"));
            let mut command = Command::new("mariadb");
            command.args(["-u", user, "-h", host, "-P", port]);
            if !database.is_empty() {
                command.arg(database);
            }
            command
        }
    }
}

/// `runs` timings (at least one) of `migrate args` on `url`, after one run that warms the
/// file cache.
pub(crate) fn timed(binary: &Path, url: &str, args: &[&str], runs: usize) -> io::Result<Samples> {
    migrate(binary, url, args)?;
    let mut samples = Vec::new();
    for _ in 0..runs.max(1) {
        samples.push(migrate(binary, url, args)?.0);
    }
    Ok(Samples::from(samples))
}

/// Run the generated `migrate` with `args`; its wall time and peak RSS (KiB).
pub(crate) fn migrate(binary: &Path, url: &str, args: &[&str]) -> io::Result<(Duration, u64)> {
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(binary)
        .args(["--database-url", url, "-q"])
        .args(args)
        .stdout(Stdio::null())
        .output()?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(io::Error::other(format!(
            "migrate {args:?} failed: {stderr}"
        )));
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let rss = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    Ok((elapsed, rss))
}

fn measure(
    binary: &Path,
    target: &Target,
    work_dir: &Path,
    size: usize,
    runs: usize,
) -> io::Result<Row> {
    let name = format!("migrate_bench_{}_{size}", target.dialect);
    let (mut upgrade, mut downgrade, mut noop, mut current, mut raw) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut client_read = vec![];
    let mut peak = 0;
    let script = {
        let url = fresh_database(target, work_dir, &name)?;
        let output = Command::new(binary)
            .args([
                "--database-url",
                &url,
                "upgrade",
                "--sql",
                "--dialect",
                target.dialect,
            ])
            .output()?;
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    for _ in 0..runs.max(1) {
        let url = fresh_database(target, work_dir, &name)?;
        let (elapsed, rss) = migrate(binary, &url, &["upgrade"])?;
        upgrade.push(elapsed);
        peak = peak.max(rss);
        let (elapsed, _) = migrate(binary, &url, &["upgrade"])?;
        noop.push(elapsed);
        let (elapsed, _) = migrate(binary, &url, &["current"])?;
        current.push(elapsed);
        let (elapsed, rss) = migrate(binary, &url, &["downgrade", "base"])?;
        downgrade.push(elapsed);
        peak = peak.max(rss);

        let url = fresh_database(target, work_dir, &name)?;
        let mut command = client_command(target, &url);
        command.stdin(Stdio::piped()).stdout(Stdio::null());
        let started = Instant::now();
        let mut child = command.spawn()?;
        child
            .stdin
            .take()
            .map(|mut stdin| stdin.write_all(script.as_bytes()))
            .transpose()?;
        let status = child.wait()?;
        raw.push(started.elapsed());
        if !status.success() {
            return Err(io::Error::other("the raw script failed"));
        }
        client_read.push(read_versions(target, &url)?);
    }
    Ok(Row {
        upgrade: Samples::from(upgrade),
        raw: Samples::from(raw),
        downgrade: Samples::from(downgrade),
        noop_upgrade: Samples::from(noop),
        current: Samples::from(current),
        client_read: Samples::from(client_read),
        peak_rss_kib: peak,
    })
}

// language=SQL
const READ_VERSIONS: &str = "SELECT version_num FROM migrate_version";

/// The database's client reading the version table of the database at `url`, through
/// `/usr/bin/time` as [`migrate`] runs: its wall time.
fn read_versions(target: &Target, url: &str) -> io::Result<Duration> {
    // Over the loopback migrate connects in the clear; so does the client here.
    let url = match target.dialect {
        "postgres" => format!("{url}?sslmode=disable"),
        _ => url.to_owned(),
    };
    let client = client_command(target, &url);
    let started = Instant::now();
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(client.get_program())
        .args(client.get_args())
        .args(match target.dialect {
            "postgres" => vec!["-c", READ_VERSIONS],
            "sqlite" => vec![READ_VERSIONS],
            _ => vec!["-e", READ_VERSIONS],
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    let elapsed = started.elapsed();
    match status.success() {
        true => Ok(elapsed),
        false => Err(io::Error::other(
            "the client could not read the version table",
        )),
    }
}
