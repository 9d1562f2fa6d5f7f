//! Solving the slave and reading the design out of the solution, with the checks every design must pass.

use super::electric::{CompressorResult, ElectricPower, compressor_result, electric_power};
use super::model::Streams;
use super::model::{KILO, SlaveModel, UnitKey, machine_label};
use super::network::{design_network, network_investment};
use super::warm_start::{Solved, solve_slave};
use crate::case::Objective;
use crate::case::loops::{LoopResult, LoopStream, loop_results, loop_streams};
use crate::case::{Case, StreamKind};
use crate::costs::{CostSet, ExchangerPricing};
use crate::hen::HenTarget;
use crate::machines::FluidFamily;
use crate::solver::{Outcome, SolveSettings, Values};
use crate::superstructure::{Machine, Removed, Superstructure, UnitKind};
use good_lp::{Expression, Solution};
use petgraph::stable_graph::NodeIndex;
use serde::Serialize;
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

impl SlaveSettings {
    /// The case's settings: its cost set, its `[optimizer]` objective and CO2 cap (the site without a heat
    /// pump, which sets the exchangers' charge, is solved for its TAC without the cap).
    pub fn from_case(case: &Case) -> SlaveSettings {
        let mut settings = Self::for_site(case);
        settings.objective = case.optimizer.objective;
        settings.co2_cap_t_per_yr = case.optimizer.co2_cap_t_per_yr;
        settings
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
    pub periods: Vec<super::periods::PeriodDesign>,
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

/// Builds and solves the slave MILP of one or more cycles (superstructures) against `case`; the cycles
/// exchange heat only through the shared cascade (e.g. a CO2 low stage condensing into an ammonia high stage).
pub fn evaluate(case: &Case, cycles: &[Superstructure], settings: &SlaveSettings) -> Evaluation {
    // Off unless RUST_LOG asks for it (`slave=debug`): its fields are not even computed then.
    let _span = tracing::debug_span!(
        "slave",
        fluids = ?cycles.iter().map(|c| c.fluid.as_str()).collect::<Vec<_>>(),
        levels_k = ?cycles.iter().map(|c| &c.levels_k).collect::<Vec<_>>()
    )
    .entered();
    let objective_of = |model: &SlaveModel| objective(model, settings.objective);
    let Solved {
        model,
        streams,
        size,
        outcome,
        values: solution,
        build_s,
        solve_s,
    } = solve_slave(case, cycles, settings, &objective_of);
    let design = solution.map(|sol| {
        if case.periods.is_empty() {
            read_design(case, cycles, settings, &model, &streams[0], &sol)
        } else {
            super::periods::read_design(case, cycles, settings, &model, &streams, &sol)
        }
    });
    // A design whose composite curves touch has no finite area: no design, and the outcome says why.
    let (outcome, design) = match design {
        Some(Err(detail)) => (Outcome::Failed(detail), None),
        Some(Ok(d)) => (outcome, Some(d)),
        None => (outcome, None),
    };
    Evaluation {
        cycles: cycle_summaries(cycles, design.as_ref()),
        outcome,
        objective: settings.objective,
        design,
        dt_min_half_k: settings.dt_min_half_k,
        model: size,
        build_s,
        solve_s,
    }
}

/// Weight of the TAC (kEUR/yr) in the CO2 objective (t/yr): a tie-break among designs of equal CO2.
const CO2_TIE_BREAK: f64 = 1e-6;

/// The TAC of the model (kEUR/yr), with the exchangers' charge.
fn tac(model: &SlaveModel) -> Expression {
    model.capex.clone()
        + model.exchanger_proxy.clone()
        + model.maintenance.clone()
        + model.electricity.clone()
        + model.utility_cost.clone()
}

/// What the slave minimises, from the parts of the model.
fn objective(model: &SlaveModel, objective: Objective) -> Expression {
    match objective {
        Objective::Tac => tac(model),
        Objective::Opex => {
            model.maintenance.clone() + model.electricity.clone() + model.utility_cost.clone()
        }
        Objective::Capex => model.capex.clone(),
        // t/yr, with the TAC (kEUR/yr) at a weight that only breaks ties: 1 kEUR/yr counts as 1 g/yr.
        Objective::Co2 => model.co2.clone() + CO2_TIE_BREAK * tac(model),
    }
}

/// The design of a solution: flows, units, machines, utilities, the network target, costs and checks; an
/// error when the design has no finite area target.
fn read_design(
    case: &Case,
    cycles: &[Superstructure],
    settings: &SlaveSettings,
    model: &SlaveModel,
    streams: &Streams,
    sol: &Values,
) -> Result<Design, String> {
    let flows = read_flows(&model.periods[0].flows, model.m_max, sol);
    let (units, totals) = unit_results(cycles, &flows, 1e-9 * model.m_max);
    let machines = machine_results(case, cycles, settings, model, &[&flows], sol);
    let utilities = utility_results(case, &model.periods[0].utilities, sol);
    let loops = solved_loops(case, &model.periods[0].loops, sol);
    let network = network_target(case, cycles, settings, &units, &utilities, &loops)?;
    let loop_results = loop_results(&loops);
    let pumps: f64 = loop_results.iter().map(|l| l.pump_power_w).sum();
    let network_investment = network.as_ref().map_or(0.0, |n| {
        network_investment(case, n.cost_eur, settings.existing_network_eur)
    });
    let mut power = electric_power(cycles, model, &machines, &flows);
    power.electric_w += pumps;
    power.milp_w += pumps;
    let rated = [(case, power)];
    let costs = cost_breakdown(
        case,
        settings,
        model,
        sol,
        &machines,
        network_investment,
        &rated,
    );
    let checks = checks(cycles, &flows, &totals, streams, &utilities);
    let Totals {
        released, absorbed, ..
    } = totals;
    let (shaft, electric) = (power.shaft_w, power.electric_w);
    Ok(Design {
        units,
        machines,
        utilities,
        costs,
        power_w: shaft,
        electric_power_w: electric,
        heat_released_w: released,
        heat_absorbed_w: absorbed,
        cop_heating: (shaft > 0.0).then(|| released / shaft),
        cop_cooling: (shaft > 0.0).then(|| absorbed / shaft),
        cop_heating_electric: (electric > 0.0).then(|| released / electric),
        cop_cooling_electric: (electric > 0.0).then(|| absorbed / electric),
        loops: loop_results,
        checks,
        network,
        flows,
        periods: Vec::new(),
    })
}

/// Each loop of `case` with its share in a solution (none without loop variables: no heat pump).
pub(super) fn solved_loops(
    case: &Case,
    vars: &[Vec<super::model::LoopVar>],
    sol: &Values,
) -> Vec<(LoopStream, Vec<f64>)> {
    if vars.is_empty() {
        return Vec::new();
    }
    loop_streams(case)
        .unwrap_or_default()
        .into_iter()
        .zip(vars)
        .map(|(l, v)| {
            let x = v
                .iter()
                .map(|v| sol.value(v.share).clamp(0.0, 1.0))
                .collect();
            (l, x)
        })
        .collect()
}

/// The use of each of `case`'s utilities in a solution.
pub(super) fn utility_results(
    case: &Case,
    uses: &[good_lp::Variable],
    sol: &Values,
) -> Vec<UtilityResult> {
    case.utilities
        .iter()
        .zip(uses)
        .map(|(u, v)| UtilityResult {
            name: u.name.clone(),
            kind: u.kind,
            q_w: KILO * sol.value(*v).max(0.0),
        })
        .collect()
}

/// Flow of every unit (kg/s).
///
/// Flows below the tolerance are solver round-off (HiGHS leaves ~1e-10 kg/s on units whose level or
/// machine is off): zero them once here, so that the units, the levels used, the checks and the drawings
/// all see the same design.
pub(super) fn read_flows(
    flows: &BTreeMap<UnitKey, good_lp::Variable>,
    m_max: f64,
    sol: &Values,
) -> HashMap<UnitKey, f64> {
    let tolerance = 1e-9 * m_max;
    flows
        .iter()
        .map(|(k, v)| {
            let m = sol.value(*v);
            (*k, if m > tolerance { m } else { 0.0 })
        })
        .collect()
}

/// Power and heat of the units with flow, and the temperatures of the Clausius bound.
pub(super) struct Totals {
    pub power: f64,
    pub released: f64,
    pub absorbed: f64,
    /// Lowest refrigerant temperature at which heat is given off (K).
    pub t_out_min: f64,
    /// Highest refrigerant temperature at which heat is taken in (K).
    pub t_in_max: f64,
}

/// The units with flow above `tolerance`, and their totals.
pub(super) fn unit_results(
    cycles: &[Superstructure],
    flows: &HashMap<UnitKey, f64>,
    tolerance: f64,
) -> (Vec<UnitResult>, Totals) {
    let mut units = Vec::new();
    let mut t = Totals {
        power: 0.0,
        released: 0.0,
        absorbed: 0.0,
        t_out_min: f64::INFINITY,
        t_in_max: f64::NEG_INFINITY,
    };
    for (i, unit) in cycles
        .iter()
        .enumerate()
        .flat_map(|(c, ss)| ss.units().map(move |(i, u)| ((c, i), u)))
    {
        let m = flows[&i];
        if m <= tolerance {
            continue;
        }
        let heat = unit.heat.map(|h| h.q_j_per_kg * m);
        if let Some(h) = unit.heat {
            match h.kind {
                StreamKind::Hot => {
                    t.released += h.q_j_per_kg * m;
                    t.t_out_min = t.t_out_min.min(h.t_from_k.min(h.t_to_k));
                }
                StreamKind::Cold => {
                    t.absorbed += h.q_j_per_kg * m;
                    t.t_in_max = t.t_in_max.max(h.t_from_k.max(h.t_to_k));
                }
            }
        }
        t.power += unit.power_j_per_kg * m;
        units.push(UnitResult {
            cycle: i.0,
            label: unit.label.clone(),
            kind: unit.kind,
            flow_kg_per_s: m,
            heat_w: heat,
            heat_kind: unit.heat.map(|h| h.kind),
            t_from_k: unit.heat.map(|h| h.t_from_k),
            t_to_k: unit.heat.map(|h| h.t_to_k),
            power_w: unit.power_j_per_kg * m,
        });
    }
    (units, t)
}

/// The machines built (segment binaries summing to more than one half), sized for the largest of `flows`
/// (one map per operating period) and priced.
pub(super) fn machine_results(
    case: &Case,
    cycles: &[Superstructure],
    settings: &SlaveSettings,
    model: &SlaveModel,
    flows: &[&HashMap<UnitKey, f64>],
    sol: &Values,
) -> Vec<MachineResult> {
    let index = case.economics.cepci / settings.costs.cepci;
    model
        .machines
        .iter()
        .filter(|m| m.segment_on.iter().map(|z| sol.value(*z)).sum::<f64>() > 0.5)
        .map(|m| {
            let size = flows
                .iter()
                .map(|period| {
                    m.members
                        .iter()
                        .map(|(u, k)| k * period[&(m.cycle, *u)])
                        .sum::<f64>()
                })
                .fold(0.0, f64::max);
            MachineResult {
                cycle: m.cycle,
                machine: m.machine,
                label: machine_label(&m.machine),
                size,
                size_unit: m.size_unit,
                investment_eur: index * m.curve.cost(size),
                purchased_eur: index * m.curve.purchased(size),
                investment_milp_eur: index * m.cost().eval_with(sol),
                compressor: compressor_result(cycles, m, flows),
            }
        })
        .collect()
}

/// The design's heat exchanger network target under the area target (`None` when exchangers are priced
/// per unit); an error when the composite curves touch.
pub(super) fn network_target(
    case: &Case,
    cycles: &[Superstructure],
    settings: &SlaveSettings,
    units: &[UnitResult],
    utilities: &[UtilityResult],
    loops: &[(LoopStream, Vec<f64>)],
) -> Result<Option<HenTarget>, String> {
    let families: Vec<FluidFamily> = cycles.iter().map(|c| FluidFamily::of(&c.fluid)).collect();
    let network = match settings.exchangers {
        ExchangerPricing::AreaTarget => Some(design_network(
            case,
            units,
            utilities,
            settings.dt_min_half_k,
            &settings.costs,
            &families,
            loops,
        )),
        ExchangerPricing::PerUnit => None,
    };
    network.transpose().map_err(|e| {
        format!(
            "area target of the design: {e}; give the streams and the refrigerant a \
             dT_min/2 > 0, or set [costs] exchangers = \"per-unit\""
        )
    })
}

/// The parts of the objective back in SI, with the machines priced on their cost curves at the sizes chosen
/// (the MILP priced them on secants, at most the curve), the network's investment added, and the power at
/// the meter re-priced with each motor's efficiency at its rating (the MILP took it at a typical size):
///
/// ```text
/// I = sum_j C_j(X_j) + I_utilities + I_network,   capex = CRF I,   maintenance = m I
/// electricity += sum_p t_p (p_el,p + p_CO2 e_el,p) (P_el,p - P_el,MILP,p),   CO2 += sum_p t_p e_el,p (...)
/// ```
///
/// `power` holds each period's case and compressor power (one: the case itself).
pub(super) fn cost_breakdown(
    case: &Case,
    settings: &SlaveSettings,
    model: &SlaveModel,
    sol: &Values,
    machines: &[MachineResult],
    network_investment: f64,
    power: &[(&Case, ElectricPower)],
) -> CostBreakdown {
    let annuity = case.economics.capital_recovery_factor();
    let maintenance_share = settings.costs.project.maintenance_share_per_yr;
    let utility_investment = KILO * model.utility_investment.eval_with(sol);
    let investment = machines.iter().map(|m| m.investment_eur).sum::<f64>()
        + utility_investment
        + network_investment;
    let capex = annuity * investment;
    let maintenance = maintenance_share * investment;
    let co2_milp = KILO * model.co2.eval_with(sol);
    let (mut electricity, mut co2) = (KILO * model.electricity.eval_with(sol), co2_milp);
    for (period, p) in power {
        let (e, grid) = (&period.economics, &period.electricity);
        let extra_j = e.operating_s_per_yr * (p.electric_w - p.milp_w);
        electricity +=
            extra_j * (grid.price_eur_per_j + e.co2_price_eur_per_kg * grid.co2_kg_per_j);
        co2 += extra_j * grid.co2_kg_per_j;
    }
    let utility_cost = KILO * model.utility_cost.eval_with(sol);
    CostBreakdown {
        tac_eur_per_yr: capex + maintenance + electricity + utility_cost,
        capex_eur_per_yr: capex,
        investment_eur: machines.iter().map(|m| m.investment_eur).sum::<f64>() + network_investment,
        purchased_eur: machines.iter().map(|m| m.purchased_eur).sum(),
        network_investment_eur: network_investment,
        utility_investment_eur: utility_investment,
        maintenance_eur_per_yr: maintenance,
        electricity_eur_per_yr: electricity,
        utilities_eur_per_yr: utility_cost,
        co2_kg_per_yr: co2,
        co2_milp_kg_per_yr: co2_milp,
    }
}

/// Fluid, levels (and those the design uses) and removed units of every cycle.
fn cycle_summaries(cycles: &[Superstructure], design: Option<&Design>) -> Vec<CycleSummary> {
    cycles
        .iter()
        .enumerate()
        .map(|(c, ss)| CycleSummary {
            fluid: ss.fluid.clone(),
            template: ss.template.clone(),
            levels_k: ss.levels_k.clone(),
            levels_used_k: match design {
                Some(d) => levels_used(ss, &d.cycle_flows(c)),
                None => ss.levels_k.clone(),
            },
            removed: ss.removed.clone(),
        })
        .collect()
}

/// Levels touched by a unit with flow (ascending, K).
fn levels_used(ss: &Superstructure, flows: &HashMap<NodeIndex, f64>) -> Vec<f64> {
    let mut used = vec![false; ss.levels_k.len()];
    for (u, _) in ss.units() {
        if flows.get(&u).copied().unwrap_or(0.0) > 0.0 {
            for (s, _) in ss.consumed(u).into_iter().chain(ss.produced(u)) {
                if let Some(state) = ss.state(s) {
                    used[state.level] = true;
                }
            }
        }
    }
    ss.levels_k
        .iter()
        .zip(used)
        .filter(|(_, u)| *u)
        .map(|(t, _)| *t)
        .collect()
}

/// First law of the loop and the site, mass balance of every state, Clausius' bound.
pub(super) fn checks(
    cycles: &[Superstructure],
    flows: &HashMap<UnitKey, f64>,
    totals: &Totals,
    streams: &Streams,
    utilities: &[UtilityResult],
) -> Checks {
    let &Totals {
        power,
        released,
        absorbed,
        t_out_min,
        t_in_max,
    } = totals;
    let (process, utility_streams) = (&streams.process, &streams.utilities);
    let first_law_heat_pump = if released > 0.0 {
        (released - absorbed - power) / released
    } else {
        0.0
    };
    let by_kind = |kind: StreamKind| -> f64 {
        let p: f64 = process
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.q_w())
            .sum();
        let u: f64 = utility_streams
            .iter()
            .zip(utilities)
            .filter(|(s, _)| s.kind == kind)
            .map(|(s, u)| s.q_w() * u.q_w)
            .sum();
        p + u
    };
    let (hot, cold) = (by_kind(StreamKind::Hot), by_kind(StreamKind::Cold));
    let first_law_site = (hot + power - cold) / (hot + cold + power).max(1.0);
    let mut imbalance: HashMap<UnitKey, f64> = HashMap::new();
    for (c, ss) in cycles.iter().enumerate() {
        for (u, _) in ss.units() {
            for (s, coef) in ss.produced(u) {
                *imbalance.entry((c, s)).or_default() += coef * flows[&(c, u)];
            }
            for (s, coef) in ss.consumed(u) {
                *imbalance.entry((c, s)).or_default() -= coef * flows[&(c, u)];
            }
        }
    }
    let max_mass_imbalance_kg_per_s = imbalance.values().fold(0.0, |a: f64, b| a.max(b.abs()));
    let cop_heating_bound =
        (t_out_min > t_in_max && t_in_max.is_finite()).then(|| t_out_min / (t_out_min - t_in_max));
    let cop_ok = match (cop_heating_bound, power > 0.0) {
        (Some(bound), true) => released / power <= bound * (1.0 + 1e-9),
        _ => true,
    };
    Checks {
        first_law_heat_pump,
        first_law_site,
        max_mass_imbalance_kg_per_s,
        cop_heating_bound,
        pass: first_law_heat_pump.abs() <= 1e-6
            && first_law_site.abs() <= 1e-6
            && max_mass_imbalance_kg_per_s <= 1e-6
            && cop_ok,
    }
}
