//! The heat exchanger network of a design (hen/): its streams, area, units and installed cost, and what a
//! retrofit site has of it already.
//!
//! The balanced problem holds every process stream, every utility at its use and every refrigerant unit at
//! its duty (from inlet to outlet temperature of the refrigerant), each with its film coefficient: process
//! streams and utilities their own, refrigerant streams by phase (`[heat_transfer]`): evaporators boiling,
//! condensers condensing, after-coolers and superheaters gas, subcoolers liquid.
//!
//! ```text
//! greenfield  I_HEN = cost(design)
//! retrofit    I_HEN = max(0, cost(design) - cost(site without a heat pump))   (existing_heat_recovery)
//! ```
//!
//! The retrofit rule credits the site with a heat recovery network at its own area target, and charges the
//! design for the network cost beyond it: an estimate of the new exchangers, not a retrofit network design.

use super::CostSet;
use super::evaluate::{UnitResult, UtilityResult};
use crate::case::{Case, Segment};
use crate::hen::{AreaError, HenStream, HenTarget, hen_target};
use crate::superstructure::UnitKind;

/// Streams of the balanced problem of a design (its units and utility uses), for its network target.
pub fn design_streams(
    case: &Case,
    units: &[UnitResult],
    utilities: &[UtilityResult],
    dt_min_half_k: f64,
) -> Vec<HenStream> {
    let mut streams: Vec<HenStream> = case
        .streams
        .iter()
        .map(|s| HenStream {
            name: s.name.clone(),
            kind: s.kind,
            segments: s.segments.clone(),
            dt_min_half_k: s.dt_min_half_k,
            h_w_per_m2_k: s.h_w_per_m2_k,
            refrigerant: false,
        })
        .collect();
    for (u, used) in case.utilities.iter().zip(utilities) {
        if used.q_w > 0.0 {
            streams.push(HenStream {
                name: u.name.clone(),
                kind: u.kind,
                segments: vec![Segment {
                    t_in_k: u.t_in_k,
                    t_out_k: u.t_out_k,
                    q_w: used.q_w,
                }],
                dt_min_half_k: u.dt_min_half_k,
                h_w_per_m2_k: u.h_w_per_m2_k,
                refrigerant: false,
            });
        }
    }
    let films = &case.refrigerant_films;
    for unit in units {
        let (Some(q), Some(kind), Some(t_from), Some(t_to)) =
            (unit.heat_w, unit.heat_kind, unit.t_from_k, unit.t_to_k)
        else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        let h = match unit.kind {
            UnitKind::Evaporator => films.boiling,
            UnitKind::Condenser => films.condensing,
            UnitKind::Subcooler => films.liquid,
            _ => films.gas,
        };
        streams.push(HenStream {
            name: unit.label.clone(),
            kind,
            segments: vec![Segment {
                t_in_k: t_from,
                t_out_k: t_to,
                q_w: q,
            }],
            dt_min_half_k,
            h_w_per_m2_k: h,
            refrigerant: true,
        });
    }
    streams
}

/// The network target of a design, or why there is none.
pub(crate) fn design_network(
    case: &Case,
    units: &[UnitResult],
    utilities: &[UtilityResult],
    dt_min_half_k: f64,
    costs: &CostSet,
) -> Result<HenTarget, AreaError> {
    let streams = design_streams(case, units, utilities, dt_min_half_k);
    let index = case.economics.cepci / costs.cepci;
    hen_target(&streams, costs, index)
}

/// The investment the design's network brings: all of it on a greenfield site; beyond the existing
/// network's cost on a retrofit site.
pub(crate) fn network_investment(case: &Case, network_cost_eur: f64, existing_eur: f64) -> f64 {
    match &case.site {
        Some(site) if site.existing_heat_recovery => (network_cost_eur - existing_eur).max(0.0),
        _ => network_cost_eur,
    }
}
