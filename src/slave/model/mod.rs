//! The slave MILP for one superstructure against a case (design.md §2): variables, constraints, objective.
//!
//! ```text
//! flows      0 <= m_u <= m_max                          every unit u (kg/s)
//! utilities  0 <= Q_v <= Q_v,max                        every case utility v (W)
//! mass       sum_{u -> s} a_us m_u - sum_{s -> u} a_su m_u = 0      every state s
//! machines   X_j = sum_{u in j} k_u m_u,  piecewise cost with segment binaries z_ji (costs.rs)
//!            m_u <= m_max sum_i z_ji                    a unit runs only if its machine exists
//! cascade    R_k + sum loads = R_{k+1},  R_0 = R_K = 0  process fixed, utilities and units variable
//! investment I = f_index * sum_j cost_j + sum_v I_v Q_v      (installed, costs.rs)
//! objective  TAC = (CRF + m) * I + t * (p_el + p_CO2 e_el) * sum_u w_u m_u + sum_v c_v Q_v
//! ```
//!
//! Numerical scaling: inside the model heat is in kW, utility use in kW, money in kEUR and CO2 in t (rows in
//! W and EUR spanned 1e-4..1e6, which HiGHS reports as badly scaled and solves slowly); results are converted
//! back to SI in evaluate.rs.
//!
//! `k_u`: machine size per kg/s (compressor: suction m3/h; exchanger: area `q / (U dT_mean)`; vessel:
//! `t_res` times liquid volume); `w_u`: power per kg/s; `c_v`: yearly cost per W of utility v
//! (cascade::utility_cost_per_w); `I_v`: its investment per W.
//!
//! One file per block, in the order [`build`] calls them: flows.rs (flow variables, unit streams),
//! mass_balance.rs, levels.rs (grid mode), machines.rs (sizes and piecewise costs), utilities.rs (use and
//! capacity), heat_cascade.rs, objective.rs; sizing.rs holds the scales (flow bound, breakpoints, `k_u`).

mod flows;
mod heat_cascade;
mod levels;
mod loops;
mod machines;
mod mass_balance;
mod objective;
mod sizing;
mod utilities;

pub(crate) use loops::LoopVar;
pub(crate) use machines::MachineVars;
pub use machines::machine_label;

use crate::cascade::ShiftedStream;
use crate::case::Case;
use crate::superstructure::Superstructure;
use good_lp::{Expression, ProblemVariables, Variable, constraint, variable};
use petgraph::stable_graph::NodeIndex;
use sizing::{FLOW_BOUND_FACTOR, typical_flow};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Model units per SI unit: W -> kW, EUR -> kEUR, kg -> t.
pub(crate) const KILO: f64 = 1e3;

/// The built model, before solving.
pub(crate) struct SlaveModel {
    pub vars: ProblemVariables,
    pub constraints: Vec<good_lp::Constraint>,
    /// Each operating period's flows, utility use and operating costs (one: the case as written).
    pub periods: Vec<PeriodVars>,
    pub machines: Vec<MachineVars>,
    pub capex: Expression,
    /// Yearly maintenance: a share of the investment (kEUR/yr).
    pub maintenance: Expression,
    /// Investment in utility capacity (kEUR): beyond the installed capacity on a retrofit site.
    pub utility_investment: Expression,
    /// Annualised charge of the exchangers' duty under the area target (kEUR/yr): in the objective only.
    pub exchanger_proxy: Expression,
    /// Sums over the periods.
    pub electricity: Expression,
    pub utility_cost: Expression,
    pub co2: Expression,
    pub m_max: f64,
    pub binaries: usize,
}

/// One operating period's variables and operating costs.
pub(crate) struct PeriodVars {
    pub flows: BTreeMap<UnitKey, Variable>,
    pub utilities: Vec<Variable>,
    /// Each loop's sections' shares of their heat (slave/loops.rs), in the order of `loop_streams`.
    pub loops: Vec<Vec<LoopVar>>,
    pub costs: objective::PeriodCosts,
}

/// A unit of one cycle: (cycle index, unit node).
pub type UnitKey = (usize, NodeIndex);

/// The cascade streams of a build, for the checks.
pub(crate) struct Streams {
    pub process: Vec<ShiftedStream>,
    pub utilities: Vec<ShiftedStream>,
}

/// Whether the binaries are binaries, or relaxed to [0, 1] (the LP relaxation, for the warm start).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Integrality {
    Binary,
    Relaxed,
}

/// The columns and rows of the model as the blocks add them, in order.
pub(super) struct Formulation {
    vars: ProblemVariables,
    constraints: Vec<good_lp::Constraint>,
    binaries: usize,
    integrality: Integrality,
}

impl Formulation {
    fn new(integrality: Integrality) -> Formulation {
        Formulation {
            vars: ProblemVariables::new(),
            constraints: Vec::new(),
            binaries: 0,
            integrality,
        }
    }

    /// A new binary (or, relaxed, a variable in [0, 1]), counted in `binaries`.
    fn binary(&mut self) -> Variable {
        self.binaries += 1;
        self.vars.add(match self.integrality {
            Integrality::Binary => variable().binary(),
            Integrality::Relaxed => variable().min(0.0).max(1.0),
        })
    }
}

/// One cycle as the per-cycle blocks see it.
pub(super) struct Cycle<'a> {
    index: usize,
    ss: &'a Superstructure,
    /// [`typical_flow`] of the cycle (kg/s).
    m_typical: f64,
    /// Bound of every flow of the cycle (kg/s).
    m_max: f64,
}

/// Builds the model for one or more cycles (each its own superstructure and fluid) sharing the heat cascade.
/// `settings.forced`: machines whose existence is fixed (for enumeration), keyed by cycle.
///
/// With operating periods (`case.periods`) every period has its own flows, mass balances, utility use and
/// heat cascade, against that period's streams and utilities (`Case::in_period`); the machines, their
/// binaries and grid mode's level choice are shared, each machine sized for its largest period; the
/// operating costs are summed over the periods' hours.
///
/// The blocks add their columns and rows in this order, which fixes the model HiGHS sees: per cycle flows
/// (each period), mass balances (each period), grid mode's level choice, machines; then utility use and the
/// heat cascade of each period, and the utility capacity of the objective. One period gives the model of a
/// case without periods, column for column and row for row. (One function over 80 lines: its body is that
/// order, step by step; split, the order would be spread over its parts.)
pub(crate) fn build(
    case: &Case,
    cycles: &[Superstructure],
    settings: &super::SlaveSettings,
    integrality: Integrality,
) -> (SlaveModel, Vec<Streams>) {
    let period_cases: Vec<Cow<Case>> = if case.periods.is_empty() {
        vec![Cow::Borrowed(case)]
    } else {
        case.periods
            .iter()
            .map(|p| Cow::Owned(case.in_period(p)))
            .collect()
    };
    let sizing = sizing_case(&period_cases);
    let mut f = Formulation::new(integrality);
    let mut flows: Vec<BTreeMap<UnitKey, Variable>> = vec![BTreeMap::new(); period_cases.len()];
    let mut m_max_all: f64 = 0.0;
    let mut machines = Vec::new();
    let mut unit_streams: Vec<(UnitKey, ShiftedStream)> = Vec::new();
    for (index, ss) in cycles.iter().enumerate() {
        let m_typical = typical_flow(sizing, ss);
        let cycle = Cycle {
            index,
            ss,
            m_typical,
            m_max: FLOW_BOUND_FACTOR * m_typical,
        };
        m_max_all = m_max_all.max(cycle.m_max);
        machines.extend(add_cycle(
            &mut f,
            sizing,
            &cycle,
            settings,
            &mut flows,
            &mut unit_streams,
        ));
    }
    let (utilities, streams, loops) = add_period_use(&mut f, &period_cases, &flows, &unit_streams);
    let inputs: Vec<objective::PeriodInput> = period_cases
        .iter()
        .zip(&flows)
        .zip(&utilities)
        .zip(&loops)
        .map(|(((c, fl), u), l)| objective::PeriodInput {
            case: c.as_ref(),
            flows: fl,
            utilities: u.as_slice(),
            loops: l.as_slice(),
        })
        .collect();
    let (parts, costs) =
        objective::add_objective_parts(&mut f, case, cycles, settings, &inputs, &machines);
    // The epsilon constraint of `hpsynth pareto`: the year's CO2 at most the cap (t/yr).
    if let Some(cap) = settings.co2_cap_t_per_yr {
        let co2 = parts.co2.clone();
        f.constraints.push(constraint!(co2 <= cap));
    }
    let periods = flows
        .into_iter()
        .zip(utilities)
        .zip(loops)
        .zip(costs)
        .map(|(((flows, utilities), loops), costs)| PeriodVars {
            flows,
            utilities,
            loops,
            costs,
        })
        .collect();
    let model = SlaveModel {
        vars: f.vars,
        constraints: f.constraints,
        periods,
        machines,
        capex: parts.capex,
        maintenance: parts.maintenance,
        exchanger_proxy: parts.exchanger_proxy,
        utility_investment: parts.utility_investment,
        electricity: parts.electricity,
        utility_cost: parts.utility_cost,
        co2: parts.co2,
        m_max: m_max_all,
        binaries: f.binaries,
    };
    (model, streams)
}

/// Every period's utility use, then every period's heat cascade; returns the use variables, the cascade
/// streams and the loops' shares of each period.
#[allow(clippy::type_complexity)]
fn add_period_use(
    f: &mut Formulation,
    period_cases: &[Cow<Case>],
    flows: &[BTreeMap<UnitKey, Variable>],
    unit_streams: &[(UnitKey, ShiftedStream)],
) -> (Vec<Vec<Variable>>, Vec<Streams>, Vec<Vec<Vec<LoopVar>>>) {
    let utilities: Vec<Vec<Variable>> = period_cases
        .iter()
        .map(|c| utilities::add_utility_use(f, c))
        .collect();
    let (streams, loops) = period_cases
        .iter()
        .zip(flows)
        .zip(&utilities)
        .map(|((c, period_flows), period_utilities)| {
            heat_cascade::add_heat_cascade(f, c, period_flows, period_utilities, unit_streams)
        })
        .unzip();
    (utilities, streams, loops)
}

/// The blocks of one cycle: its flows and mass balances in every period, grid mode's level choice, its
/// machines; returns the machines.
fn add_cycle(
    f: &mut Formulation,
    sizing: &Case,
    cycle: &Cycle,
    settings: &super::SlaveSettings,
    flows: &mut [BTreeMap<UnitKey, Variable>],
    unit_streams: &mut Vec<(UnitKey, ShiftedStream)>,
) -> Vec<MachineVars> {
    for (p, period_flows) in flows.iter_mut().enumerate() {
        // The units' streams are the same in every period: kept from the first.
        let mut again = Vec::new();
        let streams = if p == 0 {
            &mut *unit_streams
        } else {
            &mut again
        };
        flows::add_flows(
            f,
            cycle,
            settings.dt_min_half_k,
            settings.fixed_flows.get(p),
            period_flows,
            streams,
        );
    }
    for period_flows in flows.iter() {
        mass_balance::add_mass_balances(f, cycle, period_flows);
    }
    let all: Vec<&BTreeMap<UnitKey, Variable>> = flows.iter().collect();
    if let Some(cap) = settings.level_cap {
        levels::add_level_choice(f, cycle, &all, &cap);
    }
    machines::add_machines(f, sizing, cycle, &all, settings)
}

/// The period with the most process heat: it sets the flow bound and the scale of the cost breakpoints.
fn sizing_case<'a>(periods: &'a [Cow<'a, Case>]) -> &'a Case {
    let heat = |c: &Case| -> f64 { c.streams.iter().map(|s| s.q_w()).sum() };
    let mut best = &periods[0];
    for p in &periods[1..] {
        if heat(p) > heat(best) {
            best = p;
        }
    }
    best
}

#[cfg(test)]
mod tests;
