//! The parts of a design read out of a solution: flows, units, machines, utilities, loops, the network
//! target, costs, and the checks every design must pass (read_back.rs puts them together, period by
//! period).

use super::electric::{ElectricPower, compressor_result};
use super::model::Streams;
use super::model::{KILO, SlaveModel, UnitKey, machine_label};
use super::network::design_network;
use super::results::{
    Checks, CostBreakdown, CycleSummary, Design, MachineResult, UnitResult, UtilityResult,
};
use super::settings::SlaveSettings;
use crate::case::loops::{LoopStream, loop_streams};
use crate::case::{Case, StreamKind};
use crate::costs::ExchangerPricing;
use crate::hen::HenTarget;
use crate::machines::FluidFamily;
use crate::solver::Values;
use crate::superstructure::Superstructure;
use good_lp::Solution;
use petgraph::stable_graph::NodeIndex;
use std::collections::{BTreeMap, HashMap};

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
pub(super) fn cycle_summaries(
    cycles: &[Superstructure],
    design: Option<&Design>,
) -> Vec<CycleSummary> {
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
