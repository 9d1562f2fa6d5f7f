//! Targets by LP: the minimum-utility LP (a cross-check of the problem table) and the cheapest use of a
//! case's priced utilities.

use super::intervals::ShiftedStream;
use super::lp::{CascadeBlock, Scale};
use crate::case::{Case, StreamKind, Utility};
use crate::solver::{Outcome, SolveSettings, solve, variables_of};
use good_lp::{ProblemVariables, Solution, SolverModel, constraint, default_solver, variable};

/// Minimum hot and cold utility (W) of fixed streams: minimise `R_0` subject to the cascade.
pub fn lp_min_utilities(streams: &[ShiftedStream]) -> Result<(f64, f64), Outcome> {
    let mut vars = ProblemVariables::new();
    let block = CascadeBlock::declare(&mut vars, streams);
    let fixed: Vec<_> = streams.iter().map(|s| (s, Scale::Fixed(1.0))).collect();
    let variables = variables_of(&vars);
    let mut model = vars.minimise(block.top()).using(default_solver);
    for c in block.balances(&fixed) {
        model.add_constraint(c);
    }
    match solve(model, &variables, &SolveSettings::default(), None) {
        (_, Some(solution)) => Ok((solution.value(block.top()), solution.value(block.bottom()))),
        (outcome, None) => Err(outcome),
    }
}

/// Use of one utility at the optimum.
#[derive(Clone, Debug, PartialEq)]
pub struct UtilityUse {
    pub name: String,
    pub kind: StreamKind,
    /// Heat delivered (hot) or taken (cold), W.
    pub q_w: f64,
    pub cost_eur_per_yr: f64,
    pub co2_kg_per_yr: f64,
}

/// The cheapest operation of the case's utilities.
#[derive(Clone, Debug, PartialEq)]
pub struct UtilityPlan {
    pub outcome: Outcome,
    pub uses: Vec<UtilityUse>,
    pub operating_cost_eur_per_yr: f64,
    pub co2_kg_per_yr: f64,
}

/// Yearly cost and emissions per W of heat of `u`: purchased energy `Q / efficiency` at its price and
/// emission factor, plus auxiliary electricity `e Q` at the grid's, CO2 at the case's price.
pub fn utility_cost_per_w(case: &Case, u: &Utility) -> (f64, f64) {
    let s = case.economics.operating_s_per_yr;
    let grid = &case.electricity;
    let co2 = s * (u.co2_kg_per_j / u.efficiency + u.electricity_w_per_w * grid.co2_kg_per_j);
    let energy =
        s * (u.price_eur_per_j / u.efficiency + u.electricity_w_per_w * grid.price_eur_per_j);
    (energy + co2 * case.economics.co2_price_eur_per_kg, co2)
}

/// Minimises the yearly operating cost of the utilities subject to the cascade with the process streams,
/// nothing entering at the top or leaving at the bottom (`R_0 = R_K = 0`). Infeasible (no mix of these
/// utilities closes the balance) is an outcome, not an error.
pub fn target_utilities(case: &Case) -> UtilityPlan {
    let process: Vec<ShiftedStream> = case
        .streams
        .iter()
        .map(ShiftedStream::from_process)
        .collect();
    let utilities: Vec<ShiftedStream> = case
        .utilities
        .iter()
        .map(ShiftedStream::from_utility)
        .collect();
    let mut vars = ProblemVariables::new();
    let uses: Vec<_> = case
        .utilities
        .iter()
        .map(|u| vars.add(variable().min(0.0).max(u.max_w.unwrap_or(f64::INFINITY))))
        .collect();
    let block = CascadeBlock::declare(&mut vars, process.iter().chain(&utilities));
    let costs: Vec<(f64, f64)> = case
        .utilities
        .iter()
        .map(|u| utility_cost_per_w(case, u))
        .collect();
    let objective: good_lp::Expression = uses.iter().zip(&costs).map(|(v, (c, _))| *c * *v).sum();
    let variables = variables_of(&vars);
    let mut model = vars.minimise(objective).using(default_solver);
    let mut contributions: Vec<_> = process.iter().map(|s| (s, Scale::Fixed(1.0))).collect();
    contributions.extend(
        utilities
            .iter()
            .zip(&uses)
            .map(|(s, v)| (s, Scale::Variable(*v))),
    );
    for c in block.balances(&contributions) {
        model.add_constraint(c);
    }
    model.add_constraint(constraint!(block.top() == 0.0));
    model.add_constraint(constraint!(block.bottom() == 0.0));
    let (outcome, solution) = solve(model, &variables, &SolveSettings::default(), None);
    let Some(solution) = solution else {
        return UtilityPlan {
            outcome,
            uses: Vec::new(),
            operating_cost_eur_per_yr: f64::NAN,
            co2_kg_per_yr: f64::NAN,
        };
    };
    let uses: Vec<UtilityUse> = case
        .utilities
        .iter()
        .zip(&uses)
        .zip(&costs)
        .map(|((u, v), (cost, co2))| {
            let q = solution.value(*v);
            UtilityUse {
                name: u.name.clone(),
                kind: u.kind,
                q_w: q,
                cost_eur_per_yr: q * cost,
                co2_kg_per_yr: q * co2,
            }
        })
        .collect();
    UtilityPlan {
        outcome,
        operating_cost_eur_per_yr: uses.iter().map(|u| u.cost_eur_per_yr).sum(),
        co2_kg_per_yr: uses.iter().map(|u| u.co2_kg_per_yr).sum(),
        uses,
    }
}
