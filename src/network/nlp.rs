//! The NLP of a fixed structure: temperatures and duties that minimise the exact TAC (utilities, fixed
//! costs, `coeff A^exp` with A from the exact LMTD), solved by Ipopt with exact first and second
//! derivatives (hyper-dual numbers). Every constraint is linear:
//!
//! ```text
//! F_i (t_i,k - t_i,k+1) - sum_{j:(i,j,k)} q_ijk = 0     F_j (t_j,k - t_j,k+1) - sum_{i:(i,j,k)} q_ijk = 0
//! F_i (t_i,K - T_out,i) - q_cu,i = 0                     F_j (T_out,j - t_j,0) - q_hu,j = 0
//!   (without a cooler t_i,K = T_out,i is fixed, without a heater t_j,0 = T_out,j: not variables)
//! dT - (t_hot - t_cold) = 0   for each approach a unit uses, with dT >= dT_min (a bound: LMTD stays defined)
//! min  sum c_cu q_cu + sum c_hu q_hu + sum_units (fixed + C_var(A))     C_var = coeff ((A + e)^exp - e^exp)
//! ```
//!
//! `e` = 1e-3 m2 only when exp < 1, where A^exp has an infinite slope at A = 0 (a unit the NLP shrinks);
//! a cost set's curve is its own `C_var` (problem.rs, `AreaCost::variable`). dT_min of a unit is the
//! search's plus its two sides' `dt_min_half_k`. The network's reported cost uses the exact law
//! (structure.rs). Duties are in kW inside (scaling).

use super::area_cost::lmtd;
use super::ipopt::{IpoptSettings, Nlp, NlpSolution, solve};
use super::problem::{AreaCost, HensProblem};
use super::structure::{Point, Structure};
use num_dual::{DualNum, HyperDual64};
use std::collections::HashMap;

const KW: f64 = 1000.0;
const AREA_SMOOTHING_M2: f64 = 1e-3;

/// A temperature: a variable of the NLP or a fixed value (a stream's inlet or target, a utility's).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Temp {
    Var(usize),
    Fixed(f64),
}

/// An approach temperature: a variable with its defining hot and cold temperatures, or a fixed value.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Approach {
    Var(usize),
    Fixed(f64),
}

/// One unit's area cost term: its duty variable and its two approaches.
struct AreaTerm {
    q: usize,
    ends: [Approach; 2],
    u_kw_per_m2k: f64,
    law: AreaCost,
}

/// A linear equality row: sum coeff x + constant = 0.
struct Row {
    terms: Vec<(usize, f64)>,
}

pub struct StructureNlp<'a> {
    problem: &'a HensProblem,
    structure: &'a Structure,
    n: usize,
    lower: Vec<f64>,
    upper: Vec<f64>,
    rows: Vec<Row>,
    row_rhs: Vec<f64>,
    /// Each approach variable with its hot and cold temperature.
    approach_defs: Vec<(usize, Temp, Temp)>,
    area_terms: Vec<AreaTerm>,
    /// Linear objective coefficients (utility prices per kW).
    linear: Vec<(usize, f64)>,
    t_hot: Vec<Vec<Temp>>,
    t_cold: Vec<Vec<Temp>>,
    q_match: Vec<usize>,
    q_cooler: Vec<Option<usize>>,
    q_heater: Vec<Option<usize>>,
    hessian: Vec<(usize, usize)>,
    hessian_slot: HashMap<(usize, usize), usize>,
    /// Objective scale (1 / the starting TAC).
    scale: f64,
}

impl<'a> StructureNlp<'a> {
    /// The NLP of `structure` with approaches bounded below by `dt_min_k`.
    pub fn new(problem: &'a HensProblem, structure: &'a Structure, dt_min_k: f64) -> Self {
        let mut b = Builder::default();
        let k_n = structure.stages;
        let t_hot: Vec<Vec<Temp>> = problem
            .hot
            .iter()
            .zip(&structure.coolers)
            .map(|(s, &cooled)| {
                (0..=k_n)
                    .map(|k| match k {
                        0 => Temp::Fixed(s.t_in_k),
                        // Without a cooler the stream leaves the last stage at its target.
                        _ if k == k_n && !cooled => Temp::Fixed(s.t_out_k),
                        _ => Temp::Var(b.var(s.t_out_k, s.t_in_k)),
                    })
                    .collect()
            })
            .collect();
        let t_cold: Vec<Vec<Temp>> = problem
            .cold
            .iter()
            .zip(&structure.heaters)
            .map(|(s, &heated)| {
                (0..=k_n)
                    .map(|k| {
                        if k == k_n {
                            Temp::Fixed(s.t_in_k)
                        } else if k == 0 && !heated {
                            Temp::Fixed(s.t_out_k)
                        } else {
                            Temp::Var(b.var(s.t_in_k, s.t_out_k))
                        }
                    })
                    .collect()
            })
            .collect();
        let q_match: Vec<usize> = structure
            .matches
            .iter()
            .map(|m| {
                let cap = problem.hot[m.hot]
                    .duty_w()
                    .min(problem.cold[m.cold].duty_w())
                    / KW;
                b.var(0.0, cap)
            })
            .collect();
        let q_cooler: Vec<Option<usize>> = problem
            .hot
            .iter()
            .zip(&structure.coolers)
            .map(|(s, &on)| on.then(|| b.var(0.0, s.duty_w() / KW)))
            .collect();
        let q_heater: Vec<Option<usize>> = problem
            .cold
            .iter()
            .zip(&structure.heaters)
            .map(|(s, &on)| on.then(|| b.var(0.0, s.duty_w() / KW)))
            .collect();
        let mut nlp = StructureNlp {
            problem,
            structure,
            n: 0,
            lower: Vec::new(),
            upper: Vec::new(),
            rows: Vec::new(),
            row_rhs: Vec::new(),
            approach_defs: Vec::new(),
            area_terms: Vec::new(),
            linear: Vec::new(),
            t_hot,
            t_cold,
            q_match,
            q_cooler,
            q_heater,
            hessian: Vec::new(),
            hessian_slot: HashMap::new(),
            scale: 1.0,
        };
        nlp.balances(&mut b);
        nlp.units(&mut b, dt_min_k);
        nlp.n = b.lower.len();
        nlp.lower = b.lower;
        nlp.upper = b.upper;
        nlp.rows = b.rows;
        nlp.row_rhs = b.rhs;
        nlp.approach_defs = b.approach_defs;
        nlp.hessian_pattern();
        nlp
    }

    fn balances(&mut self, b: &mut Builder) {
        let p = self.problem;
        let k_n = self.structure.stages;
        for (i, s) in p.hot.iter().enumerate() {
            let f = s.f_w_per_k / KW;
            for k in 0..k_n {
                let mut terms = Vec::new();
                let mut rhs = 0.0;
                add_temp(&mut terms, &mut rhs, self.t_hot[i][k], f);
                add_temp(&mut terms, &mut rhs, self.t_hot[i][k + 1], -f);
                for (m, q) in self.structure.matches.iter().zip(&self.q_match) {
                    if m.hot == i && m.stage == k {
                        terms.push((*q, -1.0));
                    }
                }
                b.row(terms, rhs);
            }
            if let Some(q) = self.q_cooler[i] {
                let mut terms = vec![(q, -1.0)];
                let mut rhs = -f * s.t_out_k;
                add_temp(&mut terms, &mut rhs, self.t_hot[i][k_n], f);
                b.row(terms, rhs);
            }
        }
        for (j, s) in p.cold.iter().enumerate() {
            let f = s.f_w_per_k / KW;
            for k in 0..k_n {
                let mut terms = Vec::new();
                let mut rhs = 0.0;
                add_temp(&mut terms, &mut rhs, self.t_cold[j][k], f);
                add_temp(&mut terms, &mut rhs, self.t_cold[j][k + 1], -f);
                for (m, q) in self.structure.matches.iter().zip(&self.q_match) {
                    if m.cold == j && m.stage == k {
                        terms.push((*q, -1.0));
                    }
                }
                b.row(terms, rhs);
            }
            if let Some(q) = self.q_heater[j] {
                let mut terms = vec![(q, -1.0)];
                let mut rhs = f * s.t_out_k;
                add_temp(&mut terms, &mut rhs, self.t_cold[j][0], -f);
                b.row(terms, rhs);
            }
        }
    }

    fn units(&mut self, b: &mut Builder, dt_min_k: f64) {
        let p = self.problem;
        let k_n = self.structure.stages;
        let mut approaches: HashMap<(usize, usize, usize), Approach> = HashMap::new();
        for (m, &q) in self.structure.matches.iter().zip(&self.q_match) {
            let spec = p.unit_spec(Some(m.hot), Some(m.cold));
            let dt_min = dt_min_k + spec.dt_extra_k;
            let mut ends = [Approach::Fixed(0.0); 2];
            for (e, at) in [m.stage, m.stage + 1].into_iter().enumerate() {
                let (th, tc) = (self.t_hot[m.hot][at], self.t_cold[m.cold][at]);
                ends[e] = *approaches
                    .entry((m.hot, m.cold, at))
                    .or_insert_with(|| b.approach(th, tc, dt_min));
            }
            self.area_terms.push(AreaTerm {
                q,
                ends,
                u_kw_per_m2k: spec.u_w_per_m2k / KW,
                law: spec.cost,
            });
        }
        for (i, s) in p.hot.iter().enumerate() {
            if let (Some(q), Some(cu)) = (self.q_cooler[i], &p.cold_utility) {
                let spec = p.unit_spec(Some(i), None);
                let dt_min = dt_min_k + spec.dt_extra_k;
                let hot_end = b.approach(self.t_hot[i][k_n], Temp::Fixed(cu.t_out_k), dt_min);
                let cold_end = Approach::Fixed(s.t_out_k - cu.t_in_k);
                self.area_terms.push(AreaTerm {
                    q,
                    ends: [hot_end, cold_end],
                    u_kw_per_m2k: spec.u_w_per_m2k / KW,
                    law: spec.cost,
                });
                self.linear.push((q, cu.price_per_w_yr * KW));
            }
        }
        for (j, s) in p.cold.iter().enumerate() {
            if let (Some(q), Some(hu)) = (self.q_heater[j], &p.hot_utility) {
                let spec = p.unit_spec(None, Some(j));
                let dt_min = dt_min_k + spec.dt_extra_k;
                let hot_end = Approach::Fixed(hu.t_in_k - s.t_out_k);
                let cold_end = b.approach(Temp::Fixed(hu.t_out_k), self.t_cold[j][0], dt_min);
                self.area_terms.push(AreaTerm {
                    q,
                    ends: [hot_end, cold_end],
                    u_kw_per_m2k: spec.u_w_per_m2k / KW,
                    law: spec.cost,
                });
                self.linear.push((q, hu.price_per_w_yr * KW));
            }
        }
    }

    fn term_vars(term: &AreaTerm) -> Vec<usize> {
        let mut v = vec![term.q];
        for e in term.ends {
            if let Approach::Var(x) = e {
                v.push(x);
            }
        }
        v
    }

    fn hessian_pattern(&mut self) {
        for t in &self.area_terms {
            let vars = Self::term_vars(t);
            for (a, &va) in vars.iter().enumerate() {
                for &vb in &vars[..=a] {
                    let key = (va.max(vb), va.min(vb));
                    if !self.hessian_slot.contains_key(&key) {
                        self.hessian_slot.insert(key, self.hessian.len());
                        self.hessian.push(key);
                    }
                }
            }
        }
    }

    /// The variables' values at `point` (a feasible start when the point satisfies the structure).
    pub fn start(&self, point: &Point) -> Vec<f64> {
        let mut x = vec![0.0; self.n];
        for (i, row) in self.t_hot.iter().enumerate() {
            for (k, t) in row.iter().enumerate() {
                if let Temp::Var(v) = t {
                    x[*v] = point.t_hot[i][k];
                }
            }
        }
        for (j, row) in self.t_cold.iter().enumerate() {
            for (k, t) in row.iter().enumerate() {
                if let Temp::Var(v) = t {
                    x[*v] = point.t_cold[j][k];
                }
            }
        }
        for (v, q) in self.q_match.iter().zip(&point.q_match_w) {
            x[*v] = q / KW;
        }
        for (v, q) in self.q_cooler.iter().zip(&point.q_cooler_w) {
            if let Some(v) = v {
                x[*v] = q / KW;
            }
        }
        for (v, q) in self.q_heater.iter().zip(&point.q_heater_w) {
            if let Some(v) = v {
                x[*v] = q / KW;
            }
        }
        // Approach variables from their temperatures.
        for (dt, hot, cold) in &self.approach_defs {
            let value = |t: &Temp, x: &[f64]| match t {
                Temp::Var(v) => x[*v],
                Temp::Fixed(value) => *value,
            };
            x[*dt] = value(hot, &x) - value(cold, &x);
        }
        for (v, x) in x.iter_mut().enumerate() {
            *x = x.clamp(self.lower[v], self.upper[v]);
        }
        x
    }

    /// The point of a solution `x`.
    pub fn point(&self, x: &[f64]) -> Point {
        let temps = |rows: &Vec<Vec<Temp>>| -> Vec<Vec<f64>> {
            rows.iter()
                .map(|row| {
                    row.iter()
                        .map(|t| match t {
                            Temp::Var(v) => x[*v],
                            Temp::Fixed(value) => *value,
                        })
                        .collect()
                })
                .collect()
        };
        let duty = |v: &Option<usize>| v.map_or(0.0, |v| x[v] * KW);
        Point {
            t_hot: temps(&self.t_hot),
            t_cold: temps(&self.t_cold),
            q_match_w: self.q_match.iter().map(|v| x[*v] * KW).collect(),
            q_cooler_w: self.q_cooler.iter().map(duty).collect(),
            q_heater_w: self.q_heater.iter().map(duty).collect(),
        }
    }

    /// Solves from `start` (the scale is set from the objective there).
    pub fn solve(
        &mut self,
        start: &[f64],
        settings: &IpoptSettings,
    ) -> Result<NlpSolution, String> {
        self.scale = 1.0;
        let at_start = self.objective(start);
        self.scale = if at_start.is_finite() && at_start > 1.0 {
            1.0 / at_start
        } else {
            1.0
        };
        let mut solution = solve(self, start, settings)?;
        solution.objective /= self.scale;
        Ok(solution)
    }

    fn term_value<D: DualNum<Primitive = f64> + Copy>(term: &AreaTerm, q_kw: D, dt: [D; 2]) -> D {
        let area = q_kw / (lmtd(dt[0], dt[1]) * term.u_kw_per_m2k);
        term.law.variable(area, AREA_SMOOTHING_M2)
    }

    /// The term at x with a hyper-dual seed on two of its local variables (a, b), `None` for none.
    fn term_dual(term: &AreaTerm, x: &[f64], seeds: [Option<usize>; 2]) -> HyperDual64 {
        let seeded = |local: usize, value: f64| {
            let e1 = if seeds[0] == Some(local) { 1.0 } else { 0.0 };
            let e2 = if seeds[1] == Some(local) { 1.0 } else { 0.0 };
            HyperDual64::new(value, e1, e2, 0.0)
        };
        let q = seeded(0, x[term.q]);
        let mut local = 1;
        let mut dt = [HyperDual64::from(0.0); 2];
        for (e, end) in term.ends.iter().enumerate() {
            dt[e] = match end {
                Approach::Var(v) => {
                    let d = seeded(local, x[*v]);
                    local += 1;
                    d
                }
                Approach::Fixed(value) => HyperDual64::from(*value),
            };
        }
        Self::term_value(term, q, dt)
    }

    fn fixed_costs(&self) -> f64 {
        self.area_terms.iter().map(|t| t.law.fixed_per_yr()).sum()
    }
}

fn add_temp(terms: &mut Vec<(usize, f64)>, rhs: &mut f64, t: Temp, coeff: f64) {
    match t {
        Temp::Var(v) => terms.push((v, coeff)),
        Temp::Fixed(value) => *rhs += coeff * value,
    }
}

#[derive(Default)]
struct Builder {
    lower: Vec<f64>,
    upper: Vec<f64>,
    rows: Vec<Row>,
    rhs: Vec<f64>,
    approach_defs: Vec<(usize, Temp, Temp)>,
}

impl Builder {
    fn var(&mut self, lo: f64, hi: f64) -> usize {
        self.lower.push(lo);
        self.upper.push(hi);
        self.lower.len() - 1
    }

    fn row(&mut self, terms: Vec<(usize, f64)>, rhs: f64) {
        self.rows.push(Row { terms });
        self.rhs.push(rhs);
    }

    /// dT = t_hot - t_cold as a variable bounded below by `dt_min_k` (or a fixed value if both are fixed).
    fn approach(&mut self, hot: Temp, cold: Temp, dt_min_k: f64) -> Approach {
        if let (Temp::Fixed(h), Temp::Fixed(c)) = (hot, cold) {
            return Approach::Fixed(h - c);
        }
        let dt = self.var(dt_min_k, 1e4);
        let mut terms = vec![(dt, 1.0)];
        let mut rhs = 0.0;
        add_temp(&mut terms, &mut rhs, hot, -1.0);
        add_temp(&mut terms, &mut rhs, cold, 1.0);
        self.row(terms, rhs);
        self.approach_defs.push((dt, hot, cold));
        Approach::Var(dt)
    }
}

impl Nlp for StructureNlp<'_> {
    fn bounds(&self) -> (Vec<f64>, Vec<f64>) {
        (self.lower.clone(), self.upper.clone())
    }

    fn constraint_bounds(&self) -> (Vec<f64>, Vec<f64>) {
        let rhs: Vec<f64> = self.row_rhs.iter().map(|r| -r).collect();
        (rhs.clone(), rhs)
    }

    fn objective(&self, x: &[f64]) -> f64 {
        let linear: f64 = self.linear.iter().map(|(v, c)| c * x[*v]).sum();
        let area: f64 = self
            .area_terms
            .iter()
            .map(|t| {
                let dt = t.ends.map(|e| match e {
                    Approach::Var(v) => x[v],
                    Approach::Fixed(value) => value,
                });
                Self::term_value(t, x[t.q], dt)
            })
            .sum();
        (linear + area + self.fixed_costs()) * self.scale
    }

    fn gradient(&self, x: &[f64], grad: &mut [f64]) {
        grad.fill(0.0);
        for (v, c) in &self.linear {
            grad[*v] += c * self.scale;
        }
        for t in &self.area_terms {
            for (local, &v) in Self::term_vars(t).iter().enumerate() {
                grad[v] += Self::term_dual(t, x, [Some(local), None]).eps1 * self.scale;
            }
        }
    }

    fn constraints(&self, x: &[f64], g: &mut [f64]) {
        for (r, row) in self.rows.iter().enumerate() {
            g[r] = row.terms.iter().map(|(v, c)| c * x[*v]).sum();
        }
    }

    fn jacobian_structure(&self) -> Vec<(usize, usize)> {
        self.rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| row.terms.iter().map(move |(v, _)| (r, *v)))
            .collect()
    }

    fn jacobian_values(&self, _x: &[f64], values: &mut [f64]) {
        let coeffs = self
            .rows
            .iter()
            .flat_map(|row| row.terms.iter().map(|t| t.1));
        for (slot, c) in values.iter_mut().zip(coeffs) {
            *slot = c;
        }
    }

    fn hessian_structure(&self) -> Vec<(usize, usize)> {
        self.hessian.clone()
    }

    fn hessian_values(&self, x: &[f64], obj_factor: f64, _lambda: &[f64], values: &mut [f64]) {
        values.fill(0.0);
        for t in &self.area_terms {
            let vars = Self::term_vars(t);
            for a in 0..vars.len() {
                for b in 0..=a {
                    let d2 = Self::term_dual(t, x, [Some(a), Some(b)]).eps1eps2;
                    let key = (vars[a].max(vars[b]), vars[a].min(vars[b]));
                    if let Some(&slot) = self.hessian_slot.get(&key) {
                        values[slot] += obj_factor * self.scale * d2;
                    }
                }
            }
        }
    }
}
