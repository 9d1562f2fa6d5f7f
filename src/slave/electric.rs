//! What a design's compressors are as machines, and their power at the meter.
//!
//! Each compressor machine (one stage of one technology) is rated for the largest shaft power it runs at
//! over the periods; its motor and drive efficiency is the machine set's at that rating, and every period's
//! power at the meter is
//!
//! ```text
//! W_j,p   = sum_{u in j} w_u m_u,p                       shaft power (W)
//! P_el,p  = sum_j W_j,p / (eta_motor(max_p W_j,p) eta_drive)
//! ```
//!
//! The MILP priced the power with each machine's efficiency at its typical size (model/machines.rs); the
//! design is re-priced with the efficiency at its own rating (`ElectricPower::milp_w` is the MILP's value,
//! for the correction of the electricity cost and CO2 in evaluate.rs).

use super::model::{MachineVars, SlaveModel, UnitKey};
use super::results::MachineResult;
use crate::machines::Technology;
use crate::superstructure::{Machine, Node, Superstructure};
use serde::Serialize;
use std::collections::HashMap;

/// A compressor machine of the design (SI).
#[derive(Clone, Debug, Serialize)]
pub struct CompressorResult {
    pub technology: Technology,
    /// Discharge over suction pressure of the stage.
    pub pressure_ratio: f64,
    /// Isentropic and volumetric efficiency at that ratio (flow-weighted over its suction modes).
    pub eta_is: f64,
    pub eta_vol: f64,
    pub discharge_pressure_pa: f64,
    /// Rated shaft power: the largest over the periods (W).
    pub shaft_power_w: f64,
    /// The motor's efficiency class at that rating (IEC 60034-30-1), none for the ideal machine.
    pub motor_class: Option<String>,
    pub motor_efficiency: f64,
    pub drive_efficiency: f64,
    /// Power at the meter at the rating (W).
    pub electric_power_w: f64,
}

/// The compressor data of machine `m` of the model over the periods' `flows`; `None` for other machines.
pub(super) fn compressor_result(
    cycles: &[Superstructure],
    m: &MachineVars,
    flows: &[&HashMap<UnitKey, f64>],
) -> Option<CompressorResult> {
    let Machine::Compressor { technology, .. } = m.machine else {
        return None;
    };
    let ss = &cycles[m.cycle];
    let shaft = |period: &HashMap<UnitKey, f64>| -> f64 {
        members(ss, m)
            .map(|(u, unit)| unit.power_j_per_kg * period[&(m.cycle, u)])
            .sum()
    };
    let (rated, at) = flows
        .iter()
        .map(|p| (shaft(p), *p))
        .fold((0.0, flows[0]), |a, b| if b.0 > a.0 { b } else { a });
    let (mut flow, mut eta_is, mut eta_vol, mut ratio, mut p_out) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (u, unit) in members(ss, m) {
        let Some(c) = unit.compressor else { continue };
        let x = at[&(m.cycle, u)];
        flow += x;
        eta_is += x * c.eta_is;
        eta_vol += x * c.eta_vol;
        ratio = c.pressure_ratio;
        p_out = c.discharge_pressure_pa;
    }
    let choice = ss.compressor_choice(technology)?;
    let (motor_class, motor, drive) = match &choice.electric {
        Some(e) => {
            let (class, motor, drive) = e.efficiencies(rated);
            (Some(class), motor, drive)
        }
        None => (None, 1.0, 1.0),
    };
    let flow = flow.max(1e-300);
    Some(CompressorResult {
        technology,
        pressure_ratio: ratio,
        eta_is: eta_is / flow,
        eta_vol: eta_vol / flow,
        discharge_pressure_pa: p_out,
        shaft_power_w: rated,
        motor_class,
        motor_efficiency: motor,
        drive_efficiency: drive,
        electric_power_w: rated / (motor * drive),
    })
}

/// The compressor modes of machine `m` (its members that compress).
fn members<'a>(
    ss: &'a Superstructure,
    m: &'a MachineVars,
) -> impl Iterator<
    Item = (
        petgraph::stable_graph::NodeIndex,
        &'a crate::superstructure::UnitNode,
    ),
> + 'a {
    m.members
        .iter()
        .filter_map(move |&(u, _)| match &ss.graph[u] {
            Node::Unit(unit) if unit.compressor.is_some() => Some((u, unit)),
            _ => None,
        })
}

/// One period's compressor power: shaft, at the meter as the design is rated, and as the MILP priced it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct ElectricPower {
    pub shaft_w: f64,
    pub electric_w: f64,
    pub milp_w: f64,
}

/// The compressor power of one period's `flows`, with the design's `machines` (built ones) for their rated
/// efficiencies and the model's for the MILP's.
pub(super) fn electric_power(
    cycles: &[Superstructure],
    model: &SlaveModel,
    machines: &[MachineResult],
    flows: &HashMap<UnitKey, f64>,
) -> ElectricPower {
    let mut power = ElectricPower::default();
    for m in &model.machines {
        let Machine::Compressor { .. } = m.machine else {
            continue;
        };
        let shaft: f64 = members(&cycles[m.cycle], m)
            .map(|(u, unit)| unit.power_j_per_kg * flows[&(m.cycle, u)])
            .sum();
        if shaft <= 0.0 {
            continue;
        }
        let rated = machines
            .iter()
            .find(|r| r.cycle == m.cycle && r.machine == m.machine)
            .and_then(|r| r.compressor.as_ref())
            .map_or(1.0, |c| c.motor_efficiency * c.drive_efficiency);
        power.shaft_w += shaft;
        power.electric_w += shaft / rated;
        power.milp_w += shaft / m.electric_efficiency;
    }
    power
}
