//! Observers of a run: the caller's progress callback and the checkpoint writer. The engine (engine.rs)
//! calls them between its steps; none of them changes the run.

use super::{GenerationStats, MasterError, state::RunState};
use std::path::PathBuf;

/// What `optimize` reports while it runs.
#[derive(Clone, Copy, Debug)]
pub enum Progress<'a> {
    /// A generation was evaluated. The observer's answer is read here only: `false` stops the run, as if
    /// it were killed after this generation.
    Generation(&'a GenerationStats),
    /// The GA has stopped; the local search (local_search.rs) starts from this TAC.
    LocalSearch { from_tac_eur_per_yr: f64 },
    /// After the run (`optimize --network`): the network of design `design` of `of` was synthesised in
    /// `seconds`.
    Network {
        design: usize,
        of: usize,
        seconds: f64,
    },
}

/// Something that watches a run.
pub(super) trait Observer {
    /// A generation was evaluated; `false` stops the run as if it were killed here (the last state written
    /// is the previous generation's).
    fn generation(&mut self, _stats: &GenerationStats) -> bool {
        true
    }
    /// The local search starts from this TAC.
    fn local_search(&mut self, _from_tac_eur_per_yr: f64) {}
    /// A state a run can continue from: after each generation's breeding, and the final one.
    fn state(&mut self, _state: &RunState) -> Result<(), MasterError> {
        Ok(())
    }
}

/// The caller's callback of [`super::optimize`].
pub(super) struct ProgressCallback<'a>(pub &'a mut (dyn FnMut(Progress) -> bool + Send));

impl Observer for ProgressCallback<'_> {
    fn generation(&mut self, stats: &GenerationStats) -> bool {
        (self.0)(Progress::Generation(stats))
    }
    fn local_search(&mut self, from_tac_eur_per_yr: f64) {
        (self.0)(Progress::LocalSearch {
            from_tac_eur_per_yr,
        });
    }
}

/// Writes every state it sees to one file, atomically (state.rs).
pub(super) struct CheckpointWriter(pub PathBuf);

impl Observer for CheckpointWriter {
    fn state(&mut self, state: &RunState) -> Result<(), MasterError> {
        super::state::save(&self.0, state)
    }
}
