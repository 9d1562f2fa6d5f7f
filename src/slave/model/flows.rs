//! Flow variables: `0 <= m_u <= m_max` for every unit u (kg/s), or `m_u = m_u,fixed` for a design whose
//! operation is fixed (`SlaveSettings::fix_operation`), and the cascade stream of each unit's heat.

use super::{Cycle, Formulation, KILO, UnitKey};
use crate::cascade::{ShiftedSegment, ShiftedStream};
use crate::case::StreamKind;
use crate::superstructure::UnitNode;
use good_lp::{Variable, variable};
use std::collections::BTreeMap;

/// Adds one flow variable per unit of `cycle` to `flows`, in unit order, and the cascade stream of every
/// unit that exchanges heat to `unit_streams`. `fixed`: the period's fixed flows, if any.
pub(super) fn add_flows(
    f: &mut Formulation,
    cycle: &Cycle,
    dt_min_half_k: f64,
    fixed: Option<&BTreeMap<UnitKey, f64>>,
    flows: &mut BTreeMap<UnitKey, Variable>,
    unit_streams: &mut Vec<(UnitKey, ShiftedStream)>,
) {
    let c = cycle.index;
    for (i, unit) in cycle.ss.units() {
        let flow = match fixed.and_then(|m| m.get(&(c, i))) {
            Some(&m) => variable().min(m).max(m),
            None => variable().min(0.0).max(cycle.m_max),
        };
        flows.insert((c, i), f.vars.add(flow));
        if let Some(stream) = unit_stream(unit, dt_min_half_k) {
            unit_streams.push(((c, i), stream));
        }
    }
}

/// The cascade stream of a unit's heat in kW per kg/s, shifted by the refrigerant's dT_min/2.
pub(super) fn unit_stream(unit: &UnitNode, dt_min_half_k: f64) -> Option<ShiftedStream> {
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
