//! What one job of a study keeps of its run: its status, a summary of the best design in user units, and
//! the design's JSON as `evaluate --json` writes it (without its solve timings, so that a job gives the same
//! bytes wherever and whenever it runs).

use crate::case::Case;
use crate::master::BestDesign;
use crate::slave::{SiteBaseline, VersusBaseline, versus_no_heat_pump};
use crate::summary::evaluate::EvaluateReport;
use crate::superstructure::UnitKind;
use crate::units::{kelvin_to_celsius, pa_to_kpa};
use serde::{Deserialize, Serialize};

/// How a job ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JobStatus {
    /// The run found a design.
    Designed,
    /// The run found no feasible design (every candidate infeasible or out of time).
    NoDesign,
    /// The case cannot be served as asked (no fluid has a usable range, ...): the reason says why.
    CannotServe,
    /// Left out by the study's filters (GWP, safety class): the reason says which.
    Excluded,
}

/// One job's record (a row of a shard file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRecord {
    /// Place in the study's job list (0-based).
    pub index: usize,
    pub label: String,
    pub status: JobStatus,
    pub reason: Option<String>,
    pub summary: Option<DesignSummary>,
    /// The best design as `evaluate --json` gives it, without `build_ms` and `solve_ms`.
    pub design: Option<serde_json::Value>,
    /// Wall time of the job (s): the only field that differs between two runs of it.
    pub seconds: f64,
}

/// The figures a study compares designs by, in user units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignSummary {
    /// Fluid of each cycle.
    pub fluids: Vec<String>,
    /// Saturation levels of each cycle (°C), as the design was solved with (its seed).
    pub levels_c: Vec<Vec<f64>>,
    /// Of them, the levels a unit with flow touches (°C): the design's own.
    #[serde(default)]
    pub levels_used_c: Vec<Vec<f64>>,
    pub refrigerant_dt_min_half_k: f64,
    pub tac_eur_per_yr: f64,
    pub investment_eur: f64,
    /// Compressor shaft power and power at the meter (kW).
    pub power_kw: f64,
    #[serde(default)]
    pub electric_power_kw: f64,
    pub cop_heating: Option<f64>,
    pub cop_cooling: Option<f64>,
    /// Heating COP at the meter.
    #[serde(default)]
    pub cop_heating_electric: Option<f64>,
    /// Purchased fuel of the site with this design (kW).
    pub fuel_kw: Option<f64>,
    /// Purchased fuel of the site without a heat pump (or the existing site), kW.
    pub site_fuel_kw: Option<f64>,
    /// CO2 of the site with this design (t/yr).
    pub co2_t_per_yr: Option<f64>,
    /// The same as the slave's MILP counts it (its motors at the efficiency it prices them with): the
    /// quantity a CO2 bound holds (t/yr).
    #[serde(default)]
    pub co2_milp_t_per_yr: Option<f64>,
    /// Simple payback against the site without a heat pump (or the existing site).
    pub payback_yr: Option<f64>,
    /// TAC of the site without a heat pump (or the existing site).
    pub site_tac_eur_per_yr: Option<f64>,
    /// Highest and lowest pressure of the levels that units with flow touch (kPa); `None` without any.
    pub p_max_kpa: Option<f64>,
    pub p_min_kpa: Option<f64>,
    /// Hottest compressor discharge of the design (°C).
    pub t_discharge_max_c: Option<f64>,
    /// Heat the refrigerant takes per m3 of compressor suction, over the whole design (kJ/m3): for a single
    /// stage the textbooks' volumetric cooling capacity, `q_evap / v_suction`.
    pub volumetric_capacity_kj_per_m3: Option<f64>,
    /// The machines built, by label (compressors, exchangers per level, vessels): the structure.
    pub topology: Vec<String>,
    /// Every check of the design passed.
    pub checks_pass: bool,
}

impl DesignSummary {
    /// Whether the design beats the site without a heat pump (or the existing site): it runs a compressor
    /// and costs less, by more than the rounding of the sums (a design without a heat pump is the site).
    pub fn beats_site(&self) -> Option<bool> {
        let site = self.site_tac_eur_per_yr?;
        Some(self.power_kw > 0.0 && self.tac_eur_per_yr < site - 1e-9 * site.abs())
    }

    /// Whether the design pumps heat into the process's heating: its site buys less fuel than the site
    /// without a heat pump, by more than the rounding of the LP (1e-6 of the site's fuel). A design that only
    /// refrigerates does not, however much it saves on a site whose own refrigeration is poor (the dairy's
    /// reference refrigerator): it moves heat below the pinch only, where the process has heat to spare.
    pub fn pumps_heat(&self) -> Option<bool> {
        let (design, site) = (self.fuel_kw?, self.site_fuel_kw?);
        Some(design < site - 1e-6 * site.abs())
    }
}

impl JobRecord {
    /// A record of a job that ended without a design.
    pub fn without_design(index: usize, label: &str, status: JobStatus, reason: String) -> Self {
        JobRecord {
            index,
            label: label.to_string(),
            status,
            reason: Some(reason),
            summary: None,
            design: None,
            seconds: 0.0,
        }
    }

    /// The record of a job whose run found `best` on `case`, compared with the site without a heat pump
    /// (`site`, as the run solved it; solved here when `None`).
    pub fn designed(
        index: usize,
        label: &str,
        case: &Case,
        best: &BestDesign,
        site: Option<&SiteBaseline>,
    ) -> Self {
        let versus = match site {
            Some(site) => site.versus(case, &best.evaluation),
            None => versus_no_heat_pump(case, &best.evaluation),
        };
        let report = EvaluateReport::new(&case.name, &best.evaluation, versus.as_ref());
        let mut design = serde_json::to_value(&report).ok();
        if let Some(serde_json::Value::Object(map)) = design.as_mut() {
            map.remove("build_ms");
            map.remove("solve_ms");
        }
        JobRecord {
            index,
            label: label.to_string(),
            status: JobStatus::Designed,
            reason: None,
            summary: summarise(best, versus.as_ref()),
            design,
            seconds: 0.0,
        }
    }

    pub fn tac_eur_per_yr(&self) -> Option<f64> {
        self.summary.as_ref().map(|s| s.tac_eur_per_yr)
    }
}

/// The summary of a best design; `None` if it has no design.
fn summarise(best: &BestDesign, versus: Option<&VersusBaseline>) -> Option<DesignSummary> {
    let d = best.evaluation.design.as_ref()?;
    let (mut p_max, mut p_min) = (f64::NEG_INFINITY, f64::INFINITY);
    for (cycle, ss) in best.superstructures.iter().enumerate() {
        for level in levels_in_use(best, cycle) {
            if let Some(p) = ss
                .states()
                .find(|(_, s)| s.level == level)
                .map(|(_, s)| s.state.p_pa)
            {
                p_max = p_max.max(p);
                p_min = p_min.min(p);
            }
        }
    }
    let (discharge_k, suction_m3_per_s) = compression(best);
    let absorbed = d.heat_absorbed_w;
    Some(DesignSummary {
        fluids: best.cycles.iter().map(|c| c.fluid.clone()).collect(),
        levels_c: best
            .cycles
            .iter()
            .map(|c| c.levels_k.iter().map(|t| kelvin_to_celsius(*t)).collect())
            .collect(),
        levels_used_c: best
            .evaluation
            .cycles
            .iter()
            .map(|c| {
                c.levels_used_k
                    .iter()
                    .map(|t| kelvin_to_celsius(*t))
                    .collect()
            })
            .collect(),
        refrigerant_dt_min_half_k: best.evaluation.dt_min_half_k,
        tac_eur_per_yr: d.costs.tac_eur_per_yr,
        investment_eur: d.costs.investment_eur,
        power_kw: d.power_w / 1e3,
        electric_power_kw: d.electric_power_w / 1e3,
        cop_heating: d.cop_heating,
        cop_cooling: d.cop_cooling,
        cop_heating_electric: d.cop_heating_electric,
        fuel_kw: versus.map(|v| v.design.fuel_w / 1e3),
        site_fuel_kw: versus.map(|v| v.baseline.fuel_w / 1e3),
        co2_t_per_yr: Some(d.costs.co2_kg_per_yr / 1e3),
        co2_milp_t_per_yr: Some(d.costs.co2_milp_kg_per_yr / 1e3),
        payback_yr: versus.and_then(|v| v.simple_payback_yr),
        site_tac_eur_per_yr: versus.map(|v| v.baseline.tac_eur_per_yr),
        p_max_kpa: p_max.is_finite().then(|| pa_to_kpa(p_max)),
        p_min_kpa: p_min.is_finite().then(|| pa_to_kpa(p_min)),
        t_discharge_max_c: discharge_k.map(kelvin_to_celsius),
        volumetric_capacity_kj_per_m3: (suction_m3_per_s > 0.0)
            .then(|| absorbed / 1e3 / suction_m3_per_s),
        topology: d.machines.iter().map(|m| m.label.clone()).collect(),
        checks_pass: d.checks.pass,
    })
}

/// The levels of cycle `cycle` that a unit with flow touches.
fn levels_in_use(best: &BestDesign, cycle: usize) -> std::collections::BTreeSet<usize> {
    let mut levels = std::collections::BTreeSet::new();
    let (Some(d), Some(ss)) = (
        best.evaluation.design.as_ref(),
        best.superstructures.get(cycle),
    ) else {
        return levels;
    };
    for u in d
        .units
        .iter()
        .filter(|u| u.cycle == cycle && u.flow_kg_per_s > 0.0)
    {
        if let Some((node, _)) = ss.units().find(|(_, n)| n.label == u.label) {
            for (state, _) in ss.consumed(node).into_iter().chain(ss.produced(node)) {
                levels.extend(ss.state(state).map(|s| s.level));
            }
        }
    }
    levels
}

/// The hottest discharge (K) and the total suction volume flow (m3/s) of the compressors that run.
fn compression(best: &BestDesign) -> (Option<f64>, f64) {
    let Some(d) = best.evaluation.design.as_ref() else {
        return (None, 0.0);
    };
    let mut hottest: Option<f64> = None;
    let mut suction = 0.0;
    for u in d.units.iter().filter(|u| u.kind == UnitKind::Compressor) {
        let Some(ss) = best.superstructures.get(u.cycle) else {
            continue;
        };
        let Some((node, unit)) = ss.units().find(|(_, n)| n.label == u.label) else {
            continue;
        };
        suction += u.flow_kg_per_s * unit.volume_per_kg;
        for (state, _) in ss.produced(node) {
            if let Some(s) = ss.state(state) {
                hottest = Some(hottest.map_or(s.state.t_k, |h: f64| h.max(s.state.t_k)));
            }
        }
    }
    (hottest, suction)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(power_kw: f64, tac: f64, site: f64) -> DesignSummary {
        DesignSummary {
            fluids: vec!["Ammonia".into()],
            levels_c: vec![vec![0.0, 40.0]],
            levels_used_c: vec![vec![0.0, 40.0]],
            refrigerant_dt_min_half_k: 1.0,
            tac_eur_per_yr: tac,
            investment_eur: 0.0,
            power_kw,
            electric_power_kw: power_kw,
            cop_heating: None,
            cop_heating_electric: None,
            cop_cooling: None,
            fuel_kw: None,
            site_fuel_kw: None,
            co2_t_per_yr: None,
            co2_milp_t_per_yr: None,
            payback_yr: None,
            site_tac_eur_per_yr: Some(site),
            p_max_kpa: None,
            p_min_kpa: None,
            t_discharge_max_c: None,
            volumetric_capacity_kj_per_m3: None,
            topology: Vec::new(),
            checks_pass: true,
        }
    }

    /// The dairy at 5 EUR/kWh (docs/studies.md): the design's site buys the site's 3 603 kW of fuel (the LP
    /// gives it to the last bits), it only refrigerates; at 0.25 EUR/kWh it buys none.
    #[test]
    fn a_design_pumps_heat_when_its_site_buys_less_fuel() {
        let with_fuel = |design: f64, site: f64| DesignSummary {
            fuel_kw: Some(design),
            site_fuel_kw: Some(site),
            ..summary(12.3, 1.0, 2.0)
        };
        assert_eq!(
            with_fuel(3603.3 * (1.0 + 1e-12), 3603.3).pumps_heat(),
            Some(false)
        );
        assert_eq!(with_fuel(3603.3 - 1e-9, 3603.3).pumps_heat(), Some(false));
        assert_eq!(with_fuel(0.0, 3603.3).pumps_heat(), Some(true));
        assert_eq!(with_fuel(3600.0, 3603.3).pumps_heat(), Some(true));
        assert_eq!(summary(12.3, 1.0, 2.0).pumps_heat(), None);
    }

    /// OpenPinch's dairy chilling site at 0.8 EUR/kWh: the design runs no compressor and its TAC is the
    /// site's but for the last bits of the sums (1 459 129.5485799224 against ...229); it does not beat it.
    #[test]
    fn a_design_without_a_heat_pump_does_not_beat_the_site() {
        assert_eq!(
            summary(0.0, 1459129.5485799224, 1459129.5485799229).beats_site(),
            Some(false)
        );
        assert_eq!(
            summary(15.68, 1438280.8, 1459129.5).beats_site(),
            Some(true)
        );
        assert_eq!(
            summary(15.68, 1459129.5, 1459129.5).beats_site(),
            Some(false)
        );
    }
}
