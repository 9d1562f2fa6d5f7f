//! A synthesised network as an engineer reads it: every exchanger with its sides, duty, temperatures at both
//! ends, LMTD, U, area and cost; the branches where a stream splits; the utilities; the TAC in parts; and
//! the checks every network passes (energy balance per stream and per exchanger, minimum approach).
//! Temperatures in °C and duties in kW here (the edge); SI inside.

use super::area_cost::lmtd;
use super::problem::{HensProblem, UnitKind};
use super::search::SearchLog;
use super::structure::{CostParts, Point, Structure, UnitState, cost_parts, unit_states};
use crate::units::kelvin_to_celsius;
use serde::Serialize;

const KW: f64 = 1000.0;

/// How far below its required approach a unit may end and still pass (K): the MILP's and NLP's feasibility
/// tolerances on a row scaled by a big-M of some 100 K (HiGHS's primal tolerance 1e-7 relative).
const APPROACH_TOLERANCE_K: f64 = 1e-4;

/// One exchanger.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exchanger {
    pub kind: UnitKind,
    pub hot_side: String,
    pub cold_side: String,
    /// Stage of the superstructure (recovery units only; 1-based).
    pub stage: Option<usize>,
    pub duty_kw: f64,
    pub hot_in_c: f64,
    pub hot_out_c: f64,
    pub cold_in_c: f64,
    pub cold_out_c: f64,
    pub lmtd_k: f64,
    pub u_w_per_m2k: f64,
    pub area_m2: f64,
    /// The exchanger type its two sides ask for (machines/exchanger.rs); "counter-current" under the
    /// benchmarks' single cost law.
    pub exchanger_type: String,
    pub cost_per_yr: f64,
    /// The stream's heat capacity flow rate through this exchanger when the stream splits in its stage
    /// (kW/K): hot side, cold side; None where the whole stream passes.
    pub hot_branch_kw_per_k: Option<f64>,
    pub cold_branch_kw_per_k: Option<f64>,
}

/// Unit counts by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct UnitCounts {
    pub recovery: usize,
    pub coolers: usize,
    pub heaters: usize,
}

/// The network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Network {
    pub problem: String,
    pub currency: String,
    pub stages: usize,
    pub dt_min_k: f64,
    /// The problem's stream names, in its order (the grid diagram's rows).
    pub hot_streams: Vec<String>,
    pub cold_streams: Vec<String>,
    pub units: UnitCounts,
    pub exchangers: Vec<Exchanger>,
    pub hot_utility_kw: f64,
    pub cold_utility_kw: f64,
    pub area_m2: f64,
    pub cost: CostParts,
    pub search: SearchLog,
    /// The checks every network passes.
    pub checks: Checks,
}

/// Energy balance and approach checks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Checks {
    /// Largest |sum of a stream's duties - F (T_in - T_out)| over all streams (kW).
    pub stream_balance_error_kw: f64,
    /// Largest |hot-side heat - cold-side heat| of an exchanger, from its branch flows (kW).
    pub exchanger_balance_error_kw: f64,
    /// Smallest approach at an end of any exchanger (K).
    pub min_approach_k: f64,
    /// Smallest margin of an end approach over what its unit needs (dT_min plus its sides'
    /// `dt_min_half_k`; K): negative is a violation.
    pub min_approach_margin_k: f64,
    pub pass: bool,
}

fn side_name(problem: &HensProblem, u: &UnitState, hot: bool) -> String {
    match (hot, u.hot, u.cold) {
        (true, Some(i), _) => problem.hot[i].name.clone(),
        (true, None, _) => utility_name(&problem.hot_utility),
        (false, _, Some(j)) => problem.cold[j].name.clone(),
        (false, _, None) => utility_name(&problem.cold_utility),
    }
}

fn utility_name(u: &Option<super::problem::HensUtility>) -> String {
    u.as_ref().map_or_else(String::new, |u| u.name.clone())
}

/// How many recovery units share `stream` in `stage` on its side.
fn sharing(structure: &Structure, u: &UnitState, hot: bool) -> usize {
    structure
        .matches
        .iter()
        .filter(|m| {
            Some(m.stage) == u.stage
                && if hot {
                    Some(m.hot) == u.hot
                } else {
                    Some(m.cold) == u.cold
                }
        })
        .count()
}

fn exchanger(problem: &HensProblem, structure: &Structure, u: &UnitState) -> Exchanger {
    let (dt1, dt2) = u.approaches_k();
    let area = u.area_m2();
    let branch = |hot: bool| -> Option<f64> {
        if u.kind != UnitKind::Recovery || sharing(structure, u, hot) < 2 {
            return None;
        }
        let span = if hot {
            u.hot_in_k - u.hot_out_k
        } else {
            u.cold_out_k - u.cold_in_k
        };
        (span > 0.0).then(|| u.q_w / span / KW)
    };
    Exchanger {
        kind: u.kind,
        hot_side: side_name(problem, u, true),
        cold_side: side_name(problem, u, false),
        stage: u.stage.map(|k| k + 1),
        duty_kw: u.q_w / KW,
        hot_in_c: kelvin_to_celsius(u.hot_in_k),
        hot_out_c: kelvin_to_celsius(u.hot_out_k),
        cold_in_c: kelvin_to_celsius(u.cold_in_k),
        cold_out_c: kelvin_to_celsius(u.cold_out_k),
        lmtd_k: lmtd(dt1, dt2),
        u_w_per_m2k: u.u_w_per_m2k,
        area_m2: area,
        exchanger_type: u.exchanger.map_or_else(
            || "counter-current".to_string(),
            |t| t.name().replace('_', "-"),
        ),
        cost_per_yr: u.cost_per_yr,
        hot_branch_kw_per_k: branch(true),
        cold_branch_kw_per_k: branch(false),
    }
}

/// Energy balances and approaches of `units`.
pub fn checks(problem: &HensProblem, units: &[UnitState], dt_min_k: f64) -> Checks {
    let mut stream_error: f64 = 0.0;
    for (i, s) in problem.hot.iter().enumerate() {
        let q: f64 = units
            .iter()
            .filter(|u| u.hot == Some(i))
            .map(|u| u.q_w)
            .sum();
        stream_error = stream_error.max((q - s.duty_w()).abs());
    }
    for (j, s) in problem.cold.iter().enumerate() {
        let q: f64 = units
            .iter()
            .filter(|u| u.cold == Some(j))
            .map(|u| u.q_w)
            .sum();
        stream_error = stream_error.max((q - s.duty_w()).abs());
    }
    // Per exchanger: the temperature change of each process side times its flow through the unit gives
    // the unit's duty. A utility exchanger takes the whole stream: q = F dT. Recovery units of one stream in
    // one stage are its parallel branches (isothermal mixing): their duties add up to F dT of the stage,
    // i.e. their branch flows q / dT add up to F.
    let mut unit_error: f64 = 0.0;
    for u in units.iter().filter(|u| u.kind == UnitKind::Recovery) {
        let hot_group = units
            .iter()
            .filter(|v| v.kind == UnitKind::Recovery && v.hot == u.hot && v.stage == u.stage);
        let cold_group = units
            .iter()
            .filter(|v| v.kind == UnitKind::Recovery && v.cold == u.cold && v.stage == u.stage);
        if let (Some(i), Some(j)) = (u.hot, u.cold) {
            let q_hot: f64 = hot_group.map(|v| v.q_w).sum();
            let q_cold: f64 = cold_group.map(|v| v.q_w).sum();
            let f_hot = problem.hot[i].f_w_per_k;
            let f_cold = problem.cold[j].f_w_per_k;
            unit_error = unit_error
                .max((f_hot * (u.hot_in_k - u.hot_out_k) - q_hot).abs())
                .max((f_cold * (u.cold_out_k - u.cold_in_k) - q_cold).abs());
        }
    }
    for u in units {
        if let (Some(i), UnitKind::Cooler) = (u.hot, u.kind) {
            let f = problem.hot[i].f_w_per_k;
            unit_error = unit_error.max((f * (u.hot_in_k - u.hot_out_k) - u.q_w).abs());
        }
        if let (Some(j), UnitKind::Heater) = (u.cold, u.kind) {
            let f = problem.cold[j].f_w_per_k;
            unit_error = unit_error.max((f * (u.cold_out_k - u.cold_in_k) - u.q_w).abs());
        }
    }
    let min_approach = units
        .iter()
        .flat_map(|u| {
            let (a, b) = u.approaches_k();
            [a, b]
        })
        .fold(f64::INFINITY, f64::min);
    let margin = units
        .iter()
        .map(|u| {
            let (a, b) = u.approaches_k();
            a.min(b) - dt_min_k - u.dt_extra_k
        })
        .fold(f64::INFINITY, f64::min);
    let tolerance_w = 1e-6
        * problem
            .hot
            .iter()
            .chain(&problem.cold)
            .map(|s| s.duty_w())
            .fold(0.0, f64::max);
    Checks {
        stream_balance_error_kw: stream_error / KW,
        exchanger_balance_error_kw: unit_error / KW,
        min_approach_k: min_approach,
        min_approach_margin_k: margin,
        pass: stream_error <= tolerance_w.max(1e-3)
            && unit_error <= tolerance_w.max(1e-3)
            && margin >= -APPROACH_TOLERANCE_K,
    }
}

/// The network of `structure` at `point`.
pub fn network(
    problem: &HensProblem,
    structure: &Structure,
    point: &Point,
    dt_min_k: f64,
    search: SearchLog,
) -> Network {
    let units = unit_states(problem, structure, point);
    let exchangers: Vec<Exchanger> = units
        .iter()
        .map(|u| exchanger(problem, structure, u))
        .collect();
    let count = |k: UnitKind| units.iter().filter(|u| u.kind == k).count();
    let duty = |k: UnitKind| {
        units
            .iter()
            .filter(|u| u.kind == k)
            .map(|u| u.q_w)
            .sum::<f64>()
            / KW
    };
    Network {
        problem: problem.name.clone(),
        currency: problem.currency.clone(),
        stages: structure.stages,
        dt_min_k,
        hot_streams: problem.hot.iter().map(|s| s.name.clone()).collect(),
        cold_streams: problem.cold.iter().map(|s| s.name.clone()).collect(),
        units: UnitCounts {
            recovery: count(UnitKind::Recovery),
            coolers: count(UnitKind::Cooler),
            heaters: count(UnitKind::Heater),
        },
        hot_utility_kw: duty(UnitKind::Heater),
        cold_utility_kw: duty(UnitKind::Cooler),
        area_m2: exchangers.iter().map(|e| e.area_m2).sum(),
        exchangers,
        cost: cost_parts(problem, &units),
        search,
        checks: checks(problem, &units, dt_min_k),
    }
}
