//! `[optimizer]`: the settings of the master (docs/optimizer.md), their defaults, and where grid mode places
//! its levels.

use serde::{Deserialize, Serialize};

/// Where grid mode places its candidate levels (`[optimizer] grid_levels`, docs/optimizer.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum GridLevels {
    /// The literature's grid: each fluid's range in steps of `grid_step_k` from its lowest usable temperature.
    #[default]
    Uniform,
    /// The uniform grid with each level moved onto the nearest of the process's own temperatures within half a
    /// step (the local search's anchors), as many levels as the uniform grid.
    Process,
}

impl GridLevels {
    /// The name a case file and the command line use.
    pub fn name(self) -> &'static str {
        match self {
            GridLevels::Uniform => "uniform",
            GridLevels::Process => "process",
        }
    }
}

/// `[optimizer]`: the search's settings. One type serves the case file (with its defaults), the command
/// line's overrides, the checkpoint's hash and `result.json`'s `settings`; `validate/optimizer.rs` checks it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimizerSettings {
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default = "default_population")]
    pub population: usize,
    /// Independent populations of `population` genomes each, evolved side by side.
    #[serde(default = "default_islands")]
    pub islands: usize,
    #[serde(default = "default_generations")]
    pub generations: usize,
    #[serde(default = "default_stall")]
    pub stall_generations: usize,
    #[serde(default = "default_time_limit")]
    pub time_limit_s: f64,
    /// Wall-clock limit of one slave MILP (s). A run may overrun `time_limit_s` by at most one solve.
    #[serde(default = "default_slave_time_limit")]
    pub slave_time_limit_s: f64,
    /// Step of the candidate level grid of grid mode (K).
    #[serde(default = "default_grid_step")]
    pub grid_step_k: f64,
    /// "uniform" (default, the literature's) or "process" (the uniform grid's levels moved onto the
    /// process's own temperatures).
    #[serde(default)]
    pub grid_levels: GridLevels,
    #[serde(default = "default_mip_gap")]
    pub mip_gap: f64,
    /// Relative MIP gap of the GA's candidate evaluations; the best design is solved again at `mip_gap`.
    #[serde(default = "default_screening_mip_gap")]
    pub screening_mip_gap: f64,
    /// Solve the slave's LP relaxation first and start HiGHS from the design rounded from it (docs/slave.md).
    #[serde(default = "default_warm_start")]
    pub warm_start: bool,
    /// Bi-level mode runs grid mode first and seeds the GA with its design; `false` skips it (no grid
    /// baseline; `hpsynth screen` does so to save its time, docs/studies.md).
    #[serde(default = "default_grid_seed")]
    pub grid_seed: bool,
    /// The local search stops before a set of moves once it has evaluated this many candidates (default:
    /// no bound but the time limit). A count, so the result is the same on any number of threads.
    #[serde(default)]
    pub local_search_max_evaluations: Option<usize>,
    /// What the master and the slave minimise: "tac" (default) or "co2" (the CO2 per year, ties broken by
    /// the TAC); `hpsynth pareto` runs its CO2 extreme so.
    #[serde(default = "default_objective")]
    pub objective: Objective,
    /// Every design's CO2 at most this (t/yr): the epsilon constraint of `hpsynth pareto` (a row of the
    /// slave, docs/slave.md). Absent: no bound.
    #[serde(default)]
    pub co2_cap_t_per_yr: Option<f64>,
}

fn default_objective() -> Objective {
    Objective::Tac
}

fn default_grid_seed() -> bool {
    true
}

fn default_warm_start() -> bool {
    true
}

impl Default for OptimizerSettings {
    fn default() -> Self {
        Self {
            seed: default_seed(),
            population: default_population(),
            islands: default_islands(),
            generations: default_generations(),
            stall_generations: default_stall(),
            time_limit_s: default_time_limit(),
            slave_time_limit_s: default_slave_time_limit(),
            grid_step_k: default_grid_step(),
            grid_levels: GridLevels::default(),
            mip_gap: default_mip_gap(),
            screening_mip_gap: default_screening_mip_gap(),
            warm_start: default_warm_start(),
            grid_seed: default_grid_seed(),
            local_search_max_evaluations: None,
            objective: default_objective(),
            co2_cap_t_per_yr: None,
        }
    }
}

fn default_seed() -> u64 {
    1
}
fn default_population() -> usize {
    40
}
fn default_islands() -> usize {
    1
}
fn default_generations() -> usize {
    60
}
fn default_stall() -> usize {
    15
}
fn default_time_limit() -> f64 {
    600.0
}
/// 60 s: a dairy candidate solves in milliseconds at the screening gap (docs/performance.md); the limit
/// only stops a pathological MILP.
fn default_slave_time_limit() -> f64 {
    60.0
}
fn default_grid_step() -> f64 {
    5.0
}
fn default_mip_gap() -> f64 {
    1e-4
}
/// 2 %: with installed costs the fixed charges of the machines weigh more, and the LP relaxation's bound of
/// a dairy candidate lies 1-2 % below the design rounded from it, which is also the MILP's optimum
/// (docs/performance.md). At 1 % HiGHS's branch and bound had to confirm it: 28 ms instead of 8 ms.
fn default_screening_mip_gap() -> f64 {
    2e-2
}

/// What the slave minimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Total annualised cost: annualised investment plus operating cost.
    Tac,
    /// Operating cost only: electricity and utilities (with their CO2 price) and maintenance, the yearly
    /// share of the investment that keeps the plant running.
    Opex,
    /// Annualised investment only.
    Capex,
    /// CO2 emissions (kg/yr), ties broken by the TAC.
    Co2,
}
