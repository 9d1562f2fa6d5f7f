//! How the slave is solved: the LP relaxation first, a design rounded from it, and HiGHS's branch and bound
//! only when that design is not already certified within the MIP gap.
//!
//! The LP relaxation's flows, utilities and cascade residuals satisfy every balance; only the segment binaries
//! are fractional. For each machine the relaxation's size `X_j = sum_i x_ji` lies in one segment
//! `[b_k, b_k+1]` (or is zero): setting `z_jk = 1`, `x_jk = X_j` and the other segments to zero keeps every
//! row satisfied (`b_k z_k <= x_k <= b_k+1 z_k`, `sum z <= 1`, `X_j = sum x`), so the rounded point is a
//! feasible design. A machine with no size but a running size-less member keeps its first segment, which
//! starts at zero size. With the relaxation's objective `LB` (a lower bound on the MILP optimum) and the
//! rounded design's `UB`:
//!
//! ```text
//! (UB - LB) / |UB| <= mip_rel_gap   ->  the rounded design is the answer, certified to the gap
//! otherwise                          ->  HiGHS solves the MILP, starting from the rounded design
//! ```
//!
//! Grid mode's level binaries are not rounded (a rounded level choice may break the cap); it goes straight
//! to the MILP, as does any case with `warm_start` off. An infeasible relaxation proves the MILP infeasible.

use super::SlaveSettings;
use super::model::{Integrality, SlaveModel, Streams, build};
use super::results::ModelSize;
use crate::case::Case;
use crate::solver::{Outcome, Tuning, Values, solve, variables_of};
use crate::superstructure::Superstructure;
use good_lp::{Expression, Solution, SolverModel, Variable, default_solver};
use std::time::Instant;

/// A solved slave model.
pub(crate) struct Solved {
    pub model: SlaveModel,
    /// Each operating period's cascade streams.
    pub streams: Vec<Streams>,
    pub size: ModelSize,
    pub outcome: Outcome,
    pub values: Option<Values>,
    pub build_s: f64,
    pub solve_s: f64,
}

/// Solves the slave (see the module text).
pub(crate) fn solve_slave(
    case: &Case,
    cycles: &[Superstructure],
    settings: &SlaveSettings,
    objective_of: &dyn Fn(&SlaveModel) -> Expression,
) -> Solved {
    let start = Instant::now();
    let mut start_values = None;
    if settings.warm_start && settings.level_cap.is_none() {
        let (mut relaxed, streams) = build(case, cycles, settings, Integrality::Relaxed);
        let build_s = start.elapsed().as_secs_f64();
        let objective = objective_of(&relaxed);
        let mut lp_settings = settings.clone();
        lp_settings.solve.tuning = Tuning::OneShotLp;
        let (size, outcome, relaxation) =
            solve_model(&mut relaxed, objective.clone(), &lp_settings, None);
        let finished = match (outcome, relaxation) {
            (Outcome::Infeasible, _) => Some((Outcome::Infeasible, None)),
            (_, Some(lp)) => {
                let rounded = round(&relaxed, &lp);
                let (lower, upper) = (objective.eval_with(&lp), objective.eval_with(&rounded));
                let gap = (upper - lower) / upper.abs().max(1e-9);
                if gap <= settings.solve.mip_rel_gap {
                    let outcome = if gap <= 1e-9 {
                        Outcome::Optimal
                    } else {
                        Outcome::GapLimited
                    };
                    Some((outcome, Some(rounded)))
                } else {
                    start_values = Some(rounded);
                    None
                }
            }
            // The relaxation failed (time limit, numerical trouble): the MILP decides.
            (_, None) => None,
        };
        if let Some((outcome, values)) = finished {
            return Solved {
                size,
                model: relaxed,
                streams,
                outcome,
                values,
                build_s,
                solve_s: start.elapsed().as_secs_f64() - build_s,
            };
        }
    }
    let warm_s = start.elapsed().as_secs_f64();
    let build_start = Instant::now();
    let (mut model, streams) = build(case, cycles, settings, Integrality::Binary);
    let build_s = build_start.elapsed().as_secs_f64();
    let solve_start = Instant::now();
    let objective = objective_of(&model);
    let (size, outcome, values) =
        solve_model(&mut model, objective, settings, start_values.as_ref());
    Solved {
        size,
        model,
        streams,
        outcome,
        values,
        build_s,
        solve_s: warm_s + solve_start.elapsed().as_secs_f64(),
    }
}

/// One HiGHS solve of `model` (an LP when relaxed), optionally from a starting point. The variables and rows
/// move into the solver (the design is read from the model's other fields), so the model's size is returned.
fn solve_model(
    model: &mut SlaveModel,
    objective: Expression,
    settings: &SlaveSettings,
    start: Option<&Values>,
) -> (ModelSize, Outcome, Option<Values>) {
    let size = ModelSize {
        rows: model.constraints.len(),
        columns: model.vars.len(),
        binaries: model.binaries,
    };
    let variables: Vec<Variable> = variables_of(&model.vars);
    let mut problem = std::mem::take(&mut model.vars)
        .minimise(objective)
        .using(default_solver);
    for c in std::mem::take(&mut model.constraints) {
        problem.add_constraint(c);
    }
    // good_lp numbers its variables in column order: the starting point as one value per column.
    let start: Option<Vec<f64>> = start.map(|s| variables.iter().map(|&v| s.value(v)).collect());
    let (outcome, values) = solve(problem, &variables, &settings.solve, start.as_deref());
    (size, outcome, values)
}

/// The design rounded from the relaxation (see the module text).
fn round(relaxed: &SlaveModel, lp: &Values) -> Values {
    let mut values = Values(lp.0.clone());
    let tolerance = 1e-9;
    for machine in &relaxed.machines {
        let size: f64 = machine
            .segment_size
            .iter()
            .map(|x| lp.value(*x))
            .sum::<f64>()
            .max(0.0);
        let size_less_running = machine.members.iter().any(|&(u, k)| {
            k <= 0.0
                && relaxed
                    .periods
                    .iter()
                    .any(|p| lp.value(p.flows[&(machine.cycle, u)]) > tolerance)
        });
        let last = machine.segment_on.len() - 1;
        let chosen = if size > tolerance {
            // The segment holding the size (the last one if round-off put it just above its bound).
            Some(
                (0..=last)
                    .find(|&i| size <= machine.breakpoints[i + 1] * (1.0 + 1e-9))
                    .unwrap_or(last),
            )
        } else if size_less_running {
            Some(0)
        } else {
            None
        };
        for (i, (&z, &x)) in machine
            .segment_on
            .iter()
            .zip(&machine.segment_size)
            .enumerate()
        {
            let on = chosen == Some(i);
            values.0.insert(z, if on { 1.0 } else { 0.0 });
            values.0.insert(x, if on { size } else { 0.0 });
        }
    }
    values
}
