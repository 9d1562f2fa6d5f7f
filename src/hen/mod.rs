//! Heat exchanger network targets of a whole design: the area of all heat exchange (process streams,
//! utilities, refrigerant streams) by vertical heat transfer on the balanced composite curves, the minimum
//! number of units, and their capital cost (Linnhoff & Ahmad, Comput. Chem. Eng. 14(7) (1990) 729-750):
//!
//! ```text
//! A      = sum_k (1 / dT_LM,k) sum_ij q_ij,k (1/h_i(t_ij) + 1/h_j(t_ij))   (area.rs; Townsend & Linnhoff 1984)
//! N_min  = sum_regions (S_r - 1)                                         (units.rs)
//! cost   = sum_t N_t C_t(A_t / N_t) f_index,   N_t = N_min Q_t / Q         (each type's installed curve)
//! ```
//!
//! with `A_t` and `Q_t` the area and heat of the exchanges of type `t` (plate, shell-and-plate,
//! shell-and-tube, air-cooled: machines/exchanger.rs) and the units shared among the types by their heat (Linnhoff &
//! Ahmad's even sharing within a type).
//!
//! Every exchanger of the design is priced here, the heat pump's evaporators, condensers, after-coolers,
//! subcoolers and superheaters with the process's own heat recovery and the utility exchangers: a smaller
//! approach temperature moves the composite curves closer and costs area.

mod area;
mod composite;
mod units;

pub use crate::machines::{ByType, ExchangerType, Film, effective, pair_type};
pub use area::{
    AreaError, AreaInterval, AreaStream, AreaTarget, Piece, Side, TypeShare, area_target,
};
pub use units::{MIN_UNIT_SHARE, min_units};

use crate::case::{Segment, StreamKind};
use crate::costs::CostSet;
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
    /// Its film by exchanger type, and whether it is a heat pump's (machines/exchanger.rs).
    pub film: Film,
}

impl HenStream {
    /// Total heat (W).
    pub fn q_w(&self) -> f64 {
        self.segments.iter().map(|s| s.q_w).sum()
    }
}

/// The exchangers of one type in a network target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeTarget {
    pub exchanger: ExchangerType,
    pub area_m2: f64,
    pub duty_w: f64,
    /// Its share of the minimum number of units, by heat (a real number: a target, not a count).
    pub units: f64,
    /// Installed, at the case's cost index (EUR).
    pub cost_eur: f64,
}

/// The network targets of one design.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HenTarget {
    /// Area of all heat exchange (m2).
    pub area_m2: f64,
    /// Of it, the exchanges with a refrigerant stream on either side (m2): the heat pump's exchangers.
    pub refrigerant_area_m2: f64,
    pub units_min: usize,
    /// Pinches of the balanced problem (shifted, K).
    pub pinches_shifted_k: Vec<f64>,
    /// Installed cost at the case's cost index (EUR).
    pub cost_eur: f64,
    /// `cost_eur / area_m2` (EUR/m2).
    pub installed_eur_per_m2: f64,
    /// Area, heat, units and cost by exchanger type (the types with heat).
    pub by_type: Vec<TypeTarget>,
    /// Smallest vertical temperature difference between the composite curves (K).
    pub dt_min_vertical_k: f64,
    pub intervals: Vec<AreaInterval>,
}

/// Relative hot-cold imbalance accepted: the slave's designs close the site's first law to 1e-6.
const BALANCE_TOLERANCE: f64 = 1e-5;

/// The streams of a design's network: those the targets match freely, and pairs that exchange only with
/// each other (a loop's exchanger with its stream, slave/loops.rs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetworkStreams {
    pub free: Vec<HenStream>,
    /// Each pair, hot and cold of the same heat, is one counter-current exchanger: one unit, its area the
    /// vertical model's on the pair alone.
    pub matched: Vec<[HenStream; 2]>,
}

impl NetworkStreams {
    /// The matched pairs that are a unit: those carrying heat that counts as a unit's (units.rs: the same
    /// share of the whole network's heat as a stream needs to count in a region); below it, the LP's watts.
    pub fn unit_pairs(&self) -> impl Iterator<Item = &[HenStream; 2]> {
        let total_w: f64 = self
            .free
            .iter()
            .chain(self.matched.iter().flatten())
            .map(HenStream::q_w)
            .sum();
        self.matched
            .iter()
            .filter(move |[a, _]| a.q_w() >= units::MIN_UNIT_SHARE * total_w)
    }
}

/// The area, units and cost targets of a balanced set of streams, priced with `costs` scaled by
/// `cost_index` (case CEPCI over the set's): the free streams' targets, plus each matched pair's exchanger.
/// The pinches and intervals are the free streams'.
pub fn hen_target(
    streams: &NetworkStreams,
    costs: &CostSet,
    cost_index: f64,
) -> Result<HenTarget, AreaError> {
    let mut target = area_target(&area_streams(&streams.free), BALANCE_TOLERANCE)?;
    for pair in &streams.matched {
        let one = area_target(&area_streams(pair), BALANCE_TOLERANCE)?;
        target.area_m2 += one.area_m2;
        target.refrigerant_pairs_area_m2 += one.refrigerant_pairs_area_m2;
        target.dt_min_k = target.dt_min_k.min(one.dt_min_k);
        for (t, o) in target.by_type.iter_mut().zip(&one.by_type) {
            t.area_m2 += o.area_m2;
            t.duty_w += o.duty_w;
        }
    }
    let (units_free, pinches_shifted_k) = min_units(&streams.free);
    let pairs = streams.unit_pairs().count();
    let units_min = units_free + pairs;
    let by_type = type_targets(&target.by_type, units_min, costs, cost_index);
    let cost_eur: f64 = by_type.iter().map(|t| t.cost_eur).sum();
    Ok(HenTarget {
        area_m2: target.area_m2,
        refrigerant_area_m2: target.refrigerant_pairs_area_m2,
        units_min,
        pinches_shifted_k,
        cost_eur,
        installed_eur_per_m2: if target.area_m2 > 0.0 {
            cost_eur / target.area_m2
        } else {
            0.0
        },
        by_type,
        dt_min_vertical_k: target.dt_min_k,
        intervals: target.intervals,
    })
}

fn area_streams(streams: &[HenStream]) -> Vec<AreaStream> {
    streams
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
            film: s.film.clone(),
        })
        .collect()
}

/// Each type's share of the units (by heat) and its installed cost `N_t C_t(A_t / N_t)` with the set's
/// curve for that type.
fn type_targets(
    shares: &[TypeShare; 4],
    units: usize,
    costs: &CostSet,
    cost_index: f64,
) -> Vec<TypeTarget> {
    let duty: f64 = shares.iter().map(|s| s.duty_w).sum();
    ExchangerType::ALL
        .iter()
        .zip(shares)
        .filter(|(_, s)| s.duty_w > 0.0)
        .map(|(&t, s)| {
            let n = units as f64 * s.duty_w / duty;
            TypeTarget {
                exchanger: t,
                area_m2: s.area_m2,
                duty_w: s.duty_w,
                units: n,
                cost_eur: network_cost(s.area_m2, n, costs, t, cost_index),
            }
        })
        .collect()
}

/// `N C(A / N)` installed, with the set's curve for exchanger type `t`: the area shared evenly among `N`
/// units (Linnhoff & Ahmad 1990). Zero without area or units.
pub fn network_cost(
    area_m2: f64,
    units: f64,
    costs: &CostSet,
    t: ExchangerType,
    cost_index: f64,
) -> f64 {
    if units <= 0.0 || area_m2 <= 0.0 {
        return 0.0;
    }
    units * costs.installed_cost(costs.exchanger_of(t), area_m2 / units) * cost_index
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three equal units cost three times one unit of a third of the area: the correlation
    /// 15 526 EUR (A/42)^0.8 (cost_sets/kosmadakis-2020.toml) at 42 m2 each is 15 526 EUR each.
    #[test]
    fn network_cost_shares_the_area_among_the_units() {
        let set = CostSet::kosmadakis_2020();
        let t = ExchangerType::ShellAndTube;
        assert!((network_cost(126.0, 3.0, &set, t, 1.0) - 3.0 * 15_526.0).abs() < 1e-6);
        assert_eq!(network_cost(0.0, 3.0, &set, t, 1.0), 0.0);
        assert_eq!(network_cost(10.0, 0.0, &set, t, 1.0), 0.0);
    }

    fn stream(name: &str, kind: StreamKind, t_in_c: f64, t_out_c: f64, q_w: f64) -> HenStream {
        HenStream {
            name: name.into(),
            kind,
            segments: vec![crate::case::Segment {
                t_in_k: t_in_c + 273.15,
                t_out_k: t_out_c + 273.15,
                q_w,
            }],
            dt_min_half_k: 1.0,
            film: Film::fixed(1000.0),
        }
    }

    /// A matched pair is one unit only where it carries a unit's share of the network's heat (units.rs):
    /// one hot and one cold stream of 1 MW are one unit; a pair of 10 W beside them adds none, a pair of
    /// 1 MW adds one.
    #[test]
    fn a_pair_counts_as_a_unit_above_the_share_of_a_unit() {
        let free = vec![
            stream("h", StreamKind::Hot, 100.0, 50.0, 1e6),
            stream("c", StreamKind::Cold, 20.0, 60.0, 1e6),
        ];
        let pair = |q: f64| {
            [
                stream("p", StreamKind::Hot, 30.0, 20.0, q),
                stream("l", StreamKind::Cold, 10.0, 15.0, q),
            ]
        };
        let set = CostSet::kosmadakis_2020();
        let units = |matched| {
            let n = NetworkStreams {
                free: free.clone(),
                matched,
            };
            hen_target(&n, &set, 1.0).unwrap().units_min
        };
        assert_eq!(units(vec![]), 1);
        assert_eq!(units(vec![pair(10.0)]), 1);
        assert_eq!(units(vec![pair(1e6)]), 2);
    }
}
