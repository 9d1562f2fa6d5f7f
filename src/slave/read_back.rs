//! The design read out of one solution of the slave MILP (model/mod.rs), period by period: each period's
//! operation with its own checks, and the year's design. A case without `[[periods]]` is one period, the
//! case as written ([`Case::period_cases`]), read the same way; its design lists no periods (the design is
//! that period).
//!
//! ```text
//! period p     flows m_u,p, utility use Q_v,p, power W_p, heat, checks, operating cost over its hours t_p
//! machines     size X_j = max_p sum_{u in j} k_u m_u,p           (one investment, for the largest period)
//! year         units at max_p m_u,p; power, heat and utility use sum_p t_p x_p / sum_p t_p
//! network      the largest of the periods' area targets (it must serve each of them)
//! checks       the worst of the periods'; pass only if every period passes
//! ```

use super::SlaveSettings;
use super::electric::{ElectricPower, electric_power};
use super::model::{KILO, SlaveModel, Streams, UnitKey};
use super::network::network_investment;
use super::read_parts::{
    checks, cost_breakdown, machine_results, network_target, read_flows, solved_loops,
    unit_results, utility_results,
};
use super::results::{Checks, Design, PeriodDesign, UtilityResult};
use crate::case::Case;
use crate::case::loops::loop_results;
use crate::hen::HenTarget;
use crate::solver::Values;
use crate::superstructure::Superstructure;
use std::collections::HashMap;

/// The design of a solution; an error when a period's design has no finite area target.
pub(super) fn read_design(
    case: &Case,
    cycles: &[Superstructure],
    settings: &SlaveSettings,
    model: &SlaveModel,
    streams: &[Streams],
    sol: &Values,
) -> Result<Design, String> {
    let declared = !case.periods.is_empty();
    let period_cases = case.period_cases();
    let names: Vec<&str> = if declared {
        case.periods.iter().map(|p| p.name.as_str()).collect()
    } else {
        vec!["year"]
    };
    let read = Reading {
        cycles,
        settings,
        model,
        sol,
    };
    let mut periods = Vec::new();
    let mut networks: Vec<HenTarget> = Vec::new();
    for (p, (name, period_case)) in names.iter().zip(&period_cases).enumerate() {
        let (period, network) = read
            .period(name, period_case, p, &streams[p])
            .map_err(|e| {
                if declared {
                    format!("period \"{name}\": {e}")
                } else {
                    e
                }
            })?;
        periods.push(period);
        networks.extend(network);
    }
    let all_flows: Vec<&HashMap<UnitKey, f64>> = periods.iter().map(|p| &p.flows).collect();
    let machines = machine_results(case, cycles, settings, model, &all_flows, sol);
    let mut power = Vec::new();
    for (p, period_case) in periods.iter_mut().zip(&period_cases) {
        let mut rated = electric_power(cycles, model, &machines, &p.flows);
        let pumps: f64 = p.loops.iter().map(|l| l.pump_power_w).sum();
        rated.electric_w += pumps;
        rated.milp_w += pumps;
        reprice_power(p, period_case, &rated);
        power.push((period_case, rated));
    }
    let network = networks
        .into_iter()
        .max_by(|a, b| a.cost_eur.total_cmp(&b.cost_eur));
    let investment = network.as_ref().map_or(0.0, |n| {
        network_investment(case, n.cost_eur, settings.existing_network_eur)
    });
    let costs = cost_breakdown(case, settings, model, sol, &machines, investment, &power);
    let flows = largest_flows(&periods);
    let (units, _) = unit_results(cycles, &flows, 1e-9 * model.m_max);
    let (shaft, electric, released, absorbed) = (
        hour_weighted(&periods, |p| p.power_w),
        hour_weighted(&periods, |p| p.electric_power_w),
        hour_weighted(&periods, |p| p.heat_released_w),
        hour_weighted(&periods, |p| p.heat_absorbed_w),
    );
    Ok(Design {
        units,
        machines,
        utilities: mean_utilities(&periods),
        costs,
        power_w: shaft,
        electric_power_w: electric,
        heat_released_w: released,
        heat_absorbed_w: absorbed,
        cop_heating: (shaft > 0.0).then(|| released / shaft),
        cop_cooling: (shaft > 0.0).then(|| absorbed / shaft),
        cop_heating_electric: (electric > 0.0).then(|| released / electric),
        cop_cooling_electric: (electric > 0.0).then(|| absorbed / electric),
        loops: busiest_loops(&periods),
        checks: worst(periods.iter().map(|p| &p.checks)),
        network,
        flows,
        periods: if declared { periods } else { Vec::new() },
    })
}

/// What every period of a solution is read with.
struct Reading<'a> {
    cycles: &'a [Superstructure],
    settings: &'a SlaveSettings,
    model: &'a SlaveModel,
    sol: &'a Values,
}

impl Reading<'_> {
    /// Period `p` (the case as it is in it, `period_case`): its operation, and its network's area target
    /// if it exchanges heat; an error when that target is not finite.
    fn period(
        &self,
        name: &str,
        period_case: &Case,
        p: usize,
        streams: &Streams,
    ) -> Result<(PeriodDesign, Option<HenTarget>), String> {
        let (cycles, sol) = (self.cycles, self.sol);
        let vars = &self.model.periods[p];
        let flows = read_flows(&vars.flows, self.model.m_max, sol);
        let (units, totals) = unit_results(cycles, &flows, 1e-9 * self.model.m_max);
        let utilities = utility_results(period_case, &vars.utilities, sol);
        let checks = checks(cycles, &flows, &totals, streams, &utilities);
        let loops = solved_loops(period_case, &vars.loops, sol);
        let network = network_target(
            period_case,
            cycles,
            self.settings,
            &units,
            &utilities,
            &loops,
        )?;
        let c = &vars.costs;
        let period = PeriodDesign {
            name: name.to_string(),
            operating_s_per_yr: period_case.economics.operating_s_per_yr,
            units,
            utilities,
            power_w: totals.power,
            electric_power_w: totals.power,
            loops: loop_results(&loops),
            heat_released_w: totals.released,
            heat_absorbed_w: totals.absorbed,
            operating_cost_eur_per_yr: KILO
                * (c.electricity.eval_with(sol) + c.utility_cost.eval_with(sol)),
            co2_kg_per_yr: KILO * c.co2.eval_with(sol),
            checks,
            flows,
        };
        Ok((period, network))
    }
}

/// The loops of the period in which they carry the most heat.
fn busiest_loops(periods: &[PeriodDesign]) -> Vec<crate::case::loops::LoopResult> {
    periods
        .iter()
        .max_by(|a, b| {
            let heat = |p: &PeriodDesign| p.loops.iter().map(|l| l.q_w).sum::<f64>();
            heat(a).total_cmp(&heat(b))
        })
        .map_or_else(Vec::new, |p| p.loops.clone())
}

/// Hour-weighted mean over the periods; exactly the value itself for one period.
fn hour_weighted(periods: &[PeriodDesign], x: impl Fn(&PeriodDesign) -> f64) -> f64 {
    if let [only] = periods {
        return x(only);
    }
    let total: f64 = periods.iter().map(|p| p.operating_s_per_yr).sum();
    periods
        .iter()
        .map(|p| p.operating_s_per_yr * x(p))
        .sum::<f64>()
        / total.max(1.0)
}

/// A period's shaft power and power at the meter as the design is rated, and its operating cost and CO2 re-priced with it
/// (the MILP priced the power at each motor's typical size; electric.rs).
fn reprice_power(p: &mut PeriodDesign, case: &Case, rated: &ElectricPower) {
    let (e, grid) = (&case.economics, &case.electricity);
    let extra_j = p.operating_s_per_yr * (rated.electric_w - rated.milp_w);
    p.power_w = rated.shaft_w;
    p.electric_power_w = rated.electric_w;
    p.operating_cost_eur_per_yr +=
        extra_j * (grid.price_eur_per_j + e.co2_price_eur_per_kg * grid.co2_kg_per_j);
    p.co2_kg_per_yr += extra_j * grid.co2_kg_per_j;
}

/// Each unit's largest flow over the periods.
fn largest_flows(periods: &[PeriodDesign]) -> HashMap<UnitKey, f64> {
    let mut flows: HashMap<UnitKey, f64> = HashMap::new();
    for p in periods {
        for (k, m) in &p.flows {
            let e = flows.entry(*k).or_default();
            *e = e.max(*m);
        }
    }
    flows
}

/// Each utility's hour-weighted mean use.
fn mean_utilities(periods: &[PeriodDesign]) -> Vec<UtilityResult> {
    let mut mean = periods[0].utilities.clone();
    for (k, u) in mean.iter_mut().enumerate() {
        u.q_w = hour_weighted(periods, |p| p.utilities[k].q_w);
    }
    mean
}

/// The worst of every check; `pass` only if all pass.
fn worst<'a>(mut all: impl Iterator<Item = &'a Checks>) -> Checks {
    let Some(mut w) = all.next().cloned() else {
        return Checks {
            first_law_heat_pump: 0.0,
            first_law_site: 0.0,
            max_mass_imbalance_kg_per_s: 0.0,
            cop_heating_bound: None,
            pass: true,
        };
    };
    let larger = |a: f64, b: f64| if b.abs() > a.abs() { b } else { a };
    for c in all {
        w.first_law_heat_pump = larger(w.first_law_heat_pump, c.first_law_heat_pump);
        w.first_law_site = larger(w.first_law_site, c.first_law_site);
        w.max_mass_imbalance_kg_per_s = w
            .max_mass_imbalance_kg_per_s
            .max(c.max_mass_imbalance_kg_per_s);
        w.cop_heating_bound = match (w.cop_heating_bound, c.cop_heating_bound) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        w.pass &= c.pass;
    }
    w
}
