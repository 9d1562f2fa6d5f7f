//! Composite curves of the area target, with the heat of each film class in each linear segment.
//!
//! Temperature ascends with enthalpy from 0 at the coldest point. Between consecutive temperature breakpoints
//! `T_j < T_j+1` (gap `j`) the curve is linear with `CP_j = sum cp_p` over the sloped pieces spanning the gap
//! (`cp_p = q_p / (hi_p - lo_p)`); an isothermal piece at `T_j` adds a flat step of its `q` at `T_j` (step
//! `j`, before gap `j`). Pieces of streams with the same film are one class: a segment carries each class's
//! share of its heat, constant along the segment.

/// Pieces thinner than this (K) are treated as isothermal.
pub(super) const ISO_K: f64 = 1e-9;

/// A piece prepared for a composite: stream index, film class, temperature range, duty.
#[derive(Clone, Copy)]
pub(super) struct Pc {
    pub s: usize,
    pub class: usize,
    pub lo: f64,
    pub hi: f64,
    pub q: f64,
}

/// A linear segment of a composite on the enthalpy axis.
#[derive(Clone)]
pub(super) struct Seg {
    pub q0: f64,
    pub q1: f64,
    pub t0: f64,
    pub t1: f64,
    /// Each class present and its share of the segment's heat.
    pub shares: Vec<(usize, f64)>,
    /// Each class's heat per kelvin (a gap) or heat (a step) in the segment, by class index.
    pub class_size: Vec<f64>,
    /// Each class's film area accumulated over the intervals in the segment, `sum_k q_c,k / (h_c dT_LM,k)`.
    pub film_area: Vec<f64>,
}

/// A composite curve.
pub(super) struct Curve {
    pub temps: Vec<f64>,
    pub segs: Vec<Seg>,
    gap_seg: Vec<Option<usize>>,
    step_seg: Vec<Option<usize>>,
}

impl Curve {
    /// The composite of `pcs`, whose classes are `0..classes`.
    pub fn build(pcs: &[Pc], classes: usize) -> Curve {
        let mut temps: Vec<f64> = Vec::with_capacity(2 * pcs.len());
        for p in pcs {
            temps.push(p.lo);
            if p.hi - p.lo > ISO_K {
                temps.push(p.hi);
            }
        }
        temps.sort_unstable_by(f64::total_cmp);
        temps.dedup();
        let m = temps.len();
        let idx = |t: f64| temps.partition_point(|&x| x < t);
        // Difference arrays over gaps, by class: CP and a count (exact zero where no piece spans); steps'
        // heat by class.
        let mut d_cp = vec![vec![0.0; classes]; m + 1];
        let mut d_n = vec![0i64; m + 1];
        let mut step_q = vec![vec![0.0; classes]; m];
        for p in pcs {
            let (a, b) = (idx(p.lo), idx(p.hi));
            if p.hi - p.lo > ISO_K {
                let cp = p.q / (p.hi - p.lo);
                d_cp[a][p.class] += cp;
                d_cp[b][p.class] -= cp;
                d_n[a] += 1;
                d_n[b] -= 1;
            } else {
                step_q[a][p.class] += p.q;
            }
        }
        let mut segs = Vec::with_capacity(2 * m);
        let (mut gap_seg, mut step_seg) = (vec![None; m], vec![None; m]);
        let (mut cp, mut n, mut q) = (vec![0.0; classes], 0i64, 0.0);
        for j in 0..m {
            let step: f64 = step_q[j].iter().sum();
            if step > 0.0 {
                step_seg[j] = Some(segs.len());
                let t = temps[j];
                segs.push(segment(q, step, t, t, &step_q[j]));
                q += step;
            }
            for (c, d) in cp.iter_mut().zip(&d_cp[j]) {
                *c += d;
            }
            n += d_n[j];
            let total: f64 = cp.iter().map(|c| c.max(0.0)).sum();
            if n > 0 && j + 1 < m && total > 0.0 {
                let dq = total * (temps[j + 1] - temps[j]);
                gap_seg[j] = Some(segs.len());
                let sizes: Vec<f64> = cp.iter().map(|c| c.max(0.0)).collect();
                segs.push(segment(q, dq, temps[j], temps[j + 1], &sizes));
                q += dq;
            }
        }
        Curve {
            temps,
            segs,
            gap_seg,
            step_seg,
        }
    }

    /// Each stream's film area, `sum_k q_i,k / (h_i dT_LM,k)`, added to `out[stream]` from the classes' film
    /// areas of the segments it lies in, shared by heat: a sloped piece with `cp_p` spanning gaps `a..b` gets
    /// `sum_j cp_p / CP_c,j A_c,j`; an isothermal one at step `j` gets `q_p / Q_c,j A_c,j`.
    pub fn stream_areas(&self, pcs: &[Pc], classes: usize, out: &mut [f64]) {
        // Prefix sums over gaps of A_c,j / CP_c,j, by class.
        let mut pre = vec![vec![0.0; classes]];
        for g in &self.gap_seg {
            let mut next = pre[pre.len() - 1].clone();
            if let Some(s) = g {
                let seg = &self.segs[*s];
                for (c, acc) in next.iter_mut().enumerate() {
                    if seg.class_size[c] > 0.0 {
                        *acc += seg.film_area[c] / seg.class_size[c];
                    }
                }
            }
            pre.push(next);
        }
        let idx = |t: f64| self.temps.partition_point(|&x| x < t);
        for p in pcs {
            let a = idx(p.lo);
            out[p.s] += if p.hi - p.lo > ISO_K {
                p.q / (p.hi - p.lo) * (pre[idx(p.hi)][p.class] - pre[a][p.class])
            } else {
                self.step_seg[a].map_or(0.0, |s| {
                    let seg = &self.segs[s];
                    p.q * seg.film_area[p.class] / seg.class_size[p.class]
                })
            };
        }
    }
}

/// A segment from `q0` over `dq`, with each class's size (CP or step heat) and its share.
fn segment(q0: f64, dq: f64, t0: f64, t1: f64, sizes: &[f64]) -> Seg {
    let total: f64 = sizes.iter().sum();
    let shares = sizes
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > 0.0)
        .map(|(c, s)| (c, s / total))
        .collect();
    Seg {
        q0,
        q1: q0 + dq,
        t0,
        t1,
        shares,
        class_size: sizes.to_vec(),
        film_area: vec![0.0; sizes.len()],
    }
}
