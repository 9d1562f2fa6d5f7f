//! Costs and the parts of the objective, in kEUR/yr and t/yr (with power and utility use in kW the SI
//! formulas give kilo-units):
//!
//! ```text
//! investment I = f_index * sum_j cost_j + sum_v I_v N_v            (installed, costs.rs)
//! capex       = CRF * I,   maintenance = m * I
//! electricity = t * (p_el + p_CO2 e_el) * (sum_u w_u m_u / eta_el,u + sum_i e Q_i x_i)
//!               eta_el: motor and drive (machines.rs); e Q_i x_i: a loop section's pump (loops.rs)
//! utilities   = sum_v c_v Q_v,   CO2 = t e_el (sum_u w_u m_u / eta_el,u + sum_i e Q_i x_i) + sum_v e_v Q_v
//! proxy       = (CRF + m) * c_ex * max_p (sum_u q_u m_u,p + 2 sum_i Q_i x_i,p)
//!               (area target only: the exchangers' duty, a loop's heat passing two of them)
//! TAC         = capex + proxy + maintenance + electricity + utilities
//! ```

use super::LoopVar;
use super::machines::MachineVars;
use super::utilities::{add_periods_utility_investment, add_utility_investment};
use super::{Formulation, KILO, UnitKey};
use crate::cascade::utility_cost_per_w;
use crate::case::Case;
use crate::costs::ExchangerPricing;
use crate::slave::SlaveSettings;
use crate::superstructure::{Machine, Superstructure};
use good_lp::{Expression, Variable, constraint, variable};
use std::collections::{BTreeMap, HashMap};

/// The parts the objectives combine (evaluate.rs).
pub(super) struct ObjectiveParts {
    pub capex: Expression,
    pub maintenance: Expression,
    pub utility_investment: Expression,
    pub exchanger_proxy: Expression,
    pub electricity: Expression,
    pub utility_cost: Expression,
    pub co2: Expression,
}

/// One operating period's operating cost parts (kEUR/yr and t/yr over its hours).
pub(crate) struct PeriodCosts {
    pub electricity: Expression,
    pub utility_cost: Expression,
    pub co2: Expression,
}

/// One operating period's case and variables, for its operating costs.
pub(super) struct PeriodInput<'a> {
    pub case: &'a Case,
    pub flows: &'a BTreeMap<UnitKey, Variable>,
    pub utilities: &'a [Variable],
    pub loops: &'a [Vec<LoopVar>],
}

/// The cost parts of the model; adds the utility capacity variables and rows (utilities.rs). `periods`
/// holds each operating period's case, flows, utility use and loops (one: the case itself); the operating
/// parts are their sums, each over its own hours, and the exchangers' duty is the largest period's.
pub(super) fn add_objective_parts(
    f: &mut Formulation,
    case: &Case,
    cycles: &[Superstructure],
    settings: &SlaveSettings,
    periods: &[PeriodInput],
    machines: &[MachineVars],
) -> (ObjectiveParts, Vec<PeriodCosts>) {
    let costs = &settings.costs;
    let e = &case.economics;
    let annuity = e.capital_recovery_factor();
    let index = e.cepci / costs.cepci;
    let mut investment: Expression = machines.iter().map(|m| index / KILO * m.cost()).sum();
    // Under the area target, exchangers steer the MILP by a charge per kW of duty, `c sum_u q_u m_u`
    // (kEUR/yr with q in kW per kg/s), in the objective only: the design is priced by its network target.
    let exchanger_duty = match (settings.exchangers, periods) {
        (ExchangerPricing::PerUnit, _) => Expression::from(0.0),
        (ExchangerPricing::AreaTarget, [one]) => exchanger_duty(cycles, one.flows, one.loops),
        (ExchangerPricing::AreaTarget, _) => {
            // The network serves every period, so it is priced by the largest (periods.rs): the charge
            // falls on `d >= sum_u q_u m_u,p` for every period p, the largest exchanger duty.
            let largest = f.vars.add(variable().min(0.0));
            for p in periods {
                let duty = exchanger_duty(cycles, p.flows, p.loops);
                f.constraints.push(constraint!(largest >= duty));
            }
            Expression::from(largest)
        }
    };
    let exchanger_proxy = (annuity + costs.project.maintenance_share_per_yr)
        * settings.exchanger_charge_eur_per_w
        * exchanger_duty;
    let utility_investment = match periods {
        [one] => add_utility_investment(f, case, one.utilities),
        _ => {
            let uses: Vec<Vec<Variable>> = periods.iter().map(|p| p.utilities.to_vec()).collect();
            add_periods_utility_investment(f, case, &uses)
        }
    };
    investment += utility_investment.clone();
    let capex = annuity * investment.clone();
    let maintenance = costs.project.maintenance_share_per_yr * investment;
    let efficiency = electric_efficiencies(machines);
    let per_period: Vec<PeriodCosts> = periods
        .iter()
        .map(|p| {
            // The compressors at the meter, and the loops' pumps.
            let mut power = electric_power(cycles, p.flows, &efficiency);
            for l in p.loops.iter().flatten() {
                power += l.pump_kw * l.share;
            }
            let (electricity, utility_cost, co2) = operating(p.case, power, p.utilities);
            PeriodCosts {
                electricity,
                utility_cost,
                co2,
            }
        })
        .collect();
    let sum = |part: fn(&PeriodCosts) -> &Expression| -> Expression {
        match per_period.as_slice() {
            [one] => part(one).clone(),
            all => all.iter().map(|p| part(p).clone()).sum(),
        }
    };
    let parts = ObjectiveParts {
        capex,
        maintenance,
        utility_investment,
        exchanger_proxy,
        electricity: sum(|p| &p.electricity),
        utility_cost: sum(|p| &p.utility_cost),
        co2: sum(|p| &p.co2),
    };
    (parts, per_period)
}

/// `sum_u q_u m_u` over the exchangers of all cycles (kW).
fn exchanger_duty(
    cycles: &[Superstructure],
    flows: &BTreeMap<UnitKey, Variable>,
    loops: &[Vec<LoopVar>],
) -> Expression {
    let mut duty = Expression::from(0.0);
    // A loop's heat passes two exchangers, against the stream and against the refrigerant.
    for l in loops.iter().flatten() {
        duty += 2.0 * l.q_kw * l.share;
    }
    for (c, ss) in cycles.iter().enumerate() {
        for (i, u) in ss.units() {
            if let (Some(Machine::Exchanger { .. }), Some(h)) = (u.machine, u.heat) {
                duty += h.q_j_per_kg / KILO * flows[&(c, i)];
            }
        }
    }
    duty
}

/// Each compressor mode's motor and drive efficiency, from its machine (machines.rs).
fn electric_efficiencies(machines: &[MachineVars]) -> HashMap<UnitKey, f64> {
    machines
        .iter()
        .filter(|m| matches!(m.machine, Machine::Compressor { .. }))
        .flat_map(|m| {
            m.members
                .iter()
                .map(move |&(u, _)| ((m.cycle, u), m.electric_efficiency))
        })
        .collect()
}

/// Power at the meter `sum_u w_u m_u / (eta_motor eta_drive)_u` of all cycles (kW).
fn electric_power(
    cycles: &[Superstructure],
    flows: &BTreeMap<UnitKey, Variable>,
    efficiency: &HashMap<UnitKey, f64>,
) -> Expression {
    let mut power = Expression::from(0.0);
    for (c, ss) in cycles.iter().enumerate() {
        for (i, u) in ss.units() {
            if u.power_j_per_kg != 0.0 {
                let eta = efficiency.get(&(c, i)).copied().unwrap_or(1.0);
                power += u.power_j_per_kg / (KILO * eta) * flows[&(c, i)];
            }
        }
    }
    power
}

/// Electricity (with its CO2 price), utility cost and CO2 per year: (kEUR/yr, kEUR/yr, t/yr).
fn operating(
    case: &Case,
    power: Expression,
    utilities: &[Variable],
) -> (Expression, Expression, Expression) {
    let e = &case.economics;
    let grid = &case.electricity;
    let electricity = e.operating_s_per_yr
        * (grid.price_eur_per_j + e.co2_price_eur_per_kg * grid.co2_kg_per_j)
        * power.clone();
    let mut utility_cost = Expression::from(0.0);
    let mut co2 = e.operating_s_per_yr * grid.co2_kg_per_j * power;
    for (u, v) in case.utilities.iter().zip(utilities) {
        let (cost, kg) = utility_cost_per_w(case, u);
        utility_cost += cost * *v;
        co2 += kg * *v;
    }
    (electricity, utility_cost, co2)
}
