//! The thermodynamic paths of a design's cycle, for the p-h and T-s diagrams: every unit with flow as the
//! sequence of states it takes the refrigerant through, and the saturation dome of the fluid.
//!
//! ```text
//! exchangers, pre-saturator   isobaric      p = p_in,  h from h_in to h_out     (flash_ph)
//! valve                       isenthalpic   h = h_in,  p from p_in to p_out      (flash_ph)
//! compressor                  h(p) = h_in + (h_s(p) - h_in) / eta_is,  h_s(p) = h(p, s_in)
//!                             with eta_is = (h_s(p_out) - h_in) / (h_out - h_in) from the end states
//! ```

use crate::fluids::{FluidError, FluidModel, State};
use crate::superstructure::{StateRole, Superstructure, UnitKind};
use petgraph::stable_graph::NodeIndex;
use std::collections::HashMap;

/// Points per drawn process and per branch of the dome.
const PATH_POINTS: usize = 16;
const DOME_POINTS: usize = 80;
/// The dome starts this far below the coldest state of the design (K), or at the triple point.
const DOME_BELOW_K: f64 = 15.0;

/// What a path does to the refrigerant, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Process {
    /// Heat given off: condenser, after-cooler, subcooler.
    GivesHeat,
    /// Heat taken in: evaporator, superheater.
    TakesHeat,
    Compression,
    /// Throttling in a valve, desuperheating by mixing in a pre-saturator.
    Expansion,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub unit: String,
    pub process: Process,
    pub points: Vec<State>,
}

/// A state of the design, with a short label for the diagrams.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkedState {
    /// `L0`, `V1`, `S0`, `C2>0`, `D1`...
    pub short: String,
    /// The superstructure's label, e.g. `D[V0>2]`.
    pub label: String,
    pub state: State,
}

/// One cycle of a design, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct CyclePaths {
    pub fluid: String,
    /// Saturated liquid from the dome's foot to near the critical point, then saturated vapour back down.
    pub dome: Vec<State>,
    pub paths: Vec<Path>,
    pub states: Vec<MarkedState>,
}

fn geometric(a: f64, b: f64, i: usize) -> f64 {
    a * (b / a).powf(i as f64 / (PATH_POINTS - 1) as f64)
}

fn linear(a: f64, b: f64, i: usize) -> f64 {
    a + (b - a) * i as f64 / (PATH_POINTS - 1) as f64
}

/// `first`, the interior points that flash, `last`: a point the flash refuses is left out, not guessed.
fn path_between(
    first: State,
    last: State,
    interior: impl Fn(usize) -> Result<State, FluidError>,
) -> Vec<State> {
    let mut points = vec![first];
    points.extend((1..PATH_POINTS - 1).filter_map(|i| interior(i).ok()));
    points.push(last);
    points
}

fn compression(fluid: &dyn FluidModel, inlet: State, outlet: State) -> Vec<State> {
    let h_s = |p: f64| fluid.flash_ps(p, inlet.s_j_per_kg_k).map(|s| s.h_j_per_kg);
    let eta =
        h_s(outlet.p_pa).map(|h| (h - inlet.h_j_per_kg) / (outlet.h_j_per_kg - inlet.h_j_per_kg));
    match eta {
        Ok(eta) if eta > 0.0 && eta.is_finite() => path_between(inlet, outlet, |i| {
            let p = geometric(inlet.p_pa, outlet.p_pa, i);
            let h = inlet.h_j_per_kg + (h_s(p)? - inlet.h_j_per_kg) / eta;
            fluid.flash_ph(p, h)
        }),
        _ => vec![inlet, outlet],
    }
}

fn isobaric(fluid: &dyn FluidModel, inlet: State, outlet: State) -> Vec<State> {
    path_between(inlet, outlet, |i| {
        fluid.flash_ph(inlet.p_pa, linear(inlet.h_j_per_kg, outlet.h_j_per_kg, i))
    })
}

/// Throttling from `inlet` down to `p_out`; the end is the two-phase mixture entering the lower level.
fn throttling(fluid: &dyn FluidModel, inlet: State, p_out: f64) -> Vec<State> {
    let Ok(outlet) = fluid.flash_ph(p_out, inlet.h_j_per_kg) else {
        return Vec::new();
    };
    path_between(inlet, outlet, |i| {
        fluid.flash_ph(geometric(inlet.p_pa, p_out, i), inlet.h_j_per_kg)
    })
}

/// The saturation dome from `t_low_k` (at least the triple point) to just below the critical point,
/// points crowding towards the top where the branches turn.
pub fn dome(fluid: &dyn FluidModel, t_low_k: f64) -> Vec<State> {
    let info = fluid.info();
    let t_low = t_low_k.max(info.t_triple_k);
    let span = info.t_crit_k - t_low;
    let saturation: Vec<_> = (0..DOME_POINTS)
        .filter_map(|i| {
            let u = i as f64 / (DOME_POINTS - 1) as f64;
            let t = t_low + span * (1.0 - (1.0 - u).powi(2)) * 0.9995;
            fluid.saturation_at_temperature(t).ok()
        })
        .collect();
    let liquid = saturation.iter().map(|s| s.liquid);
    let vapour = saturation.iter().rev().map(|s| s.vapour);
    liquid.chain(vapour).collect()
}

fn short_label(role: StateRole, label: &str, discharges: &mut usize) -> String {
    match role {
        StateRole::Discharge { .. } => {
            *discharges += 1;
            format!("D{discharges}")
        }
        _ => label.to_string(),
    }
}

/// The path a unit draws from its main inlet to its main outlet: the discharge a pre-saturator cools, else
/// the one state consumed; the state produced that is not liquid, unless it is the only one.
fn unit_path(
    fluid: &dyn FluidModel,
    ss: &Superstructure,
    unit: &crate::superstructure::UnitNode,
    consumed: &[(NodeIndex, f64)],
    produced: &[(NodeIndex, f64)],
) -> Option<Path> {
    let state = |index: NodeIndex| ss.state(index).map(|s| s.state);
    let inlet = consumed
        .iter()
        .find(|(s, _)| {
            ss.state(*s)
                .is_some_and(|n| matches!(n.role, StateRole::Discharge { .. }))
        })
        .or(consumed.first())
        .and_then(|(s, _)| state(*s))?;
    let outlet = produced
        .iter()
        .find(|(s, _)| {
            ss.state(*s)
                .is_some_and(|n| !matches!(n.role, StateRole::Liquid) || produced.len() == 1)
        })
        .and_then(|(s, _)| state(*s))?;
    let (process, points) = match unit.kind {
        UnitKind::Compressor => (Process::Compression, compression(fluid, inlet, outlet)),
        UnitKind::Valve => (Process::Expansion, throttling(fluid, inlet, outlet.p_pa)),
        UnitKind::Presaturator => (Process::Expansion, isobaric(fluid, inlet, outlet)),
        UnitKind::Evaporator | UnitKind::Superheater => {
            (Process::TakesHeat, isobaric(fluid, inlet, outlet))
        }
        UnitKind::Condenser | UnitKind::AfterCooler | UnitKind::Subcooler => {
            (Process::GivesHeat, isobaric(fluid, inlet, outlet))
        }
    };
    Some(Path {
        unit: unit.label.clone(),
        process,
        points,
    })
}

/// The paths and states of the units of `ss` that carry flow.
pub fn cycle_paths(
    fluid: &dyn FluidModel,
    ss: &Superstructure,
    flows: &HashMap<NodeIndex, f64>,
) -> CyclePaths {
    let mut touched: Vec<NodeIndex> = Vec::new();
    let mut paths = Vec::new();
    for (i, unit) in ss.units() {
        if flows.get(&i).copied().unwrap_or(0.0) <= 0.0 {
            continue;
        }
        let consumed = ss.consumed(i);
        let produced = ss.produced(i);
        for (s, _) in consumed.iter().chain(&produced) {
            if !touched.contains(s) {
                touched.push(*s);
            }
        }
        paths.extend(unit_path(fluid, ss, unit, &consumed, &produced));
    }
    touched.sort_by_key(|s| {
        let n = ss.state(*s);
        (n.map_or(0, |n| n.level), s.index())
    });
    let mut discharges = 0;
    let states: Vec<MarkedState> = touched
        .iter()
        .filter_map(|s| ss.state(*s))
        .map(|n| MarkedState {
            short: short_label(n.role, &n.label, &mut discharges),
            label: n.label.clone(),
            state: n.state,
        })
        .collect();
    let t_coldest = states
        .iter()
        .map(|s| s.state.t_k)
        .fold(f64::INFINITY, f64::min);
    let t_low = if t_coldest.is_finite() {
        t_coldest - DOME_BELOW_K
    } else {
        fluid.info().t_triple_k
    };
    CyclePaths {
        fluid: fluid.info().name.clone(),
        dome: dome(fluid, t_low),
        paths,
        states,
    }
}
