//! Solving good_lp models with HiGHS: one thread per solve (the optimiser parallelises over candidates),
//! quiet, and the outcome as a value, never a panic.

use good_lp::solvers::highs::HighsProblem;
use good_lp::{Solution, SolutionStatus, Variable};
use highs::{HighsModelStatus, HighsSolutionStatus};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

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
    /// Stopped by the time limit before any feasible point was found.
    TimeLimitedWithoutSolution,
    /// No feasible point exists.
    Infeasible,
    /// The objective is unbounded (a modelling error, reported as such).
    Unbounded,
    /// The solver failed or stopped without a feasible point, for the reason given.
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

    /// A failure worth a look (`--dump-failed`): not a proven answer, nor a proven infeasibility.
    fn is_failure(&self) -> bool {
        !matches!(
            self,
            Outcome::Optimal | Outcome::GapLimited | Outcome::Infeasible
        )
    }
}

/// Values of a solved model's variables: a good_lp [`Solution`].
#[derive(Clone, Debug, Default)]
pub struct Values(pub HashMap<Variable, f64>);

impl Solution for Values {
    fn status(&self) -> SolutionStatus {
        SolutionStatus::Optimal
    }

    fn value(&self, variable: Variable) -> f64 {
        self.0.get(&variable).copied().unwrap_or(0.0)
    }
}

/// Limits of one solve.
#[derive(Clone, Debug, PartialEq)]
pub struct SolveSettings {
    pub time_limit_s: f64,
    pub mip_rel_gap: f64,
    /// Write every failed model (time limit, numerical failure, unbounded: [`Outcome`]) into this folder as
    /// an MPS file that HiGHS reads back (`--dump-failed`).
    pub dump_failed: Option<Arc<PathBuf>>,
}

impl Default for SolveSettings {
    fn default() -> Self {
        SolveSettings {
            time_limit_s: 60.0,
            mip_rel_gap: 1e-4,
            dump_failed: None,
        }
    }
}

/// The variables of `vars` in column order, for [`solve`].
pub fn variables_of(vars: &good_lp::ProblemVariables) -> Vec<Variable> {
    vars.iter_variables_with_def().map(|(v, _)| v).collect()
}

/// Solves `model` with one HiGHS thread under `settings`, from `start` (a value per variable) if given.
/// `variables` are the model's variables in the order they were created (good_lp's column order,
/// `ProblemVariables::iter_variables_with_def`).
///
/// HiGHS is called here rather than through good_lp's `solve`, which reports a time limit without a
/// feasible point as a bare "NoSolutionFound" and keeps no handle to write a failed model.
pub fn solve(
    model: HighsProblem,
    variables: &[Variable],
    settings: &SolveSettings,
    start: Option<&[f64]>,
) -> (Outcome, Option<Values>) {
    let mut model = match model.try_into_inner() {
        Ok(m) => m,
        Err(e) => return (Outcome::Failed(e.to_string()), None),
    };
    // HiGHS's own log on stderr, for diagnosing a slow or odd solve.
    let log = std::env::var_os("HPSYNTH_HIGHS_LOG").is_some();
    let options = [
        model.try_set_option("threads", 1),
        model.try_set_option("time_limit", settings.time_limit_s),
        model.try_set_option("mip_rel_gap", settings.mip_rel_gap),
        model.try_set_option("output_flag", log),
        model.try_set_option("log_to_console", log),
    ];
    if options.iter().any(Result::is_err) {
        return (Outcome::Failed("HiGHS refused an option".into()), None);
    }
    // Extra HiGHS options for experiments: HPSYNTH_HIGHS_OPTIONS="name=value,name=value" (numbers or words).
    if let Ok(extra) = std::env::var("HPSYNTH_HIGHS_OPTIONS") {
        for pair in extra.split(',').filter(|p| !p.is_empty()) {
            if let Some((k, v)) = pair.split_once('=') {
                let set = match (v.parse::<i32>(), v.parse::<f64>()) {
                    (Ok(i), _) => model.try_set_option(k, i),
                    (_, Ok(f)) => model.try_set_option(k, f),
                    _ => model.try_set_option(k, v),
                };
                if set.is_err() {
                    return (
                        Outcome::Failed(format!("HiGHS refused option {k}={v}")),
                        None,
                    );
                }
            }
        }
    }
    if let Some(start) = start
        && model
            .try_set_solution(Some(start), None, None, None)
            .is_err()
    {
        return (
            Outcome::Failed("HiGHS refused the starting point".into()),
            None,
        );
    }
    let mut solved = match model.try_solve() {
        Ok(s) => s,
        Err(e) => {
            return (
                Outcome::Failed(format!("HiGHS error while solving: {e:?}")),
                None,
            );
        }
    };
    let feasible = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let outcome = outcome(solved.status(), feasible, solved.mip_gap());
    if outcome.is_failure()
        && let Some(dir) = &settings.dump_failed
    {
        // SAFETY: the pointer is the live Highs instance owned by `solved`, used on this thread only.
        dump(dir, &outcome, |path| unsafe {
            highs_sys::Highs_writeModel(solved.as_mut_ptr(), path.as_ptr())
        });
    }
    let values = (outcome.has_solution() && feasible).then(|| {
        let solution = solved.get_solution();
        Values(
            variables
                .iter()
                .copied()
                .zip(solution.columns().iter().copied())
                .collect(),
        )
    });
    (outcome, values)
}

/// The outcome of a HiGHS model status, with whether a feasible point came with it and the MIP gap.
fn outcome(status: HighsModelStatus, feasible: bool, mip_gap: f64) -> Outcome {
    use HighsModelStatus as S;
    match status {
        S::Optimal | S::ObjectiveBound | S::ObjectiveTarget if feasible => {
            if mip_gap.is_finite() && mip_gap > 0.0 {
                Outcome::GapLimited
            } else {
                Outcome::Optimal
            }
        }
        S::Infeasible | S::UnboundedOrInfeasible => Outcome::Infeasible,
        S::Unbounded => Outcome::Unbounded,
        S::ReachedTimeLimit if feasible => Outcome::TimeLimited,
        S::ReachedTimeLimit => Outcome::TimeLimitedWithoutSolution,
        other => Outcome::Failed(format!(
            "HiGHS stopped with {other:?}{}",
            if feasible {
                ""
            } else {
                " and no feasible point"
            }
        )),
    }
}

/// Writes a failed model into `dir` as `<outcome>-<n>.mps`, `n` the first free number; a folder that
/// cannot be written is reported on stderr, never a reason to lose the run.
fn dump(dir: &std::path::Path, outcome: &Outcome, write: impl FnOnce(&std::ffi::CStr) -> i32) {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let kind = match outcome {
        Outcome::TimeLimited | Outcome::TimeLimitedWithoutSolution => "time-limit",
        Outcome::Unbounded => "unbounded",
        _ => "failed",
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        tracing::warn!("--dump-failed: cannot create {}: {e}", dir.display());
        return;
    }
    let path = loop {
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!("{kind}-{n}.mps"));
        if !path.exists() {
            break path;
        }
    };
    let Ok(c_path) = std::ffi::CString::new(path.to_string_lossy().as_bytes()) else {
        return;
    };
    if write(&c_path) < 0 {
        tracing::warn!("--dump-failed: HiGHS could not write {}", path.display());
    }
}
