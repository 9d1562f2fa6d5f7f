//! Anchor temperatures: where a saturation level is likely to sit at the optimum.
//!
//! The slave's cost is piecewise smooth in a level, with kinks where the level's place in the heat cascade
//! crosses another shifted temperature: an evaporating level `T` enters the cascade at `T + dT_hp/2` and a
//! condensing one at `T - dT_hp/2` (a middle level may do both), a process stream or utility boundary at
//! `T_s -+ dT_s/2` (hot streams down, cold streams up, intervals.rs). Just past a kink a level reaches
//! (or loses) a load, so optima sit on kinks as LP optima sit on vertices: in the sub-ambient case's best
//! known design six of eight levels are within 0.3 K of one (-99, -75, -33 and -5 °C evaporate just below
//! a load; ethane's -30 °C condenses into ammonia's -33 °C, a cascade coupling).
//!
//! So the anchors of a level are: every shifted boundary of the process streams and utilities `-+ dT_hp/2`,
//! and every level of the *other* cycles `-+ dT_hp` (the coupling of two cycles through the cascade).

use super::space::Genome;
use crate::cascade::ShiftedStream;
use crate::case::Case;

/// Levels within this distance (K) are the same anchor.
const DEDUP_K: f64 = 0.05;

/// The case's anchor temperatures.
#[derive(Clone, Debug, PartialEq)]
pub struct Anchors {
    /// Process and utility anchors (K), ascending, at the case's `dT_min/2`.
    pub process_k: Vec<f64>,
    /// The heat pump's `dT_min/2` (K) of the case.
    pub dt_hp_half_k: f64,
    /// Shifted process and utility boundaries (K), for a genome with its own `dT_min/2`.
    pub boundaries_k: Vec<f64>,
}

impl Anchors {
    pub fn of_case(case: &Case) -> Anchors {
        let dt = case.heat_pump.dt_min_half_k;
        let streams = case
            .streams
            .iter()
            .map(ShiftedStream::from_process)
            .chain(case.utilities.iter().map(ShiftedStream::from_utility));
        let mut boundaries: Vec<f64> = Vec::new();
        for s in streams {
            for seg in &s.segments {
                boundaries.extend([seg.t_from_k, seg.t_to_k]);
            }
        }
        let boundaries = sorted_distinct(boundaries);
        Anchors {
            process_k: around(&boundaries, dt),
            dt_hp_half_k: dt,
            boundaries_k: boundaries,
        }
    }

    /// Anchors for the levels of cycle `cycle` of `genome`: the process anchors and the other cycles' levels
    /// `-+ dT_hp` (both shifts: one evaporates where the other condenses), ascending.
    pub fn for_cycle(&self, genome: &Genome, cycle: usize) -> Vec<f64> {
        let dt = genome.dt_min_half_k.unwrap_or(self.dt_hp_half_k);
        let coupling = 2.0 * dt;
        let mut all = if dt == self.dt_hp_half_k {
            self.process_k.clone()
        } else {
            around(&self.boundaries_k, dt)
        };
        for (c, other) in genome.cycles.iter().enumerate() {
            if c != cycle {
                all.extend(
                    other
                        .levels_k
                        .iter()
                        .flat_map(|t| [t - coupling, t + coupling]),
                );
            }
        }
        sorted_distinct(all)
    }
}

/// Every boundary `-+ dt`, sorted and distinct.
fn around(boundaries: &[f64], dt: f64) -> Vec<f64> {
    sorted_distinct(boundaries.iter().flat_map(|t| [t - dt, t + dt]).collect())
}

fn sorted_distinct(mut values: Vec<f64>) -> Vec<f64> {
    values.retain(|t| t.is_finite());
    values.sort_by(f64::total_cmp);
    values.dedup_by(|a, b| (*a - *b).abs() < DEDUP_K);
    values
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::master::space::CycleGene;

    /// One hot stream and cooling water (also grid.rs's test of the process grid).
    pub(crate) const CASE: &str = r#"
            [case]
            name = "anchors"
            dt_min_half_k = 1.5
            [[streams]]
            name = "chilling"
            kind = "hot"
            t_in_c = -37.0
            t_out_c = -72.0
            q_kw = 100.0
            [[utilities]]
            name = "cooling water"
            kind = "cold"
            t_in_c = 25.0
            t_out_c = 30.0
            dt_min_half_k = 2.5
            [electricity]
            price_eur_per_kwh = 0.1
            [heat_pump]
            fluids = ["R717"]
            dt_min_half_k = 1.5
"#;

    /// A hot stream from -37 to -72 °C with dT/2 1.5 K and a heat pump dT/2 1.5 K: a level evaporating at
    /// -40 °C just takes the stream's top (-37 - 1.5 = -38.5 shifted, minus 1.5). Hand-computed.
    #[test]
    fn anchors_are_shifted_boundaries_and_couplings() {
        let case = Case::from_toml_str(CASE, "anchors.toml", std::path::Path::new(".")).unwrap();
        let anchors = Anchors::of_case(&case);
        let c = |k: f64| k - 273.15;
        let got: Vec<f64> = anchors.process_k.iter().map(|&k| c(k)).collect();
        // Hot: -38.5 and -73.5 shifted; cold water: 27.5 and 32.5 shifted; each -+ 1.5.
        let want = [-75.0, -72.0, -40.0, -37.0, 26.0, 29.0, 31.0, 34.0];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-9, "{got:?}");
        }
        let genome = Genome {
            dt_min_half_k: None,
            cycles: vec![
                CycleGene {
                    fluid: 0,
                    levels_k: vec![240.0],
                },
                CycleGene {
                    fluid: 0,
                    levels_k: vec![250.0],
                },
            ],
        };
        let first = anchors.for_cycle(&genome, 0);
        assert!(first.contains(&247.0) && first.contains(&253.0));
        assert!(!first.contains(&237.0));
    }
}
