//! What a slave evaluation gives, in SI: the design (units, machines, utilities, costs, checks) or the
//! outcome without one.

use super::electric::CompressorResult;
use super::model::UnitKey;
use crate::case::Objective;
use crate::case::StreamKind;
use crate::case::loops::LoopResult;
use crate::hen::HenTarget;
use crate::solver::Outcome;
use crate::superstructure::{Machine, Removed, UnitKind};
use petgraph::stable_graph::NodeIndex;
use serde::Serialize;
use std::collections::HashMap;

/// A unit with flow in the design (SI).
#[derive(Clone, Debug, Serialize)]
pub struct UnitResult {
    /// Index of its cycle in the evaluation's `cycles`.
    pub cycle: usize,
    pub label: String,
    pub kind: UnitKind,
    pub flow_kg_per_s: f64,
    /// Heat exchanged (W), with its direction on the refrigerant side.
    pub heat_w: Option<f64>,
    pub heat_kind: Option<StreamKind>,
    /// Refrigerant temperatures at which that heat is exchanged, from inlet to outlet (K, not shifted).
    pub t_from_k: Option<f64>,
    pub t_to_k: Option<f64>,
    pub power_w: f64,
}

/// A machine that exists in the design.
#[derive(Clone, Debug, Serialize)]
pub struct MachineResult {
    pub cycle: usize,
    #[serde(skip)]
    pub machine: Machine,
    pub label: String,
    pub size: f64,
    pub size_unit: &'static str,
    /// Installed investment from the cost curve itself at this size, at the case's cost index (EUR): what the
    /// design reports and its TAC counts.
    pub investment_eur: f64,
    /// Of it, the purchased equipment cost (installed over the cost set's installation factors).
    pub purchased_eur: f64,
    /// Installed investment as the MILP priced it, on the secant of its size segment (EUR): below the curve
    /// between breakpoints (the search's price, not the design's).
    pub investment_milp_eur: f64,
    /// A compressor's technology, efficiencies, rating and motor (`None` for other machines).
    pub compressor: Option<CompressorResult>,
}

/// Use of one utility.
#[derive(Clone, Debug, Serialize)]
pub struct UtilityResult {
    pub name: String,
    pub kind: StreamKind,
    pub q_w: f64,
}

/// Parts of the objective (EUR/yr unless stated).
#[derive(Clone, Debug, Serialize)]
pub struct CostBreakdown {
    pub tac_eur_per_yr: f64,
    /// Annualised investment of heat pump machines and utility capacity.
    pub capex_eur_per_yr: f64,
    /// Installed investment of the heat pump machines, as priced by the MILP, and of the heat exchanger
    /// network (EUR, case cost index); utility capacity is apart (site.rs).
    pub investment_eur: f64,
    /// Of it, purchased equipment of the machines (EUR; the network's share is in `network_investment_eur`).
    pub purchased_eur: f64,
    /// Of `investment_eur`, the heat exchanger network beyond what the site has (EUR, installed).
    pub network_investment_eur: f64,
    /// Investment in utility capacity (EUR; on a retrofit site, beyond the installed capacity), apart from
    /// `investment_eur`.
    pub utility_investment_eur: f64,
    /// Maintenance of the machines and the utility capacity, a share of their investment.
    pub maintenance_eur_per_yr: f64,
    pub electricity_eur_per_yr: f64,
    pub utilities_eur_per_yr: f64,
    pub co2_kg_per_yr: f64,
    /// The CO2 as the MILP counts it, its compressors' motors at the efficiency it prices them with: what
    /// `[optimizer] co2_cap_t_per_yr` bounds (kg/yr).
    pub co2_milp_kg_per_yr: f64,
}

/// Checks computed on every design (design.md §6).
#[derive(Clone, Debug, Serialize)]
pub struct Checks {
    /// `(Q_released - Q_absorbed - W) / Q_released` of the refrigerant loop.
    pub first_law_heat_pump: f64,
    /// `(hot process + hot utilities + W - cold process - cold utilities) / scale`, the whole site.
    pub first_law_site: f64,
    /// Largest mass imbalance over the states (kg/s).
    pub max_mass_imbalance_kg_per_s: f64,
    /// Clausius bound on the heating COP, `T_out,min / (T_out,min - T_in,max)` over the refrigerant
    /// temperatures at which heat is given off and taken in; `None` when they overlap (no bound).
    pub cop_heating_bound: Option<f64>,
    /// All of the above within tolerance (1e-6 relative, 1e-9 kg/s, COP <= bound).
    pub pass: bool,
}

/// The design the slave chose.
#[derive(Clone, Debug, Serialize)]
pub struct Design {
    pub units: Vec<UnitResult>,
    pub machines: Vec<MachineResult>,
    pub utilities: Vec<UtilityResult>,
    pub costs: CostBreakdown,
    /// Shaft power of the compressors (W).
    pub power_w: f64,
    /// Power at the meter: shaft power through each compressor's motor and drive (W).
    pub electric_power_w: f64,
    pub heat_released_w: f64,
    pub heat_absorbed_w: f64,
    /// `Q_released / W`, `Q_absorbed / W` (shaft power); `None` without compression.
    pub cop_heating: Option<f64>,
    pub cop_cooling: Option<f64>,
    /// `Q_released / P_el`, `Q_absorbed / P_el` (power at the meter, the loops' pumps included).
    pub cop_heating_electric: Option<f64>,
    pub cop_cooling_electric: Option<f64>,
    /// The loops that carry heat between a `via_loop` stream and the heat pump.
    pub loops: Vec<LoopResult>,
    pub checks: Checks,
    /// Area, units and cost targets of all heat exchange (`None` when exchangers are priced per unit).
    pub network: Option<HenTarget>,
    /// Flow of every unit, for drawing.
    #[serde(skip)]
    pub flows: HashMap<UnitKey, f64>,
    /// Each operating period's operation (`case.periods`; empty for a case without periods). The fields
    /// above are then the year's: the units and flows at each unit's largest flow over the periods (the
    /// flows the machines are sized for), power, heat and utility use hour-weighted means (so the COPs are
    /// seasonal), the checks the worst of the periods', the network the largest period target.
    pub periods: Vec<PeriodDesign>,
}

impl Design {
    /// The value of `objective` for this design, as the master ranks designs: the TAC (EUR/yr), the
    /// operating or capital cost (EUR/yr), or the CO2 (kg/yr) with the TAC as a tie-break (1 EUR/yr counts
    /// as 1 mg/yr, the slave's weight).
    pub fn objective_value(&self, objective: Objective) -> f64 {
        let c = &self.costs;
        match objective {
            Objective::Tac => c.tac_eur_per_yr,
            Objective::Opex => {
                c.maintenance_eur_per_yr + c.electricity_eur_per_yr + c.utilities_eur_per_yr
            }
            Objective::Capex => c.capex_eur_per_yr,
            Objective::Co2 => c.co2_kg_per_yr + 1e-6 * c.tac_eur_per_yr,
        }
    }

    /// Flows of one cycle's units, keyed by unit node (for DOT export).
    pub fn cycle_flows(&self, cycle: usize) -> HashMap<NodeIndex, f64> {
        self.flows
            .iter()
            .filter(|((c, _), _)| *c == cycle)
            .map(|((_, i), m)| (*i, *m))
            .collect()
    }
}

/// One cycle of an evaluation: its fluid, levels and what its limits removed.
#[derive(Clone, Debug, Serialize)]
pub struct CycleSummary {
    pub fluid: String,
    pub template: String,
    pub levels_k: Vec<f64>,
    /// Levels some unit of the design touches (all levels when there is no design).
    pub levels_used_k: Vec<f64>,
    pub removed: Vec<Removed>,
}

/// Size of the MILP.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ModelSize {
    pub rows: usize,
    pub columns: usize,
    pub binaries: usize,
}

/// Result of one slave evaluation: a design, or the outcome that says why there is none.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    pub cycles: Vec<CycleSummary>,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub objective: Objective,
    pub design: Option<Design>,
    /// dT_min/2 of the refrigerant streams (K).
    pub dt_min_half_k: f64,
    pub model: ModelSize,
    pub build_s: f64,
    pub solve_s: f64,
}

/// One operating period of a design (SI).
#[derive(Clone, Debug, Serialize)]
pub struct PeriodDesign {
    pub name: String,
    pub operating_s_per_yr: f64,
    pub units: Vec<UnitResult>,
    pub utilities: Vec<UtilityResult>,
    /// Compressor shaft power and power at the meter (W).
    pub power_w: f64,
    pub electric_power_w: f64,
    /// The loops between `via_loop` streams and the heat pump in this period.
    pub loops: Vec<LoopResult>,
    pub heat_released_w: f64,
    pub heat_absorbed_w: f64,
    /// Electricity (with its CO2 price) and utilities over the period's hours (EUR/yr).
    pub operating_cost_eur_per_yr: f64,
    pub co2_kg_per_yr: f64,
    pub checks: Checks,
    /// Flow of every unit in the period.
    #[serde(skip)]
    pub flows: HashMap<UnitKey, f64>,
}
