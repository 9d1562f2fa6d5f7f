//! Pinch targets, the grand composite curve and the cheapest utility mix, in user units (`hpsynth targets
//! --json`, the validation suite).

use crate::cascade::{
    ShiftedStream, Targets, UtilityPlan, lp_min_utilities, problem_table, target_utilities,
};
use crate::case::{Case, StreamKind};
use crate::solver::Outcome;
use crate::units::{kelvin_to_celsius, si_to_kilo};
use serde::Serialize;

#[derive(Serialize)]
pub struct PinchRow {
    pub t_shifted_c: f64,
    /// Real temperatures of the hot streams at the pinch (`T* + dT_min/2` of each).
    pub t_hot_c: Vec<f64>,
    /// Real temperatures of the cold streams at the pinch (`T* - dT_min/2` of each).
    pub t_cold_c: Vec<f64>,
}

#[derive(Serialize)]
pub struct GccRow {
    pub t_shifted_c: f64,
    pub q_kw: f64,
}

#[derive(Serialize)]
pub struct UtilityRow {
    pub name: String,
    pub kind: StreamKind,
    pub q_kw: f64,
    pub cost_eur_per_yr: f64,
    pub co2_t_per_yr: f64,
}

#[derive(Serialize)]
pub struct UtilityReport {
    #[serde(flatten)]
    pub outcome: Outcome,
    pub operating_cost_eur_per_yr: Option<f64>,
    pub co2_t_per_yr: Option<f64>,
    pub uses: Vec<UtilityRow>,
}

/// `hpsynth targets --json`.
#[derive(Serialize)]
pub struct TargetsReport {
    pub case: String,
    pub streams: usize,
    pub q_hot_min_kw: f64,
    pub q_cold_min_kw: f64,
    pub pinch_shifted_c: Vec<f64>,
    pub pinches: Vec<PinchRow>,
    /// The same minimum utilities from the cascade LP (HiGHS), an independent check of the problem table.
    pub lp_q_hot_min_kw: Option<f64>,
    pub lp_q_cold_min_kw: Option<f64>,
    pub gcc: Vec<GccRow>,
    /// The cheapest use of the case's utilities; absent when the case has none.
    pub utilities: Option<UtilityReport>,
    /// The same targets in each operating period (`[[periods]]`); the fields above are the case as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<PeriodTargets>,
}

/// The targets of one operating period.
#[derive(Serialize)]
pub struct PeriodTargets {
    pub name: String,
    pub hours_per_yr: f64,
    #[serde(flatten)]
    pub targets: TargetsReport,
}

/// Computes every target of `case`.
pub fn report(case: &Case) -> TargetsReport {
    let streams: Vec<ShiftedStream> = case
        .streams
        .iter()
        .map(ShiftedStream::from_process)
        .collect();
    let targets: Targets = problem_table(&streams);
    let lp = lp_min_utilities(&streams).ok();
    let utilities = (!case.utilities.is_empty()).then(|| utility_report(target_utilities(case)));
    let c = kelvin_to_celsius;
    TargetsReport {
        case: case.name.clone(),
        streams: case.streams.len(),
        q_hot_min_kw: si_to_kilo(targets.q_hot_min_w),
        q_cold_min_kw: si_to_kilo(targets.q_cold_min_w),
        pinch_shifted_c: targets.pinches.iter().map(|p| c(p.t_shifted_k)).collect(),
        pinches: targets
            .pinches
            .iter()
            .map(|p| PinchRow {
                t_shifted_c: c(p.t_shifted_k),
                t_hot_c: p.t_hot_k.iter().map(|t| c(*t)).collect(),
                t_cold_c: p.t_cold_k.iter().map(|t| c(*t)).collect(),
            })
            .collect(),
        lp_q_hot_min_kw: lp.map(|(h, _)| si_to_kilo(h)),
        lp_q_cold_min_kw: lp.map(|(_, q)| si_to_kilo(q)),
        gcc: targets
            .gcc
            .iter()
            .map(|g| GccRow {
                t_shifted_c: c(g.t_shifted_k),
                q_kw: si_to_kilo(g.q_w),
            })
            .collect(),
        utilities,
        periods: case
            .periods
            .iter()
            .map(|p| PeriodTargets {
                name: p.name.clone(),
                hours_per_yr: p.operating_s_per_yr / 3600.0,
                targets: report(&case.in_period(p)),
            })
            .collect(),
    }
}

fn utility_report(plan: UtilityPlan) -> UtilityReport {
    let solved = plan.outcome.has_solution();
    UtilityReport {
        operating_cost_eur_per_yr: solved.then_some(plan.operating_cost_eur_per_yr),
        co2_t_per_yr: solved.then_some(plan.co2_kg_per_yr / 1e3),
        outcome: plan.outcome,
        uses: plan
            .uses
            .into_iter()
            .map(|u| UtilityRow {
                name: u.name,
                kind: u.kind,
                q_kw: si_to_kilo(u.q_w),
                cost_eur_per_yr: u.cost_eur_per_yr,
                co2_t_per_yr: u.co2_kg_per_yr / 1e3,
            })
            .collect(),
    }
}

/// The grand composite curve as CSV (`t_shifted_c,q_kw`).
pub fn gcc_csv(r: &TargetsReport) -> String {
    let mut out = String::from("t_shifted_c,q_kw\n");
    for g in &r.gcc {
        out += &format!("{},{}\n", g.t_shifted_c, g.q_kw);
    }
    out
}
