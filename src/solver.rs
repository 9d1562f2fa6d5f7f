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
    /// Stopped at its branch-and-bound node limit with a feasible incumbent (deterministic, unlike a time
    /// limit).
    NodeLimited,
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
            Outcome::Optimal | Outcome::GapLimited | Outcome::TimeLimited | Outcome::NodeLimited
        )
    }

    /// Its name as in JSON (`status`), with the detail of a failure: the reason a candidate has no design.
    pub fn reason(&self) -> String {
        match self {
            Outcome::Optimal => "optimal".into(),
            Outcome::GapLimited => "gap_limited".into(),
            Outcome::TimeLimited => "time_limited".into(),
            Outcome::NodeLimited => "node_limited".into(),
            Outcome::TimeLimitedWithoutSolution => "time_limited_without_solution".into(),
            Outcome::Infeasible => "infeasible".into(),
            Outcome::Unbounded => "unbounded".into(),
            Outcome::Failed(detail) => format!("failed: {detail}"),
        }
    }

    /// A failure worth a look (`--dump-failed`): not a proven answer, nor a proven infeasibility.
    fn is_failure(&self) -> bool {
        !matches!(
            self,
            Outcome::Optimal | Outcome::GapLimited | Outcome::NodeLimited | Outcome::Infeasible
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
    /// How HiGHS's simplex is set up for this model ([`Tuning`]).
    pub tuning: Tuning,
    /// Stop an MILP after this many branch-and-bound nodes (HiGHS's `mip_max_nodes`): a work limit that,
    /// unlike the time limit, gives the same answer on a busy machine.
    pub mip_max_nodes: Option<i32>,
}

/// HiGHS's set-up for a kind of model, each measured on the slave's models (docs/performance.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tuning {
    /// HiGHS's defaults: presolve and the simplex's own choices. For MILPs and every other model.
    General,
    /// A small LP solved once from a slack basis (the slave's relaxation): no presolve (its reductions took
    /// longer than the solve), Devex dual edge weights instead of dual steepest edge (no initial weights to
    /// compute, cheaper iterations), and scaling by each row's and column's largest value
    /// (`simplex_scale_strategy = 4`) instead of equilibration, which took fewer iterations on the dairy's
    /// relaxations. Together 20-40 % faster on those LPs; no gain on the MILPs, which keep `General`.
    OneShotLp,
}

impl Default for SolveSettings {
    fn default() -> Self {
        SolveSettings {
            time_limit_s: 60.0,
            mip_rel_gap: 1e-4,
            dump_failed: None,
            tuning: Tuning::General,
            mip_max_nodes: None,
        }
    }
}

/// Developer diagnostics of every solve of this process (docs/slave.md): HiGHS's own log on stderr, and
/// extra HiGHS options for experiments (name and value, a number or a word). They change how a solve is
/// watched or tuned, not what a case means, so they are neither case settings nor read by the library from
/// the environment: the program that embeds it sets them once ([`set_diagnostics`]; the command line from
/// `HPSYNTH_HIGHS_LOG` and `HPSYNTH_HIGHS_OPTIONS`, main.rs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagnostics {
    pub log: bool,
    pub options: Vec<(String, String)>,
}

impl Diagnostics {
    /// `name=value,name=value` (a pair without `=` is skipped).
    pub fn parse_options(text: &str) -> Vec<(String, String)> {
        text.split(',')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
}

static DIAGNOSTICS: std::sync::OnceLock<Diagnostics> = std::sync::OnceLock::new();

/// Sets this process's solver diagnostics, before its first solve; `false` if they were already set (or a
/// solve already ran with none).
pub fn set_diagnostics(diagnostics: Diagnostics) -> bool {
    DIAGNOSTICS.set(diagnostics).is_ok()
}

fn diagnostics() -> &'static Diagnostics {
    DIAGNOSTICS.get_or_init(Diagnostics::default)
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
    if let Err(refused) = configure(&mut model, settings, start) {
        return (Outcome::Failed(refused), None);
    }
    // HiGHS given a NaN or infinite cost or coefficient can run on past its time limit; such a model comes
    // from numbers that overflow (a price or a duty near f64::MAX), and is refused before the solve.
    if let Some(what) = non_finite(&model) {
        let outcome = Outcome::Failed(format!(
            "the model has {what}: an input too large for the arithmetic (check the case's magnitudes)"
        ));
        dump(settings, &outcome, model.as_mut_ptr());
        return (outcome, None);
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
    if outcome.is_failure() {
        dump(settings, &outcome, solved.as_mut_ptr());
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

/// One thread, the limits of `settings`, the diagnostics, and the starting point; what HiGHS refused, if
/// anything.
fn configure(
    model: &mut highs::Model,
    settings: &SolveSettings,
    start: Option<&[f64]>,
) -> Result<(), String> {
    let diagnostics = diagnostics();
    let log = diagnostics.log;
    let options = [
        model.try_set_option("threads", 1),
        model.try_set_option("time_limit", settings.time_limit_s),
        model.try_set_option("mip_rel_gap", settings.mip_rel_gap),
        model.try_set_option("output_flag", log),
        model.try_set_option("log_to_console", log),
    ];
    let tuning = match settings.tuning {
        Tuning::General => vec![],
        Tuning::OneShotLp => vec![
            model.try_set_option("presolve", "off"),
            // HiGHS: 1 = Devex (the default 'choose' picks dual steepest edge).
            model.try_set_option("simplex_dual_edge_weight_strategy", 1),
            // HiGHS: 4 = scale each row and column by its largest value (default: equilibration).
            model.try_set_option("simplex_scale_strategy", 4),
        ],
    };
    let node_limit = settings
        .mip_max_nodes
        .map(|n| model.try_set_option("mip_max_nodes", n));
    let options = options
        .into_iter()
        .chain(tuning)
        .chain(node_limit)
        .collect::<Vec<_>>();
    if options.iter().any(Result::is_err) {
        return Err("HiGHS refused an option".into());
    }
    for (k, v) in &diagnostics.options {
        let set = match (v.parse::<i32>(), v.parse::<f64>()) {
            (Ok(i), _) => model.try_set_option(k.as_str(), i),
            (_, Ok(f)) => model.try_set_option(k.as_str(), f),
            _ => model.try_set_option(k.as_str(), v.as_str()),
        };
        if set.is_err() {
            return Err(format!("HiGHS refused option {k}={v}"));
        }
    }
    if let Some(start) = start
        && model
            .try_set_solution(Some(start), None, None, None)
            .is_err()
    {
        return Err("HiGHS refused the starting point".into());
    }
    Ok(())
}

/// What is not finite in `model`'s costs, matrix or bounds (bounds may be infinite, never NaN), if anything.
fn non_finite(model: &highs::Model) -> Option<&'static str> {
    use highs_sys::HighsInt;
    let ptr = model.as_ptr();
    // SAFETY: the pointer is the live Highs instance owned by `model`; every array is sized from HiGHS's own
    // counts before it is filled, as Highs_getLp requires (column-wise matrix: format 1).
    unsafe {
        let cols = highs_sys::Highs_getNumCol(ptr).max(0) as usize;
        let rows = highs_sys::Highs_getNumRow(ptr).max(0) as usize;
        let nz = highs_sys::Highs_getNumNz(ptr).max(0) as usize;
        let (mut num_col, mut num_row, mut num_nz, mut sense): (
            HighsInt,
            HighsInt,
            HighsInt,
            HighsInt,
        ) = (0, 0, 0, 0);
        let mut offset = 0.0;
        let (mut cost, mut col_lower, mut col_upper) =
            (vec![0.0; cols], vec![0.0; cols], vec![0.0; cols]);
        let (mut row_lower, mut row_upper) = (vec![0.0; rows], vec![0.0; rows]);
        let mut start: Vec<HighsInt> = vec![0; cols + 1];
        let mut index: Vec<HighsInt> = vec![0; nz];
        let mut value = vec![0.0; nz];
        let mut integrality: Vec<HighsInt> = vec![0; cols];
        highs_sys::Highs_getLp(
            ptr,
            1,
            &mut num_col,
            &mut num_row,
            &mut num_nz,
            &mut sense,
            &mut offset,
            cost.as_mut_ptr(),
            col_lower.as_mut_ptr(),
            col_upper.as_mut_ptr(),
            row_lower.as_mut_ptr(),
            row_upper.as_mut_ptr(),
            start.as_mut_ptr(),
            index.as_mut_ptr(),
            value.as_mut_ptr(),
            integrality.as_mut_ptr(),
        );
        if !offset.is_finite() || cost.iter().any(|c| !c.is_finite()) {
            return Some("a non-finite objective coefficient");
        }
        if value.iter().any(|v| !v.is_finite()) {
            return Some("a non-finite constraint coefficient");
        }
        let bounds = [&col_lower, &col_upper, &row_lower, &row_upper];
        if bounds.iter().any(|b| b.iter().any(|v| v.is_nan())) {
            return Some("a NaN bound");
        }
    }
    None
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
        S::ReachedSolutionLimit if feasible => Outcome::NodeLimited,
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

/// With `--dump-failed`, writes the failed model held by the Highs instance `highs` (a live instance owned
/// by the caller, on this thread) into the folder as `<outcome>-<n>.mps`, `n` the first free number; a
/// folder that cannot be written is reported on stderr, never a reason to lose the run.
fn dump(settings: &SolveSettings, outcome: &Outcome, highs: *mut std::ffi::c_void) {
    let Some(dir) = settings.dump_failed.as_deref() else {
        return;
    };
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
    // SAFETY: `highs` is a live Highs instance (see above) and the path a NUL-terminated string.
    if unsafe { highs_sys::Highs_writeModel(highs, c_path.as_ptr()) } < 0 {
        tracing::warn!("--dump-failed: HiGHS could not write {}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `name=value` pairs as the command line gives them; a piece without `=` is skipped.
    #[test]
    fn diagnostics_options_are_name_value_pairs() {
        assert_eq!(
            Diagnostics::parse_options("simplex_scale_strategy=4,presolve=off,junk"),
            vec![
                ("simplex_scale_strategy".to_string(), "4".to_string()),
                ("presolve".to_string(), "off".to_string())
            ]
        );
        assert!(Diagnostics::parse_options("").is_empty());
    }
    use good_lp::{ProblemVariables, SolverModel, constraint, default_solver, variable};

    /// min x + y, x + y >= 1, x, y in [0, 1]: optimum 1 (by hand).
    fn problem(cost: f64) -> (Outcome, Option<Values>) {
        let mut vars = ProblemVariables::new();
        let x = vars.add(variable().min(0.0).max(1.0));
        let y = vars.add(variable().min(0.0).max(1.0));
        let variables = variables_of(&vars);
        let mut model = vars.minimise(cost * x + y).using(default_solver);
        model.add_constraint(constraint!(x + y >= 1.0));
        solve(model, &variables, &SolveSettings::default(), None)
    }

    /// The reason matches the JSON `status` name (serde's tag), for every variant.
    #[test]
    fn reasons_are_the_json_status_names() {
        for o in [
            Outcome::Optimal,
            Outcome::GapLimited,
            Outcome::TimeLimited,
            Outcome::TimeLimitedWithoutSolution,
            Outcome::Infeasible,
            Outcome::Unbounded,
            Outcome::Failed("x".into()),
        ] {
            let json = serde_json::to_value(&o).unwrap();
            let status = json["status"].as_str().unwrap().to_string();
            assert!(
                o.reason().starts_with(&status),
                "{o:?}: {} vs {status}",
                o.reason()
            );
        }
    }

    #[test]
    fn a_finite_model_is_solved() {
        let (outcome, values) = problem(1.0);
        assert_eq!(outcome, Outcome::Optimal);
        let v = values.unwrap();
        assert!((v.0.values().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    /// A NaN or infinite cost (an overflowed price) is refused before HiGHS sees it.
    #[test]
    fn a_non_finite_cost_is_refused_before_the_solve() {
        for cost in [f64::NAN, f64::INFINITY] {
            let (outcome, values) = problem(cost);
            assert!(
                matches!(&outcome, Outcome::Failed(m) if m.contains("non-finite objective")),
                "{outcome:?}"
            );
            assert!(values.is_none());
        }
    }
}
