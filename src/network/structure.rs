//! The stage-wise superstructure of Yee & Grossmann (Comput. Chem. Eng. 14(10) (1990) 1165-1184): K stages;
//! in each, every hot stream may exchange with every cold stream (split, with isothermal mixing at the
//! stage's end); coolers at the hot streams' cold ends, heaters at the cold streams' hot ends.
//!
//! Temperature locations k = 0..=K: a hot stream enters at k = 0 and leaves stage k at k + 1; a cold stream
//! enters at k = K and leaves stage k at k. A match (i, j, k) has its hot end at location k and its cold end
//! at k + 1:
//!
//! ```text
//! hot  side: t_hot[i][k]  -> t_hot[i][k+1]        cold side: t_cold[j][k+1] -> t_cold[j][k]
//! dT_hot_end = t_hot[i][k] - t_cold[j][k]           dT_cold_end = t_hot[i][k+1] - t_cold[j][k+1]
//! cooler on i: t_hot[i][K] -> T_out,i against the cold utility
//! heater on j: t_cold[j][0] -> T_out,j against the hot utility
//! ```
//!
//! A [`Structure`] says which units exist; a [`Point`] gives their temperatures and duties.

use super::area_cost::area;
use super::problem::{AreaCost, HensProblem, UnitKind};
use crate::machines::ExchangerType;
use serde::Serialize;

/// A process-process unit of the superstructure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Match {
    pub hot: usize,
    pub cold: usize,
    pub stage: usize,
}

/// Which units exist.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Structure {
    pub stages: usize,
    /// Sorted, without repeats.
    pub matches: Vec<Match>,
    pub coolers: Vec<bool>,
    pub heaters: Vec<bool>,
}

impl Structure {
    pub fn unit_count(&self) -> usize {
        self.matches.len()
            + self.coolers.iter().filter(|c| **c).count()
            + self.heaters.iter().filter(|h| **h).count()
    }
}

/// Temperatures (K) at every location and the duty (W) of every unit of a [`Structure`].
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// `t_hot[i][k]`, k = 0..=K.
    pub t_hot: Vec<Vec<f64>>,
    /// `t_cold[j][k]`, k = 0..=K.
    pub t_cold: Vec<Vec<f64>>,
    /// In the order of `Structure::matches`.
    pub q_match_w: Vec<f64>,
    pub q_cooler_w: Vec<f64>,
    pub q_heater_w: Vec<f64>,
}

/// One unit of a network with its two sides' temperatures (K) and duty (W).
#[derive(Clone, Debug, PartialEq)]
pub struct UnitState {
    pub kind: UnitKind,
    pub hot: Option<usize>,
    pub cold: Option<usize>,
    pub stage: Option<usize>,
    pub q_w: f64,
    pub hot_in_k: f64,
    pub hot_out_k: f64,
    pub cold_in_k: f64,
    pub cold_out_k: f64,
    pub u_w_per_m2k: f64,
    /// The exchanger type its two sides ask for (`None`: the benchmarks' single cost law).
    pub exchanger: Option<ExchangerType>,
    /// The approach the unit must keep beyond the search's dT_min (its two sides' `dt_min_half_k`, K).
    pub dt_extra_k: f64,
    /// Annualised cost at its area (currency/yr).
    pub cost_per_yr: f64,
}

impl UnitState {
    /// End approaches (K): at the hot stream's inlet end, and at its outlet end.
    pub fn approaches_k(&self) -> (f64, f64) {
        (
            self.hot_in_k - self.cold_out_k,
            self.hot_out_k - self.cold_in_k,
        )
    }

    pub fn area_m2(&self) -> f64 {
        let (dt1, dt2) = self.approaches_k();
        area(self.q_w, dt1, dt2, self.u_w_per_m2k)
    }
}

/// The units of `structure` at `point`, recovery units first, then coolers, then heaters.
pub fn unit_states(problem: &HensProblem, structure: &Structure, point: &Point) -> Vec<UnitState> {
    let k_last = structure.stages;
    let mut units = Vec::new();
    for (m, q) in structure.matches.iter().zip(&point.q_match_w) {
        let spec = problem.unit_spec(Some(m.hot), Some(m.cold));
        units.push(priced(
            &spec.cost,
            UnitState {
                kind: UnitKind::Recovery,
                hot: Some(m.hot),
                cold: Some(m.cold),
                stage: Some(m.stage),
                q_w: *q,
                hot_in_k: point.t_hot[m.hot][m.stage],
                hot_out_k: point.t_hot[m.hot][m.stage + 1],
                cold_in_k: point.t_cold[m.cold][m.stage + 1],
                cold_out_k: point.t_cold[m.cold][m.stage],
                u_w_per_m2k: spec.u_w_per_m2k,
                exchanger: spec.exchanger,
                dt_extra_k: spec.dt_extra_k,
                cost_per_yr: 0.0,
            },
        ));
    }
    for (i, s) in problem.hot.iter().enumerate() {
        if let (true, Some(cu)) = (structure.coolers[i], &problem.cold_utility) {
            let spec = problem.unit_spec(Some(i), None);
            units.push(priced(
                &spec.cost,
                UnitState {
                    kind: UnitKind::Cooler,
                    hot: Some(i),
                    cold: None,
                    stage: None,
                    q_w: point.q_cooler_w[i],
                    hot_in_k: point.t_hot[i][k_last],
                    hot_out_k: s.t_out_k,
                    cold_in_k: cu.t_in_k,
                    cold_out_k: cu.t_out_k,
                    u_w_per_m2k: spec.u_w_per_m2k,
                    exchanger: spec.exchanger,
                    dt_extra_k: spec.dt_extra_k,
                    cost_per_yr: 0.0,
                },
            ));
        }
    }
    for (j, s) in problem.cold.iter().enumerate() {
        if let (true, Some(hu)) = (structure.heaters[j], &problem.hot_utility) {
            let spec = problem.unit_spec(None, Some(j));
            units.push(priced(
                &spec.cost,
                UnitState {
                    kind: UnitKind::Heater,
                    hot: None,
                    cold: Some(j),
                    stage: None,
                    q_w: point.q_heater_w[j],
                    hot_in_k: hu.t_in_k,
                    hot_out_k: hu.t_out_k,
                    cold_in_k: point.t_cold[j][0],
                    cold_out_k: s.t_out_k,
                    u_w_per_m2k: spec.u_w_per_m2k,
                    exchanger: spec.exchanger,
                    dt_extra_k: spec.dt_extra_k,
                    cost_per_yr: 0.0,
                },
            ));
        }
    }
    units
}

/// `u` with its annual cost at its area.
fn priced(cost: &AreaCost, mut u: UnitState) -> UnitState {
    u.cost_per_yr = cost.annual_cost(u.area_m2());
    u
}

/// The parts of a network's total annualised cost (currency/yr).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct CostParts {
    pub hot_utility_per_yr: f64,
    pub cold_utility_per_yr: f64,
    pub exchangers_per_yr: f64,
    pub total_per_yr: f64,
}

/// TAC = hot utility + cold utility + the annualised cost of every unit at its exact area.
pub fn cost_parts(problem: &HensProblem, units: &[UnitState]) -> CostParts {
    let mut parts = CostParts::default();
    let price =
        |u: &Option<super::problem::HensUtility>| u.as_ref().map_or(0.0, |u| u.price_per_w_yr);
    for u in units {
        match u.kind {
            UnitKind::Cooler => parts.cold_utility_per_yr += u.q_w * price(&problem.cold_utility),
            UnitKind::Heater => parts.hot_utility_per_yr += u.q_w * price(&problem.hot_utility),
            UnitKind::Recovery => {}
        }
        parts.exchangers_per_yr += u.cost_per_yr;
    }
    parts.total_per_yr =
        parts.hot_utility_per_yr + parts.cold_utility_per_yr + parts.exchangers_per_yr;
    parts
}
