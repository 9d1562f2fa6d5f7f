//! A run written to a folder, as `hpsynth optimize` does: the library entry that the command line, the
//! studies and scripts call.
//!
//! Order, so that a folder never shows a finished-looking result that is not this run's: the folder is
//! made and locked for this run (a second run into it is refused while this one lives: folder_lock.rs), an
//! earlier `result.json` and report removed, the run checkpoints into `checkpoint.json` as it goes,
//! then `history.csv`, the report, and `result.json` last, each written atomically.

use super::{ReportError, remove_stale, write_run_report};
use crate::case::Case;
use crate::files::write_atomically;
use crate::folder_lock::{FolderLock, FolderLockError};
use crate::master::{MasterError, OptimizeResult, Progress, RunSettings, optimize};
use crate::summary::network::DesignNetworkReport;
use crate::summary::network_ranking::RankedDesign;
use crate::summary::optimize::{ResultReport, history_csv, result_report};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Why a run to a folder stopped.
#[derive(Debug, thiserror::Error)]
pub enum RunFolderError {
    #[error("cannot create {dir} (check the path and its permissions)")]
    Create {
        dir: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {file} (check that the output folder is writable and has free space)")]
    Write {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Run(#[from] MasterError),
    #[error("the report was not written")]
    Report(#[from] ReportError),
    #[error(transparent)]
    Lock(#[from] FolderLockError),
    /// The observer stopped the run: its checkpoint is the last finished generation's, and no
    /// `result.json` was written.
    #[error("the run was interrupted; --resume continues from its checkpoint")]
    Interrupted,
}

/// What a finished run wrote.
pub struct RunFolder {
    pub result: OptimizeResult,
    /// `result.json`, as written.
    pub report: ResultReport,
    /// The folder.
    pub out: PathBuf,
}

/// Runs `case` with `run` into `out` (its checkpoint is `out/checkpoint.json`, whatever `run.checkpoint`
/// says), calling `observe` as [`optimize`] does; `threads` is recorded in `result.json`.
pub fn optimize_to_dir(
    case: &Case,
    run: &RunSettings,
    out: &Path,
    observe: &mut (dyn FnMut(crate::master::Progress) -> bool + Send),
) -> Result<RunFolder, RunFolderError> {
    run_in_dir(case, run, out, observe)?.finish(case, &RunExtras::default())
}

/// A run finished in its folder, which it still holds: `history.csv` written, the report and
/// `result.json` not yet ([`RunInDir::finish`]), so that work on the result (its networks) comes before
/// the files that say the run is complete.
pub struct RunInDir {
    pub result: OptimizeResult,
    threads: usize,
    out: PathBuf,
    _lock: FolderLock,
}

/// What a run's folder holds beyond the run: the networks of its best designs (`optimize --network`).
#[derive(Default)]
pub struct RunExtras<'a> {
    /// The leaders ranked again by their networks (into result.json).
    pub ranking: Vec<RankedDesign>,
    /// The network of the run's own design (into its report).
    pub network: Option<&'a DesignNetworkReport>,
    /// The network with the lowest TAC of its design (its own report, network.html).
    pub best_network: Option<&'a DesignNetworkReport>,
}

/// [`optimize_to_dir`]'s run, up to its result: the folder made and locked, an earlier result and report
/// removed, the checkpoints and `history.csv` written.
pub fn run_in_dir(
    case: &Case,
    run: &RunSettings,
    out: &Path,
    observe: &mut (dyn FnMut(crate::master::Progress) -> bool + Send),
) -> Result<RunInDir, RunFolderError> {
    std::fs::create_dir_all(out).map_err(|source| RunFolderError::Create {
        dir: out.display().to_string(),
        source,
    })?;
    // Held until the last file is written (dropped with the RunInDir).
    let lock = FolderLock::acquire(out)?;
    let result_path = out.join("result.json");
    // A result from an earlier run must not look like this run's while it is under way.
    match std::fs::remove_file(&result_path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(RunFolderError::Write {
                file: result_path.display().to_string(),
                source: e,
            });
        }
        _ => {}
    }
    remove_stale(out)?;
    super::design_network::remove_stale(out)?;
    let run = RunSettings {
        checkpoint: Some(out.join("checkpoint.json")),
        ..run.clone()
    };
    // The wall time at the end of each generation, for history.csv.
    let start = Instant::now();
    let mut elapsed: Vec<(usize, f64)> = Vec::new();
    let mut watch = |p: Progress| {
        if let Progress::Generation(g) = &p {
            elapsed.push((g.generation, start.elapsed().as_secs_f64()));
        }
        observe(p)
    };
    let result = optimize(case, &run, &mut watch)?;
    // Stopped by its observer (Ctrl-C in Python): a resume continues from the checkpoint; nothing here may
    // look like a finished run.
    if result.stop_reason.cause == crate::master::StopCause::Interrupted {
        return Err(RunFolderError::Interrupted);
    }
    write(
        out.join("history.csv"),
        history_csv(&result.history, &elapsed).as_bytes(),
    )?;
    Ok(RunInDir {
        result,
        threads: run.threads,
        out: out.to_path_buf(),
        _lock: lock,
    })
}

fn write(path: PathBuf, contents: &[u8]) -> Result<(), RunFolderError> {
    write_atomically(&path, contents).map_err(|source| RunFolderError::Write {
        file: path.display().to_string(),
        source,
    })
}

impl RunInDir {
    /// The `result.json` this run will write (without `extras`).
    pub fn report(&self, case: &Case) -> ResultReport {
        result_report(case, &self.result, self.threads)
    }

    /// Writes the best network's report (if any), the run's report (with its design's network, if any),
    /// and `result.json` last; releases the folder.
    pub fn finish(self, case: &Case, extras: &RunExtras) -> Result<RunFolder, RunFolderError> {
        let out = &self.out;
        let mut report = self.report(case);
        report.network_ranking = extras.ranking.clone();
        if let Some(best) = extras.best_network {
            super::design_network::write(out, best)?;
        }
        let versus = report
            .versus_no_heat_pump
            .as_ref()
            .or(report.versus_existing_site.as_ref());
        write_run_report(case, &self.result, versus, extras.network, out)?;
        let result_path = out.join("result.json");
        let json = serde_json::to_string_pretty(&report).map_err(|e| RunFolderError::Write {
            file: result_path.display().to_string(),
            source: std::io::Error::other(e),
        })?;
        write(result_path, json.as_bytes())?;
        Ok(RunFolder {
            result: self.result,
            report,
            out: self.out,
        })
    }
}
