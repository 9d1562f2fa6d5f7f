//! What a design means for the whole site, against the site without a heat pump: purchased fuel,
//! electricity, CO2, investment, yearly cost and simple payback. The baseline is the same slave with no cycle
//! at all: the cheapest mix of the case's utilities (e.g. furnace + cooling tower + reference refrigerator),
//! priced with the same cost model, so the two differ by the heat pump alone.
//!
//! ```text
//! fuel        F = sum_hot utilities  Q_v / eta_v                       (W of purchased energy)
//! electricity E = W_heat pump + sum_v e_v Q_v                          (W)
//! investment  I = sum_machines C_j + sum_v I_v Q_v                      (EUR)
//! OPEX        = electricity cost + utility cost                       (EUR/yr, CO2 tax included)
//! payback     = (I_design - I_baseline) / (OPEX_baseline - OPEX_design)   (yr; when the OPEX falls)
//! ```

use super::{Evaluation, SlaveSettings, evaluate};
use crate::case::{Case, StreamKind};
use serde::Serialize;

/// A design's footprint on the site (SI, EUR).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SiteKpis {
    pub tac_eur_per_yr: f64,
    pub opex_eur_per_yr: f64,
    /// Heat pump machines plus utility capacity (EUR).
    pub investment_eur: f64,
    /// Purchased energy of hot utilities (fuel), W.
    pub fuel_w: f64,
    /// Heat pump compressors plus utility auxiliaries (cooling-tower fans, reference refrigerator), W.
    pub electricity_w: f64,
    pub co2_kg_per_yr: f64,
}

/// A design against the site without a heat pump.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct VersusBaseline {
    pub baseline: SiteKpis,
    pub design: SiteKpis,
    pub tac_saving_eur_per_yr: f64,
    pub tac_saving_pct: f64,
    pub opex_saving_eur_per_yr: f64,
    pub extra_investment_eur: f64,
    /// Extra investment over the yearly OPEX saving (yr); `None` when the OPEX does not fall.
    pub simple_payback_yr: Option<f64>,
    pub fuel_saving_pct: f64,
    pub electricity_change_pct: f64,
    pub co2_saving_pct: f64,
}

impl VersusBaseline {
    /// The simple payback in words: years, immediate, or none.
    pub fn payback_text(&self) -> String {
        match self.simple_payback_yr {
            None => "none (the operating cost does not fall)".to_string(),
            Some(_) if self.extra_investment_eur <= 0.0 => {
                "immediate (less investment than without a heat pump)".to_string()
            }
            Some(p) => format!("{p:.2} yr"),
        }
    }
}

/// Site KPIs of an evaluation's design; `None` without one.
pub fn site_kpis(case: &Case, evaluation: &Evaluation) -> Option<SiteKpis> {
    let design = evaluation.design.as_ref()?;
    let (mut fuel, mut electricity, mut capacity) = (0.0, design.power_w, 0.0);
    for (u, used) in case.utilities.iter().zip(&design.utilities) {
        if u.kind == StreamKind::Hot {
            fuel += used.q_w / u.efficiency;
        }
        electricity += u.electricity_w_per_w * used.q_w;
        capacity += u.investment_eur_per_w * used.q_w;
    }
    let c = &design.costs;
    Some(SiteKpis {
        tac_eur_per_yr: c.tac_eur_per_yr,
        opex_eur_per_yr: c.electricity_eur_per_yr + c.utilities_eur_per_yr,
        investment_eur: c.investment_eur + capacity,
        fuel_w: fuel,
        electricity_w: electricity,
        co2_kg_per_yr: c.co2_kg_per_yr,
    })
}

/// The site without a heat pump: the slave with no cycle.
pub fn without_heat_pump(case: &Case, settings: &SlaveSettings) -> Option<SiteKpis> {
    site_kpis(case, &evaluate(case, &[], settings))
}

/// The design of `evaluation` against the site without a heat pump; `None` when either has no solution.
pub fn versus_no_heat_pump(case: &Case, evaluation: &Evaluation) -> Option<VersusBaseline> {
    let baseline = without_heat_pump(case, &SlaveSettings::from_case(case))?;
    Some(versus_baseline(&baseline, &site_kpis(case, evaluation)?))
}

fn change_pct(from: f64, to: f64) -> f64 {
    if from.abs() > 0.0 {
        100.0 * (to - from) / from
    } else {
        0.0
    }
}

/// Compares a design with the baseline.
pub fn versus_baseline(baseline: &SiteKpis, design: &SiteKpis) -> VersusBaseline {
    let opex_saving = baseline.opex_eur_per_yr - design.opex_eur_per_yr;
    let extra_investment = design.investment_eur - baseline.investment_eur;
    VersusBaseline {
        baseline: baseline.clone(),
        design: design.clone(),
        tac_saving_eur_per_yr: baseline.tac_eur_per_yr - design.tac_eur_per_yr,
        tac_saving_pct: -change_pct(baseline.tac_eur_per_yr, design.tac_eur_per_yr),
        opex_saving_eur_per_yr: opex_saving,
        extra_investment_eur: extra_investment,
        simple_payback_yr: (opex_saving > 0.0).then(|| extra_investment.max(0.0) / opex_saving),
        fuel_saving_pct: -change_pct(baseline.fuel_w, design.fuel_w),
        electricity_change_pct: change_pct(baseline.electricity_w, design.electricity_w),
        co2_saving_pct: -change_pct(baseline.co2_kg_per_yr, design.co2_kg_per_yr),
    }
}
