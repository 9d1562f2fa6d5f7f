//! What a design means for the whole site, against the site without a heat pump: purchased fuel,
//! electricity, CO2, investment, yearly cost, payback, NPV and IRR. The baseline is the same slave with no
//! cycle at all: the cheapest mix of the case's utilities (e.g. furnace + cooling tower + reference
//! refrigerator), priced with the same cost model, so the two differ by the heat pump alone. On a retrofit
//! site (`[site]`) the baseline is the existing site: its utility capacities and heat recovery exist, so it
//! invests nothing, and the design's investment is the new equipment alone.
//!
//! ```text
//! fuel        F = sum_hot utilities  Q_v / eta_v                       (W of purchased energy)
//! electricity E = P_el,heat pump + sum_v e_v Q_v                       (W, at the meter)
//! investment  I = sum_machines C_j + sum_v I_v Q_v                      (EUR)
//! OPEX        = electricity + utility + maintenance cost              (EUR/yr, CO2 tax included)
//! payback     = (I_design - I_baseline) / (OPEX_baseline - OPEX_design)   (yr; when the OPEX falls)
//! NPV, IRR, discounted payback of that investment and saving over the case's lifetime (finance.rs)
//! ```

use super::{Design, Evaluation, SlaveSettings, evaluate};
use crate::case::Objective;
use crate::case::{Case, Economics, StreamKind};
use crate::costs::ExchangerPricing;
use crate::finance::appraise;
use crate::solver::SolveSettings;
use serde::Serialize;
use std::collections::BTreeMap;

/// A design's footprint on the site (SI, EUR).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SiteKpis {
    pub tac_eur_per_yr: f64,
    pub opex_eur_per_yr: f64,
    /// Heat pump machines, heat exchanger network and utility capacity (EUR).
    pub investment_eur: f64,
    /// Of it, the heat exchanger network (EUR).
    pub network_investment_eur: f64,
    /// Purchased energy of hot utilities (fuel), W.
    pub fuel_w: f64,
    /// Heat pump compressors at the meter plus utility auxiliaries (cooling-tower fans, reference
    /// refrigerator), W.
    pub electricity_w: f64,
    pub co2_kg_per_yr: f64,
    /// Of the investment, hot utility capacity kept on standby beyond what the design uses (EUR): the
    /// furnace a greenfield site still buys in case the heat pump stops.
    pub standby_investment_eur: f64,
}

/// A design against the site without a heat pump (greenfield) or the existing site (retrofit).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct VersusBaseline {
    /// The baseline is the existing site of a retrofit case (its equipment is not bought again).
    pub retrofit: bool,
    pub baseline: SiteKpis,
    pub design: SiteKpis,
    pub tac_saving_eur_per_yr: f64,
    pub tac_saving_pct: f64,
    pub opex_saving_eur_per_yr: f64,
    pub extra_investment_eur: f64,
    /// Extra investment over the yearly OPEX saving (yr); `None` when the OPEX does not fall.
    pub simple_payback_yr: Option<f64>,
    /// Years until the discounted saving repays the extra investment; `None` if never within the lifetime.
    pub discounted_payback_yr: Option<f64>,
    /// Net present value of the extra investment and the saving over the lifetime (EUR).
    pub npv_eur: f64,
    /// Internal rate of return (1/yr); `None` without extra investment or without saving.
    pub irr: Option<f64>,
    /// The design's heating COP at the meter (compressors' motors and drives included), which the operating
    /// saving and so the payback rest on.
    pub cop_heating_electric: Option<f64>,
    /// Interest rate and lifetime of the appraisal (the case's economics).
    pub interest_rate_per_yr: f64,
    pub lifetime_yr: f64,
    /// The changes in % are `None` (null) where the baseline has none of it: no percentage exists.
    pub fuel_saving_pct: Option<f64>,
    pub fuel_change_kw: f64,
    pub electricity_change_pct: Option<f64>,
    pub electricity_change_kw: f64,
    pub co2_saving_pct: Option<f64>,
    pub co2_change_t_per_yr: f64,
}

impl VersusBaseline {
    /// The payback in words: years (simple and discounted), none, or no extra investment.
    pub fn payback_text(&self) -> String {
        let what = if self.retrofit {
            "the existing site"
        } else {
            "the site without a heat pump"
        };
        match self.simple_payback_yr {
            None => "none (the operating cost does not fall)".to_string(),
            Some(_) if self.extra_investment_eur <= 0.0 => format!(
                "no extra investment to repay (the design's investment is {:.0} EUR below {what}'s)",
                -self.extra_investment_eur
            ),
            Some(p) => match self.discounted_payback_yr {
                Some(d) => format!("{p:.2} yr simple, {d:.2} yr discounted"),
                None => format!(
                    "{p:.2} yr simple; not repaid within {:.0} yr when discounted",
                    self.lifetime_yr
                ),
            },
        }
    }
}

/// Site KPIs of an evaluation's design; `None` without one.
pub fn site_kpis(case: &Case, evaluation: &Evaluation) -> Option<SiteKpis> {
    let design = evaluation.design.as_ref()?;
    let (mut fuel, mut electricity) = (0.0, design.electric_power_w);
    for (u, used) in case.utilities.iter().zip(&design.utilities) {
        if u.kind == StreamKind::Hot {
            fuel += used.q_w / u.efficiency;
        }
        electricity += u.electricity_w_per_w * used.q_w;
    }
    let c = &design.costs;
    Some(SiteKpis {
        tac_eur_per_yr: c.tac_eur_per_yr,
        opex_eur_per_yr: c.electricity_eur_per_yr
            + c.utilities_eur_per_yr
            + c.maintenance_eur_per_yr,
        investment_eur: c.investment_eur + c.utility_investment_eur,
        network_investment_eur: c.network_investment_eur,
        fuel_w: fuel,
        electricity_w: electricity,
        co2_kg_per_yr: c.co2_kg_per_yr,
        standby_investment_eur: 0.0,
    })
}

/// The case's settings are made here, beside the site without a heat pump that sets their charges: the
/// only constructors that solve a model.
impl SlaveSettings {
    /// The case's settings: its cost set, its `[optimizer]` objective and CO2 cap (the site without a heat
    /// pump, which sets the exchangers' charge, is solved for its TAC without the cap).
    pub fn from_case(case: &Case) -> SlaveSettings {
        Self::for_site(case).for_designs(case)
    }

    /// These settings of the site with the case's `[optimizer]` objective and CO2 cap: a design's.
    fn for_designs(mut self, case: &Case) -> SlaveSettings {
        self.objective = case.optimizer.objective;
        self.co2_cap_t_per_yr = case.optimizer.co2_cap_t_per_yr;
        self
    }

    /// The case's settings with the TAC objective and no CO2 cap: what the site without a heat pump is
    /// solved with.
    pub fn for_site(case: &Case) -> SlaveSettings {
        let mut settings = SlaveSettings {
            objective: Objective::Tac,
            solve: SolveSettings {
                time_limit_s: case.optimizer.slave_time_limit_s,
                mip_rel_gap: case.optimizer.mip_gap,
                dump_failed: None,
                tuning: crate::solver::Tuning::General,
                mip_max_nodes: None,
            },
            costs: case.costs.clone(),
            dt_min_half_k: case.heat_pump.dt_min_half_k,
            forced: BTreeMap::new(),
            fixed_sizes: BTreeMap::new(),
            fixed_flows: Vec::new(),
            level_cap: None,
            warm_start: case.optimizer.warm_start,
            exchangers: case.exchanger_pricing,
            existing_network_eur: 0.0,
            exchanger_charge_eur_per_w: 0.0,
            co2_cap_t_per_yr: None,
        };
        if settings.exchangers == ExchangerPricing::AreaTarget {
            // The site without a heat pump: its network gives the area per unit of the fixed charge, and on
            // a retrofit site the network that exists.
            let Some(site) = evaluate(case, &[], &settings)
                .design
                .and_then(|d| d.network)
            else {
                return settings;
            };
            let exchanged_w: f64 = site.intervals.last().map_or(0.0, |i| i.q_to_w);
            if exchanged_w > 0.0 {
                settings.exchanger_charge_eur_per_w = site.cost_eur / exchanged_w;
            }
            if case.site.as_ref().is_some_and(|s| s.existing_heat_recovery) {
                settings.existing_network_eur = site.cost_eur;
            }
        }
        settings
    }
}

/// The site without a heat pump, solved once: the settings it sets (the exchangers' charge, a retrofit's
/// network that exists) and its evaluation at them, the baseline a design is compared with. Solving it
/// takes two MILPs with no cycle (the charge-free one that sets the charge, then the baseline); a caller
/// that needs both the case's settings and the comparison solves them once here.
#[derive(Clone, Debug)]
pub struct SiteBaseline {
    /// What the site without a heat pump is solved with ([`SlaveSettings::for_site`]).
    pub settings: SlaveSettings,
    /// The site without a heat pump at those settings.
    pub evaluation: Evaluation,
}

impl SiteBaseline {
    /// Solves the site of `case` without a heat pump.
    pub fn solve(case: &Case) -> SiteBaseline {
        let settings = SlaveSettings::for_site(case);
        let evaluation = evaluate(case, &[], &settings);
        SiteBaseline {
            settings,
            evaluation,
        }
    }

    /// The case's settings for its designs ([`SlaveSettings::from_case`], without solving the site again).
    pub fn design_settings(&self, case: &Case) -> SlaveSettings {
        self.settings.clone().for_designs(case)
    }

    /// The design of `evaluation` against this site ([`versus_no_heat_pump`]).
    pub fn versus(&self, case: &Case, evaluation: &Evaluation) -> Option<VersusBaseline> {
        let site = &self.evaluation;
        let baseline = site_kpis(case, site)?;
        let mut design = site_kpis(case, evaluation)?;
        if case.site.is_none() && case.economics.standby_boiler {
            let standby = standby_investment(case, site, evaluation);
            design.standby_investment_eur = standby;
            design.investment_eur += standby;
            design.tac_eur_per_yr += standby * case.economics.capital_recovery_factor();
        }
        let mut v = versus_baseline(&baseline, &design, &case.economics);
        v.retrofit = case.site.is_some();
        v.cop_heating_electric = evaluation
            .design
            .as_ref()
            .and_then(|d| d.cop_heating_electric);
        Some(v)
    }
}

/// The site without a heat pump: the slave with no cycle.
pub fn without_heat_pump(case: &Case, settings: &SlaveSettings) -> Option<SiteKpis> {
    site_kpis(case, &evaluate(case, &[], settings))
}

/// The design of `evaluation` against the site without a heat pump (or the existing site of a retrofit
/// case); `None` when either has no solution. A greenfield design keeps the hot utility capacity of the site
/// without a heat pump on standby unless the case says otherwise (`[economics] standby_boiler = false`):
///
/// ```text
/// I_standby = sum_hot utilities v  c_v max(0, Q_v,site - Q_v,design)     (EUR; c_v: its price per W)
/// ```
///
/// added to the design's investment and, annualised, to its TAC (the search does not see it: it is the same
/// for every design that uses less of the utility than the site).
pub fn versus_no_heat_pump(case: &Case, evaluation: &Evaluation) -> Option<VersusBaseline> {
    SiteBaseline::solve(case).versus(case, evaluation)
}

/// [`versus_no_heat_pump`]'s `I_standby` (EUR).
fn standby_investment(case: &Case, site: &Evaluation, evaluation: &Evaluation) -> f64 {
    let (Some(site), Some(design)) = (&site.design, &evaluation.design) else {
        return 0.0;
    };
    case.utilities
        .iter()
        .zip(site.utilities.iter().zip(&design.utilities))
        .filter(|(u, _)| u.kind == StreamKind::Hot)
        .map(|(u, (s, d))| u.investment_eur_per_w * (s.q_w - d.q_w).max(0.0))
        .sum()
}

/// `100 (to - from) / from`; `None` from zero.
fn change_pct(from: f64, to: f64) -> Option<f64> {
    (from.abs() > 0.0).then(|| 100.0 * (to - from) / from)
}

/// Compares a design with the baseline; the appraisal uses the case's interest rate and lifetime.
pub fn versus_baseline(
    baseline: &SiteKpis,
    design: &SiteKpis,
    economics: &Economics,
) -> VersusBaseline {
    // Differences within rounding of the sums (1e-9 of the larger side, e.g. a design without a heat pump
    // against the site) are none: no saving, no extra investment, so no payback of "0 years".
    let difference = |a: f64, b: f64| {
        let d = a - b;
        if d.abs() <= 1e-9 * a.abs().max(b.abs()) {
            0.0
        } else {
            d
        }
    };
    let opex_saving = difference(baseline.opex_eur_per_yr, design.opex_eur_per_yr);
    let extra_investment = difference(design.investment_eur, baseline.investment_eur);
    let (i, n) = (economics.interest_rate_per_yr, economics.lifetime_yr);
    let appraisal = appraise(extra_investment, opex_saving, i, n);
    let kw = 1e-3;
    VersusBaseline {
        retrofit: false,
        baseline: baseline.clone(),
        design: design.clone(),
        tac_saving_eur_per_yr: baseline.tac_eur_per_yr - design.tac_eur_per_yr,
        tac_saving_pct: -change_pct(baseline.tac_eur_per_yr, design.tac_eur_per_yr).unwrap_or(0.0),
        opex_saving_eur_per_yr: opex_saving,
        extra_investment_eur: extra_investment,
        simple_payback_yr: appraisal.simple_payback_yr,
        discounted_payback_yr: appraisal.discounted_payback_yr,
        npv_eur: appraisal.npv_eur,
        irr: appraisal.irr,
        cop_heating_electric: None,
        interest_rate_per_yr: i,
        lifetime_yr: n,
        fuel_saving_pct: change_pct(baseline.fuel_w, design.fuel_w).map(|c| -c),
        fuel_change_kw: kw * (design.fuel_w - baseline.fuel_w),
        electricity_change_pct: change_pct(baseline.electricity_w, design.electricity_w),
        electricity_change_kw: kw * (design.electricity_w - baseline.electricity_w),
        co2_saving_pct: change_pct(baseline.co2_kg_per_yr, design.co2_kg_per_yr).map(|c| -c),
        co2_change_t_per_yr: 1e-3 * (design.co2_kg_per_yr - baseline.co2_kg_per_yr),
    }
}

/// Installed investment of the heat pump itself: its machines and the network beyond the baseline's
/// (EUR); per kW of heat it releases (EUR/kW).
pub fn heat_pump_investment(
    evaluation: &Evaluation,
    versus: &VersusBaseline,
) -> Option<(f64, f64)> {
    let d = evaluation.design.as_ref()?;
    Some(heat_pump_investment_with(
        d,
        versus.design.network_investment_eur,
        versus,
    ))
}

/// [`heat_pump_investment`] with the design's network charged `network_eur` (a synthesised network in
/// place of the target: summary/network.rs).
pub fn heat_pump_investment_with(
    d: &Design,
    network_eur: f64,
    versus: &VersusBaseline,
) -> (f64, f64) {
    let machines: f64 = d.machines.iter().map(|m| m.investment_eur).sum();
    let network = (network_eur - versus.baseline.network_investment_eur).max(0.0);
    let investment = machines + network;
    (
        investment,
        investment / (d.heat_released_w * 1e-3).max(1e-9),
    )
}

#[cfg(test)]
mod change_tests {
    /// A change from nothing has no percentage (the dairy chilling baseline uses no electricity).
    #[test]
    fn a_change_from_zero_has_no_percentage() {
        assert_eq!(super::change_pct(0.0, 167.0), None);
        assert_eq!(super::change_pct(200.0, 300.0), Some(50.0));
    }

    /// A design that is the site (no heat pump), its sums differing in the last bits: no payback of "0
    /// years" (OpenPinch's dairy chilling site at 0.8 EUR/kWh).
    #[test]
    fn the_site_against_itself_has_no_payback() {
        let site = super::SiteKpis {
            tac_eur_per_yr: 1459129.5485799229,
            opex_eur_per_yr: 1336924.0,
            investment_eur: 1401690.0,
            network_investment_eur: 1401690.0,
            fuel_w: 1.164e6,
            electricity_w: 0.0,
            co2_kg_per_yr: 0.0,
            standby_investment_eur: 0.0,
        };
        let design = super::SiteKpis {
            opex_eur_per_yr: site.opex_eur_per_yr - 4.66e-10,
            investment_eur: site.investment_eur - 1.16e-9,
            ..site.clone()
        };
        let economics = crate::case::Economics {
            interest_rate_per_yr: 0.06,
            lifetime_yr: 20.0,
            operating_s_per_yr: 8760.0 * 3600.0,
            co2_price_eur_per_kg: 0.0,
            cepci: 596.2,
            standby_boiler: true,
        };
        let v = super::versus_baseline(&site, &design, &economics);
        assert_eq!(
            (
                v.simple_payback_yr,
                v.extra_investment_eur,
                v.opex_saving_eur_per_yr
            ),
            (None, 0.0, 0.0)
        );
    }
}
