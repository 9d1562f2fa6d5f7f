//! The superstructure graph: refrigerant states and units of one cycle, with fixed coefficients.
//!
//! A bipartite petgraph `StableGraph`: state nodes and unit nodes. An edge state -> unit means the unit
//! consumes that state, unit -> state that it produces it; the weight is kg of the state per kg/s of the
//! unit's flow. The mass balance of a state node is therefore `sum(in-edge weight * unit flow) -
//! sum(out-edge weight * unit flow) = 0`.

use crate::case::StreamKind;
use crate::fluids::State;
use crate::machines::{CompressorChoice, Technology};
use petgraph::Direction;
use petgraph::stable_graph::{NodeIndex, StableGraph};
use serde::Serialize;

/// What a state node is.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StateRole {
    /// Saturated liquid `L_l`.
    Liquid,
    /// Saturated vapour `V_l`.
    Vapour,
    /// Superheated suction vapour `S_l` at `T_l + dT_sh`.
    Superheated,
    /// Condensate of level `l` subcooled at its pressure to the temperature of level `to_level`.
    Subcooled { to_level: usize },
    /// Compressor discharge at level `l` from the suction state `from`.
    Discharge { from: usize },
}

/// A refrigerant state at one level.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateNode {
    /// Short name: `L2`, `V0`, `S1`, `C2>0`, `D[V0>2]`.
    pub label: String,
    /// Index of its pressure level (0 = lowest).
    pub level: usize,
    pub role: StateRole,
    pub state: State,
}

/// Unit kinds of design.md §2.2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Evaporator,
    Superheater,
    Compressor,
    /// Discharge vapour cooled to saturated vapour by heat exchange (after-cooler, or intercooler between
    /// stages; a desuperheater).
    AfterCooler,
    Presaturator,
    Condenser,
    Subcooler,
    Valve,
}

/// The piece of equipment whose binary and cost a unit shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "machine")]
pub enum Machine {
    /// One compressor stage from level `from` to level `to` of one technology, whatever its suction states.
    Compressor {
        from: usize,
        to: usize,
        technology: Technology,
    },
    /// One heat exchanger per kind and level (all after-coolers into a level share one, and so on).
    Exchanger { kind: UnitKind, level: usize },
    /// The flash tank / economiser / pre-saturator vessel at an intermediate level.
    Vessel { level: usize },
}

/// Heat a unit exchanges per kg/s of its flow, on the refrigerant side (not shifted).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct UnitHeat {
    /// Hot: the refrigerant gives heat; cold: it takes heat.
    pub kind: StreamKind,
    pub t_from_k: f64,
    pub t_to_k: f64,
    /// J per kg of unit flow, > 0.
    pub q_j_per_kg: f64,
}

/// A unit with its fixed coefficients.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitNode {
    pub label: String,
    pub kind: UnitKind,
    pub heat: Option<UnitHeat>,
    /// Shaft power per kg/s (J/kg), compressors only.
    pub power_j_per_kg: f64,
    /// Equipment it belongs to, for binaries and cost; `None`: no cost (valves without a vessel).
    pub machine: Option<Machine>,
    /// Volume flow that sizes its machine per kg/s (m3/kg): suction volume of a compressor, liquid volume
    /// through a vessel; 0 for exchangers (sized by heat).
    pub volume_per_kg: f64,
    /// The vessel this unit's flow also passes, and its volume flow there per kg/s: a compressor drawing
    /// saturated vapour from an intermediate level draws it through that level's flash tank.
    pub vessel_flow: Option<VesselFlow>,
    /// A compressor mode's machine data (`None` for other units).
    pub compressor: Option<CompressorUnit>,
    /// What the unit needs of the levels a grid design chooses.
    pub grid_rule: GridRule,
}

/// What one compressor mode does, from its machine's data.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CompressorUnit {
    pub technology: Technology,
    pub pressure_ratio: f64,
    pub eta_is: f64,
    pub eta_vol: f64,
    pub discharge_pressure_pa: f64,
    /// Suction volume over the volumetric efficiency, per kg/s (m3/kg): what the machine is bought by.
    pub swept_volume_per_kg: f64,
    /// `h_D - h(p_D, T_max)` (J/kg), on every mode of a machine one of whose modes discharges above the
    /// machine's limit: the modes mix in the machine's discharge, whose enthalpy must stay below the limit's.
    pub discharge_excess_j_per_kg: Option<f64>,
}

/// A volume flow through the vessel at `level` (m3 per kg of the unit's flow).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct VesselFlow {
    pub level: usize,
    pub volume_per_kg: f64,
}

/// Grid mode's level binaries choose which levels a design uses; a GA candidate's superstructure holds only
/// its own levels. Units whose existence depends on where their level sits among the used ones carry the rule
/// that makes both superstructures the same (slave/model.rs turns it into a constraint on the binaries).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum GridRule {
    /// No condition beyond the levels it touches being chosen.
    Always,
    /// A chosen level above `l` must exist: evaporators (not at the top level) and vessels (at intermediate
    /// levels only).
    NeedsAbove(usize),
    /// A chosen level below `l` must exist: condensers (not at the bottom level).
    NeedsBelow(usize),
    /// No chosen level above `l` may exist: the top level's valve without a vessel.
    NothingAbove(usize),
    /// No chosen level below `l` may exist: the bottom level's compressor, which draws no vapour through a
    /// vessel.
    NothingBelow(usize),
}

/// A node of the graph.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    State(StateNode),
    Unit(UnitNode),
}

/// A unit that the limits removed, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Removed {
    pub unit: String,
    pub reason: String,
}

/// One cycle's superstructure for a fluid and its levels.
#[derive(Clone, Debug)]
pub struct Superstructure {
    pub fluid: String,
    pub template: String,
    /// Saturation temperatures of the levels kept, ascending (K).
    pub levels_k: Vec<f64>,
    pub graph: StableGraph<Node, f64>,
    pub removed: Vec<Removed>,
    /// The compressor technologies it was built with (their motors and drives price the power).
    pub compressors: Vec<CompressorChoice>,
}

impl Superstructure {
    /// The technology choice `technology` was built with.
    pub fn compressor_choice(&self, technology: Technology) -> Option<&CompressorChoice> {
        self.compressors.iter().find(|c| c.technology == technology)
    }

    /// Unit nodes with their indices.
    pub fn units(&self) -> impl Iterator<Item = (NodeIndex, &UnitNode)> {
        self.graph
            .node_indices()
            .filter_map(|i| match &self.graph[i] {
                Node::Unit(u) => Some((i, u)),
                Node::State(_) => None,
            })
    }

    /// State nodes with their indices.
    pub fn states(&self) -> impl Iterator<Item = (NodeIndex, &StateNode)> {
        self.graph
            .node_indices()
            .filter_map(|i| match &self.graph[i] {
                Node::State(s) => Some((i, s)),
                Node::Unit(_) => None,
            })
    }

    /// The state node at `index`; `None` for a unit.
    pub fn state(&self, index: NodeIndex) -> Option<&StateNode> {
        match &self.graph[index] {
            Node::State(s) => Some(s),
            Node::Unit(_) => None,
        }
    }

    /// States a unit consumes, with kg per kg of unit flow.
    pub fn consumed(&self, unit: NodeIndex) -> Vec<(NodeIndex, f64)> {
        self.neighbours(unit, Direction::Incoming)
    }

    /// States a unit produces, with kg per kg of unit flow.
    pub fn produced(&self, unit: NodeIndex) -> Vec<(NodeIndex, f64)> {
        self.neighbours(unit, Direction::Outgoing)
    }

    fn neighbours(&self, node: NodeIndex, direction: Direction) -> Vec<(NodeIndex, f64)> {
        use petgraph::visit::EdgeRef;
        self.graph
            .edges_directed(node, direction)
            .map(|e| {
                let other = if direction == Direction::Incoming {
                    e.source()
                } else {
                    e.target()
                };
                (other, *e.weight())
            })
            .collect()
    }
}
