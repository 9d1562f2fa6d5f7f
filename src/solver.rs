//! Solving good_lp models with HiGHS: one thread per solve (the optimiser parallelises over candidates),
//! quiet, and the outcome as a value, never a panic.

use good_lp::solvers::highs::{HighsProblem, HighsSolution};
use good_lp::{ResolutionError, Solution, SolutionStatus, SolverModel};
use serde::Serialize;

/// How a solve ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "detail")]
pub enum Outcome {
    /// Proven optimal (within the MIP gap setting for MILPs).
    Optimal,
    /// Stopped at the MIP gap with a feasible incumbent.
    GapLimited,
    /// Stopped by the time limit with a feasible incumbent.
    TimeLimited,
    /// No feasible point exists.
    Infeasible,
    /// The objective is unbounded (a modelling error, reported as such).
    Unbounded,
    /// The solver failed or stopped without a feasible point.
    Failed(String),
}

impl Outcome {
    /// Whether a solution (values of the variables) comes with it.
    pub fn has_solution(&self) -> bool {
        matches!(
            self,
            Outcome::Optimal | Outcome::GapLimited | Outcome::TimeLimited
        )
    }
}

/// Limits of one solve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SolveSettings {
    pub time_limit_s: f64,
    pub mip_rel_gap: f64,
}

impl Default for SolveSettings {
    fn default() -> Self {
        SolveSettings {
            time_limit_s: 60.0,
            mip_rel_gap: 1e-4,
        }
    }
}

/// Solves `model` with one HiGHS thread under `settings`.
pub fn solve(model: HighsProblem, settings: SolveSettings) -> (Outcome, Option<HighsSolution>) {
    // HiGHS's own log on stderr, for diagnosing a slow or odd solve.
    let log = std::env::var_os("HPSYNTH_HIGHS_LOG").is_some();
    let model = model
        .set_threads(1)
        .set_time_limit(settings.time_limit_s)
        .set_option("mip_rel_gap", settings.mip_rel_gap)
        .set_option("output_flag", log)
        .set_option("log_to_console", log);
    // Extra HiGHS options for experiments: HPSYNTH_HIGHS_OPTIONS="name=value,name=value" (numbers or words).
    let mut model = model;
    if let Ok(extra) = std::env::var("HPSYNTH_HIGHS_OPTIONS") {
        for pair in extra.split(',').filter(|p| !p.is_empty()) {
            if let Some((k, v)) = pair.split_once('=') {
                model = match (v.parse::<i32>(), v.parse::<f64>()) {
                    (Ok(i), _) => model.set_option(k, i),
                    (_, Ok(f)) => model.set_option(k, f),
                    _ => model.set_option(k, v),
                };
            }
        }
    }
    match model.solve() {
        Ok(solution) => {
            let outcome = match solution.status() {
                SolutionStatus::Optimal => Outcome::Optimal,
                SolutionStatus::GapLimit => Outcome::GapLimited,
                SolutionStatus::TimeLimit => Outcome::TimeLimited,
            };
            (outcome, Some(solution))
        }
        Err(ResolutionError::Infeasible) => (Outcome::Infeasible, None),
        Err(ResolutionError::Unbounded) => (Outcome::Unbounded, None),
        Err(e) => (Outcome::Failed(e.to_string()), None),
    }
}
