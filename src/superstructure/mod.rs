//! Superstructures: templates (`superstructures/*.toml`), instantiation for a fluid and its levels into a
//! petgraph of refrigerant states and units with fixed coefficients, and DOT export. See
//! docs/superstructure.md.

mod build;
mod compressors;
mod dot;
mod graph;

pub use crate::case::template::{Limits, Reach, Template, TemplateError, UnitFamilies};
pub use build::{CycleSettings, instantiate};
pub use dot::to_dot;
pub use graph::{
    CompressorUnit, GridRule, Machine, Node, Removed, StateNode, StateRole, Superstructure,
    UnitHeat, UnitKind, UnitNode, VesselFlow,
};
