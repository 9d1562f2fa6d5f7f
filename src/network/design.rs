//! The network of a heat pump design: its balanced problem (process streams, the utilities at their use,
//! the refrigerant units at their duties: hen::NetworkStreams) synthesised block by block.
//!
//! The decomposition (docs/network.md, "A design's network"):
//!
//! 1. Every duty of the design is fixed: the network matches what the slave chose and buys no utility
//!    (the block problems have none), so the design's energy is unchanged and only the exchangers differ
//!    from the area target.
//! 2. A phase change (an evaporator, a condenser, steam) has no temperature glide; the superstructure's
//!    balances need one: it is given [`ISOTHERMAL_GLIDE_K`] (on its outer side: [`with_glide`]), `F = Q / 0.01 K`. The LMTD of a unit with
//!    approaches of at least 1 K then differs from the isothermal one by less than 0.5 %.
//! 3. The balanced composites in shifted temperatures (each stream at its own dT_min/2, as the targets
//!    shift them) are cut vertically into blocks of at most `block_pieces` stream pieces ([`regions`]):
//!    each block is balanced, and in it every hot piece faces cold pieces below it in shifted temperature,
//!    so its units can keep their two sides' dT_min/2. A pinch is such a cut. Each block is a stage-wise
//!    superstructure of its own, solved in parallel; a stream with several segments gives one
//!    superstructure stream per segment.
//! 4. In each block a unit's approaches are at least its two sides' dT_min/2 (the rule the target
//!    assumed: the design's composites touch at it): each half gives up half the search's minimum
//!    approach `dt_min_k`, which the NLP adds back. Where the superstructure finds no network at 3
//!    stages, nor at 6, the approaches are relaxed by [`RELAXATIONS`] and the block says so.
//! 5. A loop's exchanger with its product stream (`via_loop`) is one counter-current unit, as the target
//!    has it: listed beside the blocks, priced on its own (summary/network.rs).
//!
//! The cuts are the price of the size: a stream crossing several blocks gets a unit in each, where one
//! exchanger could serve, and no heat crosses a cut even where it would pay. Pieces below
//! [`crate::hen::MIN_UNIT_SHARE`] of the network's heat are left out (the LP's few watts); each block's
//! cold duties are then scaled to its hot total, a change of at most that share.

use super::problem::{AreaCost, HensProblem, HensStream, Pricing};
use super::{Network, SynthesisSettings, synthesise};
use crate::case::{Segment, StreamKind};
use crate::hen::HenStream;
use crate::units::kelvin_to_celsius;
use rayon::prelude::*;
use serde::Serialize;

/// The glide given to an isothermal segment (K).
pub const ISOTHERMAL_GLIDE_K: f64 = 0.01;

/// Factors on the streams' dT_min/2 tried in turn when a region has no network at the case's approaches.
pub const RELAXATIONS: [f64; 4] = [1.0, 0.75, 0.5, 0.25];

/// The share of the network's heat below which a piece is left out (hen/units.rs's).
const MIN_SHARE: f64 = crate::hen::MIN_UNIT_SHARE;

/// One block of the balanced problem and its problem.
#[derive(Clone, Debug)]
pub struct Region {
    pub name: String,
    /// Its bounds in shifted temperature (K): the hot streams' top and bottom, the cold streams'.
    pub hot_shifted_k: (f64, f64),
    pub cold_shifted_k: (f64, f64),
    pub problem: HensProblem,
}

/// The network of one block.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionNetwork {
    pub name: String,
    pub hot_streams: usize,
    pub cold_streams: usize,
    pub duty_kw: f64,
    /// The factor on the streams' dT_min/2 the network keeps (1: the case's approaches).
    pub approach_factor: f64,
    /// `None`: no network found at any relaxation; `failure` says why.
    pub network: Option<Network>,
    pub failure: Option<String>,
}

/// The design's network: its blocks' networks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionsNetwork {
    pub regions: Vec<RegionNetwork>,
    pub units: usize,
    pub area_m2: f64,
    /// Annualised cost of all exchangers (currency/yr).
    pub exchangers_per_yr: f64,
    /// Every block has a network that passes its checks.
    pub complete: bool,
    pub seconds: f64,
}

/// A linear piece of a stream in shifted temperatures (K): its stream, segment, top, bottom and heat (W).
#[derive(Clone, Copy, Debug)]
struct Piece {
    stream: usize,
    segment: usize,
    top: f64,
    bottom: f64,
    q_w: f64,
}

impl Piece {
    /// Its heat above shifted temperature `t` (W).
    fn above(&self, t: f64) -> f64 {
        self.q_w * ((self.top - t) / (self.top - self.bottom)).clamp(0.0, 1.0)
    }
}

/// One side's shifted composite as heat from the top: `Q(T*) = sum_p q_p clamp((top_p - T*) / (top_p -
/// bottom_p), 0, 1)`, decreasing in T*; [`Composite::at`] inverts it.
struct Composite<'a> {
    pieces: Vec<&'a Piece>,
}

impl Composite<'_> {
    fn above(&self, t: f64) -> f64 {
        self.pieces.iter().map(|p| p.above(t)).sum()
    }

    /// The shifted temperature where the heat above is `q` (bisection: Q is monotone).
    fn at(&self, q: f64) -> f64 {
        let hi = self.pieces.iter().map(|p| p.top).fold(f64::MIN, f64::max);
        let lo = self
            .pieces
            .iter()
            .map(|p| p.bottom)
            .fold(f64::MAX, f64::min);
        let (mut a, mut b) = (lo, hi);
        for _ in 0..80 {
            let mid = 0.5 * (a + b);
            if self.above(mid) > q {
                a = mid;
            } else {
                b = mid;
            }
        }
        0.5 * (a + b)
    }
}

/// The blocks of the balanced `streams` (every one hot or cold with its segments, film and dT_min/2), none
/// holding parts of more than `max_pieces` streams, each priced by `costs` (one per exchanger type). A
/// stream's segments in one block are one superstructure stream along their chord ([`chord`]). No unit joins
/// a pair of `forbidden` (indices into `streams`: hot, cold) in any block.
///
/// On the balanced composites in shifted temperatures (each stream at its own dT_min/2), aligned by heat
/// from the top, a vertical cut at heat `Q` meets the hot composite at `T*_h(Q)` and the cold one at
/// `T*_c(Q) <= T*_h(Q)` (the problem table's residual is never negative in a balanced problem). A block
/// between two cuts is balanced, and every hot piece in it is above every cold piece it faces in shifted
/// temperature, so a unit within a block can keep its two sides' dT_min/2. The cuts are the composites'
/// breakpoints, merged greedily from the top while a block holds parts of at most `max_pieces` streams.
pub fn regions(
    streams: &[HenStream],
    costs: &[AreaCost],
    currency: &str,
    max_pieces: usize,
    forbidden: &[(usize, usize)],
) -> Vec<Region> {
    let streams: Vec<HenStream> = streams.iter().map(with_glide).collect();
    let total_w: f64 = streams
        .iter()
        .filter(|s| s.kind == StreamKind::Hot)
        .map(HenStream::q_w)
        .sum();
    let (mut hot, mut cold) = (Vec::new(), Vec::new());
    for (i, s) in streams.iter().enumerate() {
        let shift = shift_of(s);
        for (g, seg) in s.segments.iter().enumerate() {
            let (a, b) = (seg.t_in_k + shift, seg.t_out_k + shift);
            let piece = Piece {
                stream: i,
                segment: g,
                top: a.max(b),
                bottom: a.min(b),
                q_w: seg.q_w,
            };
            if piece.q_w > MIN_SHARE * total_w && piece.top > piece.bottom {
                match s.kind {
                    StreamKind::Hot => hot.push(piece),
                    StreamKind::Cold => cold.push(piece),
                }
            }
        }
    }
    if hot.is_empty() || cold.is_empty() {
        return Vec::new();
    }
    let hc = Composite {
        pieces: hot.iter().collect(),
    };
    let cc = Composite {
        pieces: cold.iter().collect(),
    };
    let q_total = hc.above(f64::MIN).min(cc.above(f64::MIN));
    // The composites' breakpoints as heat from the top.
    let mut cuts: Vec<f64> = hot
        .iter()
        .flat_map(|p| [hc.above(p.top), hc.above(p.bottom)])
        .chain(
            cold.iter()
                .flat_map(|p| [cc.above(p.top), cc.above(p.bottom)]),
        )
        .map(|q| q.clamp(0.0, q_total))
        .collect();
    cuts.push(0.0);
    cuts.push(q_total);
    cuts.sort_by(f64::total_cmp);
    cuts.dedup_by(|a, b| (*a - *b).abs() <= 1e-9 * q_total);
    let temps = |q: f64| (hc.at(q), cc.at(q));
    let bounds: Vec<(f64, f64)> = cuts.iter().map(|&q| temps(q)).collect();
    // Pieces in the span between cuts a and b (hot range and cold range).
    let inside = |a: usize, b: usize| -> Vec<(bool, usize)> {
        let (h_top, c_top) = bounds[a];
        let (h_bottom, c_bottom) = bounds[b];
        let hot_in = hot
            .iter()
            .enumerate()
            .filter(|(_, p)| p.top.min(h_top) - p.bottom.max(h_bottom) > 1e-9)
            .map(|(k, _)| (true, k));
        let cold_in = cold
            .iter()
            .enumerate()
            .filter(|(_, p)| p.top.min(c_top) - p.bottom.max(c_bottom) > 1e-9)
            .map(|(k, _)| (false, k));
        hot_in.chain(cold_in).collect()
    };
    // The number of streams the pieces belong to.
    let streams_in = |pieces: &[(bool, usize)]| {
        let mut seen = std::collections::BTreeSet::new();
        for &(is_hot, k) in pieces {
            let p = if is_hot { &hot[k] } else { &cold[k] };
            seen.insert((is_hot, p.stream));
        }
        seen.len()
    };
    let mut blocks = Vec::new();
    let mut a = 0;
    while a + 1 < cuts.len() {
        let mut b = a + 1;
        while b + 1 < cuts.len() && streams_in(&inside(a, b + 1)) <= max_pieces {
            b += 1;
        }
        blocks.push((a, b));
        a = b;
    }
    let mut out = Vec::new();
    for (a, b) in blocks {
        let (h_range, c_range) = ((bounds[a].0, bounds[b].0), (bounds[a].1, bounds[b].1));
        // Each stream's clipped segments in the block, in order from inlet to outlet.
        let mut groups: Vec<(bool, usize, Vec<Segment>)> = Vec::new();
        for (is_hot, k) in inside(a, b) {
            let (p, range) = if is_hot {
                (&hot[k], h_range)
            } else {
                (&cold[k], c_range)
            };
            let s = &streams[p.stream];
            let Some(clipped) = clip(s, &s.segments[p.segment], range.0, range.1) else {
                continue;
            };
            if clipped.q_w <= MIN_SHARE * total_w * 1e-3 {
                continue;
            }
            match groups.last_mut() {
                Some((h, i, parts))
                    if *h == is_hot
                        && *i == p.stream
                        && parts
                            .last()
                            .is_some_and(|l| (l.t_out_k - clipped.t_in_k).abs() < 1e-6) =>
                {
                    parts.push(clipped)
                }
                _ => groups.push((is_hot, p.stream, vec![clipped])),
            }
        }
        let mut problem_hot = Vec::new();
        let mut problem_cold = Vec::new();
        // Each superstructure stream's index in `streams`, hot and cold.
        let (mut hot_of, mut cold_of) = (Vec::new(), Vec::new());
        for (g, (is_hot, i, parts)) in groups.iter().enumerate() {
            let s = &streams[*i];
            let several = groups.iter().filter(|(_, j, _)| j == i).count() > 1;
            let mut stream = chord(s, parts);
            if several {
                stream.name = format!("{} [{}]", s.name, g + 1);
            }
            if *is_hot {
                problem_hot.push(stream);
                hot_of.push(*i);
            } else {
                problem_cold.push(stream);
                cold_of.push(*i);
            }
        }
        let block_forbidden: Vec<(usize, usize)> = (0..hot_of.len())
            .flat_map(|h| (0..cold_of.len()).map(move |c| (h, c)))
            .filter(|&(h, c)| forbidden.contains(&(hot_of[h], cold_of[c])))
            .collect();
        if problem_hot.is_empty() || problem_cold.is_empty() {
            continue;
        }
        let (q_hot, q_cold) = (duty(&problem_hot), duty(&problem_cold));
        for c in &mut problem_cold {
            c.f_w_per_k *= q_hot / q_cold;
        }
        let c = kelvin_to_celsius;
        let name = format!(
            "block {} (hot {:.2} to {:.2} °C, cold {:.2} to {:.2} °C shifted)",
            out.len() + 1,
            c(h_range.0),
            c(h_range.1),
            c(c_range.0),
            c(c_range.1)
        );
        out.push(Region {
            name: name.clone(),
            hot_shifted_k: h_range,
            cold_shifted_k: c_range,
            problem: HensProblem {
                name,
                currency: currency.to_string(),
                hot: problem_hot,
                cold: problem_cold,
                hot_utility: None,
                cold_utility: None,
                pricing: Pricing::ByType(costs.to_vec()),
                forbidden: block_forbidden,
            },
        });
    }
    out
}

/// A stream's contiguous `parts` in one block (inlet to outlet) as one superstructure stream along their
/// chord, `F = sum q / |T_in - T_out|`. Its approach grows by the chord's largest distance from the
/// stream's own curve, which for two piecewise-linear curves lies at a joint,
///
/// ```text
/// d = max_joints | T_in + sign (Q_cum / F) - T_joint |,      dT_min/2 (chord) = dT_min/2 + d
/// ```
///
/// so every approach the superstructure keeps on the chord holds on the real curve.
fn chord(s: &HenStream, parts: &[Segment]) -> HensStream {
    let q_w: f64 = parts.iter().map(|p| p.q_w).sum();
    let (t_in, t_out) = (parts[0].t_in_k, parts[parts.len() - 1].t_out_k);
    let f_w_per_k = q_w / (t_in - t_out).abs();
    let sign = (t_out - t_in).signum();
    let mut q_cum = 0.0;
    let mut distance: f64 = 0.0;
    for p in parts {
        q_cum += p.q_w;
        distance = distance.max((t_in + sign * q_cum / f_w_per_k - p.t_out_k).abs());
    }
    HensStream {
        name: s.name.clone(),
        t_in_k: t_in,
        t_out_k: t_out,
        f_w_per_k,
        h_w_per_m2k: s
            .film
            .h(crate::machines::ExchangerType::ShellAndTube, false),
        film: Some(s.film.clone()),
        dt_min_half_k: s.dt_min_half_k + distance,
    }
}

fn shift_of(s: &HenStream) -> f64 {
    match s.kind {
        StreamKind::Hot => -s.dt_min_half_k,
        StreamKind::Cold => s.dt_min_half_k,
    }
}

fn duty(streams: &[HensStream]) -> f64 {
    streams.iter().map(HensStream::duty_w).sum()
}

/// The stream with every isothermal segment given [`ISOTHERMAL_GLIDE_K`] on the side that keeps it clear of
/// the other composite: a hot segment at `T` enters at `T + 0.01 K`, a cold one at `T - 0.01 K`; their
/// outlets stay at `T`. (A glide across `T` would push a hot and a cold segment that touch at a pinch
/// 0.01 K into each other.)
fn with_glide(s: &HenStream) -> HenStream {
    let sign = match s.kind {
        StreamKind::Hot => 1.0,
        StreamKind::Cold => -1.0,
    };
    let segments = s
        .segments
        .iter()
        .filter(|g| g.q_w > 0.0)
        .map(|g| {
            let mut g = *g;
            if (g.t_out_k - g.t_in_k).abs() < ISOTHERMAL_GLIDE_K {
                g.t_in_k = g.t_out_k + sign * ISOTHERMAL_GLIDE_K;
            }
            g
        })
        .collect();
    HenStream {
        segments,
        ..s.clone()
    }
}

/// The part of segment `seg` of stream `s` whose shifted temperature lies in `[lo, hi]` (K), its heat in
/// proportion (the segment is linear).
fn clip(s: &HenStream, seg: &Segment, hi: f64, lo: f64) -> Option<Segment> {
    let shift = shift_of(s);
    let (a, b) = (seg.t_in_k + shift, seg.t_out_k + shift);
    let (top, bottom) = (a.max(b), a.min(b));
    let (clip_top, clip_bottom) = (top.min(hi), bottom.max(lo));
    if clip_top - clip_bottom <= 0.0 || top - bottom <= 0.0 {
        return None;
    }
    let q_w = seg.q_w * (clip_top - clip_bottom) / (top - bottom);
    let (t_in, t_out) = if a > b {
        (clip_top, clip_bottom)
    } else {
        (clip_bottom, clip_top)
    };
    Some(Segment {
        t_in_k: t_in - shift,
        t_out_k: t_out - shift,
        q_w,
    })
}

/// Each block synthesised with `settings` (in parallel), relaxing its approaches by [`RELAXATIONS`] where
/// none is found.
pub fn synthesise_regions(regions: &[Region], settings: &DesignSettings) -> RegionsNetwork {
    let start = std::time::Instant::now();
    let solved: Vec<RegionNetwork> = regions
        .par_iter()
        .map(|r| {
            let p = &r.problem;
            let n = p.hot.len().max(p.cold.len());
            // The stage counts tried in turn at each approach: the cap, then twice it.
            let mut ladder: Vec<Vec<usize>> = if settings.search.stages.is_empty() {
                [settings.max_stages, 2 * settings.max_stages]
                    .iter()
                    .map(|&k| vec![k.min(n)])
                    .collect()
            } else {
                vec![settings.search.stages.clone()]
            };
            ladder.dedup();
            solve_region(r, &settings.search, &ladder)
        })
        .collect();
    let networks = || solved.iter().filter_map(|r| r.network.as_ref());
    RegionsNetwork {
        units: networks()
            .map(|n| n.units.recovery + n.units.heaters + n.units.coolers)
            .sum(),
        area_m2: networks().map(|n| n.area_m2).sum(),
        exchangers_per_yr: networks().map(|n| n.cost.exchangers_per_yr).sum(),
        complete: solved
            .iter()
            .all(|r| r.network.as_ref().is_some_and(|n| n.checks.pass)),
        regions: solved,
        seconds: start.elapsed().as_secs_f64(),
    }
}

fn solve_region(
    region: &Region,
    settings: &SynthesisSettings,
    ladder: &[Vec<usize>],
) -> RegionNetwork {
    let p = &region.problem;
    let start = std::time::Instant::now();
    let _span =
        tracing::debug_span!("block", name = %region.name, hot = p.hot.len(), cold = p.cold.len())
            .entered();
    let mut failure = None;
    for (factor, stages) in RELAXATIONS
        .iter()
        .flat_map(|f| ladder.iter().map(move |k| (*f, k)))
    {
        let mut problem = p.clone();
        // A unit's approach is the search's dt_min_k plus its sides' halves: each half gives up
        // dt_min_k / 2, so that at factor 1 the approach is the design's own (its composites touch there).
        for s in problem.hot.iter_mut().chain(problem.cold.iter_mut()) {
            s.dt_min_half_k = (s.dt_min_half_k * factor - 0.5 * settings.dt_min_k).max(0.0);
        }
        let search = SynthesisSettings {
            stages: stages.clone(),
            ..settings.clone()
        };
        let result = synthesise(&problem, &search);
        tracing::debug!(
            factor,
            ?stages,
            seconds = start.elapsed().as_secs_f64(),
            found = result.is_ok(),
            "block searched"
        );
        match result {
            Ok(network) => {
                return RegionNetwork {
                    name: region.name.clone(),
                    hot_streams: p.hot.len(),
                    cold_streams: p.cold.len(),
                    duty_kw: duty(&p.hot) / 1000.0,
                    approach_factor: factor,
                    network: Some(network),
                    failure: None,
                };
            }
            Err(e) => failure = Some(e),
        }
    }
    RegionNetwork {
        name: region.name.clone(),
        hot_streams: p.hot.len(),
        cold_streams: p.cold.len(),
        duty_kw: duty(&p.hot) / 1000.0,
        approach_factor: 0.0,
        network: None,
        failure,
    }
}

/// How a design's network is synthesised.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DesignSettings {
    /// The search in each block.
    pub search: SynthesisSettings,
    /// The most stream pieces a block holds.
    pub block_pieces: usize,
    /// The stages of a block's superstructure first tried (when `search.stages` is empty): a block is a
    /// thin slice of the composites, where most hot pieces lie wholly above the cold ones they face. Where
    /// it has no network, twice as many, before the approaches are relaxed.
    pub max_stages: usize,
}

impl Default for DesignSettings {
    /// The MILP's EMAT and the NLP's floor 0.01 K on top of each unit's own approaches (the approaches
    /// themselves come from the streams; equal, so that a structure the NLP cannot improve is a network
    /// as the MILP left it), fewer rounds and nodes than the benchmarks' (a design has many
    /// blocks), blocks of at most 30 pieces and 3 stages (docs/network.md: the IPESE dairy's network with
    /// these).
    fn default() -> Self {
        DesignSettings {
            search: SynthesisSettings {
                stages: Vec::new(),
                emat_sweep_k: vec![0.01],
                dt_min_k: 0.01,
                rounds: 4,
                milp_max_nodes: 200,
                ..SynthesisSettings::default()
            },
            block_pieces: 30,
            max_stages: 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machines::Film;

    fn stream(kind: StreamKind, t_in_c: f64, t_out_c: f64, q_kw: f64, dtmh: f64) -> HenStream {
        HenStream {
            name: format!("{kind:?} {t_in_c}"),
            kind,
            segments: vec![Segment {
                t_in_k: t_in_c + 273.15,
                t_out_k: t_out_c + 273.15,
                q_w: q_kw * 1000.0,
            }],
            dt_min_half_k: dtmh,
            film: Film::fixed(1000.0),
        }
    }

    /// Two hot and two cold streams with a pinch at 95 °C shifted (hot 100 °C, cold 90 °C, dT_min/2 5 K):
    /// above it H1 100-150 °C at 2 kW/K (100 kW) meets C1 90-130 °C at 2.5 kW/K (100 kW); below, H2 60-100
    /// °C (80 kW) meets C2 20-90 °C (80 kW). By hand, blocks of at most two pieces are the two pairs, each
    /// balanced.
    #[test]
    fn blocks_of_two_pieces_are_the_pairs_on_either_side_of_the_pinch() {
        let streams = vec![
            stream(StreamKind::Hot, 150.0, 100.0, 100.0, 5.0),
            stream(StreamKind::Hot, 100.0, 60.0, 80.0, 5.0),
            stream(StreamKind::Cold, 90.0, 130.0, 100.0, 5.0),
            stream(StreamKind::Cold, 20.0, 90.0, 80.0, 5.0),
        ];
        let law = AreaCost::Law(super::super::CostLaw {
            fixed_per_yr: 0.0,
            coeff_per_yr: 1.0,
            exponent: 1.0,
        });
        let r = regions(&streams, &vec![law; 4], "EUR", 2, &[]);
        assert_eq!(r.len(), 2, "{r:?}");
        for region in &r {
            let p = &region.problem;
            assert_eq!((p.hot.len(), p.cold.len()), (1, 1), "{}", region.name);
            assert!((duty(&p.hot) - duty(&p.cold)).abs() < 1e-6);
        }
        assert!((duty(&r[0].problem.hot) - 100_000.0).abs() < 1e-6);
        assert!((duty(&r[1].problem.hot) - 80_000.0).abs() < 1e-6);
    }

    /// A condensing and subcooling stream in one block: 100 kW at 50 °C (50.01 -> 50 °C with its glide),
    /// then 50 -> 30 °C at 2 kW/K (40 kW). By hand: the chord runs 50.01 -> 30 °C, F = 140 / 20.01 =
    /// 6.99650 kW/K; at the joint (100 kW) the chord is at 50.01 - 100 / 6.99650 = 35.71714 °C, 14.28286 K
    /// from the curve's 50 °C, which the stream's dT_min/2 (1 K) gains.
    #[test]
    fn a_streams_segments_in_a_block_are_one_stream_along_their_chord() {
        let s = stream(StreamKind::Hot, 50.0, 30.0, 140.0, 1.0);
        let k = |c: f64| c + 273.15;
        let parts = [
            Segment {
                t_in_k: k(50.01),
                t_out_k: k(50.0),
                q_w: 100_000.0,
            },
            Segment {
                t_in_k: k(50.0),
                t_out_k: k(30.0),
                q_w: 40_000.0,
            },
        ];
        let c = chord(&s, &parts);
        assert!((c.f_w_per_k - 140_000.0 / 20.01).abs() < 1e-6);
        assert!((c.dt_min_half_k - 1.0 - (50.0 - (50.01 - 100.0 / (140.0 / 20.01)))).abs() < 1e-9);
        assert!((c.dt_min_half_k - 15.28286).abs() < 1e-5);
    }

    /// An isothermal segment gets the glide above it when hot: a condenser at 40 °C of 50 kW becomes
    /// 40.01 -> 40 °C at 5000 kW/K.
    #[test]
    fn an_isothermal_segment_gets_its_glide() {
        let s = with_glide(&stream(StreamKind::Hot, 40.0, 40.0, 50.0, 1.0));
        let g = s.segments[0];
        assert!((g.t_out_k - 313.15).abs() < 1e-12);
        assert!((g.t_in_k - g.t_out_k - ISOTHERMAL_GLIDE_K).abs() < 1e-12);
        assert!((g.q_w / (g.t_in_k - g.t_out_k) - 5.0e6).abs() < 1e-3);
    }
}
