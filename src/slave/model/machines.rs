//! Machines: units grouped by the equipment they share, each machine's size `X_j = sum_{u in j} k_u m_u`
//! and its piecewise-linear installed cost with segment binaries z_ji:
//!
//! ```text
//! b_{i} z_ji <= x_ji <= b_{i+1} z_ji      segment i (no lower bound on the first)
//! sum_i z_ji <= 1,   X_j = sum_i x_ji      (several periods p: X_j,p <= sum_i x_ji, sized for the largest)
//! m_u <= m_max sum_i z_ji                  size-less members only (in every period)
//! cost_j = sum_i (c(b_i) - s_i b_i) z_ji + s_i x_ji,   s_i the secant slope of segment i
//! ```

use super::sizing::{FLOW_BOUND_FACTOR, machine_typical_size, size_per_flow};
use super::{Cycle, Formulation, KILO, UnitKey};
use crate::case::Case;
use crate::costs::{CostCurve, CostSet, ExchangerPricing, MachineCost, SizeBasis, breakpoints};
use crate::machines::Technology;
use crate::slave::SlaveSettings;
use crate::superstructure::{Machine, Node, Superstructure, UnitKind};
use good_lp::{Expression, Variable, constraint, variable};
use petgraph::stable_graph::NodeIndex;
use std::collections::BTreeMap;

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
    /// A compressor's motor and drive efficiency as the MILP prices its power: at the machine's typical shaft
    /// power (the design is re-priced at its own size, evaluate.rs); 1 for other machines.
    pub electric_efficiency: f64,
}

impl MachineVars {
    /// Linearised investment (EUR, correlation year) as an expression; the model uses it divided by
    /// [`KILO`](super::KILO).
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

/// Adds every machine of `cycle`, in machine order: its segment variables and rows; `flows` holds each
/// operating period's flows, `case` is the one that sets the breakpoints' scale.
pub(super) fn add_machines(
    f: &mut Formulation,
    case: &Case,
    cycle: &Cycle,
    flows: &[&BTreeMap<UnitKey, Variable>],
    settings: &SlaveSettings,
) -> Vec<MachineVars> {
    let costs = &settings.costs;
    let area_target = settings.exchangers == ExchangerPricing::AreaTarget;
    let mut machines = Vec::new();
    for (machine, members) in machine_groups(cycle.ss, costs, area_target) {
        let (cost, size_unit) = correlation(&machine, costs);
        // Installed cost: the purchased curve times the type's installation factor and the project's
        // engineering and contingency factor (costs.rs).
        let curve = CostCurve::installed(costs, cost);
        let points = machine_breakpoints(case, cycle, &machine, &members, costs);
        let forced = settings.forced.get(&(cycle.index, machine)).copied();
        let (segment_on, segment_size) = add_segments(f, cycle, flows, &members, &points, forced);
        if let Some(&size) = settings.fixed_sizes.get(&(cycle.index, machine)) {
            let total: Expression = segment_size.iter().sum();
            f.constraints.push(constraint!(total == size));
        }
        add_discharge_limit(f, cycle, flows, &members);
        machines.push(MachineVars {
            cycle: cycle.index,
            machine,
            electric_efficiency: electric_efficiency(cycle, &machine, &members),
            members,
            size_unit,
            segment_on,
            segment_size,
            breakpoints: points,
            curve,
        });
    }
    machines
}

/// The discharge temperature limit of a compressor whose modes mix in its discharge (superstructure/
/// compressors.rs): the mixture's enthalpy at most the limit's, `sum_u m_u (h_D,u - h_max) <= 0` in every
/// period (kW). Nothing for a machine whose every mode is below the limit.
fn add_discharge_limit(
    f: &mut Formulation,
    cycle: &Cycle,
    flows: &[&BTreeMap<UnitKey, Variable>],
    members: &[(NodeIndex, f64)],
) {
    let excess: Vec<(NodeIndex, f64)> = members
        .iter()
        .filter_map(|&(u, _)| match &cycle.ss.graph[u] {
            Node::Unit(unit) => unit
                .compressor
                .and_then(|c| c.discharge_excess_j_per_kg)
                .map(|e| (u, e)),
            Node::State(_) => None,
        })
        .collect();
    if excess.is_empty() {
        return;
    }
    for period in flows {
        let mixed: Expression = excess
            .iter()
            .map(|&(u, e)| e / KILO * period[&(cycle.index, u)])
            .sum();
        f.constraints.push(constraint!(mixed <= 0.0));
    }
}

/// A compressor machine's motor and drive efficiency at its typical shaft power: the typical flow of the
/// cycle at its members' largest work per kg. The MILP's power is priced with it; 1 for other machines.
fn electric_efficiency(cycle: &Cycle, machine: &Machine, members: &[(NodeIndex, f64)]) -> f64 {
    let Machine::Compressor { technology, .. } = *machine else {
        return 1.0;
    };
    let Some(choice) = cycle.ss.compressor_choice(technology) else {
        return 1.0;
    };
    let work = members
        .iter()
        .filter_map(|&(u, _)| match &cycle.ss.graph[u] {
            Node::Unit(unit) => Some(unit.power_j_per_kg),
            Node::State(_) => None,
        })
        .fold(0.0, f64::max);
    choice.electric_efficiency(cycle.m_typical * work)
}

/// The units of each machine with their size per kg/s, by machine.
fn machine_groups(
    ss: &Superstructure,
    costs: &CostSet,
    area_target: bool,
) -> BTreeMap<Machine, Vec<(NodeIndex, f64)>> {
    let mut groups: BTreeMap<Machine, Vec<(NodeIndex, f64)>> = BTreeMap::new();
    for (i, unit) in ss.units() {
        if let Some(machine) = unit.machine {
            // Under the area target hen/ prices the exchangers: no machines of the MILP, only a linear
            // charge per kW of duty in the objective (`exchanger_proxy`, objective.rs).
            if area_target && matches!(machine, Machine::Exchanger { .. }) {
                continue;
            }
            groups
                .entry(machine)
                .or_default()
                .push((i, size_per_flow(unit, costs)));
        }
        // A compressor's suction vapour that leaves a flash tank sizes that tank too.
        if let Some(v) = unit.vessel_flow {
            groups
                .entry(Machine::Vessel { level: v.level })
                .or_default()
                .push((i, v.volume_per_kg * costs.sizing.vessel_residence_s));
        }
    }
    groups
}

/// The cost correlation of a machine and the unit of its size.
fn correlation<'a>(machine: &Machine, costs: &'a CostSet) -> (&'a MachineCost, &'static str) {
    match machine {
        Machine::Compressor { .. } if costs.compressor.size == SizeBasis::ShaftPowerKw => {
            (&costs.compressor, "kW shaft")
        }
        Machine::Compressor { .. } => (&costs.compressor, "m3/h suction"),
        Machine::Exchanger { .. } => (&costs.exchanger, "m2"),
        Machine::Vessel { .. } => (&costs.vessel, "m3"),
    }
}

/// Breakpoints: geometric over two decades below the typical size, then one segment up to the bound.
fn machine_breakpoints(
    case: &Case,
    cycle: &Cycle,
    machine: &Machine,
    members: &[(NodeIndex, f64)],
    costs: &CostSet,
) -> Vec<f64> {
    let k_max = members.iter().map(|m| m.1).fold(0.0, f64::max);
    let typical = machine_typical_size(case, cycle.ss, machine, costs)
        .unwrap_or(k_max * cycle.m_typical)
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
    points
}

/// The segment binaries z_i and sizes x_i of one machine, and its rows; `forced`: the machine's existence
/// fixed (enumeration).
fn add_segments(
    f: &mut Formulation,
    cycle: &Cycle,
    flows: &[&BTreeMap<UnitKey, Variable>],
    members: &[(NodeIndex, f64)],
    points: &[f64],
    forced: Option<bool>,
) -> (Vec<Variable>, Vec<Variable>) {
    let c = cycle.index;
    let segments = points.len() - 1;
    let segment_on: Vec<Variable> = (0..segments).map(|_| f.binary()).collect();
    let segment_size: Vec<Variable> = (0..segments)
        .map(|_| f.vars.add(variable().min(0.0)))
        .collect();
    let on: Expression = segment_on.iter().sum();
    for (i, (&z, &x)) in segment_on.iter().zip(&segment_size).enumerate() {
        // The first segment starts at zero size: no minimum size, its secant's intercept is the fixed
        // charge of building the machine at all.
        if i > 0 {
            f.constraints.push(constraint!(x >= points[i] * z));
        }
        f.constraints.push(constraint!(x <= points[i + 1] * z));
    }
    f.constraints.push(constraint!(on.clone() <= 1.0));
    if let Some(built) = forced {
        f.constraints
            .push(constraint!(on.clone() == if built { 1.0 } else { 0.0 }));
    }
    let total: Expression = segment_size.iter().sum();
    for period in flows {
        let size: Expression = members.iter().map(|&(u, k)| k * period[&(c, u)]).sum();
        // One period: the size is the flows'. Several: at least each period's; the cost brings it down to
        // the largest.
        if flows.len() == 1 {
            f.constraints.push(constraint!(size == total.clone()));
        } else {
            f.constraints.push(constraint!(size <= total.clone()));
        }
    }
    // Members with a size coefficient are already tied to the binaries through X = sum x_i <= b_K
    // sum z_i; only size-less members need an explicit link.
    for &(u, k) in members {
        if k <= 0.0 {
            for period in flows {
                f.constraints
                    .push(constraint!(period[&(c, u)] <= cycle.m_max * on.clone()));
            }
        }
    }
    (segment_on, segment_size)
}

/// Human name of a machine.
pub fn machine_label(machine: &Machine) -> String {
    match *machine {
        Machine::Compressor {
            from,
            to,
            technology: Technology::Ideal,
        } => format!("compressor {from}>{to}"),
        Machine::Compressor {
            from,
            to,
            technology,
        } => format!("compressor {from}>{to} {}", technology.name()),
        Machine::Exchanger { kind, level } => {
            let name = match kind {
                UnitKind::Evaporator => "evaporator",
                UnitKind::Condenser => "condenser",
                UnitKind::AfterCooler => "after-cooler",
                UnitKind::Subcooler => "subcooler",
                UnitKind::Superheater => "superheater",
                _ => "exchanger",
            };
            format!("{name} at level {level}")
        }
        Machine::Vessel { level } => format!("flash tank at level {level}"),
    }
}
