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

use super::costs::{CostCurve, CostSet, ExchangerPricing, SizeBasis, breakpoints};
use crate::cascade::{CascadeBlock, Scale, ShiftedSegment, ShiftedStream, utility_cost_per_w};
use crate::case::{Case, StreamKind};
use crate::superstructure::{GridRule, Machine, StateRole, Superstructure, UnitKind, UnitNode};
use good_lp::{Expression, ProblemVariables, Variable, constraint, variable};
use petgraph::stable_graph::NodeIndex;
use serde::Serialize;
use std::collections::BTreeMap;

/// Model units per SI unit: W -> kW, EUR -> kEUR, kg -> t.
pub(crate) const KILO: f64 = 1e3;

/// What the slave minimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Total annualised cost: annualised investment plus operating cost.
    Tac,
    /// Operating cost only (electricity, utilities, CO2).
    Opex,
    /// Annualised investment only.
    Capex,
    /// CO2 emissions (kg/yr).
    Co2,
}

/// One machine's cost variables.
pub(crate) struct MachineVars {
    pub cycle: usize,
    pub machine: Machine,
    pub members: Vec<(NodeIndex, f64)>,
    pub size_unit: &'static str,
    pub segment_on: Vec<Variable>,
    pub segment_size: Vec<Variable>,
    pub breakpoints: Vec<f64>,
    /// Installed cost as a function of size.
    pub curve: CostCurve,
}

impl MachineVars {
    /// Linearised investment (EUR, correlation year) as an expression; the model uses it divided by [`KILO`].
    pub fn cost(&self) -> Expression {
        let mut e = Expression::from(0.0);
        for (i, (&z, &x)) in self.segment_on.iter().zip(&self.segment_size).enumerate() {
            let (b0, b1) = (self.breakpoints[i], self.breakpoints[i + 1]);
            let (c0, c1) = (self.curve.cost(b0), self.curve.cost(b1));
            let slope = (c1 - c0) / (b1 - b0);
            e += (c0 - slope * b0) * z + slope * x;
        }
        e
    }
}

/// The built model, before solving.
pub(crate) struct SlaveModel {
    pub vars: ProblemVariables,
    pub constraints: Vec<good_lp::Constraint>,
    pub flows: BTreeMap<UnitKey, Variable>,
    pub utilities: Vec<Variable>,
    pub machines: Vec<MachineVars>,
    pub capex: Expression,
    /// Yearly maintenance: a share of the investment (kEUR/yr).
    pub maintenance: Expression,
    /// Investment in utility capacity (kEUR): beyond the installed capacity on a retrofit site.
    pub utility_investment: Expression,
    /// Annualised charge of the exchangers' duty under the area target (kEUR/yr): in the objective only.
    pub exchanger_proxy: Expression,
    pub electricity: Expression,
    pub utility_cost: Expression,
    pub co2: Expression,
    pub m_max: f64,
    pub binaries: usize,
}

/// Refrigerant flow that carries all process heat as the smallest latent heat of a cycle's levels (kg/s):
/// the scale of its cost breakpoints. Flows are bounded by four times it, which no sensible design reaches
/// (condenser flow = (process heat + power) / latent heat, i.e. below twice it for any COP above 1).
fn typical_flow(case: &Case, ss: &Superstructure) -> f64 {
    let process: f64 = case.streams.iter().map(|s| s.q_w()).sum();
    let latent = ss
        .units()
        .filter(|(_, u)| matches!(u.kind, UnitKind::Evaporator | UnitKind::Condenser))
        .filter_map(|(_, u)| u.heat.map(|h| h.q_j_per_kg))
        .fold(f64::INFINITY, f64::min);
    let latent = if latent.is_finite() { latent } else { 1e5 };
    process.max(1.0) / latent
}

/// Flow bound as a multiple of [`typical_flow`].
const FLOW_BOUND_FACTOR: f64 = 4.0;

/// The share of the process heat that an exchanger kind typically carries, for its breakpoint scale: latent
/// exchangers all of it; after-coolers the discharge superheat (ammonia's large lifts reach 20-30 % of the
/// latent heat, hydrocarbons' a few %), subcoolers and superheaters the sensible heat of a few kelvin.
fn typical_share_of_process_heat(kind: UnitKind) -> f64 {
    match kind {
        UnitKind::Evaporator | UnitKind::Condenser => 1.0,
        UnitKind::Desuperheater => 0.2,
        UnitKind::Subcooler => 0.1,
        _ => 0.05,
    }
}

/// The scale of a machine's cost breakpoints, in its size unit: the machine that would carry all process
/// heat, as latent heat at its own level. Compressor: that flow's suction volume as saturated vapour;
/// exchanger: area `share Q / (U dT_mean)`; vessel: that flow's saturated-liquid volume over the residence
/// time.
/// It depends on the machine alone, not on the other levels or units of the superstructure, so one design
/// is priced the same in grid mode (all grid levels) and as a GA candidate (its own levels only).
fn machine_typical_size(
    case: &Case,
    ss: &Superstructure,
    machine: &Machine,
    costs: &CostSet,
) -> Option<f64> {
    let process: f64 = case.streams.iter().map(|s| s.q_w()).sum::<f64>().max(1.0);
    let level = match *machine {
        // By shaft power the typical size needs the discharge state: the caller's fallback (the largest
        // member's size per kg/s times the typical flow) serves.
        Machine::Compressor { .. } if costs.compressor.size == SizeBasis::ShaftPowerKw => {
            return None;
        }
        Machine::Compressor { from, .. } => from,
        Machine::Exchanger { kind, .. } => {
            let duty = process * typical_share_of_process_heat(kind);
            return Some(duty / (heat_transfer_coefficient(kind, costs) * costs.sizing.dt_mean_k));
        }
        Machine::Vessel { level } => level,
    };
    let saturated = |role: StateRole| {
        ss.states()
            .find(|(_, s)| s.level == level && s.role == role)
            .map(|(_, s)| s.state)
    };
    let (liquid, vapour) = (saturated(StateRole::Liquid)?, saturated(StateRole::Vapour)?);
    let flow = process / (vapour.h_j_per_kg - liquid.h_j_per_kg).max(1.0);
    Some(match machine {
        Machine::Compressor { .. } => flow / vapour.rho_kg_per_m3 * 3600.0,
        _ => flow / liquid.rho_kg_per_m3 * costs.sizing.vessel_residence_s,
    })
}

/// A unit of one cycle: (cycle index, unit node).
pub type UnitKey = (usize, NodeIndex);

/// U of an exchanger kind (W/(m2 K)).
fn heat_transfer_coefficient(kind: UnitKind, costs: &CostSet) -> f64 {
    let u = &costs.sizing.u_w_per_m2_k;
    match kind {
        UnitKind::Evaporator => u.evaporator,
        UnitKind::Condenser => u.condenser,
        UnitKind::Desuperheater => u.desuperheater,
        UnitKind::Subcooler => u.subcooler,
        _ => u.superheater,
    }
}

/// Size of a machine per kg/s through `unit`, in the correlation's unit.
fn size_per_flow(unit: &UnitNode, costs: &CostSet) -> f64 {
    match unit.machine {
        Some(Machine::Compressor { .. }) => match costs.compressor.size {
            SizeBasis::SuctionM3PerH => unit.volume_per_kg * 3600.0,
            SizeBasis::ShaftPowerKw => unit.power_j_per_kg / KILO,
        },
        Some(Machine::Vessel { .. }) => unit.volume_per_kg * costs.sizing.vessel_residence_s,
        Some(Machine::Exchanger { kind, .. }) => unit.heat.map_or(0.0, |h| {
            h.q_j_per_kg / (heat_transfer_coefficient(kind, costs) * costs.sizing.dt_mean_k)
        }),
        None => 0.0,
    }
}

/// The cascade stream of a unit's heat in kW per kg/s, shifted by the refrigerant's dT_min/2.
pub(crate) fn unit_stream(unit: &UnitNode, dt_min_half_k: f64) -> Option<ShiftedStream> {
    let h = unit.heat?;
    let shift = match h.kind {
        StreamKind::Hot => -dt_min_half_k,
        StreamKind::Cold => dt_min_half_k,
    };
    Some(ShiftedStream {
        name: unit.label.clone(),
        kind: h.kind,
        segments: vec![ShiftedSegment {
            t_from_k: h.t_from_k + shift,
            t_to_k: h.t_to_k + shift,
            q_w: h.q_j_per_kg / KILO,
        }],
        dt_min_half_k,
    })
}

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

/// Builds the model for one or more cycles (each its own superstructure and fluid) sharing the heat cascade.
/// `forced`: machines whose existence is fixed (for enumeration), keyed by cycle.
pub(crate) fn build(
    case: &Case,
    cycles: &[Superstructure],
    settings: &super::SlaveSettings,
    integrality: Integrality,
) -> (SlaveModel, Streams) {
    let binary = || match integrality {
        Integrality::Binary => variable().binary(),
        Integrality::Relaxed => variable().min(0.0).max(1.0),
    };
    let (costs, dt_min_half_k, forced) =
        (&settings.costs, settings.dt_min_half_k, &settings.forced);
    let area_target = settings.exchangers == ExchangerPricing::AreaTarget;
    let mut vars = ProblemVariables::new();
    let mut flows: BTreeMap<UnitKey, Variable> = BTreeMap::new();
    let mut m_max_all: f64 = 0.0;
    let mut constraints = Vec::new();
    let mut machines = Vec::new();
    let mut binaries = 0;
    let mut unit_streams: Vec<(UnitKey, ShiftedStream)> = Vec::new();
    for (c, ss) in cycles.iter().enumerate() {
        let m_typical = typical_flow(case, ss);
        let m_max = FLOW_BOUND_FACTOR * m_typical;
        m_max_all = m_max_all.max(m_max);
        for (i, unit) in ss.units() {
            flows.insert((c, i), vars.add(variable().min(0.0).max(m_max)));
            if let Some(stream) = unit_stream(unit, dt_min_half_k) {
                unit_streams.push(((c, i), stream));
            }
        }
        // Mass balance at every state: one pass over the units' edges.
        let mut balances: BTreeMap<NodeIndex, Expression> = ss
            .states()
            .map(|(s, _)| (s, Expression::from(0.0)))
            .collect();
        for (u, _) in ss.units() {
            let m = flows[&(c, u)];
            for (state, coef) in ss.produced(u) {
                if let Some(b) = balances.get_mut(&state) {
                    *b += coef * m;
                }
            }
            for (state, coef) in ss.consumed(u) {
                if let Some(b) = balances.get_mut(&state) {
                    *b -= coef * m;
                }
            }
        }
        constraints.extend(balances.into_values().map(|b| constraint!(b == 0.0)));

        // Grid mode: a binary per level y_l; a unit may run only if every level it touches is chosen, at most
        // `max_levels` are chosen, and with adjacency a unit spanning l < m needs every level between off:
        // m_u <= m_max (1 - y_j), l < j < m.
        if let Some(cap) = settings.level_cap {
            let chosen: Vec<Variable> = ss.levels_k.iter().map(|_| vars.add(binary())).collect();
            binaries += chosen.len();
            for (u, unit) in ss.units() {
                let m = flows[&(c, u)];
                // Levels touched: those of its states, and the level subcooled liquid was cooled to.
                let mut touched: Vec<usize> = ss
                    .consumed(u)
                    .into_iter()
                    .chain(ss.produced(u))
                    .filter_map(|(s, _)| ss.state(s))
                    .flat_map(|st| match st.role {
                        StateRole::Subcooled { to_level } => vec![st.level, to_level],
                        _ => vec![st.level],
                    })
                    .collect();
                touched.sort_unstable();
                touched.dedup();
                for &l in &touched {
                    constraints.push(constraint!(m <= m_max * chosen[l]));
                }
                if let Some((low, high)) = adjacency_span(ss, u, &cap) {
                    for &between in &chosen[low + 1..high] {
                        constraints.push(constraint!(m <= m_max * (1.0 - between)));
                    }
                }
                // Where a unit sits among the used levels (GridRule): m_u <= m_max sum_{j > l} y_j (needs a
                // used level above), m_u <= m_max sum_{j < l} y_j (below), m_u <= m_max (1 - y_j) for j > l
                // (nothing used above).
                match unit.grid_rule {
                    GridRule::Always => {}
                    GridRule::NeedsAbove(l) => {
                        let above: Expression = chosen[l + 1..].iter().sum();
                        constraints.push(constraint!(m <= m_max * above));
                    }
                    GridRule::NeedsBelow(l) => {
                        let below: Expression = chosen[..l].iter().sum();
                        constraints.push(constraint!(m <= m_max * below));
                    }
                    GridRule::NothingAbove(l) => {
                        for &j in &chosen[l + 1..] {
                            constraints.push(constraint!(m <= m_max * (1.0 - j)));
                        }
                    }
                }
            }
            let count: Expression = chosen.iter().sum();
            constraints.push(constraint!(count <= cap.max_levels as f64));
        }

        // Machines: group members, size, piecewise cost.
        let mut groups: BTreeMap<Machine, Vec<(NodeIndex, f64)>> = BTreeMap::new();
        for (i, unit) in ss.units() {
            if let Some(machine) = unit.machine {
                // Under the area target hen/ prices the exchangers: no machines of the MILP, only a linear
                // charge per kW of duty in the objective (`exchanger_proxy` below).
                if area_target && matches!(machine, Machine::Exchanger { .. }) {
                    continue;
                }
                groups
                    .entry(machine)
                    .or_default()
                    .push((i, size_per_flow(unit, costs)));
            }
        }
        for (machine, members) in groups {
            let (cost, size_unit) = match machine {
                Machine::Compressor { .. } if costs.compressor.size == SizeBasis::ShaftPowerKw => {
                    (&costs.compressor, "kW shaft")
                }
                Machine::Compressor { .. } => (&costs.compressor, "m3/h suction"),
                Machine::Exchanger { .. } => (&costs.exchanger, "m2"),
                Machine::Vessel { .. } => (&costs.vessel, "m3"),
            };
            // Installed cost: the purchased curve times the type's installation factor and the project's
            // engineering and contingency factor (costs.rs).
            let curve = CostCurve::installed(costs, cost);
            let k_max = members.iter().map(|m| m.1).fold(0.0, f64::max);
            // Breakpoints: geometric over two decades below the typical size, then one segment up to the bound.
            let typical = machine_typical_size(case, ss, &machine, costs)
                .unwrap_or(k_max * m_typical)
                .max(1e-9);
            let mut points = breakpoints(
                typical * 1e-2,
                typical,
                costs.sizing.segments.saturating_sub(1).max(1),
            );
            if costs.sizing.segments > 1 {
                points.push(typical * FLOW_BOUND_FACTOR);
            } else if let Some(last) = points.last_mut() {
                *last = typical * FLOW_BOUND_FACTOR;
            }
            let segments = points.len() - 1;
            let segment_on: Vec<Variable> = (0..segments).map(|_| vars.add(binary())).collect();
            binaries += segment_on.len();
            let segment_size: Vec<Variable> = (0..segments)
                .map(|_| vars.add(variable().min(0.0)))
                .collect();
            let on: Expression = segment_on.iter().sum();
            for (i, (&z, &x)) in segment_on.iter().zip(&segment_size).enumerate() {
                // The first segment starts at zero size: no minimum size, its secant's intercept is the fixed
                // charge of building the machine at all.
                if i > 0 {
                    constraints.push(constraint!(x >= points[i] * z));
                }
                constraints.push(constraint!(x <= points[i + 1] * z));
            }
            constraints.push(constraint!(on.clone() <= 1.0));
            if let Some(&built) = forced.get(&(c, machine)) {
                constraints.push(constraint!(on.clone() == if built { 1.0 } else { 0.0 }));
            }
            let size: Expression = members.iter().map(|&(u, k)| k * flows[&(c, u)]).sum();
            let total: Expression = segment_size.iter().sum();
            constraints.push(constraint!(size == total));
            // Members with a size coefficient are already tied to the binaries through X = sum x_i <= b_K
            // sum z_i; only size-less members need an explicit link.
            for &(u, k) in &members {
                if k <= 0.0 {
                    constraints.push(constraint!(flows[&(c, u)] <= m_max * on.clone()));
                }
            }
            machines.push(MachineVars {
                cycle: c,
                machine,
                members,
                size_unit,
                segment_on,
                segment_size,
                breakpoints: points,
                curve,
            });
        }
    }
    let utilities: Vec<Variable> = case
        .utilities
        .iter()
        .map(|u| {
            vars.add(
                variable()
                    .min(0.0)
                    .max(u.max_w.map_or(f64::INFINITY, |m| m / KILO)),
            )
        })
        .collect();

    // Heat cascade: process fixed, utilities and unit heat variable; all cycles in one cascade.
    let process: Vec<ShiftedStream> = case
        .streams
        .iter()
        .map(ShiftedStream::from_process)
        .collect();
    let utility_streams: Vec<ShiftedStream> = case
        .utilities
        .iter()
        .map(ShiftedStream::from_utility)
        .collect();
    let block = CascadeBlock::declare(
        &mut vars,
        process
            .iter()
            .chain(&utility_streams)
            .chain(unit_streams.iter().map(|(_, s)| s)),
    );
    let mut contributions: Vec<(&ShiftedStream, Scale)> = process
        .iter()
        .map(|s| (s, Scale::Fixed(1.0 / KILO)))
        .collect();
    contributions.extend(
        utility_streams
            .iter()
            .zip(&utilities)
            .map(|(s, v)| (s, Scale::Variable(*v))),
    );
    contributions.extend(
        unit_streams
            .iter()
            .map(|(k, s)| (s, Scale::Variable(flows[k]))),
    );
    constraints.extend(block.balances(&contributions));
    constraints.push(constraint!(block.top() == 0.0));
    constraints.push(constraint!(block.bottom() == 0.0));

    // Objective parts in kEUR/yr and t/yr: with power and utility use in kW the SI formulas give kilo-units.
    let e = &case.economics;
    let annuity = e.capital_recovery_factor();
    let index = e.cepci / costs.cepci;
    let mut investment: Expression = machines.iter().map(|m| index / KILO * m.cost()).sum();
    // Under the area target, exchangers steer the MILP by a charge per kW of duty, `c sum_u q_u m_u`
    // (kEUR/yr with q in kW per kg/s), in the objective only: the design is priced by its network target.
    let mut exchanger_duty = Expression::from(0.0);
    if area_target {
        for (c, ss) in cycles.iter().enumerate() {
            for (i, u) in ss.units() {
                if let (Some(Machine::Exchanger { .. }), Some(h)) = (u.machine, u.heat) {
                    exchanger_duty += h.q_j_per_kg / KILO * flows[&(c, i)];
                }
            }
        }
    }
    let exchanger_proxy = (annuity + costs.project.maintenance_share_per_yr)
        * settings.exchanger_charge_eur_per_w
        * exchanger_duty;
    // Utility capacity: new capacity only above what a retrofit site has, `N_v >= Q_v - C_v`, `N_v >= 0`.
    let mut utility_investment = Expression::from(0.0);
    let existing = case.site.as_ref().map(|s| &s.existing_utility_w);
    for (k, (u, v)) in case.utilities.iter().zip(&utilities).enumerate() {
        if u.investment_eur_per_w == 0.0 {
            continue;
        }
        match existing.map_or(0.0, |e| e[k]) {
            c if c > 0.0 => {
                let new_capacity = vars.add(variable().min(0.0));
                constraints.push(constraint!(new_capacity >= *v - c / KILO));
                utility_investment += u.investment_eur_per_w * new_capacity;
            }
            _ => utility_investment += u.investment_eur_per_w * *v,
        }
    }
    investment += utility_investment.clone();
    let capex = annuity * investment.clone();
    let maintenance = costs.project.maintenance_share_per_yr * investment;
    let mut power = Expression::from(0.0);
    for (c, ss) in cycles.iter().enumerate() {
        for (i, u) in ss.units() {
            if u.power_j_per_kg != 0.0 {
                power += u.power_j_per_kg / KILO * flows[&(c, i)];
            }
        }
    }
    let grid = &case.electricity;
    let electricity = e.operating_s_per_yr
        * (grid.price_eur_per_j + e.co2_price_eur_per_kg * grid.co2_kg_per_j)
        * power.clone();
    let mut utility_cost = Expression::from(0.0);
    let mut co2 = e.operating_s_per_yr * grid.co2_kg_per_j * power;
    for (u, v) in case.utilities.iter().zip(&utilities) {
        let (cost, kg) = utility_cost_per_w(case, u);
        utility_cost += cost * *v;
        co2 += kg * *v;
    }
    let model = SlaveModel {
        vars,
        constraints,
        flows,
        utilities,
        machines,
        capex,
        maintenance,
        exchanger_proxy,
        utility_investment,
        electricity,
        utility_cost,
        co2,
        m_max: m_max_all,
        binaries,
    };
    (
        model,
        Streams {
            process,
            utilities: utility_streams,
        },
    )
}

/// The levels a compressor or valve spans, when grid mode's adjacency applies to it: a compressor from its
/// suction to its discharge level; a valve from the level its liquid was at (condensate) or was cooled to
/// (subcooled liquid) down to the level it expands to.
fn adjacency_span(
    ss: &Superstructure,
    u: NodeIndex,
    cap: &super::LevelCap,
) -> Option<(usize, usize)> {
    let unit = match &ss.graph[u] {
        crate::superstructure::Node::Unit(unit) => unit,
        crate::superstructure::Node::State(_) => return None,
    };
    match (unit.kind, unit.machine) {
        (UnitKind::Compressor, Some(Machine::Compressor { from, to }))
            if cap.adjacent_compressors =>
        {
            Some((from, to))
        }
        (UnitKind::Valve, _) if cap.adjacent_valves => {
            let (source, _) = ss.consumed(u).into_iter().next()?;
            let high = match ss.state(source)?.role {
                crate::superstructure::StateRole::Subcooled { to_level } => to_level,
                _ => ss.state(source)?.level,
            };
            let low = ss
                .produced(u)
                .into_iter()
                .filter_map(|(s, _)| ss.state(s).map(|st| st.level))
                .min()?;
            (high > low).then_some((low, high))
        }
        _ => None,
    }
}

/// Human name of a machine.
pub fn machine_label(machine: &Machine) -> String {
    match *machine {
        Machine::Compressor { from, to } => format!("compressor {from}>{to}"),
        Machine::Exchanger { kind, level } => {
            let name = match kind {
                UnitKind::Evaporator => "evaporator",
                UnitKind::Condenser => "condenser",
                UnitKind::Desuperheater => "after-cooler",
                UnitKind::Subcooler => "subcooler",
                UnitKind::Superheater => "superheater",
                _ => "exchanger",
            };
            format!("{name} at level {level}")
        }
        Machine::Vessel { level } => format!("flash tank at level {level}"),
    }
}
