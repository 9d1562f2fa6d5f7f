//! The run state between the engine's steps (engine.rs), which is also the checkpoint: what binds it to a
//! case, and its reading and writing.

use super::{
    Counters, Fitness, GenerationStats, Genome, GridSummary, MasterError, Space, StopReason,
};
use crate::case::Case;
use crate::files::write_atomically;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The state of a run between its steps, and everything needed to continue it exactly: written as the
/// checkpoint after every generation and at the end.
#[derive(Serialize, Deserialize)]
pub(super) struct RunState {
    /// A hash of each part of the loaded case and of the program version (`case_sections`): a resume with
    /// anything changed is refused, naming what changed.
    #[serde(default)]
    pub(super) case_sections: BTreeMap<String, String>,
    pub(super) generation: usize,
    pub(super) population: Vec<Genome>,
    pub(super) rng: ChaCha8Rng,
    pub(super) best: Option<(Genome, Fitness)>,
    pub(super) stall: usize,
    pub(super) history: Vec<GenerationStats>,
    pub(super) counters: Counters,
    pub(super) cache: BTreeMap<String, Fitness>,
    pub(super) grid: Option<GridSummary>,
    pub(super) grid_seed: Option<Genome>,
    pub(super) elapsed_s: f64,
    /// Why the run stopped, once the GA and the local search after it are done (the final checkpoint): a
    /// resume from it must not run a generation or walk (and count) again.
    #[serde(default)]
    pub(super) stop_reason: Option<StopReason>,
}

impl Default for RunState {
    /// No generation yet, an empty population, an RNG to be replaced by the run's.
    fn default() -> RunState {
        RunState {
            case_sections: BTreeMap::new(),
            generation: 0,
            population: Vec::new(),
            rng: ChaCha8Rng::seed_from_u64(0),
            best: None,
            stall: 0,
            history: Vec::new(),
            counters: Counters::default(),
            cache: BTreeMap::new(),
            grid: None,
            grid_seed: None,
            elapsed_s: 0.0,
            stop_reason: None,
        }
    }
}

/// A hash of each part of the case a run depends on (case/fingerprint.rs: every field of the loaded case
/// by top-level part, without where it was read from and the time limit, which a resumed run may change),
/// of the search space drawn from it, and of the program version; SipHash with fixed keys, and a checkpoint
/// is only read by the same program version.
pub(super) fn case_sections(case: &Case, space: &Space) -> BTreeMap<String, String> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let hash = |text: String| {
        let mut h = DefaultHasher::new();
        text.hash(&mut h);
        format!("{:016x}", h.finish())
    };
    let mut sections: BTreeMap<String, String> =
        crate::case::fingerprint::parts(case).into_iter().collect();
    sections.insert(
        "program version".into(),
        hash(env!("CARGO_PKG_VERSION").to_string()),
    );
    sections.insert("search space".into(), hash(format!("{space:?}")));
    sections
}

pub(super) fn save(path: &Path, state: &RunState) -> Result<(), MasterError> {
    let text = serde_json::to_vec(state).map_err(|e| MasterError::Checkpoint {
        file: path.display().to_string(),
        message: e.to_string(),
    })?;
    write_atomically(path, &text).map_err(|source| MasterError::CheckpointWrite {
        file: path.display().to_string(),
        source,
    })
}

pub(super) fn load(
    path: &Path,
    sections: &BTreeMap<String, String>,
) -> Result<RunState, MasterError> {
    let err = |message: String| MasterError::Checkpoint {
        file: path.display().to_string(),
        message,
    };
    let text = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    let c: RunState = serde_json::from_slice(&text).map_err(|e| err(format!("unreadable: {e}")))?;
    let changed: Vec<&str> = sections
        .iter()
        .filter(|(name, hash)| c.case_sections.get(*name) != Some(*hash))
        .map(|(name, _)| name.as_str())
        .collect();
    if !changed.is_empty() {
        return Err(err(format!(
            "the case has changed since this checkpoint was written ({}); its cached evaluations would be \
             wrong: start without --resume (or with another --out)",
            changed.join(", ")
        )));
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A resume may be given another time limit, not another seed or price.
    #[test]
    fn the_checkpoint_binds_the_seed_and_prices_but_not_the_time_limit() {
        let case = Case::from_toml_str(
            crate::master::anchors::tests::CASE,
            "state.toml",
            Path::new("."),
        )
        .unwrap();
        let space = Space::new(&case).unwrap();
        let sections = |c: &Case| case_sections(c, &space);
        let changed = |c: &Case| -> Vec<String> {
            let (a, b) = (sections(&case), sections(c));
            a.keys().filter(|k| a[*k] != b[*k]).cloned().collect()
        };
        let mut longer = case.clone();
        longer.optimizer.time_limit_s *= 10.0;
        assert!(changed(&longer).is_empty());
        let mut reseeded = case.clone();
        reseeded.optimizer.seed += 1;
        assert_eq!(changed(&reseeded), ["optimizer"]);
        let mut dearer = case.clone();
        dearer.electricity.price_eur_per_j *= 2.0;
        assert_eq!(changed(&dearer), ["electricity"]);
    }
}
