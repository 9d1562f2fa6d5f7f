//! The integrated grand composite curve: the process GCC and, on the same shifted-temperature axis, the
//! curve of everything that serves it (heat pump units at the flows the MILP chose, utilities at their use).
//!
//! One cascade over all streams (process, utilities, heat pump units, each shifted by its own dT_min/2).
//! From the top, with `C_k` the cumulative process load (hot minus cold) and `U_k` that of the heat pump and
//! utilities:
//!
//! ```text
//! process GCC        G_k = Q_H,min + C_k                  (the problem table)
//! utility curve      W_k = Q_H,min - U_k
//! heat cascaded      R_k = C_k + U_k = G_k - W_k >= 0     (the MILP's residuals, R_0 = R_K = 0)
//! ```
//!
//! So the utility curve lies left of the GCC everywhere, meets it at both ends and wherever the integrated
//! system pinches; the gap between them is the heat cascaded. Where `W` falls with temperature the serving
//! streams give heat (hot: condensers, after-coolers, hot utilities); where it rises they take heat (cold).

use super::ReportError;
use super::plot::{self, COLD, HOT, MUTED, PROCESS};
use crate::cascade::{Cascade, ShiftedSegment, ShiftedStream};
use crate::case::{Case, StreamKind};
use crate::slave::Design;
use crate::units::{kelvin_to_celsius, si_to_kilo};
use plotters::prelude::*;

/// How far beyond the process and heat pump temperatures the plot follows the utilities, as a share of
/// their span.
const UTILITY_REACH: f64 = 0.25;

/// One boundary of the integrated cascade, from the top.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GccPoint {
    pub t_shifted_k: f64,
    /// Process GCC `G` (W).
    pub process_w: f64,
    /// Heat pump and utilities `W` (W).
    pub system_w: f64,
}

/// The integrated curves (two points at an isothermal node: above and below it).
#[derive(Clone, Debug, PartialEq)]
pub struct IntegratedGcc {
    pub q_hot_min_w: f64,
    pub points: Vec<GccPoint>,
    /// Shifted temperatures the plot shows, lowest and highest (K): those of the process and heat pump
    /// streams, and of the utilities up to a quarter of that span beyond; a utility farther out (a
    /// furnace's flue gas at 1000 °C) is cut at the edge.
    pub t_shown_k: (f64, f64),
}

fn shifted(kind: StreamKind, dt_min_half_k: f64) -> f64 {
    match kind {
        StreamKind::Hot => -dt_min_half_k,
        StreamKind::Cold => dt_min_half_k,
    }
}

/// The heat pump's units of `design` as streams at their chosen duties (W).
fn heat_pump_streams(design: &Design, dt: f64) -> Vec<ShiftedStream> {
    design
        .units
        .iter()
        .filter_map(|u| {
            let (kind, q, from, to) = (u.heat_kind?, u.heat_w?, u.t_from_k?, u.t_to_k?);
            Some(ShiftedStream {
                name: u.label.clone(),
                kind,
                segments: vec![ShiftedSegment {
                    t_from_k: from + shifted(kind, dt),
                    t_to_k: to + shifted(kind, dt),
                    q_w: q,
                }],
                dt_min_half_k: dt,
            })
        })
        .collect()
}

/// The utilities of `design` as streams at their chosen use (W).
fn utility_streams(case: &Case, design: &Design) -> Vec<ShiftedStream> {
    case.utilities
        .iter()
        .zip(&design.utilities)
        .filter(|(_, used)| used.q_w > 0.0)
        .map(|(u, used)| {
            let mut stream = ShiftedStream::from_utility(u);
            for s in &mut stream.segments {
                s.q_w *= used.q_w;
            }
            stream
        })
        .collect()
}

fn span_k(streams: &[ShiftedStream]) -> Option<(f64, f64)> {
    plot::extent(
        streams
            .iter()
            .flat_map(|s| s.segments.iter().flat_map(|g| [g.t_from_k, g.t_to_k])),
    )
}

/// The process GCC and, with a design, the curve of its heat pump and utilities.
/// `refrigerant_dt_min_half_k`: the evaluation's (the master may choose it), by which the heat pump's
/// streams are shifted as in the MILP's cascade.
pub fn integrated_gcc(
    case: &Case,
    design: Option<&Design>,
    refrigerant_dt_min_half_k: f64,
) -> IntegratedGcc {
    let process: Vec<ShiftedStream> = case
        .streams
        .iter()
        .map(ShiftedStream::from_process)
        .collect();
    let heat_pump = design.map_or_else(Vec::new, |d| {
        heat_pump_streams(d, refrigerant_dt_min_half_k)
    });
    let mut serving = heat_pump.clone();
    serving.extend(design.map_or_else(Vec::new, |d| utility_streams(case, d)));
    let cascade = Cascade::new(process.iter().chain(&serving));
    let cumulative = |streams: &[ShiftedStream]| {
        let mut load = vec![0.0; cascade.elements.len()];
        for s in streams {
            for (k, q) in cascade.loads(s) {
                load[k] += q;
            }
        }
        let mut c = vec![0.0];
        for q in load {
            c.push(c[c.len() - 1] + q);
        }
        c
    };
    let (c, u) = (cumulative(&process), cumulative(&serving));
    let lowest = c.iter().copied().fold(0.0, f64::min);
    let q_hot_min_w = if lowest < 0.0 { -lowest } else { 0.0 };
    let temperatures =
        std::iter::once(cascade.t_top_k).chain(cascade.elements.iter().map(|e| e.t_below_k()));
    let points: Vec<GccPoint> = temperatures
        .zip(c.iter().zip(&u))
        .map(|(t, (c, u))| GccPoint {
            t_shifted_k: t,
            process_w: q_hot_min_w + c,
            system_w: q_hot_min_w - u,
        })
        .collect();
    let all = plot::extent(points.iter().map(|p| p.t_shifted_k)).unwrap_or((273.15, 373.15));
    let core = [span_k(&process), span_k(&heat_pump)]
        .into_iter()
        .flatten()
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
        .unwrap_or(all);
    // Utilities close by are shown whole; one far away (a furnace's flue gas) is cut.
    let reach = UTILITY_REACH * (core.1 - core.0).max(10.0);
    let t_shown_k = (all.0.max(core.0 - reach), all.1.min(core.1 + reach));
    IntegratedGcc {
        q_hot_min_w,
        points,
        t_shown_k,
    }
}

/// The part of the segment `a`-`b` (heat, temperature) inside `lo <= t <= hi`.
fn clip(a: (f64, f64), b: (f64, f64), lo: f64, hi: f64) -> Option<Vec<(f64, f64)>> {
    let at = |t: f64| {
        let share = if (b.1 - a.1).abs() > 0.0 {
            (t - a.1) / (b.1 - a.1)
        } else {
            0.0
        };
        (a.0 + share * (b.0 - a.0), t)
    };
    let inside = |p: (f64, f64)| lo <= p.1 && p.1 <= hi;
    match (inside(a), inside(b)) {
        (true, true) => Some(vec![a, b]),
        _ if a.1.max(b.1) < lo || a.1.min(b.1) > hi => None,
        _ => {
            let limit = |p: (f64, f64)| if inside(p) { p } else { at(p.1.clamp(lo, hi)) };
            Some(vec![limit(a), limit(b)])
        }
    }
}

/// What a piece of a drawn curve is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    Process,
    /// The serving curve where it gives heat (W falls going down).
    Hot,
    /// Where it takes heat.
    Cold,
    /// Where it only passes heat down.
    Passing,
}

fn style(piece: Piece) -> ShapeStyle {
    match piece {
        Piece::Process => PROCESS.stroke_width(2),
        Piece::Hot => HOT.stroke_width(3),
        Piece::Cold => COLD.stroke_width(3),
        Piece::Passing => MUTED.stroke_width(1),
    }
}

/// Both curves as segments in kW and °C, cut to the shown temperatures.
fn pieces(
    gcc: &IntegratedGcc,
    with_system: bool,
    (lo, hi): (f64, f64),
) -> Vec<(Piece, Vec<(f64, f64)>)> {
    let scale = gcc
        .points
        .iter()
        .map(|p| p.process_w.abs().max(p.system_w.abs()))
        .fold(1.0, f64::max);
    let mut out = Vec::new();
    for pair in gcc.points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let point = |w: f64, t: f64| (si_to_kilo(w), kelvin_to_celsius(t));
        let mut add = |piece: Piece, wa: f64, wb: f64| {
            let (pa, pb) = (point(wa, a.t_shifted_k), point(wb, b.t_shifted_k));
            if let Some(segment) = clip(pa, pb, lo, hi) {
                out.push((piece, segment));
            }
        };
        add(Piece::Process, a.process_w, b.process_w);
        if with_system {
            let change = b.system_w - a.system_w;
            let piece = if change < -1e-9 * scale {
                Piece::Hot
            } else if change > 1e-9 * scale {
                Piece::Cold
            } else {
                Piece::Passing
            };
            add(piece, a.system_w, b.system_w);
        }
    }
    out
}

/// The SVG of the integrated GCC; without a design, the process GCC alone. Temperatures are those of the
/// process and heat pump streams (`t_shown_k`), a little widened; curves beyond are cut at the edge.
pub fn svg(gcc: &IntegratedGcc, with_system: bool) -> Result<String, ReportError> {
    let title = if with_system {
        "Grand composite curve, integrated"
    } else {
        "Grand composite curve of the process"
    };
    svg_titled(gcc, with_system, title)
}

/// [`svg`] under another title (an operating period's, report/periods.rs).
pub fn svg_titled(
    gcc: &IntegratedGcc,
    with_system: bool,
    title: &str,
) -> Result<String, ReportError> {
    let c = kelvin_to_celsius;
    let (t_lo, t_hi) = plot::padded(c(gcc.t_shown_k.0), c(gcc.t_shown_k.1), 0.06);
    let pieces = pieces(gcc, with_system, (t_lo, t_hi));
    let q = pieces.iter().flat_map(|(_, s)| s.iter().map(|p| p.0));
    let (q_lo, q_hi) = plot::extent(q.chain([0.0])).unwrap_or((0.0, 1.0));
    let (q_lo, q_hi) = plot::padded(q_lo, q_hi, 0.04);
    let mut legend = vec![plot::LegendItem::line("process GCC", style(Piece::Process))];
    if with_system {
        legend.push(plot::LegendItem::line(
            "heat pump + utilities, hot (give heat)",
            style(Piece::Hot),
        ));
        legend.push(plot::LegendItem::line(
            "cold (take heat)",
            style(Piece::Cold),
        ));
    }
    plot::svg("gcc.svg", |root| {
        let area = plot::with_legend(root, &legend)?;
        let mut chart =
            plot::builder(&area, title, 64).build_cartesian_2d(q_lo..q_hi, t_lo..t_hi)?;
        chart
            .configure_mesh()
            .x_desc("heat flow Q (kW)")
            .y_desc("shifted temperature T* (°C)")
            .axis_desc_style(plot::label_style())
            .label_style(plot::small_style())
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        // Thin first, so that the coloured curve stays on top.
        for kind in [Piece::Passing, Piece::Process, Piece::Cold, Piece::Hot] {
            chart.draw_series(
                pieces
                    .iter()
                    .filter(|(k, _)| *k == kind)
                    .map(|(_, s)| PathElement::new(s.clone(), style(kind))),
            )?;
        }
        Ok(())
    })
}
