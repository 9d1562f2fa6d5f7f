//! The master of the bi-level method (design.md §3): a genetic algorithm over fluids and saturation levels,
//! each candidate priced by the slave MILP; grid mode is the baseline and seeds the first population.
//! See docs/optimizer.md.

mod anchors;
mod engine;
mod ga;
#[cfg(feature = "ga-crate")]
mod ga_crate;
mod grid;
mod local_search;
mod observer;
mod outcome;
mod space;
mod state;

pub use anchors::Anchors;
pub use ga::{Fitness, Operators, next_generation, ranking};
#[cfg(feature = "ga-crate")]
pub use ga_crate::CrateOperators;
pub use grid::{GridResult, GridSummary, grid_levels, grid_mode, grid_template};
pub use local_search::{LocalSearch, local_search};
pub use observer::Progress;
pub use outcome::{
    BestDesign, BestFrom, Counters, GenerationStats, LEADERS, Leader, Mode, OptimizeResult,
    StopCause, StopReason,
};
pub use space::{CycleGene, FluidRange, Genome, Space, SpaceError};

use crate::case::Case;
use engine::Engine;
use observer::{CheckpointWriter, Observer, ProgressCallback};
use std::path::PathBuf;

/// How one run is carried out, besides the case's `[optimizer]` settings (its seed and time limit among
/// them, with the command line's overrides applied to the case).
#[derive(Clone, Debug)]
pub struct RunSettings {
    pub mode: Mode,
    /// Worker threads; 0: rayon's default (all cores).
    pub threads: usize,
    /// Where the checkpoint is written after every generation.
    pub checkpoint: Option<PathBuf>,
    /// Continue from the checkpoint instead of starting afresh.
    pub resume: bool,
    pub operators: Operators,
    /// Write every slave model that fails or hits its time limit into this folder (`--dump-failed`).
    pub dump_failed: Option<PathBuf>,
    /// Designs to put in the first population, after the grid seed (a study's warm starts: the front's
    /// extremes for its interior points); a design of a fluid outside the case's search space is skipped.
    pub seeds: Vec<SeedDesign>,
    /// Set from outside (Ctrl-C in Python) to stop the run after the generation under way, as an observer
    /// returning `false` does.
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

/// A design the first population starts from: each cycle's fluid and levels, and the refrigerant's
/// dT_min/2 if the master chooses it.
#[derive(Clone, Debug, PartialEq)]
pub struct SeedDesign {
    pub cycles: Vec<crate::slave::CycleChoice>,
    pub dt_min_half_k: Option<f64>,
}

/// Why a run could not be done.
#[derive(Debug, thiserror::Error)]
pub enum MasterError {
    #[error(transparent)]
    Space(#[from] SpaceError),
    #[error("checkpoint {file}: {message}")]
    Checkpoint { file: String, message: String },
    #[error(
        "cannot write the checkpoint {file}; the run stopped (free space in the output folder or choose \
         another --out; --resume continues from the last checkpoint written)"
    )]
    CheckpointWrite {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("thread pool: {0}")]
    Threads(String),
    /// The GA on the genetic_algorithm crate could not run (feature `ga-crate`).
    #[cfg(feature = "ga-crate")]
    #[error("{0}")]
    GaCrate(String),
}

/// Runs grid mode, and for `Mode::Bilevel` the GA seeded by it. `observe` sees every generation and returns
/// whether to go on (stopping leaves the checkpoint of the previous generation, as a killed run would),
/// then the start of the local search.
pub fn optimize(
    case: &Case,
    run: &RunSettings,
    observe: &mut (dyn FnMut(Progress) -> bool + Send),
) -> Result<OptimizeResult, MasterError> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if run.threads > 0 {
        builder = builder.num_threads(run.threads);
    }
    let pool = builder
        .build()
        .map_err(|e| MasterError::Threads(e.to_string()))?;
    let span =
        tracing::info_span!("run", case = %case.name, seed = case.optimizer.seed, mode = ?run.mode);
    pool.install(|| span.in_scope(|| optimize_in_pool(case, run, observe)))
}

/// Drives the engine's steps (engine.rs) and tells the observers (observer.rs).
fn optimize_in_pool(
    case: &Case,
    run: &RunSettings,
    observe: &mut (dyn FnMut(Progress) -> bool + Send),
) -> Result<OptimizeResult, MasterError> {
    let mut progress = ProgressCallback(observe);
    let mut checkpoints = run.checkpoint.clone().map(CheckpointWriter);
    let mut engine = Engine::start(case, run)?;
    if run.mode == Mode::Grid {
        let (best, from) = engine.best_design();
        return Ok(engine.finish(best, from, StopReason::new(StopCause::GridMode)));
    }
    // A resume from the final checkpoint has nothing left to run.
    let mut stop_reason = match engine.state.stop_reason.clone() {
        Some(reason) => reason,
        #[cfg(feature = "ga-crate")]
        None if run.operators.on_crate.is_some() => StopReason::new(
            engine.evolve_with_crate(run.operators.on_crate.unwrap_or(CrateOperators::Own))?,
        ),
        None => loop {
            let (stats, fitness) = engine.generation();
            let stopped = run
                .stop
                .as_ref()
                .is_some_and(|s| s.load(std::sync::atomic::Ordering::SeqCst));
            if !progress.generation(&stats) || stopped {
                // As if killed here: the checkpoint on disk is the previous generation's.
                return Ok(engine.finish(
                    None,
                    BestFrom::Interrupted,
                    StopReason::new(StopCause::Interrupted),
                ));
            }
            if let Some(cause) = engine.advance() {
                break StopReason::new(cause);
            }
            engine.breed(&fitness);
            if let Some(c) = &mut checkpoints {
                c.state(&engine.state)?;
            }
        },
    };
    engine.local_search(&mut stop_reason, &mut |tac| progress.local_search(tac));
    engine.state.stop_reason = Some(stop_reason.clone());
    let (best, from) = engine.best_design();
    if let Some(c) = &mut checkpoints {
        c.state(&engine.state)?;
    }
    Ok(engine.finish(best, from, stop_reason))
}
