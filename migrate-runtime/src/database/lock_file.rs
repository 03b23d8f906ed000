//! SQLite's migration lock: SQLite has no session lock, so a runner holds an exclusive OS
//! file lock (`flock` on Unix, `LockFileEx` on Windows) on `<database>-migrate-lock` beside
//! the database file for its whole run. The operating system releases it when the process
//! ends, however it ends, so a kill cannot leave it held. The file names who holds it, and on
//! Unix it is removed when the run ends (a killed run leaves it behind, unlocked and harmless).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::clock;

/// The holder of a lock file that names none (yet).
const UNKNOWN_HOLDER: &str = "another process";

/// How often a waiting runner tries again.
const RETRY: Duration = Duration::from_millis(50);

/// A held lock file: the lock lasts until it is dropped.
#[derive(Debug)]
pub(crate) struct LockFile {
    file: File,
    path: PathBuf,
}

impl Drop for LockFile {
    /// Remove the file while still holding its lock (the lock goes with the file handle
    /// right after); a runner that waited on it finds it gone and takes a new one.
    fn drop(&mut self) {
        if cfg!(unix) && same_file(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// How taking the lock ended.
#[derive(Debug)]
pub(crate) enum Taken {
    /// Held until the value is dropped.
    Held(LockFile),
    /// Another process held it for longer than the timeout.
    TimedOut {
        /// Who, as the lock file says.
        holder: String,
    },
}

/// The lock file of the SQLite database `database`.
pub(crate) fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push("-migrate-lock");
    PathBuf::from(name)
}

/// Take the lock of `database`, waiting at most `timeout` (for ever when `None`), and say in
/// the log that it waits and for whom.
pub(crate) async fn acquire(
    database: &Path,
    timeout: Option<Duration>,
) -> Result<Taken, std::io::Error> {
    let path = lock_path(database);
    let started = Instant::now();
    let mut announced = false;
    let mut file = loop {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        match file.try_lock() {
            // The holder before may have removed the file just as it was opened here.
            Ok(()) if same_file(&file, &path) => break file,
            Ok(()) => continue,
            Err(TryLockError::Error(cause)) => return Err(cause),
            Err(TryLockError::WouldBlock) => {}
        }
        let holder = holder(&mut file);
        if timeout.is_some_and(|t| started.elapsed() >= t) {
            return Ok(Taken::TimedOut { holder });
        }
        // The holder writes its name just after it locks: give it a moment before saying.
        let known = holder != UNKNOWN_HOLDER || started.elapsed() >= Duration::from_millis(500);
        if known && !std::mem::replace(&mut announced, true) {
            tracing::info!(
                lock = %path.display(),
                "waiting for the migration lock, held by {holder}"
            );
        }
        tokio::time::sleep(RETRY).await;
    };
    if announced {
        tracing::info!("got the migration lock after {:.1?}", started.elapsed());
    }
    let me = format!("process {} since {}", std::process::id(), clock::now());
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(me.as_bytes())?;
    Ok(Taken::Held(LockFile { file, path }))
}

/// Whether `path` still names the open `file` (always assumed off Unix, where a lock file is
/// never removed).
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Who holds the lock, as its holder wrote it.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let read = file.rewind().and_then(|()| file.read_to_string(&mut text));
    match read {
        Ok(_) if !text.trim().is_empty() => text.trim().chars().take(200).collect(),
        _ => UNKNOWN_HOLDER.to_owned(),
    }
}
