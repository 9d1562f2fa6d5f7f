//! Heat exchanger network targets of a whole design: the area of all heat exchange (process streams,
//! utilities, refrigerant streams) by vertical heat transfer on the balanced composite curves, the minimum
//! number of units, and their capital cost (Linnhoff & Ahmad, Comput. Chem. Eng. 14(7) (1990) 729-750):
//!
//! ```text
//! A      = sum_k (1 / dT_LM,k) sum_i q_i,k / h_i                (area.rs, Townsend & Linnhoff 1984)
//! N_min  = sum_regions (S_r - 1)                                (units.rs)
//! cost   = N_min C(A / N_min) F_inst F_proj f_index             (the case's exchanger correlation, installed)
//! ```
//!
//! Every exchanger of the design is priced here, the heat pump's evaporators, condensers, after-coolers,
//! subcoolers and superheaters with the process's own heat recovery and the utility exchangers: a smaller
//! approach temperature moves the composite curves closer and costs area.

mod area;
mod units;

pub use area::{AreaError, AreaInterval, AreaStream, AreaTarget, Piece, Side, area_target};
pub use units::min_units;

use crate::case::{Segment, StreamKind};
use crate::slave::CostSet;
use serde::Serialize;

/// One stream of the balanced problem, in real temperatures.
#[derive(Clone, Debug, PartialEq)]
pub struct HenStream {
    pub name: String,
    pub kind: StreamKind,
    /// Inlet to outlet (K, W).
    pub segments: Vec<Segment>,
    /// Its dT_min/2, for the pinch division of the units target (K).
    pub dt_min_half_k: f64,
    pub h_w_per_m2_k: f64,
    /// A heat pump unit's refrigerant side.
    pub refrigerant: bool,
}

impl HenStream {
    /// Total heat (W).
    pub fn q_w(&self) -> f64 {
        self.segments.iter().map(|s| s.q_w).sum()
    }
}

/// The network targets of one design.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HenTarget {
    /// Area of all heat exchange (m2).
    pub area_m2: f64,
    /// Of it, the refrigerant streams' film shares (m2): the heat pump's side of its exchangers.
    pub refrigerant_area_m2: f64,
    pub units_min: usize,
    /// Pinches of the balanced problem (shifted, K).
    pub pinches_shifted_k: Vec<f64>,
    /// Installed cost at the case's cost index (EUR).
    pub cost_eur: f64,
    /// Smallest vertical temperature difference between the composite curves (K).
    pub dt_min_vertical_k: f64,
    pub intervals: Vec<AreaInterval>,
}

/// Relative hot-cold imbalance accepted: the slave's designs close the site's first law to 1e-6.
const BALANCE_TOLERANCE: f64 = 1e-5;

/// The area, units and cost targets of a balanced set of streams, priced with `costs` scaled by
/// `cost_index` (case CEPCI over the set's).
pub fn hen_target(
    streams: &[HenStream],
    costs: &CostSet,
    cost_index: f64,
) -> Result<HenTarget, AreaError> {
    let area_streams: Vec<AreaStream> = streams
        .iter()
        .map(|s| AreaStream {
            side: match s.kind {
                StreamKind::Hot => Side::Hot,
                StreamKind::Cold => Side::Cold,
            },
            pieces: s
                .segments
                .iter()
                .map(|g| Piece {
                    t_in_k: g.t_in_k,
                    t_out_k: g.t_out_k,
                    q_w: g.q_w,
                })
                .collect(),
            h_w_per_m2_k: s.h_w_per_m2_k,
        })
        .collect();
    let target = area_target(&area_streams, BALANCE_TOLERANCE)?;
    let (units_min, pinches_shifted_k) = min_units(streams);
    let refrigerant_area_m2 = streams
        .iter()
        .zip(&target.stream_area_m2)
        .filter(|(s, _)| s.refrigerant)
        .map(|(_, a)| a)
        .sum();
    Ok(HenTarget {
        area_m2: target.area_m2,
        refrigerant_area_m2,
        units_min,
        pinches_shifted_k,
        cost_eur: network_cost(target.area_m2, units_min, costs, cost_index),
        dt_min_vertical_k: target.dt_min_k,
        intervals: target.intervals,
    })
}

/// `N C(A / N)` installed, with the set's exchanger curve: the area shared evenly among the minimum number
/// of units (Linnhoff & Ahmad 1990). Zero without area or units.
pub fn network_cost(area_m2: f64, units: usize, costs: &CostSet, cost_index: f64) -> f64 {
    if units == 0 || area_m2 <= 0.0 {
        return 0.0;
    }
    let n = units as f64;
    n * costs.installed_cost(&costs.exchanger, area_m2 / n) * cost_index
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three equal units cost three times one unit of a third of the area: the correlation
    /// 15 526 EUR (A/42)^0.8 (cost_sets/kosmadakis-2020.toml) at 42 m2 each is 15 526 EUR each.
    #[test]
    fn network_cost_shares_the_area_among_the_units() {
        let set = CostSet::kosmadakis_2020();
        assert!((network_cost(126.0, 3, &set, 1.0) - 3.0 * 15_526.0).abs() < 1e-6);
        assert_eq!(network_cost(0.0, 3, &set, 1.0), 0.0);
        assert_eq!(network_cost(10.0, 0, &set, 1.0), 0.0);
    }
}
