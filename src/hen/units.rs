//! The minimum number of units of a network, region by region (Linnhoff et al., "User Guide on Process
//! Integration", IChemE 1982; Kemp 2007, ch. 4): each region between two pinches is a separate problem, and
//! by Euler's rule a network of `S` streams (utilities included) without loops needs `S - 1` matches:
//!
//! ```text
//! N_min = sum over regions r of max(0, S_r - 1)
//! ```
//!
//! The regions come from the balanced problem's cascade in shifted temperatures: every stream (process,
//! utility at its use, refrigerant unit at its duty) at its own dT_min/2; a pinch is an interior boundary
//! whose residual heat flow is zero (within `1e-6` of the total heat: the slave's solution closes the cascade
//! to the LP's tolerance).
//!
//! A stream counts in a region only with more than [`MIN_UNIT_SHARE`] of the total heat there: the LP leaves
//! flows of a few watts on units and utilities it does not use (13 W of subcooling and 0.4 W of cooling water
//! on a 10 MW heat pump), which are no exchanger anyone builds; counted, they added two units to a three-unit
//! network.

use super::HenStream;
use crate::cascade::{Cascade, ShiftedStream};

/// The smallest share of the heat of all streams (hot and cold) a stream must exchange in a region to need a
/// unit there: 1e-4, 2 kW in a network exchanging 10 MW.
pub const MIN_UNIT_SHARE: f64 = 1e-4;

/// Minimum units and the pinches (shifted temperatures, K, from the top) that divide the regions.
pub fn min_units(streams: &[HenStream]) -> (usize, Vec<f64>) {
    let shifted: Vec<ShiftedStream> = streams
        .iter()
        .map(|s| ShiftedStream::shifted(&s.name, s.kind, &s.segments, s.dt_min_half_k))
        .collect();
    let cascade = Cascade::new(&shifted);
    let n = cascade.elements.len();
    if n == 0 {
        return (0, Vec::new());
    }
    let loads: Vec<Vec<(usize, f64)>> = shifted.iter().map(|s| cascade.loads(s)).collect();
    let mut net = vec![0.0; n];
    for stream in &loads {
        for &(k, q) in stream {
            net[k] += q;
        }
    }
    let total: f64 = streams.iter().map(HenStream::q_w).sum::<f64>().max(1.0);
    let tolerance = 1e-6 * total;
    // Residual below each element, from the top; the balanced problem starts and ends at zero.
    let mut residual = 0.0;
    let mut pinch_after = vec![false; n];
    for k in 0..n {
        residual += net[k];
        pinch_after[k] = k + 1 < n && residual.abs() <= tolerance;
    }
    let mut region_of = vec![0usize; n];
    let mut region = 0;
    let mut pinches = Vec::new();
    for k in 0..n {
        region_of[k] = region;
        if pinch_after[k] {
            region += 1;
            pinches.push(cascade.elements[k].t_below_k());
        }
    }
    let regions = region + 1;
    let mut streams_in = vec![0usize; regions];
    for stream in &loads {
        let mut seen = vec![false; regions];
        for &(k, q) in stream {
            if q.abs() > MIN_UNIT_SHARE * total {
                seen[region_of[k]] = true;
            }
        }
        for (r, s) in seen.into_iter().enumerate() {
            streams_in[r] += usize::from(s);
        }
    }
    let units = streams_in.iter().map(|s| s.saturating_sub(1)).sum();
    (units, pinches)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Segment, StreamKind};

    fn stream(kind: StreamKind, t_in: f64, t_out: f64, q: f64) -> HenStream {
        HenStream {
            name: format!("{t_in}-{t_out}"),
            kind,
            segments: vec![Segment {
                t_in_k: t_in,
                t_out_k: t_out,
                q_w: q,
            }],
            dt_min_half_k: 5.0,
            film: crate::machines::Film::fixed(1000.0),
        }
    }

    /// The four-stream example of Kemp (2007), ch. 2, at dT_min = 10 K (literature_cases/kemp-four-stream):
    /// hot 170->60 (CP 3 kW/K, 330 kW) and 150->30 (CP 1.5, 180 kW), cold 20->135 (CP 2, 230 kW) and 80->140
    /// (CP 4, 240 kW); targets 20 kW hot and 60 kW cold utility, pinch at 90 °C hot / 80 °C cold (85 °C
    /// shifted). Counted by hand with the utilities as streams: above the pinch the two hot streams, the two
    /// cold ones and steam (5 streams, 4 units); below it the two hot streams, cold 20->135 and cooling water
    /// (4 streams, 3 units): N_min = 7.
    #[test]
    fn kemp_four_stream_example_needs_seven_units() {
        let k = 273.15;
        let streams = vec![
            stream(StreamKind::Hot, 170.0 + k, 60.0 + k, 330e3),
            stream(StreamKind::Hot, 150.0 + k, 30.0 + k, 180e3),
            stream(StreamKind::Cold, 20.0 + k, 135.0 + k, 230e3),
            stream(StreamKind::Cold, 80.0 + k, 140.0 + k, 240e3),
            stream(StreamKind::Hot, 200.0 + k, 199.0 + k, 20e3),
            stream(StreamKind::Cold, 10.0 + k, 15.0 + k, 60e3),
        ];
        let (units, pinches) = min_units(&streams);
        assert_eq!(pinches.len(), 1);
        assert!((pinches[0] - (85.0 + k)).abs() < 1e-9, "{pinches:?}");
        assert_eq!(units, 7);
    }

    /// Round-off duties are no units: a 13 W stream beside a 10 MW exchange (the solver's leftover on an
    /// unused subcooler) adds none, a 10 kW one adds one. One hot stream of 10 MW against one cold stream: one
    /// unit; with a third stream of real duty, two.
    #[test]
    fn round_off_duties_need_no_unit() {
        let k = 273.15;
        let pair = |extra_w: f64| {
            let mut streams = vec![
                stream(StreamKind::Hot, 90.0 + k, 60.0 + k, 10e6),
                stream(StreamKind::Cold, 20.0 + k, 50.0 + k, 10e6 + extra_w),
            ];
            if extra_w > 0.0 {
                streams.push(stream(StreamKind::Hot, 80.0 + k, 70.0 + k, extra_w));
            }
            min_units(&streams).0
        };
        assert_eq!(pair(0.0), 1);
        assert_eq!(pair(13.0), 1);
        assert_eq!(pair(10e3), 2);
    }
}
