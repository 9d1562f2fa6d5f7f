//! Intermediate loops: a stream marked `via_loop` (a food product, say) never meets the refrigerant; the heat
//! pump reaches it through a water or glycol loop, two exchangers and a pump.
//!
//! The stream `S` is cut into sections: at its own segment ends and at every multiple of
//! [`LOOP_SECTION_K`] of its shifted temperature. A loop may serve any share `x_i` (0..1) of each section
//! `i`, so that it can chill a product's cold end and leave its warm end to heat recovery. For a hot `S`
//! (cooled) the loop fluid takes the section's heat as a cold stream `L_A` on the product side and gives it
//! to the refrigerant as a hot stream `L_B` on the heat pump side; for a cold `S` the other way round.
//!
//! The loop runs at `S`'s temperatures moved by the loop's approach `dT_S/2 + dT_L/2` (below a hot `S`,
//! above a cold one), so that in shifted temperatures `L_A` lies exactly on `S`: the loop adds its own
//! `2 dT_L/2` to the temperature difference between `S` and the refrigerant. A section of a phase change
//! still warms the loop, by the loop's `phase_change_rise_k`.
//!
//! Its pump takes `e Q x` of electricity, with `e` the machine set's pump electricity per W of heat at the
//! reference rise (the loop's flow set for that rise).
//!
//! The MILP keeps `S` and the refrigerant apart with two heat cascades in the same temperature intervals
//! (model/loops.rs): zone A holds the loop streams `S` and `L_A`, zone B the refrigerant and `L_B`; every
//! other stream (process and utilities) may give or take its heat in either, per interval.

use crate::case::{Case, Segment, StreamKind};
use crate::machines::{Film, LoopKind};
use crate::units::{celsius_to_kelvin, kelvin_to_celsius};
use serde::Serialize;

/// Width of a loop section in the stream's shifted temperature (K): the loop serves whole sections, so a
/// finer grid follows the stream closer and costs the MILP more intervals.
pub const LOOP_SECTION_K: f64 = 5.0;

/// One section of a looped stream: its part of the stream and the loop's two sides against it, at the
/// whole section's heat (a share `x` scales all three).
#[derive(Clone, Debug, PartialEq)]
pub struct LoopSection {
    /// The stream's part, real temperatures in its own direction.
    pub stream_part: Segment,
    /// The loop fluid against the stream: the opposite kind, counter-current.
    pub product_side: Segment,
    /// The loop fluid against the heat pump: the stream's kind.
    pub heat_pump_side: Segment,
}

/// One stream's loop.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopStream {
    /// Index of the stream in the case.
    pub stream: usize,
    pub name: String,
    pub kind: LoopKind,
    /// The stream's own kind (hot: cooled through the loop).
    pub stream_kind: StreamKind,
    /// Its sections, covering the stream from inlet to outlet.
    pub sections: Vec<LoopSection>,
    /// The loop's dT_min/2 on both sides (K).
    pub dt_min_half_k: f64,
    /// Pump electricity per W of heat carried (W/W).
    pub pump_w_per_w: f64,
    /// The loop fluid's film.
    pub film: Film,
}

/// What a design does with one loop (SI).
#[derive(Clone, Debug, Serialize)]
pub struct LoopResult {
    pub stream: String,
    pub kind: LoopKind,
    /// Heat the loop carries (W).
    pub q_w: f64,
    /// The loop fluid's temperatures against the stream, inlet to outlet, over the sections it serves (K).
    pub t_from_k: f64,
    pub t_to_k: f64,
    pub pump_power_w: f64,
}

/// Why a stream's loop cannot run, and what to do about it.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopError {
    pub stream: String,
    pub message: String,
    pub fix: String,
}

/// The loops of a case's `via_loop` streams (its own streams, or one period's); an error names the stream
/// and why its loop cannot run (a water loop below its freezing limit, a machine set without the loop).
pub fn loop_streams(case: &Case) -> Result<Vec<LoopStream>, LoopError> {
    let set = &case.heat_pump.machine_set;
    let mut loops = Vec::new();
    for (i, s) in case.streams.iter().enumerate() {
        let Some(kind) = s.via_loop else { continue };
        let missing = |message: String| LoopError {
            stream: s.name.clone(),
            message,
            fix: format!(
                "give the machine set a [loops.{}] table with its service's films, or choose another loop",
                kind.name()
            ),
        };
        let data = set.loop_data(kind).map_err(missing)?;
        let film = set.service(data.service).map_err(missing)?.film(false);
        // Below a hot stream, above a cold one.
        let sign = match s.kind {
            StreamKind::Hot => -1.0,
            StreamKind::Cold => 1.0,
        };
        let shift = sign * (s.dt_min_half_k + data.dt_min_half_k);
        let sections: Vec<LoopSection> = stream_parts(&s.segments, sign * s.dt_min_half_k)
            .into_iter()
            .map(|part| {
                let heat_pump_side = if (part.t_in_k - part.t_out_k).abs() > 1e-9 {
                    Segment {
                        t_in_k: part.t_in_k + shift,
                        t_out_k: part.t_out_k + shift,
                        q_w: part.q_w,
                    }
                } else {
                    // A phase change: the loop warms (or cools) by its rise on the far side of the stream.
                    let near = part.t_in_k + shift;
                    Segment {
                        t_in_k: near,
                        t_out_k: near + sign * data.phase_change_rise_k,
                        q_w: part.q_w,
                    }
                };
                // The loop fluid flows counter to the stream.
                let product_side = Segment {
                    t_in_k: heat_pump_side.t_out_k,
                    t_out_k: heat_pump_side.t_in_k,
                    q_w: part.q_w,
                };
                LoopSection {
                    stream_part: part,
                    product_side,
                    heat_pump_side,
                }
            })
            .collect();
        let coldest = sections
            .iter()
            .flat_map(|x| [x.heat_pump_side.t_in_k, x.heat_pump_side.t_out_k])
            .fold(f64::INFINITY, f64::min);
        if let Some(min_c) = data.min_temperature_c
            && coldest < celsius_to_kelvin(min_c) - 1e-9
        {
            return Err(LoopError {
                stream: s.name.clone(),
                message: format!(
                    "its {} loop would run down to {:.1} °C, below the loop fluid's limit of {min_c:.1} °C",
                    kind.name(),
                    kelvin_to_celsius(coldest)
                ),
                fix: "use via_loop = \"glycol\" for a stream this cold".to_string(),
            });
        }
        loops.push(LoopStream {
            stream: i,
            name: s.name.clone(),
            kind,
            stream_kind: s.kind,
            sections,
            dt_min_half_k: data.dt_min_half_k,
            pump_w_per_w: data.pump_w_per_w,
            film,
        });
    }
    Ok(loops)
}

/// A stream's segments cut at every multiple of [`LOOP_SECTION_K`] of its shifted temperature (°C,
/// `shift` added to the real temperature), each part keeping its share of the segment's heat.
fn stream_parts(segments: &[Segment], shift: f64) -> Vec<Segment> {
    let mut parts = Vec::new();
    for g in segments {
        let span = g.t_out_k - g.t_in_k;
        if span.abs() <= 1e-9 {
            parts.push(*g);
            continue;
        }
        // Grid temperatures strictly inside the segment, in its direction.
        let (a, b) = (
            kelvin_to_celsius(g.t_in_k + shift),
            kelvin_to_celsius(g.t_out_k + shift),
        );
        let (lo, hi) = (a.min(b), a.max(b));
        let mut cuts: Vec<f64> = Vec::new();
        let mut m = (lo / LOOP_SECTION_K).floor() + 1.0;
        while m * LOOP_SECTION_K < hi - 1e-9 {
            let c = m * LOOP_SECTION_K;
            if c > lo + 1e-9 {
                cuts.push(celsius_to_kelvin(c) - shift);
            }
            m += 1.0;
        }
        if span < 0.0 {
            cuts.reverse();
        }
        let mut from = g.t_in_k;
        for t in cuts.into_iter().chain(std::iter::once(g.t_out_k)) {
            parts.push(Segment {
                t_in_k: from,
                t_out_k: t,
                q_w: g.q_w * (t - from) / span,
            });
            from = t;
        }
    }
    parts
}

impl LoopStream {
    /// The kind of its product side (the opposite of the stream's).
    pub fn product_side_kind(&self) -> StreamKind {
        match self.stream_kind {
            StreamKind::Hot => StreamKind::Cold,
            StreamKind::Cold => StreamKind::Hot,
        }
    }

    /// Heat it carries at section shares `x` (W).
    pub fn q_w(&self, x: &[f64]) -> f64 {
        self.sections
            .iter()
            .zip(x)
            .map(|(s, x)| s.stream_part.q_w * x)
            .sum()
    }

    /// At shares `x`: the stream's part served by the loop, the part left to the network, the loop's
    /// product side and its heat pump side, each as segments with their heat scaled.
    pub fn parts_at(&self, x: &[f64]) -> [Vec<Segment>; 4] {
        let scaled = |g: &Segment, x: f64| Segment {
            q_w: g.q_w * x,
            ..*g
        };
        let mut out: [Vec<Segment>; 4] = Default::default();
        for (s, &x) in self.sections.iter().zip(x) {
            if x > 0.0 {
                out[0].push(scaled(&s.stream_part, x));
                out[2].push(scaled(&s.product_side, x));
                out[3].push(scaled(&s.heat_pump_side, x));
            }
            if x < 1.0 {
                out[1].push(scaled(&s.stream_part, 1.0 - x));
            }
        }
        // The loop's product side flows counter to the stream: from the stream's outlet end.
        out[2].reverse();
        out
    }
}

/// The loops of a solution, each with its sections' shares: its stream, the heat it carries, its fluid's
/// temperatures against the stream and its pump's power.
pub(crate) fn loop_results(loops: &[(LoopStream, Vec<f64>)]) -> Vec<LoopResult> {
    loops
        .iter()
        .filter(|(l, x)| l.q_w(x) > 0.0)
        .map(|(l, x)| {
            let q = l.q_w(x);
            let used = l
                .sections
                .iter()
                .zip(x)
                .filter(|(_, x)| **x > 0.0)
                .flat_map(|(s, _)| [s.product_side.t_in_k, s.product_side.t_out_k]);
            let (lo, hi) = used.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), t| {
                (a.min(t), b.max(t))
            });
            // A cold loop (against a hot stream) warms from its coldest point; a hot one cools.
            let (t_from_k, t_to_k) = match l.stream_kind {
                StreamKind::Hot => (lo, hi),
                StreamKind::Cold => (hi, lo),
            };
            LoopResult {
                stream: l.name.clone(),
                kind: l.kind,
                q_w: q,
                t_from_k,
                t_to_k,
                pump_power_w: l.pump_w_per_w * q,
            }
        })
        .collect()
}

/// A design's loops (as reported) with their sections' shares, for its network (network::design_streams):
/// each loop serves its sections from the cold end of a hot stream (the warm end of a cold one) up to its
/// reported heat.
pub fn loops_of_design(case: &Case, results: &[LoopResult]) -> Vec<(LoopStream, Vec<f64>)> {
    loop_streams(case)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|l| {
            let r = results.iter().find(|r| r.stream == l.name)?;
            let mut left = r.q_w;
            let mut x = vec![0.0; l.sections.len()];
            // Sections run from the stream's inlet: the loop's end is its outlet.
            for (i, s) in l.sections.iter().enumerate().rev() {
                let q = s.stream_part.q_w;
                x[i] = if q > 0.0 {
                    (left / q).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                left -= x[i] * q;
            }
            Some((l, x))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Milk 20 -> 4 °C at dT_min/2 2 K, shifted 18 -> 2 °C: cut at 15, 10 and 5 °C shifted (17, 12 and 7 °C
    /// real), the heat shared by the temperature span (10 kW/K).
    #[test]
    fn a_stream_is_cut_at_the_shifted_grid() {
        let k = celsius_to_kelvin;
        let milk = [Segment {
            t_in_k: k(20.0),
            t_out_k: k(4.0),
            q_w: 160e3,
        }];
        let parts = stream_parts(&milk, -2.0);
        let ends: Vec<(f64, f64, f64)> = parts
            .iter()
            .map(|p| {
                (
                    kelvin_to_celsius(p.t_in_k),
                    kelvin_to_celsius(p.t_out_k),
                    p.q_w / 1e3,
                )
            })
            .collect();
        let expected = [
            (20.0, 17.0, 30.0),
            (17.0, 12.0, 50.0),
            (12.0, 7.0, 50.0),
            (7.0, 4.0, 30.0),
        ];
        assert_eq!(ends.len(), expected.len(), "{ends:?}");
        for (a, b) in ends.iter().zip(&expected) {
            assert!(
                (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9,
                "{ends:?}"
            );
            assert!((a.2 - b.2).abs() < 1e-6, "{ends:?}");
        }
    }
}
