//! One slave evaluation in user units: `hpsynth evaluate --json`, `result.json`'s design, and its report.

use crate::case::StreamKind;
use crate::hen::HenTarget;
use crate::machines::{ExchangerType, LoopKind, Technology};
use crate::slave::{
    Checks, CompressorResult, Design, Evaluation, LoopResult, MachineResult, ModelSize, Objective,
    PeriodDesign, UnitResult, UtilityResult, VersusBaseline, heat_pump_investment,
};
use crate::solver::Outcome;
use crate::superstructure::{Removed, UnitKind};
use crate::units::{kelvin_to_celsius, si_to_kilo};
use serde::Serialize;

#[derive(Serialize)]
pub struct CycleRow {
    pub fluid: String,
    pub template: String,
    pub levels_c: Vec<f64>,
    /// Units the template's limits removed, with the reason.
    pub removed: Vec<Removed>,
}

#[derive(Serialize)]
pub struct UnitRow {
    /// Fluid of the unit's cycle.
    pub fluid: String,
    pub label: String,
    pub kind: UnitKind,
    pub flow_kg_per_s: f64,
    pub heat_kw: Option<f64>,
    /// "hot": the refrigerant gives this heat; "cold": it takes it.
    pub heat_kind: Option<StreamKind>,
    /// Refrigerant temperatures of that heat, from inlet to outlet (°C, not shifted).
    pub t_from_c: Option<f64>,
    pub t_to_c: Option<f64>,
    pub power_kw: f64,
}

/// A compressor machine's technology, efficiencies, rating and motor.
#[derive(Serialize)]
pub struct CompressorRow {
    pub technology: Technology,
    pub pressure_ratio: f64,
    pub eta_is: f64,
    pub eta_vol: f64,
    pub discharge_pressure_kpa: f64,
    /// Rated shaft power (the largest over the periods).
    pub shaft_power_kw: f64,
    pub motor_class: Option<String>,
    pub motor_efficiency: f64,
    pub drive_efficiency: f64,
    /// At the meter, at the rating.
    pub electric_power_kw: f64,
}

impl CompressorRow {
    fn new(c: &CompressorResult) -> CompressorRow {
        CompressorRow {
            technology: c.technology,
            pressure_ratio: c.pressure_ratio,
            eta_is: c.eta_is,
            eta_vol: c.eta_vol,
            discharge_pressure_kpa: c.discharge_pressure_pa / 1e3,
            shaft_power_kw: si_to_kilo(c.shaft_power_w),
            motor_class: c.motor_class.clone(),
            motor_efficiency: c.motor_efficiency,
            drive_efficiency: c.drive_efficiency,
            electric_power_kw: si_to_kilo(c.electric_power_w),
        }
    }
}

#[derive(Serialize)]
pub struct MachineRow {
    pub fluid: String,
    pub label: String,
    pub size: f64,
    pub size_unit: &'static str,
    /// Installed, from the cost curve at this size.
    pub investment_eur: f64,
    /// Of it, purchased equipment.
    pub purchased_eur: f64,
    /// Installed, as the MILP priced it (secant of its size segment).
    pub investment_milp_eur: f64,
    /// A compressor's technology, pressure ratio, efficiencies, rating and motor; its keys are flattened
    /// into the row (absent for other machines).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub compressor: Option<CompressorRow>,
}

#[derive(Serialize)]
pub struct UtilityRow {
    pub name: String,
    pub kind: StreamKind,
    pub q_kw: f64,
}

/// One loop between a `via_loop` stream and the heat pump (slave/loops.rs).
#[derive(Serialize)]
pub struct LoopRow {
    pub stream: String,
    #[serde(rename = "loop")]
    pub kind: LoopKind,
    /// Heat the loop carries.
    pub q_kw: f64,
    /// The loop fluid against the stream, inlet to outlet.
    pub t_from_c: f64,
    pub t_to_c: f64,
    pub pump_power_kw: f64,
}

impl LoopRow {
    fn new(l: &LoopResult) -> LoopRow {
        LoopRow {
            stream: l.stream.clone(),
            kind: l.kind,
            q_kw: si_to_kilo(l.q_w),
            t_from_c: kelvin_to_celsius(l.t_from_k),
            t_to_c: kelvin_to_celsius(l.t_to_k),
            pump_power_kw: si_to_kilo(l.pump_power_w),
        }
    }
}

/// One operating period of the design (`[[periods]]`).
#[derive(Serialize)]
pub struct PeriodRow {
    pub name: String,
    pub hours_per_yr: f64,
    pub power_kw: f64,
    pub electric_power_kw: f64,
    pub heat_released_kw: f64,
    pub heat_absorbed_kw: f64,
    pub cop_heating: Option<f64>,
    pub utilities: Vec<UtilityRow>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub loops: Vec<LoopRow>,
    /// Electricity (with its CO2 price) and utilities over the period's hours.
    pub operating_cost_eur_per_yr: f64,
    pub co2_t_per_yr: f64,
    pub checks: Checks,
}

impl PeriodRow {
    fn new(p: &PeriodDesign) -> PeriodRow {
        PeriodRow {
            name: p.name.clone(),
            hours_per_yr: p.operating_s_per_yr / 3600.0,
            power_kw: si_to_kilo(p.power_w),
            electric_power_kw: si_to_kilo(p.electric_power_w),
            heat_released_kw: si_to_kilo(p.heat_released_w),
            heat_absorbed_kw: si_to_kilo(p.heat_absorbed_w),
            cop_heating: (p.power_w > 0.0).then(|| p.heat_released_w / p.power_w),
            utilities: p.utilities.iter().map(UtilityRow::new).collect(),
            loops: p.loops.iter().map(LoopRow::new).collect(),
            operating_cost_eur_per_yr: p.operating_cost_eur_per_yr,
            co2_t_per_yr: p.co2_kg_per_yr / 1e3,
            checks: p.checks.clone(),
        }
    }
}

impl UtilityRow {
    fn new(u: &UtilityResult) -> UtilityRow {
        UtilityRow {
            name: u.name.clone(),
            kind: u.kind,
            q_kw: si_to_kilo(u.q_w),
        }
    }
}

#[derive(Serialize)]
pub struct CostRow {
    pub tac_eur_per_yr: f64,
    pub capex_eur_per_yr: f64,
    /// Installed: machines and heat exchanger network (utility capacity apart).
    pub investment_eur: f64,
    /// The machines' purchased equipment cost.
    pub purchased_eur: f64,
    /// The heat exchanger network's share of `investment_eur`.
    pub network_investment_eur: f64,
    pub maintenance_eur_per_yr: f64,
    /// The heat pump's own installed investment: machines and the network beyond the baseline's.
    pub heat_pump_investment_eur: Option<f64>,
    /// `heat_pump_investment_eur` per kW of heat the heat pump releases.
    pub installed_cost_eur_per_kw_heat: Option<f64>,
    pub electricity_eur_per_yr: f64,
    pub utilities_eur_per_yr: f64,
    pub co2_t_per_yr: f64,
    /// The CO2 as the MILP counts it (its motors at the efficiency it prices them with): what a CO2 bound
    /// holds.
    pub co2_milp_t_per_yr: f64,
}

/// `hpsynth evaluate --json` (keys documented in docs/slave.md).
#[derive(Serialize)]
pub struct EvaluateReport {
    pub case: String,
    pub cycles: Vec<CycleRow>,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub objective: Objective,
    pub costs: Option<CostRow>,
    /// Refrigerant side: heat over shaft power.
    pub cop_heating: Option<f64>,
    pub cop_cooling: Option<f64>,
    /// At the meter: heat over the power of the compressors' motors and drives.
    pub cop_heating_electric: Option<f64>,
    pub cop_cooling_electric: Option<f64>,
    /// Shaft power of the compressors.
    pub power_kw: Option<f64>,
    /// Power at the meter.
    pub electric_power_kw: Option<f64>,
    pub heat_released_kw: Option<f64>,
    pub heat_absorbed_kw: Option<f64>,
    pub units: Vec<UnitRow>,
    pub machines: Vec<MachineRow>,
    pub utilities: Vec<UtilityRow>,
    /// The loops between `via_loop` streams and the heat pump (with periods: the period carrying most).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub loops: Vec<LoopRow>,
    pub checks: Option<Checks>,
    /// Each operating period (a case with `[[periods]]`); the fields above are then the year's: units at
    /// their largest flow, power, heat and utility use hour-weighted means, the worst checks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<PeriodRow>,
    /// dT_min/2 of the refrigerant streams of this evaluation (K).
    pub refrigerant_dt_min_half_k: f64,
    /// Area, units and cost targets of the design's heat exchange (null when exchangers are per unit).
    pub hen: Option<NetworkRow>,
    /// Against the site without a heat pump (greenfield case).
    pub versus_no_heat_pump: Option<VersusBaseline>,
    /// Against the existing site (retrofit case, `[site]`).
    pub versus_existing_site: Option<VersusBaseline>,
    pub model: ModelSize,
    pub build_ms: f64,
    pub solve_ms: f64,
}

/// One enthalpy interval of the area target, in user units.
#[derive(Serialize)]
pub struct IntervalRow {
    pub q_from_kw: f64,
    pub q_to_kw: f64,
    pub t_hot_from_c: f64,
    pub t_hot_to_c: f64,
    pub t_cold_from_c: f64,
    pub t_cold_to_c: f64,
    pub dt_lm_k: f64,
    pub area_m2: f64,
}

/// The exchangers of one type in the network target, in user units.
#[derive(Serialize)]
pub struct TypeRow {
    pub exchanger: ExchangerType,
    pub area_m2: f64,
    pub duty_kw: f64,
    /// Its share of the minimum number of units, by heat.
    pub units: f64,
    pub cost_eur: f64,
    pub installed_eur_per_m2: f64,
}

/// The network targets, in user units.
#[derive(Serialize)]
pub struct NetworkRow {
    pub area_m2: f64,
    /// Of it, the exchanges with a refrigerant stream on either side: the heat pump's exchangers.
    pub refrigerant_area_m2: f64,
    pub units_min: usize,
    pub cost_eur: f64,
    /// Installed cost per m2 of the whole network.
    pub installed_eur_per_m2: f64,
    /// Area, heat, units and cost by exchanger type.
    pub by_type: Vec<TypeRow>,
    pub dt_min_vertical_k: f64,
    pub pinches_shifted_c: Vec<f64>,
    pub intervals: Vec<IntervalRow>,
}

impl NetworkRow {
    fn new(n: &HenTarget) -> Self {
        NetworkRow {
            area_m2: n.area_m2,
            refrigerant_area_m2: n.refrigerant_area_m2,
            units_min: n.units_min,
            cost_eur: n.cost_eur,
            installed_eur_per_m2: n.installed_eur_per_m2,
            by_type: n
                .by_type
                .iter()
                .map(|t| TypeRow {
                    exchanger: t.exchanger,
                    area_m2: t.area_m2,
                    duty_kw: si_to_kilo(t.duty_w),
                    units: t.units,
                    cost_eur: t.cost_eur,
                    installed_eur_per_m2: if t.area_m2 > 0.0 {
                        t.cost_eur / t.area_m2
                    } else {
                        0.0
                    },
                })
                .collect(),
            dt_min_vertical_k: n.dt_min_vertical_k,
            pinches_shifted_c: n
                .pinches_shifted_k
                .iter()
                .map(|t| kelvin_to_celsius(*t))
                .collect(),
            intervals: n
                .intervals
                .iter()
                .map(|i| IntervalRow {
                    q_from_kw: si_to_kilo(i.q_from_w),
                    q_to_kw: si_to_kilo(i.q_to_w),
                    t_hot_from_c: kelvin_to_celsius(i.t_hot_from_k),
                    t_hot_to_c: kelvin_to_celsius(i.t_hot_to_k),
                    t_cold_from_c: kelvin_to_celsius(i.t_cold_from_k),
                    t_cold_to_c: kelvin_to_celsius(i.t_cold_to_k),
                    dt_lm_k: i.dt_lm_k,
                    area_m2: i.area_m2,
                })
                .collect(),
        }
    }
}

impl CostRow {
    /// `own`: the heat pump's own investment and its installed cost per kW of heat, if compared.
    fn new(d: &Design, own: Option<(f64, f64)>) -> CostRow {
        CostRow {
            tac_eur_per_yr: d.costs.tac_eur_per_yr,
            capex_eur_per_yr: d.costs.capex_eur_per_yr,
            investment_eur: d.costs.investment_eur,
            purchased_eur: d.costs.purchased_eur,
            network_investment_eur: d.costs.network_investment_eur,
            maintenance_eur_per_yr: d.costs.maintenance_eur_per_yr,
            heat_pump_investment_eur: own.map(|o| o.0),
            installed_cost_eur_per_kw_heat: own.map(|o| o.1),
            electricity_eur_per_yr: d.costs.electricity_eur_per_yr,
            utilities_eur_per_yr: d.costs.utilities_eur_per_yr,
            co2_t_per_yr: d.costs.co2_kg_per_yr / 1e3,
            co2_milp_t_per_yr: d.costs.co2_milp_kg_per_yr / 1e3,
        }
    }
}

impl UnitRow {
    fn new(u: &UnitResult, fluid: String) -> UnitRow {
        UnitRow {
            fluid,
            label: u.label.clone(),
            kind: u.kind,
            flow_kg_per_s: u.flow_kg_per_s,
            heat_kw: u.heat_w.map(si_to_kilo),
            heat_kind: u.heat_kind,
            t_from_c: u.t_from_k.map(kelvin_to_celsius),
            t_to_c: u.t_to_k.map(kelvin_to_celsius),
            power_kw: si_to_kilo(u.power_w),
        }
    }
}

impl MachineRow {
    fn new(m: &MachineResult, fluid: String) -> MachineRow {
        MachineRow {
            fluid,
            label: m.label.clone(),
            size: m.size,
            size_unit: m.size_unit,
            investment_eur: m.investment_eur,
            purchased_eur: m.purchased_eur,
            investment_milp_eur: m.investment_milp_eur,
            compressor: m.compressor.as_ref().map(CompressorRow::new),
        }
    }
}

impl EvaluateReport {
    /// The report of an evaluation; `versus` its comparison with the baseline site, if computed
    /// ([`versus_no_heat_pump`]).
    pub fn new(case: &str, e: &Evaluation, versus: Option<&VersusBaseline>) -> Self {
        let d = e.design.as_ref();
        let own = versus.and_then(|v| heat_pump_investment(e, v));
        let fluid = |cycle: usize| {
            e.cycles
                .get(cycle)
                .map_or_else(String::new, |c| c.fluid.clone())
        };
        EvaluateReport {
            case: case.to_string(),
            cycles: e
                .cycles
                .iter()
                .map(|c| CycleRow {
                    fluid: c.fluid.clone(),
                    template: c.template.clone(),
                    levels_c: c.levels_k.iter().map(|t| kelvin_to_celsius(*t)).collect(),
                    removed: c.removed.clone(),
                })
                .collect(),
            outcome: e.outcome.clone(),
            objective: e.objective,
            costs: d.map(|d| CostRow::new(d, own)),
            cop_heating: d.and_then(|d| d.cop_heating),
            cop_cooling: d.and_then(|d| d.cop_cooling),
            cop_heating_electric: d.and_then(|d| d.cop_heating_electric),
            cop_cooling_electric: d.and_then(|d| d.cop_cooling_electric),
            power_kw: d.map(|d| si_to_kilo(d.power_w)),
            electric_power_kw: d.map(|d| si_to_kilo(d.electric_power_w)),
            heat_released_kw: d.map(|d| si_to_kilo(d.heat_released_w)),
            heat_absorbed_kw: d.map(|d| si_to_kilo(d.heat_absorbed_w)),
            units: d.map_or_else(Vec::new, |d| {
                d.units
                    .iter()
                    .map(|u| UnitRow::new(u, fluid(u.cycle)))
                    .collect()
            }),
            machines: d.map_or_else(Vec::new, |d| {
                d.machines
                    .iter()
                    .map(|m| MachineRow::new(m, fluid(m.cycle)))
                    .collect()
            }),
            utilities: d.map_or_else(Vec::new, |d| {
                d.utilities.iter().map(UtilityRow::new).collect()
            }),
            loops: d.map_or_else(Vec::new, |d| d.loops.iter().map(LoopRow::new).collect()),
            checks: d.map(|d| d.checks.clone()),
            refrigerant_dt_min_half_k: e.dt_min_half_k,
            hen: d.and_then(|d| d.network.as_ref()).map(NetworkRow::new),
            periods: d.map_or_else(Vec::new, |d| d.periods.iter().map(PeriodRow::new).collect()),
            versus_no_heat_pump: versus.filter(|v| !v.retrofit).cloned(),
            versus_existing_site: versus.filter(|v| v.retrofit).cloned(),
            model: e.model,
            build_ms: e.build_s * 1e3,
            solve_ms: e.solve_s * 1e3,
        }
    }
}
