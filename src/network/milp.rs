//! The stage-wise superstructure as an MILP (Yee & Grossmann 1990, eqs. 1-12) whose only nonlinearity, the
//! area cost, is replaced by a linear cost per unit of duty. Its energy balances and approach constraints
//! are exact; HiGHS solves it. Duties in kW and temperatures in K inside the model (scaling); SI at its
//! boundary.
//!
//! ```text
//! min  sum_j c_hu q_hu,j + sum_i c_cu q_cu,i + sum CF z + sum_ijk a_ijk q_ijk + sum_i a_cu,i q_cu,i + sum_j a_hu,j q_hu,j
//! F_i (t_i,k - t_i,k+1) = sum_j q_ijk                  F_j (t_j,k - t_j,k+1) = sum_i q_ijk          (stage balances)
//! F_i (t_i,K - T_out,i) = q_cu,i                       F_j (T_out,j - t_j,0) = q_hu,j               (utilities)
//! t_i,0 = T_in,i   t_j,K = T_in,j                      t_i,k >= t_i,k+1   t_j,k >= t_j,k+1          (monotone)
//! q_ijk <= Omega_ij z_ijk                              Omega_ij = min(Q_i, Q_j)                   (logic)
//! t_i,k - t_j,k >= EMAT - Gamma_ij (1 - z_ijk)         and at k + 1                               (approach)
//! t_i,K - T_cu,out >= EMAT - Gamma (1 - z_cu,i)        T_hu,out - t_j,0 >= EMAT - Gamma (1 - z_hu,j)
//! sum_{b in B1} (1 - z_b) + sum_{b in B0} z_b >= 1     for every structure already visited (integer cut)
//! ```
//!
//! with `Gamma_ij = EMAT + max(0, T_out,j - T_out,i)`, the largest violation a non-existing match can have.
//! EMAT of a unit is the search's plus its two sides' own `dt_min_half_k` (0 in the benchmarks); without
//! a utility its units are fixed off.
//! `a` is the linearised area cost per kW ([`LinearAreaCost`]), which search.rs updates from each NLP.

use super::problem::HensProblem;
use super::structure::{Match, Point, Structure};
use crate::solver::{Outcome, SolveSettings, solve, variables_of};
use good_lp::{
    Expression, ProblemVariables, Solution, SolverModel, Variable, constraint, default_solver,
    variable,
};

const KW: f64 = 1000.0;

/// Linearised area cost per W of duty of every possible unit (currency/(W yr)).
#[derive(Clone, Debug, PartialEq)]
pub struct LinearAreaCost {
    /// `[hot][cold][stage]`.
    pub recovery: Vec<Vec<Vec<f64>>>,
    pub cooler: Vec<f64>,
    pub heater: Vec<f64>,
}

/// What the MILP is asked.
pub struct MilpInput<'a> {
    pub problem: &'a HensProblem,
    pub stages: usize,
    pub emat_k: f64,
    pub area_cost: &'a LinearAreaCost,
    /// Structures already visited (integer cuts).
    pub visited: &'a [Structure],
    pub settings: &'a SolveSettings,
}

struct Vars {
    t_hot: Vec<Vec<Variable>>,
    t_cold: Vec<Vec<Variable>>,
    q: Vec<Vec<Vec<Variable>>>,
    z: Vec<Vec<Vec<Variable>>>,
    q_cu: Vec<Variable>,
    z_cu: Vec<Variable>,
    q_hu: Vec<Variable>,
    z_hu: Vec<Variable>,
}

fn declare(vars: &mut ProblemVariables, input: &MilpInput) -> Vars {
    let p = input.problem;
    let k = input.stages;
    let temps = |vars: &mut ProblemVariables, lo: f64, hi: f64| -> Vec<Variable> {
        (0..=k)
            .map(|_| vars.add(variable().min(lo).max(hi)))
            .collect()
    };
    let t_hot = p
        .hot
        .iter()
        .map(|s| temps(vars, s.t_out_k, s.t_in_k))
        .collect();
    let t_cold = p
        .cold
        .iter()
        .map(|s| temps(vars, s.t_in_k, s.t_out_k))
        .collect();
    let mut q = Vec::new();
    let mut z = Vec::new();
    for (i, h) in p.hot.iter().enumerate() {
        let (mut qi, mut zi) = (Vec::new(), Vec::new());
        for (j, c) in p.cold.iter().enumerate() {
            let omega = h.duty_w().min(c.duty_w()) / KW;
            let allowed = p.allowed(i, j);
            let hi = if allowed { 1.0 } else { 0.0 };
            qi.push(
                (0..k)
                    .map(|_| vars.add(variable().min(0.0).max(omega * hi)))
                    .collect::<Vec<_>>(),
            );
            zi.push(
                (0..k)
                    .map(|_| vars.add(variable().binary().max(hi)))
                    .collect::<Vec<_>>(),
            );
        }
        q.push(qi);
        z.push(zi);
    }
    // Without a utility its units are fixed off.
    let (cooling, heating) = (
        f64::from(u8::from(p.cold_utility.is_some())),
        f64::from(u8::from(p.hot_utility.is_some())),
    );
    let q_cu = p
        .hot
        .iter()
        .map(|s| vars.add(variable().min(0.0).max(cooling * s.duty_w() / KW)))
        .collect();
    let z_cu = p
        .hot
        .iter()
        .map(|_| vars.add(variable().binary().max(cooling)))
        .collect();
    let q_hu = p
        .cold
        .iter()
        .map(|s| vars.add(variable().min(0.0).max(heating * s.duty_w() / KW)))
        .collect();
    let z_hu = p
        .cold
        .iter()
        .map(|_| vars.add(variable().binary().max(heating)))
        .collect();
    Vars {
        t_hot,
        t_cold,
        q,
        z,
        q_cu,
        z_cu,
        q_hu,
        z_hu,
    }
}

fn objective(v: &Vars, input: &MilpInput) -> Expression {
    let p = input.problem;
    let a = input.area_cost;
    let price =
        |u: &Option<super::problem::HensUtility>| u.as_ref().map_or(0.0, |u| u.price_per_w_yr);
    let fixed = |hot, cold| p.unit_spec(hot, cold).cost.fixed_per_yr();
    let mut cost = Expression::from(0.0);
    for i in 0..p.hot.len() {
        for j in 0..p.cold.len() {
            let fixed_ij = fixed(Some(i), Some(j));
            for k in 0..input.stages {
                cost += v.z[i][j][k] * fixed_ij + v.q[i][j][k] * (a.recovery[i][j][k] * KW);
            }
        }
        if p.cold_utility.is_some() {
            cost += v.z_cu[i] * fixed(Some(i), None)
                + v.q_cu[i] * ((price(&p.cold_utility) + a.cooler[i]) * KW);
        }
    }
    for j in 0..p.cold.len() {
        if p.hot_utility.is_some() {
            cost += v.z_hu[j] * fixed(None, Some(j))
                + v.q_hu[j] * ((price(&p.hot_utility) + a.heater[j]) * KW);
        }
    }
    cost
}

fn constraints(v: &Vars, input: &MilpInput) -> Vec<good_lp::Constraint> {
    let p = input.problem;
    let k_n = input.stages;
    let emat = input.emat_k;
    let mut out = Vec::new();
    for (i, h) in p.hot.iter().enumerate() {
        let f = h.f_w_per_k / KW;
        out.push(constraint!(v.t_hot[i][0] == h.t_in_k));
        for k in 0..k_n {
            let duty: Expression = (0..p.cold.len()).map(|j| v.q[i][j][k]).sum();
            out.push(constraint!(
                f * v.t_hot[i][k] - f * v.t_hot[i][k + 1] == duty
            ));
        }
        out.push(constraint!(
            f * v.t_hot[i][k_n] - f * h.t_out_k == v.q_cu[i]
        ));
        out.push(constraint!(v.q_cu[i] <= (h.duty_w() / KW) * v.z_cu[i]));
        if let Some(cu) = &p.cold_utility {
            let emat = emat + p.unit_spec(Some(i), None).dt_extra_k;
            let gamma = emat + (cu.t_out_k - h.t_out_k).max(0.0);
            out.push(constraint!(
                v.t_hot[i][k_n] - cu.t_out_k >= emat - gamma + gamma * v.z_cu[i]
            ));
        }
    }
    for (j, c) in p.cold.iter().enumerate() {
        let f = c.f_w_per_k / KW;
        out.push(constraint!(v.t_cold[j][k_n] == c.t_in_k));
        for k in 0..k_n {
            let duty: Expression = (0..p.hot.len()).map(|i| v.q[i][j][k]).sum();
            out.push(constraint!(
                f * v.t_cold[j][k] - f * v.t_cold[j][k + 1] == duty
            ));
        }
        out.push(constraint!(f * c.t_out_k - f * v.t_cold[j][0] == v.q_hu[j]));
        out.push(constraint!(v.q_hu[j] <= (c.duty_w() / KW) * v.z_hu[j]));
        if let Some(hu) = &p.hot_utility {
            let emat = emat + p.unit_spec(None, Some(j)).dt_extra_k;
            let gamma = emat + (c.t_out_k - hu.t_out_k).max(0.0);
            out.push(constraint!(
                hu.t_out_k - v.t_cold[j][0] >= emat - gamma + gamma * v.z_hu[j]
            ));
        }
    }
    for (i, h) in p.hot.iter().enumerate() {
        for (j, c) in p.cold.iter().enumerate() {
            let omega = h.duty_w().min(c.duty_w()) / KW;
            let emat = emat + h.dt_min_half_k + c.dt_min_half_k;
            let gamma = emat + (c.t_out_k - h.t_out_k).max(0.0);
            for k in 0..k_n {
                let z = v.z[i][j][k];
                out.push(constraint!(v.q[i][j][k] <= omega * z));
                for at in [k, k + 1] {
                    out.push(constraint!(
                        v.t_hot[i][at] - v.t_cold[j][at] >= emat - gamma + gamma * z
                    ));
                }
            }
        }
    }
    for s in input.visited {
        out.push(integer_cut(v, s, p));
    }
    out
}

/// Excludes exactly the binary assignment of `s`.
fn integer_cut(v: &Vars, s: &Structure, p: &HensProblem) -> good_lp::Constraint {
    let mut flips = Expression::from(0.0);
    for i in 0..p.hot.len() {
        for j in 0..p.cold.len() {
            for k in 0..s.stages {
                let on = s.matches.contains(&Match {
                    hot: i,
                    cold: j,
                    stage: k,
                });
                flips += if on {
                    1.0 - v.z[i][j][k]
                } else {
                    Expression::from(v.z[i][j][k])
                };
            }
        }
        flips += if s.coolers[i] {
            1.0 - v.z_cu[i]
        } else {
            Expression::from(v.z_cu[i])
        };
    }
    for j in 0..p.cold.len() {
        flips += if s.heaters[j] {
            1.0 - v.z_hu[j]
        } else {
            Expression::from(v.z_hu[j])
        };
    }
    constraint!(flips >= 1.0)
}

/// Solves the MILP: the structure it chose with its temperatures and duties and how the solve ended, or the
/// outcome without one.
pub fn solve_milp(input: &MilpInput) -> Result<(Structure, Point, Outcome), Outcome> {
    let p = input.problem;
    let mut vars = ProblemVariables::new();
    let v = declare(&mut vars, input);
    let variables = variables_of(&vars);
    let mut model = vars.minimise(objective(&v, input)).using(default_solver);
    for c in constraints(&v, input) {
        model.add_constraint(c);
    }
    let (outcome, values) = solve(model, &variables, input.settings, None);
    let Some(values) = values else {
        return Err(outcome);
    };
    let on = |x: Variable| values.value(x) > 0.5;
    let mut matches = Vec::new();
    let mut q_match_w = Vec::new();
    for i in 0..p.hot.len() {
        for j in 0..p.cold.len() {
            for k in 0..input.stages {
                if on(v.z[i][j][k]) {
                    matches.push(Match {
                        hot: i,
                        cold: j,
                        stage: k,
                    });
                    q_match_w.push(values.value(v.q[i][j][k]) * KW);
                }
            }
        }
    }
    let structure = Structure {
        stages: input.stages,
        matches,
        coolers: v.z_cu.iter().map(|&z| on(z)).collect(),
        heaters: v.z_hu.iter().map(|&z| on(z)).collect(),
    };
    let temps = |t: &Vec<Vec<Variable>>| -> Vec<Vec<f64>> {
        t.iter()
            .map(|row| row.iter().map(|&x| values.value(x)).collect())
            .collect()
    };
    let point = Point {
        t_hot: temps(&v.t_hot),
        t_cold: temps(&v.t_cold),
        q_match_w,
        q_cooler_w: v.q_cu.iter().map(|&x| values.value(x) * KW).collect(),
        q_heater_w: v.q_hu.iter().map(|&x| values.value(x) * KW).collect(),
    };
    Ok((structure, point, outcome))
}
