//! Shifted streams and the cascade's elements (temperature intervals and isothermal nodes).
//!
//! Every stream is shifted by its own `dT_min/2`: hot streams down, cold streams up (Kantor et al., Front.
//! Energy Res. 8:49, 2020). The distinct shifted temperatures, sorted from the top, are the cascade's
//! boundaries. Between two boundaries lies a **range** element, which carries the sloped streams (heat spread
//! linearly over their shifted span); at a boundary that carries an isothermal (phase-change) stream lies a
//! **node** element of zero width. A hot isothermal stream releases its heat at the node and a cold one takes
//! it there, so the two can exchange at the same shifted temperature (exactly `dT_min` apart in reality).

use crate::case::{Segment, Stream, StreamKind, Utility};

/// A linear piece of a shifted stream: heat `q_w` between shifted temperatures `t_from_k` and `t_to_k`
/// (equal for an isothermal piece). Hot pieces run downwards, cold pieces upwards.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShiftedSegment {
    pub t_from_k: f64,
    pub t_to_k: f64,
    pub q_w: f64,
}

/// A stream in shifted temperatures; its heat is per unit of the scale it gets in a cascade (1 for a fixed
/// process stream, a flow or a utility use for a variable one).
#[derive(Clone, Debug, PartialEq)]
pub struct ShiftedStream {
    pub name: String,
    pub kind: StreamKind,
    pub segments: Vec<ShiftedSegment>,
    /// The stream's own dT_min/2 (K), to report real temperatures.
    pub dt_min_half_k: f64,
}

impl ShiftedStream {
    /// Shifts a process stream by its own dT_min/2.
    pub fn from_process(stream: &Stream) -> Self {
        Self::shifted(
            &stream.name,
            stream.kind,
            &stream.segments,
            stream.dt_min_half_k,
        )
    }

    /// A stream of real-temperature `segments`, shifted by `dt_min_half_k` (hot down, cold up).
    pub fn shifted(name: &str, kind: StreamKind, segments: &[Segment], dt_min_half_k: f64) -> Self {
        let shift = shift(kind, dt_min_half_k);
        ShiftedStream {
            name: name.to_string(),
            kind,
            segments: segments
                .iter()
                .map(|s| ShiftedSegment {
                    t_from_k: s.t_in_k + shift,
                    t_to_k: s.t_out_k + shift,
                    q_w: s.q_w,
                })
                .collect(),
            dt_min_half_k,
        }
    }

    /// A utility as a stream carrying 1 W per unit of use: a hot utility gives heat (cools from `t_in` to
    /// `t_out`), a cold utility takes heat (warms from `t_in` to `t_out`).
    pub fn from_utility(utility: &Utility) -> Self {
        let shift = shift(utility.kind, utility.dt_min_half_k);
        ShiftedStream {
            name: utility.name.clone(),
            kind: utility.kind,
            segments: vec![ShiftedSegment {
                t_from_k: utility.t_in_k + shift,
                t_to_k: utility.t_out_k + shift,
                q_w: 1.0,
            }],
            dt_min_half_k: utility.dt_min_half_k,
        }
    }

    /// Total heat per unit of scale (W).
    pub fn q_w(&self) -> f64 {
        self.segments.iter().map(|s| s.q_w).sum()
    }

    /// Whether the stream exists at shifted temperature `t` (ends included).
    pub fn spans(&self, t: f64) -> bool {
        self.segments.iter().any(|s| {
            let (lo, hi) = ordered(s.t_from_k, s.t_to_k);
            lo <= t && t <= hi
        })
    }
}

fn shift(kind: StreamKind, dt_min_half_k: f64) -> f64 {
    match kind {
        StreamKind::Hot => -dt_min_half_k,
        StreamKind::Cold => dt_min_half_k,
    }
}

fn ordered(a: f64, b: f64) -> (f64, f64) {
    if a <= b { (a, b) } else { (b, a) }
}

/// One element of the cascade, from the top.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Element {
    /// Zero-width element at a boundary carrying isothermal streams.
    Node { t_k: f64 },
    /// The interval between two consecutive boundaries, `t_hi_k > t_lo_k`.
    Range { t_hi_k: f64, t_lo_k: f64 },
}

impl Element {
    /// Temperature at the element's lower end, where the residual after it flows.
    pub fn t_below_k(&self) -> f64 {
        match *self {
            Element::Node { t_k } => t_k,
            Element::Range { t_lo_k, .. } => t_lo_k,
        }
    }
}

/// The ordered elements of a cascade for a set of streams.
#[derive(Clone, Debug, PartialEq)]
pub struct Cascade {
    pub elements: Vec<Element>,
    /// Highest shifted temperature: where the residual `R_0` (hot utility inflow) enters.
    pub t_top_k: f64,
}

/// Boundaries closer than this (K) are merged: shifted temperatures are sums of user decimals.
const MERGE_K: f64 = 1e-9;

impl Cascade {
    /// Builds the elements for all `streams` (fixed and variable alike).
    pub fn new<'a>(streams: impl IntoIterator<Item = &'a ShiftedStream>) -> Self {
        let mut boundaries: Vec<f64> = Vec::new();
        let mut nodes: Vec<f64> = Vec::new();
        for stream in streams {
            for s in &stream.segments {
                boundaries.push(s.t_from_k);
                boundaries.push(s.t_to_k);
                if s.t_from_k == s.t_to_k {
                    nodes.push(s.t_from_k);
                }
            }
        }
        boundaries.sort_by(|a, b| b.total_cmp(a));
        boundaries.dedup_by(|a, b| (*a - *b).abs() < MERGE_K);
        let is_node = |t: f64| nodes.iter().any(|n| (n - t).abs() < MERGE_K);
        let mut elements = Vec::new();
        for (i, &t) in boundaries.iter().enumerate() {
            if is_node(t) {
                elements.push(Element::Node { t_k: t });
            }
            if let Some(&t_lo) = boundaries.get(i + 1) {
                elements.push(Element::Range {
                    t_hi_k: t,
                    t_lo_k: t_lo,
                });
            }
        }
        Cascade {
            elements,
            t_top_k: boundaries.first().copied().unwrap_or(f64::NAN),
        }
    }

    /// Net heat that `stream` brings into each element, per unit of its scale: positive for hot streams
    /// (heat released), negative for cold ones. Sparse: `(element index, W)`.
    ///
    /// A sloped piece from `a` to `b` puts `q |overlap| / |b - a|` into every range it overlaps; an isothermal
    /// piece puts all its heat into the node at its temperature.
    pub fn loads(&self, stream: &ShiftedStream) -> Vec<(usize, f64)> {
        let sign = match stream.kind {
            StreamKind::Hot => 1.0,
            StreamKind::Cold => -1.0,
        };
        let mut out: Vec<(usize, f64)> = Vec::new();
        let mut add = |k: usize, q: f64| match out.iter_mut().find(|(i, _)| *i == k) {
            Some(entry) => entry.1 += q,
            None => out.push((k, q)),
        };
        for s in &stream.segments {
            let (lo, hi) = ordered(s.t_from_k, s.t_to_k);
            if hi - lo < MERGE_K {
                if let Some(k) = self
                    .elements
                    .iter()
                    .position(|e| matches!(e, Element::Node { t_k } if (t_k - lo).abs() < MERGE_K))
                {
                    add(k, sign * s.q_w);
                }
                continue;
            }
            for (k, e) in self.elements.iter().enumerate() {
                if let Element::Range { t_hi_k, t_lo_k } = *e {
                    let overlap = t_hi_k.min(hi) - t_lo_k.max(lo);
                    if overlap > MERGE_K {
                        add(k, sign * s.q_w * overlap / (hi - lo));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(kind: StreamKind, pieces: &[(f64, f64, f64)]) -> ShiftedStream {
        ShiftedStream {
            name: "s".into(),
            kind,
            segments: pieces
                .iter()
                .map(|&(a, b, q)| ShiftedSegment {
                    t_from_k: a,
                    t_to_k: b,
                    q_w: q,
                })
                .collect(),
            dt_min_half_k: 0.0,
        }
    }

    #[test]
    fn elements_and_loads_conserve_heat() {
        let hot = stream(StreamKind::Hot, &[(400.0, 300.0, 100.0)]);
        let cold = stream(StreamKind::Cold, &[(350.0, 350.0, 40.0)]);
        let cascade = Cascade::new([&hot, &cold]);
        assert_eq!(
            cascade.elements,
            vec![
                Element::Range {
                    t_hi_k: 400.0,
                    t_lo_k: 350.0
                },
                Element::Node { t_k: 350.0 },
                Element::Range {
                    t_hi_k: 350.0,
                    t_lo_k: 300.0
                },
            ]
        );
        assert_eq!(cascade.loads(&hot), vec![(0, 50.0), (2, 50.0)]);
        assert_eq!(cascade.loads(&cold), vec![(1, -40.0)]);
    }
}
