//! One run per output folder. A run writing into a folder holds an advisory lock on `FOLDER/.hpsynth.lock`
//! (`flock` on Linux, `LockFileEx` on Windows, through [`std::fs::File::try_lock`]) for as long as it writes
//! there; a second run into the same folder is refused with the holder's description (process, host,
//! command, age) instead of silently overwriting its files.
//!
//! The operating system drops the lock when the holding process ends, however it ends, so a killed run's
//! folder is free at once and `--resume` continues it; nothing stale has to be cleaned up. The lock file
//! itself stays in the folder: deleting it on release would let two later runs lock two different files of
//! the same name.

use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The lock file's name inside an output folder.
pub const LOCK_FILE: &str = ".hpsynth.lock";

/// A held lock on an output folder; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct FolderLock {
    /// Kept open: closing the file releases the lock.
    _file: File,
    path: PathBuf,
}

/// Why a folder could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum FolderLockError {
    #[error(
        "{folder} is in use by another run ({holder}); wait for it to finish, stop it, or choose another \
         --out"
    )]
    Held { folder: String, holder: String },
    #[error("cannot lock {file} (check that the output folder is writable)")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// Who holds a folder, as written into the lock file.
#[derive(Debug, Serialize, Deserialize)]
struct Holder {
    pid: u32,
    host: String,
    command: String,
    started_unix_s: u64,
}

impl Holder {
    fn this_process() -> Self {
        Holder {
            pid: std::process::id(),
            host: std::fs::read_to_string("/proc/sys/kernel/hostname")
                .map(|h| h.trim().to_string())
                .or_else(|_| std::env::var("HOSTNAME"))
                .unwrap_or_else(|_| "this host".into()),
            command: std::env::args().collect::<Vec<_>>().join(" "),
            started_unix_s: unix_now_s(),
        }
    }

    fn describe(&self) -> String {
        format!(
            "process {} on {}, `{}`, started {} s ago",
            self.pid,
            self.host,
            self.command,
            unix_now_s().saturating_sub(self.started_unix_s)
        )
    }
}

fn unix_now_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl FolderLock {
    /// Locks `folder` (which must exist) for this process, or says who holds it.
    pub fn acquire(folder: &Path) -> Result<FolderLock, FolderLockError> {
        let path = folder.join(LOCK_FILE);
        let io = |source| FolderLockError::Io {
            file: path.display().to_string(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let holder = match file.read_to_string(&mut text) {
                    Ok(_) => serde_json::from_str::<Holder>(&text)
                        .map_or_else(|_| "its description unreadable".into(), |h| h.describe()),
                    Err(_) => "its description unreadable".into(),
                };
                return Err(FolderLockError::Held {
                    folder: folder.display().to_string(),
                    holder,
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        // Ours now: say who holds it, for a run that is refused.
        let description = serde_json::to_string(&Holder::this_process())
            .map_err(|e| io(std::io::Error::other(e)))?;
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(description.as_bytes()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(FolderLock { _file: file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A second lock on a held folder is refused with the holder's process; once the first is dropped (as
    /// when its process ends) the folder locks again.
    #[test]
    fn a_held_folder_is_refused_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::acquire(dir.path()).unwrap();
        let refused = FolderLock::acquire(dir.path()).unwrap_err();
        let message = refused.to_string();
        assert!(matches!(refused, FolderLockError::Held { .. }), "{message}");
        assert!(
            message.contains(&format!("process {}", std::process::id())),
            "{message}"
        );
        assert!(
            message.contains(&dir.path().display().to_string()),
            "{message}"
        );
        drop(first);
        let again = FolderLock::acquire(dir.path()).unwrap();
        assert!(again.path().ends_with(LOCK_FILE));
    }
}
