//! What one slave evaluation is solved with: objective, solver settings, cost set, fixed machines and
//! flows, and the charges the site without a heat pump sets.

use super::model::UnitKey;
use super::results::Design;
use crate::case::Objective;
use crate::costs::{CostSet, ExchangerPricing};
use crate::solver::SolveSettings;
use crate::superstructure::{Machine, Superstructure};
use std::collections::{BTreeMap, HashMap};

/// Settings of one slave evaluation.
#[derive(Clone, Debug)]
pub struct SlaveSettings {
    pub objective: Objective,
    pub solve: SolveSettings,
    pub costs: CostSet,
    /// dT_min/2 of refrigerant streams (K).
    pub dt_min_half_k: f64,
    /// Machines whose existence is fixed (enumeration, what-if studies), keyed by cycle index.
    pub forced: BTreeMap<(usize, Machine), bool>,
    /// Machines whose size is fixed (a design re-costed on other operation: [`SlaveSettings::fix_design`]),
    /// in their size unit, keyed by cycle index.
    pub fixed_sizes: BTreeMap<(usize, Machine), f64>,
    /// Each period's unit flows, fixed (kg/s; one map for a case without periods): a design priced as it
    /// runs, at other prices ([`SlaveSettings::fix_operation`]). Empty: the flows are free.
    pub fixed_flows: Vec<BTreeMap<UnitKey, f64>>,
    /// Grid mode: a binary per level and at most so many levels used per cycle (`None`: all levels free).
    pub level_cap: Option<LevelCap>,
    /// Start HiGHS from the design rounded from the LP relaxation (warm_start.rs).
    pub warm_start: bool,
    /// How exchangers are priced: by the design's area target (hen/), or each as a machine of the MILP.
    pub exchangers: ExchangerPricing,
    /// Installed cost of the heat recovery network a retrofit site has already (EUR): the network target of
    /// the site without a heat pump (network.rs); 0 on a greenfield site.
    pub existing_network_eur: f64,
    /// Under the area target, the MILP's charge per W of exchanger duty (EUR/W): the installed network cost
    /// of the site without a heat pump over the heat it exchanges. It only steers the MILP away from
    /// exchangers that save next to nothing (a linear term keeps the LP relaxation tight: a fixed charge
    /// per exchanger halved the dairy study's evaluations per second); the design is priced by its own network
    /// target.
    pub exchanger_charge_eur_per_w: f64,
    /// Every design's CO2 at most this (t/yr; `[optimizer] co2_cap_t_per_yr`, `hpsynth pareto`).
    pub co2_cap_t_per_yr: Option<f64>,
}

impl SlaveSettings {
    /// Fixes the machines of `design` (on `superstructures`) at their sizes and every other machine off: the
    /// MILP then only operates that design, e.g. over operating periods it was not sized for.
    pub fn fix_design(&mut self, superstructures: &[Superstructure], design: &Design) {
        for (c, ss) in superstructures.iter().enumerate() {
            for (_, unit) in ss.units() {
                if let Some(machine) = unit.machine {
                    self.forced.insert((c, machine), false);
                }
            }
        }
        for m in &design.machines {
            self.forced.insert((m.cycle, m.machine), true);
            self.fixed_sizes.insert((m.cycle, m.machine), m.size);
        }
    }

    /// Fixes `design` whole: its machines as [`fix_design`](Self::fix_design) does, and the flow of every
    /// unit in every period (a unit the design does not run at zero). The utilities (and loops) stay free, so
    /// on a case that differs in its prices the MILP prices the same plant run the same way, its TAC linear in
    /// the price (what a sweep's tipping point is estimated from, study/sweep.rs) unless the price moves the
    /// rest of the site's heat from one utility to another (a refrigerator instead of cooling water when
    /// electricity is cheap): there the line bends and the estimate is an interpolation.
    pub fn fix_operation(&mut self, superstructures: &[Superstructure], design: &Design) {
        self.fix_design(superstructures, design);
        let every_unit = |flows: &HashMap<UnitKey, f64>| -> BTreeMap<UnitKey, f64> {
            superstructures
                .iter()
                .enumerate()
                .flat_map(|(c, ss)| ss.units().map(move |(i, _)| (c, i)))
                .map(|k| (k, flows.get(&k).copied().unwrap_or(0.0)))
                .collect()
        };
        self.fixed_flows = if design.periods.is_empty() {
            vec![every_unit(&design.flows)]
        } else {
            design
                .periods
                .iter()
                .map(|p| every_unit(&p.flows))
                .collect()
        };
    }
}

/// Grid mode's level selection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LevelCap {
    /// At most this many levels used per cycle.
    pub max_levels: usize,
    /// Compressors (and valves) connect only neighbouring *chosen* levels: a unit spanning levels `l < m`
    /// may run only if no level strictly between them is chosen. This is what "adjacent" in a template means
    /// for a design, so grid mode and the GA search the same superstructure.
    pub adjacent_compressors: bool,
    pub adjacent_valves: bool,
}
