//! What a run gives: its best design, where it came from, why it stopped, its history and counters.

use super::GridSummary;
use crate::slave::{CycleChoice, Evaluation};
use crate::superstructure::Superstructure;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What `optimize` runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// GA master over fluids and levels, slave MILP per candidate, seeded by grid mode.
    #[default]
    Bilevel,
    /// The fixed-grid MILP alone.
    Grid,
}

/// Where a run's best design came from (`best_from` in result.json).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BestFrom {
    /// The GA and its local search beat the grid design.
    Bilevel,
    /// The grid design (grid mode, or a bi-level run that did not beat it).
    Grid,
    /// The run was stopped by its observer before it finished: no design.
    Interrupted,
}

impl std::fmt::Display for BestFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BestFrom::Bilevel => "bilevel",
            BestFrom::Grid => "grid",
            BestFrom::Interrupted => "interrupted",
        })
    }
}

/// Why a run stopped (`stop_reason` in result.json, as the text of [`StopReason`]'s `Display`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StopReason {
    pub cause: StopCause,
    /// The local search after the GA was cut short by the time limit.
    pub local_search_cut_short: bool,
}

/// What ended the GA.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum StopCause {
    /// Its generation budget was spent.
    GenerationBudget(usize),
    /// So many generations passed without improvement.
    NoImprovement(usize),
    /// The run's wall-clock limit (s).
    TimeLimit(f64),
    /// Grid mode: no GA.
    GridMode,
    /// Stopped by its observer.
    Interrupted,
}

impl StopReason {
    pub(super) fn new(cause: StopCause) -> StopReason {
        StopReason {
            cause,
            local_search_cut_short: false,
        }
    }
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.cause {
            StopCause::GenerationBudget(n) => write!(f, "generation budget ({n})")?,
            StopCause::NoImprovement(n) => write!(f, "no improvement for {n} generations")?,
            StopCause::TimeLimit(s) => write!(f, "time limit ({s:.0} s)")?,
            StopCause::GridMode => f.write_str("grid mode")?,
            StopCause::Interrupted => f.write_str("interrupted")?,
        }
        if self.local_search_cut_short {
            f.write_str("; local search stopped at the time limit")?;
        }
        Ok(())
    }
}

/// A run's best design, whole: its cycles, the superstructures its units are nodes of, and its evaluation.
#[derive(Clone, Debug)]
pub struct BestDesign {
    pub cycles: Vec<CycleChoice>,
    pub superstructures: Vec<Superstructure>,
    pub evaluation: Evaluation,
}

impl BestDesign {
    pub(super) fn tac_eur_per_yr(&self) -> Option<f64> {
        self.evaluation
            .design
            .as_ref()
            .map(|d| d.costs.tac_eur_per_yr)
    }
}

/// One generation of the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GenerationStats {
    pub generation: usize,
    pub best_tac_eur_per_yr: Option<f64>,
    /// Mean TAC of the feasible candidates of the generation.
    pub mean_tac_eur_per_yr: Option<f64>,
    pub feasible_share: f64,
    /// Slave evaluations in this generation (cache misses).
    pub evaluations: usize,
    pub cache_hits: usize,
}

/// Counters of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counters {
    pub evaluations: usize,
    pub cache_hits: usize,
    /// Candidates without a design, by reason.
    pub without_design: BTreeMap<String, usize>,
    /// Of the evaluations, those of the local search after the GA (local_search.rs), and its improving moves.
    #[serde(default)]
    #[serde(rename = "polish_evaluations")]
    pub local_search_evaluations: usize,
    #[serde(default)]
    #[serde(rename = "polish_moves")]
    pub local_search_moves: usize,
    /// Of the improving moves, the jumps to an anchor temperature or another fluid.
    #[serde(default)]
    #[serde(rename = "polish_jumps")]
    pub local_search_jumps: usize,
}

/// How many leaders a run keeps.
pub const LEADERS: usize = 10;

/// One of the run's best distinct candidates, as its fitness ranked it (for re-ranking by a finer model:
/// `optimize --network`).
#[derive(Clone, Debug, PartialEq)]
pub struct Leader {
    pub cycles: Vec<CycleChoice>,
    /// The candidate's refrigerant dT_min/2 (K), when the run optimises it.
    pub dt_min_half_k: Option<f64>,
    /// Its fitness: the objective's value as the search evaluated it.
    pub fitness: f64,
}

/// The outcome of `optimize`.
#[derive(Clone, Debug)]
pub struct OptimizeResult {
    pub mode: Mode,
    /// The site without a heat pump, as the run solved it (its settings and evaluation): what the design
    /// is compared with.
    pub site: crate::slave::SiteBaseline,
    /// The best design, if any candidate had one.
    pub best: Option<BestDesign>,
    /// Where the best design came from.
    pub best_from: BestFrom,
    pub grid: Option<GridSummary>,
    /// `(grid TAC - best TAC) / grid TAC`, in %.
    pub improvement_over_grid_pct: Option<f64>,
    pub history: Vec<GenerationStats>,
    /// The best distinct candidates the search evaluated, best first ([`LEADERS`] at most; candidates of
    /// equal fitness to the euro are one design with other unused levels).
    pub leaders: Vec<Leader>,
    pub counters: Counters,
    pub stop_reason: StopReason,
    pub seconds: f64,
}
