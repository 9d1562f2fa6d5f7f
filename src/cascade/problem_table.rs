//! The problem-table algorithm (Linnhoff & Flower 1978; Kemp 2007, ch. 2): minimum utilities, every pinch,
//! the grand composite curve. Independent of the LP in `lp.rs`; tests cross-check the two.
//!
//! With the element loads `d_k` (hot minus cold heat of element `k`, from the top), the infeasible cascade
//! is `c_0 = 0`, `c_k = c_{k-1} + d_k`. The minimum hot utility makes it feasible:
//! `Q_H,min = max(0, -min_k c_k)`; the residuals are `R_k = Q_H,min + c_k`, `Q_C,min = R_K`. A pinch is an
//! interior boundary where the residual is zero.

use super::intervals::{Cascade, ShiftedStream};
use crate::case::StreamKind;

/// One point of the grand composite curve: residual heat flowing down across shifted temperature `t`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GccPoint {
    pub t_shifted_k: f64,
    pub q_w: f64,
}

/// A pinch, with the real temperatures of the streams that meet there.
#[derive(Clone, Debug, PartialEq)]
pub struct Pinch {
    pub t_shifted_k: f64,
    /// Real temperatures of the hot streams present at the pinch (`T* + dT_min/2`), distinct, ascending.
    pub t_hot_k: Vec<f64>,
    /// Real temperatures of the cold streams present at the pinch (`T* - dT_min/2`), distinct, ascending.
    pub t_cold_k: Vec<f64>,
}

/// Targets of a set of fixed streams.
#[derive(Clone, Debug, PartialEq)]
pub struct Targets {
    pub q_hot_min_w: f64,
    pub q_cold_min_w: f64,
    pub pinches: Vec<Pinch>,
    /// From the top, one point per boundary (two at a node: above and below it).
    pub gcc: Vec<GccPoint>,
}

/// Runs the problem table for `streams`, each at scale 1.
pub fn problem_table(streams: &[ShiftedStream]) -> Targets {
    let cascade = Cascade::new(streams);
    let mut net = vec![0.0; cascade.elements.len()];
    for stream in streams {
        for (k, q) in cascade.loads(stream) {
            net[k] += q;
        }
    }
    let mut cumulative = Vec::with_capacity(net.len() + 1);
    let mut c = 0.0;
    cumulative.push(c);
    for d in &net {
        c += d;
        cumulative.push(c);
    }
    let lowest = cumulative.iter().copied().fold(0.0, f64::min);
    // `lowest` is <= 0; a zero must not become -0.
    let q_hot_min_w = if lowest < 0.0 { -lowest } else { 0.0 };
    let residuals: Vec<f64> = cumulative.iter().map(|c| c + q_hot_min_w).collect();
    let scale: f64 = streams.iter().map(|s| s.q_w()).sum::<f64>().max(1.0);
    let zero = 1e-9 * scale;

    let mut gcc = vec![GccPoint {
        t_shifted_k: cascade.t_top_k,
        q_w: residuals[0],
    }];
    let mut pinch_temperatures: Vec<f64> = Vec::new();
    let last = cascade.elements.len();
    for (k, element) in cascade.elements.iter().enumerate() {
        let t = element.t_below_k();
        let r = residuals[k + 1];
        gcc.push(GccPoint {
            t_shifted_k: t,
            q_w: r,
        });
        // The last residual is the cold utility, not a pinch; the first (the hot utility) is never visited.
        let interior = k + 1 < last;
        if interior && r.abs() <= zero && !pinch_temperatures.iter().any(|p| (p - t).abs() < 1e-9) {
            pinch_temperatures.push(t);
        }
    }
    let pinches = pinch_temperatures
        .into_iter()
        .map(|t| Pinch {
            t_shifted_k: t,
            t_hot_k: real_temperatures(streams, t, StreamKind::Hot),
            t_cold_k: real_temperatures(streams, t, StreamKind::Cold),
        })
        .collect();
    Targets {
        q_hot_min_w,
        q_cold_min_w: residuals[last],
        pinches,
        gcc,
    }
}

fn real_temperatures(streams: &[ShiftedStream], t_shifted: f64, kind: StreamKind) -> Vec<f64> {
    let mut out: Vec<f64> = streams
        .iter()
        .filter(|s| s.kind == kind && s.spans(t_shifted))
        .map(|s| match kind {
            StreamKind::Hot => t_shifted + s.dt_min_half_k,
            StreamKind::Cold => t_shifted - s.dt_min_half_k,
        })
        .collect();
    out.sort_by(f64::total_cmp);
    out.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    out
}
