//! Scales of the model: the flow bound, the breakpoint scale of each machine, and a machine's size per kg/s
//! of a member unit (`k_u` of the formulation).

use super::KILO;
use crate::case::Case;
use crate::costs::{CostSet, SizeBasis};
use crate::superstructure::{Machine, StateRole, Superstructure, UnitKind, UnitNode};

/// Refrigerant flow that carries all process heat as the smallest latent heat of a cycle's levels (kg/s):
/// the scale of its cost breakpoints. Flows are bounded by four times it, which no sensible design reaches
/// (condenser flow = (process heat + power) / latent heat, i.e. below twice it for any COP above 1).
pub(super) fn typical_flow(case: &Case, ss: &Superstructure) -> f64 {
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
pub(super) const FLOW_BOUND_FACTOR: f64 = 4.0;

/// The share of the process heat that an exchanger kind typically carries, for its breakpoint scale: latent
/// exchangers all of it; after-coolers the discharge superheat (ammonia's large lifts reach 20-30 % of the
/// latent heat, hydrocarbons' a few %), subcoolers and superheaters the sensible heat of a few kelvin.
fn typical_share_of_process_heat(kind: UnitKind) -> f64 {
    match kind {
        UnitKind::Evaporator | UnitKind::Condenser => 1.0,
        UnitKind::AfterCooler => 0.2,
        UnitKind::Subcooler => 0.1,
        _ => 0.05,
    }
}

/// The scale of a machine's cost breakpoints, in its size unit: the machine that would carry all process
/// heat, as latent heat at its own level. Compressor: that flow's suction volume as saturated vapour;
/// exchanger: area `share Q / (U dT_mean)`; vessel: that flow's saturated-liquid and saturated-vapour volume
/// over the residence time.
/// It depends on the machine alone, not on the other levels or units of the superstructure, so one design
/// is priced the same in grid mode (all grid levels) and as a GA candidate (its own levels only).
pub(super) fn machine_typical_size(
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
        // A vessel holds that flow as liquid and passes it as vapour (a pre-saturator's outlet carries the
        // whole upper stage's flow).
        _ => {
            flow * (1.0 / liquid.rho_kg_per_m3 + 1.0 / vapour.rho_kg_per_m3)
                * costs.sizing.vessel_residence_s
        }
    })
}

/// U of an exchanger kind (W/(m2 K)).
fn heat_transfer_coefficient(kind: UnitKind, costs: &CostSet) -> f64 {
    let u = &costs.sizing.u_w_per_m2_k;
    match kind {
        UnitKind::Evaporator => u.evaporator,
        UnitKind::Condenser => u.condenser,
        UnitKind::AfterCooler => u.after_cooler,
        UnitKind::Subcooler => u.subcooler,
        _ => u.superheater,
    }
}

/// Size of a machine per kg/s through `unit`, in the correlation's unit.
pub(super) fn size_per_flow(unit: &UnitNode, costs: &CostSet) -> f64 {
    match unit.machine {
        // By swept volume: the suction volume over the volumetric efficiency.
        Some(Machine::Compressor { .. }) => match costs.compressor.size {
            SizeBasis::SuctionM3PerH => {
                unit.compressor
                    .map_or(unit.volume_per_kg, |c| c.swept_volume_per_kg)
                    * 3600.0
            }
            SizeBasis::ShaftPowerKw => unit.power_j_per_kg / KILO,
        },
        Some(Machine::Vessel { .. }) => unit.volume_per_kg * costs.sizing.vessel_residence_s,
        Some(Machine::Exchanger { kind, .. }) => unit.heat.map_or(0.0, |h| {
            h.q_j_per_kg / (heat_transfer_coefficient(kind, costs) * costs.sizing.dt_mean_k)
        }),
        None => 0.0,
    }
}
