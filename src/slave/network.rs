//! The heat exchanger network of a design (hen/): its streams, area, units and installed cost, and what a
//! retrofit site has of it already.
//!
//! The balanced problem holds every process stream, every utility at its use and every refrigerant unit at
//! its duty (from inlet to outlet temperature of the refrigerant), each with its film by exchanger type:
//! process streams and utilities their own (or their service's), refrigerant streams by service and fluid
//! family (`[heat_transfer]` may give one coefficient per phase): evaporators boiling, condensers condensing,
//! after-coolers and superheaters vapour, subcoolers liquid, oil coolers oil.
//!
//! ```text
//! greenfield  I_HEN = cost(design)
//! retrofit    I_HEN = max(0, cost(design) - cost(site without a heat pump))   (existing_heat_recovery)
//! ```
//!
//! The retrofit rule credits the site with a heat recovery network at its own area target, and charges the
//! design for the network cost beyond it: an estimate of the new exchangers, not a retrofit network design.

use super::CostSet;
use super::results::{UnitResult, UtilityResult};
use crate::case::loops::LoopStream;
use crate::case::{Case, Segment};
use crate::hen::{AreaError, HenStream, HenTarget, NetworkStreams, hen_target};
use crate::machines::{Film, FluidFamily, Service};
use crate::superstructure::UnitKind;

/// Streams of the balanced problem of a design (its units and utility uses), for its network target;
/// `families` holds the fluid family of each cycle. A stream reaching the heat pump through a loop keeps in
/// the free network what its loop does not serve (each section's `1 - x`); the loop's exchanger with it is a
/// matched pair, and the loop's heat pump side joins the free network.
pub fn design_streams(
    case: &Case,
    units: &[UnitResult],
    utilities: &[UtilityResult],
    dt_min_half_k: f64,
    families: &[FluidFamily],
    loops: &[(LoopStream, Vec<f64>)],
) -> NetworkStreams {
    let process = |s: &crate::case::Stream, segments: Vec<Segment>| HenStream {
        name: s.name.clone(),
        kind: s.kind,
        segments,
        dt_min_half_k: s.dt_min_half_k,
        film: s.film.clone(),
    };
    let mut streams: Vec<HenStream> = case
        .streams
        .iter()
        .enumerate()
        .filter(|(i, _)| !loops.iter().any(|(l, _)| l.stream == *i))
        .map(|(_, s)| process(s, s.segments.clone()))
        .collect();
    let mut matched = Vec::new();
    for (l, x) in loops {
        let s = &case.streams[l.stream];
        let [served, left, product_side, heat_pump_side] = l.parts_at(x);
        let side = |name: &str, kind, segments| HenStream {
            name: format!("{} loop ({name} side)", l.name),
            kind,
            segments,
            dt_min_half_k: l.dt_min_half_k,
            film: l.film.clone(),
        };
        if !left.is_empty() {
            streams.push(process(s, left));
        }
        if !served.is_empty() {
            matched.push([
                process(s, served),
                side("product", l.product_side_kind(), product_side),
            ]);
            streams.push(side("heat pump", l.stream_kind, heat_pump_side));
        }
    }
    streams.extend(utility_streams(case, utilities));
    streams.extend(refrigerant_streams(case, units, dt_min_half_k, families));
    NetworkStreams {
        free: streams,
        matched,
    }
}

/// The utilities a design uses, each as a stream of the heat it gives or takes.
fn utility_streams(case: &Case, utilities: &[UtilityResult]) -> Vec<HenStream> {
    let mut streams = Vec::new();
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
                film: u.film.clone(),
            });
        }
    }
    streams
}

/// The refrigerant side of each unit that exchanges heat (dT_min/2 `dt_min_half_k`; `families` holds
/// each cycle's fluid family).
fn refrigerant_streams(
    case: &Case,
    units: &[UnitResult],
    dt_min_half_k: f64,
    families: &[FluidFamily],
) -> Vec<HenStream> {
    let mut streams = Vec::new();
    for unit in units {
        let (Some(q), Some(kind), Some(t_from), Some(t_to)) =
            (unit.heat_w, unit.heat_kind, unit.t_from_k, unit.t_to_k)
        else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        let family = families
            .get(unit.cycle)
            .copied()
            .unwrap_or(FluidFamily::Synthetic);
        streams.push(HenStream {
            name: unit.label.clone(),
            kind,
            segments: vec![Segment {
                t_in_k: t_from,
                t_out_k: t_to,
                q_w: q,
            }],
            dt_min_half_k,
            film: refrigerant_film(case, unit.kind, family, t_to),
        });
    }
    streams
}

/// The film of a refrigerant unit's stream: the case's coefficient for its phase, or the machine set's for
/// the service of its kind and fluid family (evaporators boiling, condensers condensing, after-coolers and
/// superheaters vapour, subcoolers liquid, an oil-injected compressor's oil cooler oil). An after-cooler's
/// wall is wet where the cold side is below its saturation temperature `t_to_k` (the vapour condenses on it):
/// the condensing film there.
fn refrigerant_film(case: &Case, kind: UnitKind, family: FluidFamily, t_to_k: f64) -> Film {
    let films = &case.refrigerant_films;
    let ammonia = family == FluidFamily::Ammonia;
    let pick = |a: Service, other: Service| if ammonia { a } else { other };
    let boiling = pick(Service::AmmoniaBoiling, Service::RefrigerantBoiling);
    let condensing = pick(Service::AmmoniaCondensing, Service::RefrigerantCondensing);
    let vapour = pick(Service::AmmoniaVapour, Service::RefrigerantVapour);
    let liquid = pick(Service::AmmoniaLiquid, Service::RefrigerantLiquid);
    let (own, service) = match kind {
        UnitKind::Evaporator => (films.boiling, boiling),
        UnitKind::Condenser => (films.condensing, condensing),
        UnitKind::Subcooler => (films.liquid, liquid),
        UnitKind::Compressor => (None, Service::Oil),
        _ => (films.gas, vapour),
    };
    let resolve = |own: Option<f64>, service: Service| -> Film {
        match own {
            Some(h) => Film::fixed(h),
            None => case
                .heat_pump
                .machine_set
                .service(service)
                .map_or(Film::fixed(f64::NAN), |d| d.film(true)),
        }
    };
    let mut film = resolve(own, service);
    film.refrigerant = true;
    if kind == UnitKind::AfterCooler {
        film.wet_below_k = Some(t_to_k);
        film.wet_by_type = resolve(films.condensing, condensing).by_type;
    }
    film
}

/// The network target of a design, or why there is none.
pub(crate) fn design_network(
    case: &Case,
    units: &[UnitResult],
    utilities: &[UtilityResult],
    dt_min_half_k: f64,
    costs: &CostSet,
    families: &[FluidFamily],
    loops: &[(LoopStream, Vec<f64>)],
) -> Result<HenTarget, AreaError> {
    let streams = design_streams(case, units, utilities, dt_min_half_k, families, loops);

    let index = case.economics.cepci / costs.cepci;
    hen_target(&streams, costs, index)
}

/// The investment the design's network brings: all of it on a greenfield site; beyond the existing
/// network's cost on a retrofit site.
pub fn network_investment(case: &Case, network_cost_eur: f64, existing_eur: f64) -> f64 {
    match &case.site {
        Some(site) if site.existing_heat_recovery => (network_cost_eur - existing_eur).max(0.0),
        _ => network_cost_eur,
    }
}
