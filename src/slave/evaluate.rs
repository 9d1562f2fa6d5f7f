//! Solving the slave: the objective, then the design read out of the solution (read_back.rs).

use super::model::SlaveModel;
use super::read_back::read_design;
use super::read_parts::cycle_summaries;
use super::results::Evaluation;
use super::settings::SlaveSettings;
use super::warm_start::{Solved, solve_slave};
use crate::case::Case;
use crate::case::Objective;
use crate::solver::Outcome;
use crate::superstructure::Superstructure;
use good_lp::Expression;

/// Builds and solves the slave MILP of one or more cycles (superstructures) against `case`; the cycles
/// exchange heat only through the shared cascade (e.g. a CO2 low stage condensing into an ammonia high stage).
pub fn evaluate(case: &Case, cycles: &[Superstructure], settings: &SlaveSettings) -> Evaluation {
    // Off unless RUST_LOG asks for it (`slave=debug`): its fields are not even computed then.
    let _span = tracing::debug_span!(
        "slave",
        fluids = ?cycles.iter().map(|c| c.fluid.as_str()).collect::<Vec<_>>(),
        levels_k = ?cycles.iter().map(|c| &c.levels_k).collect::<Vec<_>>()
    )
    .entered();
    let objective_of = |model: &SlaveModel| objective(model, settings.objective);
    let Solved {
        model,
        streams,
        size,
        outcome,
        values: solution,
        build_s,
        solve_s,
    } = solve_slave(case, cycles, settings, &objective_of);
    let design = solution.map(|sol| read_design(case, cycles, settings, &model, &streams, &sol));
    // A design whose composite curves touch has no finite area: no design, and the outcome says why.
    let (outcome, design) = match design {
        Some(Err(detail)) => (Outcome::Failed(detail), None),
        Some(Ok(d)) => (outcome, Some(d)),
        None => (outcome, None),
    };
    Evaluation {
        cycles: cycle_summaries(cycles, design.as_ref()),
        outcome,
        objective: settings.objective,
        design,
        dt_min_half_k: settings.dt_min_half_k,
        model: size,
        build_s,
        solve_s,
    }
}

/// Weight of the TAC (kEUR/yr) in the CO2 objective (t/yr): a tie-break among designs of equal CO2.
const CO2_TIE_BREAK: f64 = 1e-6;

/// The TAC of the model (kEUR/yr), with the exchangers' charge.
fn tac(model: &SlaveModel) -> Expression {
    model.capex.clone()
        + model.exchanger_proxy.clone()
        + model.maintenance.clone()
        + model.electricity.clone()
        + model.utility_cost.clone()
}

/// What the slave minimises, from the parts of the model.
fn objective(model: &SlaveModel, objective: Objective) -> Expression {
    match objective {
        Objective::Tac => tac(model),
        Objective::Opex => {
            model.maintenance.clone() + model.electricity.clone() + model.utility_cost.clone()
        }
        Objective::Capex => model.capex.clone(),
        // t/yr, with the TAC (kEUR/yr) at a weight that only breaks ties: 1 kEUR/yr counts as 1 g/yr.
        Objective::Co2 => model.co2.clone() + CO2_TIE_BREAK * tac(model),
    }
}
