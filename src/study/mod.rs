//! Studies: many optimisations of one case, each an independent job (docs/studies.md).
//!
//! - `screen`: every admissible fluid optimised on its own with a screening budget, ranked (screen.rs);
//! - `sweep`: the case re-optimised at every point of a grid over some of its own keys, with the tipping
//!   points where the structure changes and where the heat pump stops paying (sweep.rs);
//! - `pareto`: the TAC-CO2 front by the epsilon-constraint method (pareto.rs).
//!
//! drive.rs runs a study from start to finish (the command line and Python call it).
//!
//! A study is a list of jobs ([`Job`]), each a case to optimise with the study's seed, and a finish that
//! turns the jobs' records into the study's result. The jobs do not depend on one another, so a study can be
//! split into shards (`--shard K/N`: the jobs whose index is `K - 1` modulo `N`), each written to its own
//! file and merged later (shard.rs): the merge calls the same finish on the same records, so the merged
//! result is the unsharded one.

pub mod drive;
pub mod edit;
pub mod pareto;
pub mod record;
pub mod run;
pub mod screen;
pub mod shard;
pub mod sweep;

pub use drive::{StudyOutcome, StudyResult, StudySettings};
pub use record::{DesignSummary, JobRecord, JobStatus};
pub use run::{Job, StudyProgress, run_indices, run_jobs};
pub use shard::{Shard, ShardFile, StudyKind, StudySpec};

/// Why a study could not be run or merged.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Case(#[from] crate::case::CaseError),
    #[error("cannot write {file} (check that the output folder is writable and has free space)")]
    Write {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Shard { file: String, message: String },
    #[error(transparent)]
    Master(#[from] crate::master::MasterError),
    /// The study's report page (written by the report layer) failed.
    #[error("the study's report page was not written")]
    Report(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error(transparent)]
    Lock(#[from] crate::folder_lock::FolderLockError),
    /// Stopped from outside (`StudySettings::stop`): nothing was written.
    #[error("the study was interrupted")]
    Interrupted,
}
