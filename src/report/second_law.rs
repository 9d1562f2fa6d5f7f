//! Second-law efficiency of a design against Carnot, generalised to heat exchanged over temperature ranges
//! (Lorenz): the refrigerant gives off `Q_out` and takes in `Q_in`, carrying entropy `S_out` and `S_in`
//! (isobaric exchange: `dq = T ds`, so per unit `S = m |s_out - s_in|` exactly). With the entropic mean
//! temperatures `T_H = Q_out / S_out` and `T_L = Q_in / S_in`:
//!
//! ```text
//! COP_heating,Carnot = T_H / (T_H - T_L)      COP_cooling,Carnot = T_L / (T_H - T_L)
//! eta_II,heating = COP_heating / COP_heating,Carnot      eta_II,cooling likewise
//! ```
//!
//! The entropy balance of the loop, `S_out = S_in + S_gen`, `S_gen >= 0` (compression, throttling, mixing),
//! gives `eta_II <= 1`. Heat the refrigerant exchanges with itself counts on both sides, as in the COPs.

use crate::case::StreamKind;
use crate::slave::Design;
use crate::superstructure::Superstructure;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SecondLaw {
    pub t_hot_mean_k: f64,
    pub t_cold_mean_k: f64,
    pub cop_heating_carnot: f64,
    pub cop_cooling_carnot: f64,
    pub efficiency_heating: f64,
    pub efficiency_cooling: f64,
}

/// `None` without compression power or when the mean temperatures do not lift (`T_H <= T_L`).
pub fn second_law(superstructures: &[Superstructure], design: &Design) -> Option<SecondLaw> {
    let (mut q_out, mut s_out, mut q_in, mut s_in) = (0.0, 0.0, 0.0, 0.0);
    for (c, ss) in superstructures.iter().enumerate() {
        let flows = design.cycle_flows(c);
        for (i, unit) in ss.units() {
            let m = flows.get(&i).copied().unwrap_or(0.0);
            let Some(heat) = unit.heat.filter(|_| m > 0.0) else {
                continue;
            };
            let entropy = |states: Vec<(petgraph::stable_graph::NodeIndex, f64)>| {
                states
                    .first()
                    .and_then(|(s, _)| ss.state(*s))
                    .map(|n| n.state.s_j_per_kg_k)
            };
            let (Some(s_a), Some(s_b)) = (entropy(ss.consumed(i)), entropy(ss.produced(i))) else {
                continue;
            };
            let (q, s) = (m * heat.q_j_per_kg, m * (s_b - s_a).abs());
            match heat.kind {
                StreamKind::Hot => (q_out, s_out) = (q_out + q, s_out + s),
                StreamKind::Cold => (q_in, s_in) = (q_in + q, s_in + s),
            }
        }
    }
    let (cop_heating, cop_cooling) = (design.cop_heating?, design.cop_cooling?);
    if s_out <= 0.0 || s_in <= 0.0 {
        return None;
    }
    let (t_h, t_l) = (q_out / s_out, q_in / s_in);
    if t_h <= t_l {
        return None;
    }
    let (carnot_h, carnot_c) = (t_h / (t_h - t_l), t_l / (t_h - t_l));
    Some(SecondLaw {
        t_hot_mean_k: t_h,
        t_cold_mean_k: t_l,
        cop_heating_carnot: carnot_h,
        cop_cooling_carnot: carnot_c,
        efficiency_heating: cop_heating / carnot_h,
        efficiency_cooling: cop_cooling / carnot_c,
    })
}
