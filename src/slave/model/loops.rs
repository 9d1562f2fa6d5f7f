//! The heat cascade of a case whose streams reach the heat pump through loops (slave/loops.rs): two cascades
//! in the same elements, zone A with the looped streams `S` and their loops' product sides `L_A`, zone B
//! with the refrigerant and the loops' heat pump sides `L_B`. Every other stream, process or utility
//! ("free"), may give or take its heat in either: in element `k` a net `n_k` of it goes to zone A, the rest
//! to zone B. The loops carry a share `x_b` of the looped streams' heat in each band `b` of the section grid
//! (one share per band and kind, hot or cold streams):
//!
//! ```text
//! zone A   R^A_k + sum_S load_S,k - sum_b x_b load_S,b,k + n_k - R^A_k+1 = 0
//! zone B   R^B_k + sum_u load_u,k m_u + sum_b x_b load_LB,b,k + (free_k - n_k) - R^B_k+1 = 0
//!          -C_k <= n_k <= H_k        H_k, C_k: the free hot and cold heat of element k
//!          R^A_0 = R^A_K = R^B_0 = R^B_K = 0,   0 <= x_b <= 1
//! ```
//!
//! In shifted temperatures `L_A` lies on `S` (the loop's approach is counted in its own dT_min/2), so zone
//! A loses the share the loop takes; `L_B` lies `2 dT_L/2` further from the refrigerant. Its loads are
//! placed conservatively on zone A's elements (no new boundaries, which would cost rows in both zones): heat
//! in a range whose far end it does not reach counts one element further away (`conservative_loads`), so
//! the model never lets the loop serve a temperature the true loop could not; it is exact at the levels'
//! nodes. The two zones' sum is the one cascade of a case without loops; a design that meets both has no
//! exchange between a looped stream and the refrigerant (each zone is a cascade of its own, and a free
//! stream split between them is a stream split in two branches). In kW, like the rest of the model.

use super::{Formulation, KILO, Streams, UnitKey};
use crate::cascade::{Cascade, Element, ShiftedStream};
use crate::case::loops::{LOOP_SECTION_K, LoopStream};
use crate::case::{Case, StreamKind};
use crate::units::kelvin_to_celsius;
use good_lp::{Expression, Variable, constraint, variable};
use std::collections::BTreeMap;

/// One loop section's share variable, and its heat and its pump's electricity per unit of it (kW).
#[derive(Clone, Copy, Debug)]
pub(crate) struct LoopVar {
    pub share: Variable,
    pub q_kw: f64,
    pub pump_kw: f64,
}

/// One zone's loads by element: the expression, its fixed part, whether any stream is there and whether any
/// variable one is.
struct Net {
    e: Vec<Expression>,
    fixed: Vec<f64>,
    present: Vec<bool>,
    variable: Vec<bool>,
}

/// A loop section's heat pump side: its kind, shifted range (K), heat (W) and its band's share.
#[derive(Clone, Copy)]
struct Side {
    kind: StreamKind,
    lo: f64,
    hi: f64,
    q_w: f64,
    share: Variable,
}

/// A stream of the zoned cascade with its load's scale: a fixed factor, or a variable times a factor.
enum Scale {
    Fixed(f64),
    Variable(Variable, f64),
}

/// The zoned heat cascade rows; returns the process and utility streams (for the checks) and each loop's
/// sections' shares.
pub(super) fn add_zoned_cascade(
    f: &mut Formulation,
    case: &Case,
    flows: &BTreeMap<UnitKey, Variable>,
    utilities: &[Variable],
    unit_streams: &[(UnitKey, ShiftedStream)],
    loops: &[LoopStream],
) -> (Streams, Vec<Vec<LoopVar>>) {
    let (process, utility_streams) = super::heat_cascade::case_streams(case);
    let LoopSides {
        product_sides,
        heat_pump_sides,
        shares,
    } = loop_sides(f, loops);
    let cascade = Cascade::new(
        process
            .iter()
            .chain(&utility_streams)
            .chain(unit_streams.iter().map(|(_, s)| s))
            .chain(product_sides.iter().map(|(s, _)| s)),
    );
    let looped: Vec<bool> = (0..process.len())
        .map(|i| loops.iter().any(|l| l.stream == i))
        .collect();
    let mut zone_a: Vec<(&ShiftedStream, Scale)> = Vec::new();
    let mut zone_b: Vec<(&ShiftedStream, Scale)> = Vec::new();
    let mut free: Vec<(&ShiftedStream, Scale)> = Vec::new();
    for (s, looped) in process.iter().zip(&looped) {
        let to = if *looped { &mut zone_a } else { &mut free };
        to.push((s, Scale::Fixed(1.0 / KILO)));
    }
    for (s, v) in utility_streams.iter().zip(utilities) {
        free.push((s, Scale::Variable(*v, 1.0)));
    }
    for (k, s) in unit_streams {
        zone_b.push((s, Scale::Variable(flows[k], 1.0)));
    }
    // The loop sides carry the section's heat in W per unit share: in kW like the rest.
    for (a, v) in &product_sides {
        zone_a.push((a, Scale::Variable(*v, 1.0 / KILO)));
    }
    let (a, mut b) = (net(&cascade, &zone_a, None), net(&cascade, &zone_b, None));
    // The loops' heat pump sides, each on the boundaries at or beyond its own ends (module text).
    for &Side {
        kind,
        lo,
        hi,
        q_w,
        share,
    } in &heat_pump_sides
    {
        match conservative_loads(&cascade, kind, lo, hi, q_w) {
            Some(loads) => {
                for (k, load) in loads {
                    b.e[k] += load / KILO * share;
                    b.present[k] = true;
                    b.variable[k] = true;
                }
            }
            // Beyond every stream: nothing could take (or give) that heat, so the band carries none.
            None => f.constraints.push(constraint!(share == 0.0)),
        }
    }
    let free = Free {
        net: net(&cascade, &free, None),
        hot: net(&cascade, &free, Some(StreamKind::Hot)),
        cold: net(&cascade, &free, Some(StreamKind::Cold)),
    };
    add_zone_rows(f, &a, &b, &free);
    (
        Streams {
            process,
            utilities: utility_streams,
        },
        shares,
    )
}

/// The loops' sections: each one's product side (zone A) and heat pump side (zone B) with its band's share,
/// and each loop's share variables.
struct LoopSides {
    product_sides: Vec<(ShiftedStream, Variable)>,
    heat_pump_sides: Vec<Side>,
    shares: Vec<Vec<LoopVar>>,
}

/// The sections of every loop. Each section's share is its band's, one per kind and band of the grid
/// (loops.rs): the loops carry the same share of every looped stream's heat in a band.
fn loop_sides(f: &mut Formulation, loops: &[LoopStream]) -> LoopSides {
    let mut band_shares: BTreeMap<(bool, i64), Variable> = BTreeMap::new();
    let mut product_sides: Vec<(ShiftedStream, Variable)> = Vec::new();
    let mut heat_pump_sides: Vec<Side> = Vec::new();
    let mut shares: Vec<Vec<LoopVar>> = Vec::new();
    for l in loops {
        let mut vars = Vec::new();
        for x in &l.sections {
            let product = ShiftedStream::shifted(
                &format!("{} loop (product side)", l.name),
                l.product_side_kind(),
                &[x.product_side],
                l.dt_min_half_k,
            );
            let hp =
                ShiftedStream::shifted("", l.stream_kind, &[x.heat_pump_side], l.dt_min_half_k);
            // The section lies inside one cell of the grid (°C of shifted temperature): its band.
            let (a, b) = (product.segments[0].t_from_k, product.segments[0].t_to_k);
            let band = (kelvin_to_celsius(0.5 * (a + b)) / LOOP_SECTION_K).floor() as i64;
            let hot = l.stream_kind == StreamKind::Hot;
            let share = *band_shares
                .entry((hot, band))
                .or_insert_with(|| f.vars.add(variable().min(0.0).max(1.0)));
            let g = hp.segments[0];
            heat_pump_sides.push(Side {
                kind: l.stream_kind,
                lo: g.t_from_k.min(g.t_to_k),
                hi: g.t_from_k.max(g.t_to_k),
                q_w: g.q_w,
                share,
            });
            product_sides.push((product, share));
            vars.push(LoopVar {
                share,
                q_kw: x.stream_part.q_w / KILO,
                pump_kw: l.pump_w_per_w * x.stream_part.q_w / KILO,
            });
        }
        shares.push(vars);
    }
    LoopSides {
        product_sides,
        heat_pump_sides,
        shares,
    }
}

/// Each element's net load of `streams` (of one kind only with `sign`, as a positive load), and whether
/// any stream of it is there.
fn net(cascade: &Cascade, streams: &[(&ShiftedStream, Scale)], sign: Option<StreamKind>) -> Net {
    let n = cascade.elements.len();
    let mut e: Vec<Expression> = vec![Expression::from(0.0); n];
    let mut fixed = vec![0.0; n];
    let mut present = vec![false; n];
    let mut variable = vec![false; n];
    for (s, scale) in streams {
        if sign.is_some_and(|k| k != s.kind) {
            continue;
        }
        for (k, q) in cascade.loads(s) {
            let q = q.abs() * if sign.is_some() { 1.0 } else { q.signum() };
            present[k] = true;
            match scale {
                Scale::Fixed(x) => {
                    e[k] += q * *x;
                    fixed[k] += q * *x;
                }
                Scale::Variable(v, x) => {
                    e[k] += q * *x * *v;
                    variable[k] = true;
                }
            }
        }
    }
    Net {
        e,
        fixed,
        present,
        variable,
    }
}

/// The free streams' loads: net, hot only and cold only.
struct Free {
    net: Net,
    hot: Net,
    cold: Net,
}

/// The two zones' rows, element by element (module text). Residuals leave each element downwards; none
/// enters the top or leaves the bottom. An element with nothing of zone A passes zone A's residual on
/// unchanged (no row).
fn add_zone_rows(f: &mut Formulation, a: &Net, b: &Net, free: &Free) {
    let (mut ra, mut rb) = (Expression::from(0.0), Expression::from(0.0));
    for k in 0..a.e.len() {
        // The free heat of element k that goes to zone A: -C_k <= n_k <= H_k, a bound where both are fixed.
        let to_a: Option<Variable> = free.net.present[k].then(|| {
            if free.hot.variable[k] || free.cold.variable[k] {
                let v = f.vars.add(variable());
                f.constraints.push(constraint!(v <= free.hot.e[k].clone()));
                f.constraints
                    .push(constraint!(v + free.cold.e[k].clone() >= 0.0));
                v
            } else {
                f.vars
                    .add(variable().min(-free.cold.fixed[k]).max(free.hot.fixed[k]))
            }
        });
        if a.present[k] || to_a.is_some() {
            let next = f.vars.add(variable().min(0.0));
            let mut row = a.e[k].clone() + ra - next;
            if let Some(v) = to_a {
                row += v;
            }
            f.constraints.push(constraint!(row == 0.0));
            ra = Expression::from(next);
        }
        let next = f.vars.add(variable().min(0.0));
        let mut row = b.e[k].clone() + free.net.e[k].clone() + rb - next;
        if let Some(v) = to_a {
            row -= v;
        }
        f.constraints.push(constraint!(row == 0.0));
        rb = Expression::from(next);
    }
    f.constraints.push(constraint!(ra == 0.0));
    f.constraints.push(constraint!(rb == 0.0));
}

/// The loads of a loop's heat pump side from `lo` to `hi` (shifted, K) carrying `q_w`, never placed where
/// the true side could not serve: a hot side's heat in a range it covers down from the range's top (or
/// whole) counts there; heat in a range whose top the side does not reach lies below some of that range's
/// cold loads, so it counts in the element below. A cold side the other way round. Where no element lies
/// there, or part of the side lies beyond every element, `None`: nothing could take (or give) that heat. An isothermal side goes to the node at its
/// temperature, else to the range below (hot) or above (cold). Positive for hot, W.
fn conservative_loads(
    cascade: &Cascade,
    kind: StreamKind,
    lo: f64,
    hi: f64,
    q_w: f64,
) -> Option<Vec<(usize, f64)>> {
    const EPS: f64 = 1e-9;
    let hot = kind == StreamKind::Hot;
    let sign = if hot { 1.0 } else { -1.0 };
    let n = cascade.elements.len();
    // The element beyond `k`, away from the refrigerant's reach: below for heat given, above for heat taken.
    let beyond = |k: usize| -> Option<usize> {
        if hot {
            (k + 1 < n).then_some(k + 1)
        } else {
            k.checked_sub(1)
        }
    };
    let mut out: Vec<(usize, f64)> = Vec::new();
    if hi - lo <= EPS {
        let node = cascade
            .elements
            .iter()
            .position(|e| matches!(*e, Element::Node { t_k } if (t_k - lo).abs() < EPS));
        let range = |e: &Element| match *e {
            Element::Range { t_hi_k, .. } if hot => t_hi_k <= lo + EPS,
            Element::Range { t_lo_k, .. } => t_lo_k >= lo - EPS,
            Element::Node { .. } => false,
        };
        let beyond_range = if hot {
            cascade.elements.iter().position(range)
        } else {
            cascade.elements.iter().rposition(range)
        };
        return Some(vec![(node.or(beyond_range)?, sign * q_w)]);
    }
    let mut covered = 0.0;
    for (k, e) in cascade.elements.iter().enumerate() {
        let Element::Range { t_hi_k, t_lo_k } = *e else {
            continue;
        };
        let overlap = t_hi_k.min(hi) - t_lo_k.max(lo);
        if overlap <= EPS {
            continue;
        }
        covered += overlap;
        let q = sign * q_w * overlap / (hi - lo);
        // Reaching the range's top (hot) or bottom (cold): the side serves the whole range.
        let whole = if hot {
            hi >= t_hi_k - EPS
        } else {
            lo <= t_lo_k + EPS
        };
        let at = if whole { k } else { beyond(k)? };
        match out.iter_mut().find(|(i, _)| *i == at) {
            Some(entry) => entry.1 += q,
            None => out.push((at, q)),
        }
    }
    // Part of the side beyond every stream (below the coldest, or above the hottest): no stream could take
    // or give that part, so the side cannot run.
    (covered >= hi - lo - EPS).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One cold stream 10 -> 30 K shifted (two boundaries, one range). A hot side 15 -> 25 reaches down into
    /// the range but not its top: counted below it, where no element is, so it cannot run; a hot side over
    /// the whole range counts there in full; a hot side reaching below the coldest boundary (5 -> 30) has a
    /// part no stream could take and cannot run either (it must not lose that part's heat).
    #[test]
    fn a_side_beyond_every_stream_cannot_run() {
        let s = ShiftedStream::shifted(
            "cold",
            StreamKind::Cold,
            &[crate::case::Segment {
                t_in_k: 10.0,
                t_out_k: 30.0,
                q_w: 20.0,
            }],
            0.0,
        );
        let cascade = Cascade::new([&s]);
        let hot = StreamKind::Hot;
        assert_eq!(conservative_loads(&cascade, hot, 15.0, 25.0, 1.0), None);
        let whole = conservative_loads(&cascade, hot, 10.0, 30.0, 1.0).unwrap();
        assert_eq!(whole.len(), 1);
        assert!((whole[0].1 - 1.0).abs() < 1e-12);
        assert_eq!(conservative_loads(&cascade, hot, 5.0, 30.0, 1.0), None);
    }
}
