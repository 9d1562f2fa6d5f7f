//! Reduced Helmholtz energy of a pure fluid, `alpha(delta, tau) = alpha0 + alphar`, from the term lists of
//! CoolProp 8's fluid files, and its partial derivatives.
//!
//! `delta = rho / rho_red`, `tau = T_red / T` (molar density, reducing state of the equation of state).
//! Every term is written once, generic over a dual number, so that exact first and second derivatives come
//! from [`num_dual::HyperDual64`] without hand-derived formulas (the same approach as feos).
//!
//! Properties follow from the derivatives (Span, "Multiparameter Equations of State", 2000, table 3.3):
//!
//! ```text
//! p   = rho R T (1 + delta ar_d)
//! h   = R T (1 + tau (a0_t + ar_t) + delta ar_d)
//! s   = R (tau (a0_t + ar_t) - a0 - ar)
//! cv  = -R tau^2 (a0_tt + ar_tt)
//! dp/drho|T = R T (1 + 2 delta ar_d + delta^2 ar_dd)
//! dp/dT|rho = rho R (1 + delta ar_d - delta tau ar_dt)
//! ```

use num_dual::{DualNum, HyperDual64};
use serde_json::Value;

/// One term of the ideal-gas part `alpha0(delta, tau) = ln(delta) + sum f_i(tau)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum IdealTerm {
    /// `a1 + a2 tau` (the `ln(delta)` of CoolProp's "Lead" term is added once by [`Helmholtz`]).
    Linear { a1: f64, a2: f64 },
    /// `a ln(tau)`
    LogTau { a: f64 },
    /// `n tau^t`
    Power { n: f64, t: f64 },
    /// `n ln(1 - exp(-theta tau))`, `theta` reduced by the reducing temperature.
    PlanckEinstein { n: f64, theta: f64 },
    /// Ideal-gas heat capacity `cp0/R = c T^t` integrated twice; `tau0 = T_c / T_0` (CoolProp's CP0PolyT).
    Cp0PolyT { c: f64, t: f64, tc: f64, t0: f64 },
}

/// One term of the residual part `alphar(delta, tau)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ResidualTerm {
    /// `n delta^d tau^t exp(-g delta^l)` (`g = 0` for a plain polynomial term; also exp(-tau^m) when m > 0)
    Power {
        n: f64,
        d: i32,
        t: f64,
        l: i32,
        g: f64,
        m: f64,
    },
    /// `n delta^d tau^t exp(-eta (delta - epsilon)^2 - beta (tau - gamma)^2)`
    Gaussian {
        n: f64,
        d: i32,
        t: f64,
        eta: f64,
        epsilon: f64,
        beta: f64,
        gamma: f64,
    },
    /// `n delta^d tau^t exp(eta (delta - epsilon)^2 + 1 / (beta (tau - gamma)^2 + b))` (Gao et al. 2020, ammonia)
    GaoB {
        n: f64,
        d: i32,
        t: f64,
        eta: f64,
        epsilon: f64,
        beta: f64,
        gamma: f64,
        b: f64,
    },
    /// Non-analytic critical term of Span & Wagner (CO2) and IAPWS-95 (water):
    /// `n Delta^b delta psi`, `theta = (1 - tau) + A ((delta-1)^2)^(1/(2 beta))`,
    /// `Delta = theta^2 + B ((delta-1)^2)^a`, `psi = exp(-C (delta-1)^2 - D (tau-1)^2)`.
    NonAnalytic {
        n: f64,
        a: f64,
        b: f64,
        beta: f64,
        big_a: f64,
        big_b: f64,
        big_c: f64,
        big_d: f64,
    },
}

/// Why a term list could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TermError {
    #[error("term {index} has no \"type\"")]
    MissingType { index: usize },
    #[error("term type \"{kind}\" is not supported")]
    Unsupported { kind: String },
    #[error("term \"{kind}\": key \"{key}\" is missing or not a number (list)")]
    BadKey { kind: String, key: String },
    #[error("term \"{kind}\": the lists have different lengths")]
    Ragged { kind: String },
    #[error(
        "the ideal-gas part has {count} \"IdealGasHelmholtzLead\" terms; exactly one is needed"
    )]
    Lead { count: usize },
}

/// The reduced Helmholtz energy of one fluid.
#[derive(Clone, Debug)]
pub(crate) struct Helmholtz {
    ideal: Vec<IdealTerm>,
    residual: Vec<ResidualTerm>,
}

/// `alpha0` and `alphar` with their derivatives at one `(delta, tau)`; `_d` = d/d delta, `_t` = d/d tau.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Derivatives {
    pub a0: f64,
    pub a0_t: f64,
    pub a0_tt: f64,
    pub ar: f64,
    pub ar_d: f64,
    pub ar_t: f64,
    pub ar_dd: f64,
    pub ar_dt: f64,
    pub ar_tt: f64,
}

impl Helmholtz {
    /// Reads CoolProp's `alpha0` and `alphar` lists. `t_red` converts Planck-Einstein temperatures given in
    /// kelvin (`IdealGasHelmholtzPlanckEinsteinFunctionT`) to reduced ones.
    pub(crate) fn from_coolprop(alpha0: &[Value], alphar: &[Value]) -> Result<Self, TermError> {
        let mut ideal = Vec::new();
        let mut leads = 0;
        for (index, term) in alpha0.iter().enumerate() {
            let kind = term_kind(term, index)?;
            leads += usize::from(kind == "IdealGasHelmholtzLead");
            ideal_terms(term, kind, &mut ideal)?;
        }
        if leads != 1 {
            return Err(TermError::Lead { count: leads });
        }
        let mut residual = Vec::new();
        for (index, term) in alphar.iter().enumerate() {
            residual_terms(term, term_kind(term, index)?, &mut residual)?;
        }
        Ok(Self { ideal, residual })
    }

    /// `alphar` for any dual number type (`tau > 0` always; see [`Powers`]).
    fn alphar<D: DualNum<Primitive = f64> + Copy>(&self, delta: D, tau: D) -> D {
        let powers = Powers::new(delta, tau);
        let mut sum = D::from(0.0);
        for term in &self.residual {
            sum += term.evaluate(delta, tau, &powers);
        }
        sum
    }

    /// `alpha0 - ln(delta)` for any dual number type.
    fn alpha0_tau<D: DualNum<Primitive = f64> + Copy>(&self, tau: D) -> D {
        let mut sum = D::from(0.0);
        for term in &self.ideal {
            sum += term.evaluate(tau);
        }
        sum
    }

    /// `alphar`, `alphar_delta`, `alphar_delta_delta` at fixed `tau`: all a density solve needs.
    pub(crate) fn residual_along_delta(&self, delta: f64, tau: f64) -> (f64, f64, f64) {
        let d = HyperDual64::new(delta, 1.0, 1.0, 0.0);
        let r = self.alphar(d, HyperDual64::from(tau));
        (r.re, r.eps1, r.eps1eps2)
    }

    /// `alpha0`, `alphar` and their first derivatives and the mixed second derivative (one pass).
    pub(crate) fn first(&self, delta: f64, tau: f64) -> Derivatives {
        let d = HyperDual64::new(delta, 1.0, 0.0, 0.0);
        let t = HyperDual64::new(tau, 0.0, 1.0, 0.0);
        let r = self.alphar(d, t);
        let i = self.alpha0_tau(HyperDual64::new(tau, 1.0, 1.0, 0.0));
        Derivatives {
            a0: delta.ln() + i.re,
            a0_t: i.eps1,
            a0_tt: i.eps1eps2,
            ar: r.re,
            ar_d: r.eps1,
            ar_t: r.eps2,
            ar_dt: r.eps1eps2,
            ..Derivatives::default()
        }
    }

    /// All derivatives up to second order (three passes).
    pub(crate) fn full(&self, delta: f64, tau: f64) -> Derivatives {
        let mut all = self.first(delta, tau);
        all.ar_dd = self.residual_along_delta(delta, tau).2;
        let t = HyperDual64::new(tau, 1.0, 1.0, 0.0);
        all.ar_tt = self.alphar(HyperDual64::from(delta), t).eps1eps2;
        all
    }
}

impl IdealTerm {
    fn evaluate<D: DualNum<Primitive = f64> + Copy>(&self, tau: D) -> D {
        match *self {
            IdealTerm::Linear { a1, a2 } => tau * a2 + a1,
            IdealTerm::LogTau { a } => tau.ln() * a,
            IdealTerm::Power { n, t } => tau.powf(t) * n,
            IdealTerm::PlanckEinstein { n, theta } => (-(-tau * theta).exp()).ln_1p() * n,
            IdealTerm::Cp0PolyT { c, t, tc, t0 } => {
                let tau0 = tc / t0;
                if t.abs() < 1e-12 {
                    // cp0/R = c: alpha0 = c - c tau/tau0 + c ln(tau/tau0)
                    (-tau / tau0 + 1.0 + (tau / tau0).ln()) * c
                } else if (t + 1.0).abs() < 1e-12 {
                    // cp0/R = c / T: alpha0 = c tau/Tc ln(tau0/tau) + c (tau - tau0)/Tc
                    ((tau / tau0).ln() * (-tau / tc) + (tau - tau0) / tc) * c
                } else {
                    // cp0/R = c T^t: alpha0 = -c Tc^t tau^-t/(t(t+1)) - c T0^(t+1) tau/(Tc(t+1)) + c T0^t/t
                    (tau.powf(-t) * (-tc.powf(t) / (t * (t + 1.0)))
                        - tau * (t0.powf(t + 1.0) / (tc * (t + 1.0)))
                        + t0.powf(t) / t)
                        * c
                }
            }
        }
    }
}

/// How a term's `delta^d tau^t` is computed: from `ln(delta)` and `ln(tau)` (at a positive density), as a
/// part of the term's exponent, `delta^d tau^t exp(u) = exp(d ln(delta) + t ln(tau) + u)`, so that each term
/// costs one `exp` instead of a `powi`, a `powf` and an `exp` (the form of CoolProp's
/// ResidualHelmholtzGeneralizedExponential); or, at zero density, where `ln(delta)` has no derivative, as a
/// factor `delta^d tau^t`.
#[derive(Clone, Copy)]
enum Powers<D> {
    Logs { delta: D, tau: D },
    Direct { delta: D, tau: D },
}

impl<D: DualNum<Primitive = f64> + Copy> Powers<D> {
    fn new(delta: D, tau: D) -> Self {
        if delta.re() > 0.0 {
            Powers::Logs {
                delta: delta.ln(),
                tau: tau.ln(),
            }
        } else {
            Powers::Direct { delta, tau }
        }
    }

    /// `n delta^d tau^t exp(exponent)`.
    #[inline(always)]
    fn term(&self, n: f64, d: i32, t: f64, exponent: D) -> D {
        match *self {
            Powers::Logs { delta, tau } => {
                let mut e = exponent;
                if d != 0 {
                    e += delta * f64::from(d);
                }
                if t != 0.0 {
                    e += tau * t;
                }
                e.exp() * n
            }
            Powers::Direct { delta, tau } => delta.powi(d) * tau.powf(t) * exponent.exp() * n,
        }
    }

    /// `tau^m`.
    #[inline(always)]
    fn tau_pow(&self, m: f64) -> D {
        match *self {
            Powers::Logs { tau, .. } => (tau * m).exp(),
            Powers::Direct { tau, .. } => tau.powf(m),
        }
    }
}

impl ResidualTerm {
    fn evaluate<D: DualNum<Primitive = f64> + Copy>(
        &self,
        delta: D,
        tau: D,
        powers: &Powers<D>,
    ) -> D {
        match *self {
            ResidualTerm::Power { n, d, t, l, g, m } => {
                let mut exponent = D::from(0.0);
                if g != 0.0 {
                    exponent -= delta.powi(l) * g;
                }
                if m > 0.0 {
                    exponent -= powers.tau_pow(m);
                }
                powers.term(n, d, t, exponent)
            }
            ResidualTerm::Gaussian {
                n,
                d,
                t,
                eta,
                epsilon,
                beta,
                gamma,
            } => {
                let dd = delta - epsilon;
                let dt = tau - gamma;
                powers.term(n, d, t, -(dd * dd) * eta - dt * dt * beta)
            }
            ResidualTerm::GaoB {
                n,
                d,
                t,
                eta,
                epsilon,
                beta,
                gamma,
                b,
            } => {
                let dd = delta - epsilon;
                let dt = tau - gamma;
                powers.term(n, d, t, dd * dd * eta + (dt * dt * beta + b).recip())
            }
            ResidualTerm::NonAnalytic {
                n,
                a,
                b,
                beta,
                big_a,
                big_b,
                big_c,
                big_d,
            } => {
                let dm1 = delta - 1.0;
                let dm1_sq = dm1 * dm1;
                let tm1 = tau - 1.0;
                let psi = (-dm1_sq * big_c - tm1 * tm1 * big_d).exp();
                let theta = -tau + 1.0 + dm1_sq.powf(0.5 / beta) * big_a;
                let big_delta = theta * theta + dm1_sq.powf(a) * big_b;
                big_delta.powf(b) * delta * psi * n
            }
        }
    }
}

/// The ideal-gas terms of one CoolProp `alpha0` entry of type `kind`.
fn ideal_terms(term: &Value, kind: &str, ideal: &mut Vec<IdealTerm>) -> Result<(), TermError> {
    let get = |key: &str| numbers(term, kind, key);
    match kind {
        "IdealGasHelmholtzLead" | "IdealGasHelmholtzEnthalpyEntropyOffset" => {
            ideal.push(IdealTerm::Linear {
                a1: scalar(term, kind, "a1")?,
                a2: scalar(term, kind, "a2")?,
            })
        }
        "IdealGasHelmholtzLogTau" => ideal.push(IdealTerm::LogTau {
            a: scalar(term, kind, "a")?,
        }),
        "IdealGasHelmholtzPower" => {
            for [n, t] in zipped(kind, [get("n")?, get("t")?])? {
                ideal.push(IdealTerm::Power { n, t });
            }
        }
        "IdealGasHelmholtzPlanckEinstein" => {
            for [n, theta] in zipped(kind, [get("n")?, get("t")?])? {
                ideal.push(IdealTerm::PlanckEinstein { n, theta });
            }
        }
        "IdealGasHelmholtzPlanckEinsteinFunctionT" => {
            let t_crit = scalar(term, kind, "Tcrit")?;
            for [n, v] in zipped(kind, [get("n")?, get("v")?])? {
                ideal.push(IdealTerm::PlanckEinstein {
                    n,
                    theta: v / t_crit,
                });
            }
        }
        "IdealGasHelmholtzCP0Constant" => ideal.push(IdealTerm::Cp0PolyT {
            c: scalar(term, kind, "cp_over_R")?,
            t: 0.0,
            tc: scalar(term, kind, "Tc")?,
            t0: scalar(term, kind, "T0")?,
        }),
        "IdealGasHelmholtzCP0PolyT" => {
            let tc = scalar(term, kind, "Tc")?;
            let t0 = scalar(term, kind, "T0")?;
            for [c, t] in zipped(kind, [get("c")?, get("t")?])? {
                ideal.push(IdealTerm::Cp0PolyT { c, t, tc, t0 });
            }
        }
        other => {
            return Err(TermError::Unsupported {
                kind: other.to_string(),
            });
        }
    }
    Ok(())
}

/// The residual terms of one CoolProp `alphar` entry of type `kind`.
fn residual_terms(
    term: &Value,
    kind: &str,
    residual: &mut Vec<ResidualTerm>,
) -> Result<(), TermError> {
    let get = |key: &str| numbers(term, kind, key);
    let zeros = |len: usize| vec![0.0; len];
    match kind {
        "ResidualHelmholtzPower" | "ResidualHelmholtzLemmon2005" => {
            let n = get("n")?;
            let m = if kind == "ResidualHelmholtzLemmon2005" {
                get("m")?
            } else {
                zeros(n.len())
            };
            for [n, d, t, l, m] in zipped(kind, [n, get("d")?, get("t")?, get("l")?, m])? {
                let g = if l != 0.0 { 1.0 } else { 0.0 };
                residual.push(ResidualTerm::Power {
                    n,
                    d: d as i32,
                    t,
                    l: l as i32,
                    g,
                    m,
                });
            }
        }
        "ResidualHelmholtzExponential" => {
            let columns = [get("n")?, get("d")?, get("t")?, get("l")?, get("g")?];
            for [n, d, t, l, g] in zipped(kind, columns)? {
                residual.push(ResidualTerm::Power {
                    n,
                    d: d as i32,
                    t,
                    l: l as i32,
                    g,
                    m: 0.0,
                });
            }
        }
        "ResidualHelmholtzGaussian" => {
            let columns = [
                get("n")?,
                get("d")?,
                get("t")?,
                get("eta")?,
                get("epsilon")?,
                get("beta")?,
                get("gamma")?,
            ];
            for [n, d, t, eta, epsilon, beta, gamma] in zipped(kind, columns)? {
                residual.push(ResidualTerm::Gaussian {
                    n,
                    d: d as i32,
                    t,
                    eta,
                    epsilon,
                    beta,
                    gamma,
                });
            }
        }
        "ResidualHelmholtzGaoB" | "ResidualHelmholtzNonAnalytic" => {
            critical_region_terms(term, kind, residual)?
        }
        other => {
            return Err(TermError::Unsupported {
                kind: other.to_string(),
            });
        }
    }
    Ok(())
}

/// The residual terms of the critical region (`ResidualHelmholtzGaoB`, `ResidualHelmholtzNonAnalytic`).
fn critical_region_terms(
    term: &Value,
    kind: &str,
    residual: &mut Vec<ResidualTerm>,
) -> Result<(), TermError> {
    let get = |key: &str| numbers(term, kind, key);
    match kind {
        "ResidualHelmholtzGaoB" => {
            let columns = [
                get("n")?,
                get("d")?,
                get("t")?,
                get("eta")?,
                get("epsilon")?,
                get("beta")?,
                get("gamma")?,
                get("b")?,
            ];
            for [n, d, t, eta, epsilon, beta, gamma, b] in zipped(kind, columns)? {
                residual.push(ResidualTerm::GaoB {
                    n,
                    d: d as i32,
                    t,
                    eta,
                    epsilon,
                    beta,
                    gamma,
                    b,
                });
            }
        }
        "ResidualHelmholtzNonAnalytic" => {
            let columns = [
                get("n")?,
                get("a")?,
                get("b")?,
                get("beta")?,
                get("A")?,
                get("B")?,
                get("C")?,
                get("D")?,
            ];
            for [n, a, b, beta, big_a, big_b, big_c, big_d] in zipped(kind, columns)? {
                residual.push(ResidualTerm::NonAnalytic {
                    n,
                    a,
                    b,
                    beta,
                    big_a,
                    big_b,
                    big_c,
                    big_d,
                });
            }
        }
        other => {
            return Err(TermError::Unsupported {
                kind: other.to_string(),
            });
        }
    }
    Ok(())
}

fn term_kind(term: &Value, index: usize) -> Result<&str, TermError> {
    term.get("type")
        .and_then(Value::as_str)
        .ok_or(TermError::MissingType { index })
}

fn scalar(term: &Value, kind: &str, key: &str) -> Result<f64, TermError> {
    term.get(key)
        .and_then(Value::as_f64)
        .ok_or_else(|| TermError::BadKey {
            kind: kind.to_string(),
            key: key.to_string(),
        })
}

fn numbers(term: &Value, kind: &str, key: &str) -> Result<Vec<f64>, TermError> {
    let bad = || TermError::BadKey {
        kind: kind.to_string(),
        key: key.to_string(),
    };
    match term.get(key) {
        Some(Value::Array(items)) => items.iter().map(|v| v.as_f64().ok_or_else(bad)).collect(),
        Some(v) => v.as_f64().map(|x| vec![x]).ok_or_else(bad),
        None => Err(bad()),
    }
}

/// Transposes equally long columns into rows.
fn zipped<const N: usize>(kind: &str, columns: [Vec<f64>; N]) -> Result<Vec<[f64; N]>, TermError> {
    let len = columns[0].len();
    if columns.iter().any(|c| c.len() != len) {
        return Err(TermError::Ragged {
            kind: kind.to_string(),
        });
    }
    Ok((0..len)
        .map(|i| std::array::from_fn(|k| columns[k][i]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The derivatives from dual numbers agree with central finite differences (an independent check of the
    /// pass layout, not of the physics).
    #[test]
    fn dual_derivatives_match_finite_differences() {
        let alphar = vec![
            json!({"type": "ResidualHelmholtzPower", "n": [0.5, -1.2], "d": [1, 2], "t": [0.25, 1.5], "l": [0, 1]}),
            json!({"type": "ResidualHelmholtzGaussian", "n": [0.3], "d": [2], "t": [1.1], "eta": [1.0], "epsilon": [0.9], "beta": [1.2], "gamma": [1.1]}),
        ];
        let alpha0 = vec![
            json!({"type": "IdealGasHelmholtzLead", "a1": 1.0, "a2": 2.0}),
            json!({"type": "IdealGasHelmholtzLogTau", "a": 3.0}),
            json!({"type": "IdealGasHelmholtzPlanckEinstein", "n": [1.5], "t": [2.5]}),
        ];
        let eos = Helmholtz::from_coolprop(&alpha0, &alphar).unwrap();
        let (delta, tau, h) = (0.7, 1.3, 1e-5);
        let d = eos.full(delta, tau);
        let ar = |dl: f64, tu: f64| eos.first(dl, tu).ar;
        let a0 = |tu: f64| eos.first(delta, tu).a0;
        let fd_d = (ar(delta + h, tau) - ar(delta - h, tau)) / (2.0 * h);
        let fd_t = (ar(delta, tau + h) - ar(delta, tau - h)) / (2.0 * h);
        let fd_dd = (ar(delta + h, tau) - 2.0 * d.ar + ar(delta - h, tau)) / (h * h);
        let fd_tt = (ar(delta, tau + h) - 2.0 * d.ar + ar(delta, tau - h)) / (h * h);
        let fd_dt = (ar(delta + h, tau + h) - ar(delta + h, tau - h) - ar(delta - h, tau + h)
            + ar(delta - h, tau - h))
            / (4.0 * h * h);
        let fd_a0_t = (a0(tau + h) - a0(tau - h)) / (2.0 * h);
        for (exact, approx) in [
            (d.ar_d, fd_d),
            (d.ar_t, fd_t),
            (d.ar_dd, fd_dd),
            (d.ar_tt, fd_tt),
            (d.ar_dt, fd_dt),
            (d.a0_t, fd_a0_t),
        ] {
            assert!((exact - approx).abs() < 1e-5, "{exact} vs {approx}");
        }
    }

    /// The exponent form of `delta^d tau^t` ([`Powers::Logs`]) gives the value and every derivative of the
    /// direct products ([`Powers::Direct`], the terms as their papers write them) to rounding, for each kind
    /// of term with a power part: polynomial, exponential, `exp(-tau^m)`, Gaussian and Gao's.
    #[test]
    fn exponent_form_matches_the_direct_products() {
        let terms = [
            ResidualTerm::Power {
                n: 0.5,
                d: 1,
                t: 0.25,
                l: 0,
                g: 0.0,
                m: 0.0,
            },
            ResidualTerm::Power {
                n: -1.2,
                d: 2,
                t: 1.5,
                l: 2,
                g: 1.0,
                m: 0.0,
            },
            ResidualTerm::Power {
                n: 0.04,
                d: 3,
                t: 2.5,
                l: 0,
                g: 0.0,
                m: 1.7,
            },
            ResidualTerm::Power {
                n: 0.7,
                d: 0,
                t: 0.0,
                l: 1,
                g: 1.0,
                m: 0.0,
            },
            ResidualTerm::Gaussian {
                n: 0.3,
                d: 2,
                t: 1.1,
                eta: 1.0,
                epsilon: 0.9,
                beta: 1.2,
                gamma: 1.1,
            },
            ResidualTerm::GaoB {
                n: -0.2,
                d: 1,
                t: 0.9,
                eta: -0.7,
                epsilon: 1.3,
                beta: -1.5,
                gamma: 1.2,
                b: 0.8,
            },
        ];
        let delta = HyperDual64::new(0.7, 1.0, 0.0, 0.0);
        let tau = HyperDual64::new(1.3, 0.0, 1.0, 0.0);
        let logs = Powers::new(delta, tau);
        assert!(matches!(logs, Powers::Logs { .. }));
        let direct = Powers::Direct { delta, tau };
        for term in terms {
            let (a, b) = (
                term.evaluate(delta, tau, &logs),
                term.evaluate(delta, tau, &direct),
            );
            for (x, y) in [
                (a.re, b.re),
                (a.eps1, b.eps1),
                (a.eps2, b.eps2),
                (a.eps1eps2, b.eps1eps2),
            ] {
                assert!(
                    (x - y).abs() <= 1e-13 * y.abs().max(1e-3),
                    "{term:?}: {x} vs {y}"
                );
            }
        }
        // At zero density the direct form is used: no NaN from ln(0).
        let zero = HyperDual64::new(0.0, 1.0, 0.0, 0.0);
        let value = terms[1].evaluate(zero, tau, &Powers::new(zero, tau));
        assert!(value.re == 0.0 && value.eps1.is_finite());
    }

    #[test]
    fn unknown_term_is_an_error() {
        let bad = vec![json!({"type": "ResidualHelmholtzSomethingNew", "n": [1.0]})];
        let lead = vec![json!({"type": "IdealGasHelmholtzLead", "a1": 1.0, "a2": 2.0})];
        assert!(matches!(
            Helmholtz::from_coolprop(&lead, &bad),
            Err(TermError::Unsupported { .. })
        ));
        let ragged = vec![
            json!({"type": "ResidualHelmholtzPower", "n": [1.0, 2.0], "d": [1], "t": [1.0], "l": [0]}),
        ];
        assert!(matches!(
            Helmholtz::from_coolprop(&lead, &ragged),
            Err(TermError::Ragged { .. })
        ));
        assert!(matches!(
            Helmholtz::from_coolprop(&[], &[]),
            Err(TermError::Lead { count: 0 })
        ));
    }
}
