//! A heat exchanger network synthesis problem: hot and cold streams of constant heat capacity flow rate, at
//! most one hot and one cold utility, the annualised cost of each exchanger, and the matches a case forbids.
//! SI inside (K, W/K, W/(m2 K), W); money per year in the problem's currency.
//!
//! An exchanger's overall coefficient and cost law come from [`Pricing`]: one law per kind of unit with
//! `U = 1 / (1/h_hot + 1/h_cold)` (the HENS benchmarks), or, for a heat pump design, the exchanger type
//! both sides' films ask for (`machines::pair_type`), `U` from the films in that type, and that type's
//! installed-cost curve of the case's cost set, annualised ([`AreaCost::Curve`]).

use crate::costs::Correlation;
use crate::machines::{ExchangerType, Film, pair_type};
use num_dual::DualNum;
use serde::Serialize;

/// A process stream of constant heat capacity flow rate between its supply and target temperatures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HensStream {
    pub name: String,
    pub t_in_k: f64,
    pub t_out_k: f64,
    /// Heat capacity flow rate F = m cp (W/K).
    pub f_w_per_k: f64,
    /// Film coefficient (W/(m2 K)) under [`Pricing::ByKind`].
    pub h_w_per_m2k: f64,
    /// Its film by exchanger type under [`Pricing::ByType`].
    #[serde(skip)]
    pub film: Option<Film>,
    /// Half the approach this stream needs (K): a unit's approaches are at least the sum of its two sides'
    /// plus the search's EMAT (MILP) or dT_min (NLP). 0 in the HENS benchmarks (one EMAT for all).
    pub dt_min_half_k: f64,
}

impl HensStream {
    /// A stream with one film coefficient and no approach of its own.
    pub fn new(name: &str, t_in_k: f64, t_out_k: f64, f_w_per_k: f64, h_w_per_m2k: f64) -> Self {
        HensStream {
            name: name.to_string(),
            t_in_k,
            t_out_k,
            f_w_per_k,
            h_w_per_m2k,
            film: None,
            dt_min_half_k: 0.0,
        }
    }

    /// Heat to remove (hot) or to add (cold) (W).
    pub fn duty_w(&self) -> f64 {
        self.f_w_per_k * (self.t_in_k - self.t_out_k).abs()
    }
}

/// A utility: inlet and outlet temperature (equal for steam or a refrigerant level), film, price.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HensUtility {
    pub name: String,
    pub t_in_k: f64,
    pub t_out_k: f64,
    pub h_w_per_m2k: f64,
    /// Price of the heat it delivers or removes (currency per W and year).
    pub price_per_w_yr: f64,
    /// As [`HensStream::dt_min_half_k`].
    pub dt_min_half_k: f64,
}

/// The annualised cost of one exchanger of area A: `fixed + coeff * A^exponent` (currency/yr, A in m2).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CostLaw {
    pub fixed_per_yr: f64,
    pub coeff_per_yr: f64,
    pub exponent: f64,
}

impl CostLaw {
    pub fn annual_cost(&self, area_m2: f64) -> f64 {
        self.fixed_per_yr + self.coeff_per_yr * area_m2.max(0.0).powf(self.exponent)
    }
}

/// The annualised cost of one exchanger as a function of its area, in one of two forms.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum AreaCost {
    /// `fixed + coeff A^exponent` (the HENS benchmarks).
    Law(CostLaw),
    /// `per_yr C(A)`: a cost set's purchased-cost correlation `C` (costs.rs) times the installation and
    /// project factors, the cost index and the annual factor (capital recovery + maintenance).
    Curve {
        correlation: Correlation,
        per_yr: f64,
    },
}

impl AreaCost {
    /// The part that does not grow with area (currency/yr): the benchmarks' fixed cost, Towler's `a`.
    pub fn fixed_per_yr(&self) -> f64 {
        match self {
            AreaCost::Law(law) => law.fixed_per_yr,
            AreaCost::Curve {
                correlation: Correlation::OffsetPowerLaw(o),
                per_yr,
            } => per_yr * o.a,
            AreaCost::Curve { .. } => 0.0,
        }
    }

    /// The exact annual cost at `area_m2` (currency/yr).
    pub fn annual_cost(&self, area_m2: f64) -> f64 {
        match self {
            AreaCost::Law(law) => law.annual_cost(area_m2),
            AreaCost::Curve {
                correlation,
                per_yr,
            } => {
                // An existing unit of vanishing area still costs its fixed part.
                per_yr * correlation.cost(area_m2.max(f64::MIN_POSITIVE))
            }
        }
    }

    /// The part growing with area, `annual_cost - fixed_per_yr`, smoothed at 0 by `e` m2 where its slope is
    /// infinite there (`(A + e)^n - e^n` for a power `n < 1`): the NLP's term, exact in dual numbers.
    pub fn variable<D: DualNum<Primitive = f64> + Copy>(&self, area_m2: D, e: f64) -> D {
        let power = |coeff: f64, n: f64| {
            if n == 1.0 {
                area_m2 * coeff
            } else {
                ((area_m2 + e).powf(n) - e.powf(n)) * coeff
            }
        };
        match self {
            AreaCost::Law(law) => power(law.coeff_per_yr, law.exponent),
            AreaCost::Curve {
                correlation,
                per_yr,
            } => match correlation {
                // C = c_ref (A / x_ref)^alpha.
                Correlation::PowerLaw(p) => {
                    power(per_yr * p.c_ref_eur / p.x_ref.powf(p.alpha), p.alpha)
                }
                // C = a + b A^n: a is fixed.
                Correlation::OffsetPowerLaw(o) => power(per_yr * o.b, o.n),
                // log10 C = k1 + k2 log10 A + k3 (log10 A)^2 above x_min; below, the power law of its
                // elasticity there (costs.rs), smoothed like any power.
                Correlation::LogQuadratic(q) => {
                    if area_m2.re() >= q.x_min {
                        let l = area_m2.log10();
                        // 10^x = e^(x ln 10).
                        ((l * l * q.k3 + l * q.k2 + q.k1) * std::f64::consts::LN_10).exp() * *per_yr
                    } else {
                        let at_min = correlation.cost(q.x_min);
                        let n = q.elasticity(q.x_min);
                        power(per_yr * at_min / q.x_min.powf(n), n)
                    }
                }
            },
        }
    }
}

/// How units are priced.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Pricing {
    /// One law per kind of unit; `U` from the two film coefficients.
    ByKind {
        recovery: CostLaw,
        heater: CostLaw,
        cooler: CostLaw,
    },
    /// By the exchanger type the two films ask for: the streams' and utilities' `film`, one cost per type
    /// (indexed by [`ExchangerType::index`]).
    ByType(Vec<AreaCost>),
}

/// What one possible unit is: its overall coefficient, its cost law, its type (`None`: the benchmarks'
/// single law), and the approach it needs beyond the search's own (K).
#[derive(Clone, Debug, PartialEq)]
pub struct UnitSpec {
    pub u_w_per_m2k: f64,
    pub cost: AreaCost,
    pub exchanger: Option<ExchangerType>,
    pub dt_extra_k: f64,
}

/// Which kind of exchanger a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Process stream to process stream.
    Recovery,
    /// Hot utility to a cold stream.
    Heater,
    /// A hot stream to the cold utility.
    Cooler,
}

/// The whole problem.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HensProblem {
    pub name: String,
    pub currency: String,
    pub hot: Vec<HensStream>,
    pub cold: Vec<HensStream>,
    /// `None`: no heaters (every cold stream is heated by hot streams alone).
    pub hot_utility: Option<HensUtility>,
    /// `None`: no coolers.
    pub cold_utility: Option<HensUtility>,
    pub pricing: Pricing,
    /// Matches (hot index, cold index) that may not exchange heat directly.
    pub forbidden: Vec<(usize, usize)>,
}

impl HensProblem {
    /// The unit between hot side `hot` and cold side `cold`, `None` for the utility (a heater has no hot
    /// stream, a cooler no cold one). A side without a film under [`Pricing::ByType`] counts as a
    /// shell-and-tube film of its `h_w_per_m2k`.
    pub fn unit_spec(&self, hot: Option<usize>, cold: Option<usize>) -> UnitSpec {
        let hot_side = hot.map(|i| {
            let s = &self.hot[i];
            (s.h_w_per_m2k, s.film.as_ref(), s.dt_min_half_k)
        });
        let cold_side = cold.map(|j| {
            let s = &self.cold[j];
            (s.h_w_per_m2k, s.film.as_ref(), s.dt_min_half_k)
        });
        let utility = |u: &Option<HensUtility>| {
            u.as_ref().map_or((f64::NAN, None, 0.0), |u| {
                (u.h_w_per_m2k, None, u.dt_min_half_k)
            })
        };
        let (h, c) = (
            hot_side.unwrap_or_else(|| utility(&self.hot_utility)),
            cold_side.unwrap_or_else(|| utility(&self.cold_utility)),
        );
        let dt_extra_k = h.2 + c.2;
        match &self.pricing {
            Pricing::ByKind {
                recovery,
                heater,
                cooler,
            } => {
                let law = match (hot, cold) {
                    (Some(_), Some(_)) => recovery,
                    (None, _) => heater,
                    (_, None) => cooler,
                };
                UnitSpec {
                    u_w_per_m2k: 1.0 / (1.0 / h.0 + 1.0 / c.0),
                    cost: AreaCost::Law(*law),
                    exchanger: None,
                    dt_extra_k,
                }
            }
            Pricing::ByType(costs) => {
                let fixed = |h: f64| Film::fixed(h);
                let fh = h.1.cloned().unwrap_or_else(|| fixed(h.0));
                let fc = c.1.cloned().unwrap_or_else(|| fixed(c.0));
                let t = pair_type(&fh, &fc);
                UnitSpec {
                    u_w_per_m2k: 1.0 / (1.0 / fh.h(t, false) + 1.0 / fc.h(t, false)),
                    cost: costs[t.index()].clone(),
                    exchanger: Some(t),
                    dt_extra_k,
                }
            }
        }
    }

    /// The cost law of the unit kind under [`Pricing::ByKind`].
    pub fn kind_law(&self, kind: UnitKind) -> Option<CostLaw> {
        match (&self.pricing, kind) {
            (Pricing::ByKind { recovery, .. }, UnitKind::Recovery) => Some(*recovery),
            (Pricing::ByKind { heater, .. }, UnitKind::Heater) => Some(*heater),
            (Pricing::ByKind { cooler, .. }, UnitKind::Cooler) => Some(*cooler),
            _ => None,
        }
    }

    pub fn allowed(&self, hot: usize, cold: usize) -> bool {
        !self.forbidden.contains(&(hot, cold))
    }

    /// What makes the problem ill-posed, in words naming the stream or utility and the fix.
    pub fn check(&self) -> Result<(), String> {
        if self.hot.is_empty() && self.cold.is_empty() {
            return Err("no process streams: give at least one hot or cold stream".into());
        }
        for s in &self.hot {
            check_stream(s, true)?;
        }
        for s in &self.cold {
            check_stream(s, false)?;
        }
        for u in self.hot_utility.iter().chain(&self.cold_utility) {
            let finite = [u.t_in_k, u.t_out_k, u.h_w_per_m2k, u.price_per_w_yr];
            if finite.iter().any(|v| !v.is_finite()) || u.h_w_per_m2k <= 0.0 {
                return Err(format!(
                    "utility \"{}\": temperatures, price and a positive film coefficient are needed",
                    u.name
                ));
            }
        }
        if let Some(hot_u) = &self.hot_utility
            && let Some(s) = self
                .cold
                .iter()
                .find(|s| hot_u.t_in_k.max(hot_u.t_out_k) <= s.t_out_k)
        {
            return Err(format!(
                "hot utility \"{}\" at {:.2} K cannot heat cold stream \"{}\" to {:.2} K: give a hotter utility",
                hot_u.name,
                hot_u.t_in_k.max(hot_u.t_out_k),
                s.name,
                s.t_out_k
            ));
        }
        if let Some(cold_u) = &self.cold_utility
            && let Some(s) = self
                .hot
                .iter()
                .find(|s| cold_u.t_in_k.min(cold_u.t_out_k) >= s.t_out_k)
        {
            return Err(format!(
                "cold utility \"{}\" at {:.2} K cannot cool hot stream \"{}\" to {:.2} K: give a colder utility",
                cold_u.name,
                cold_u.t_in_k.min(cold_u.t_out_k),
                s.name,
                s.t_out_k
            ));
        }
        let laws = match &self.pricing {
            Pricing::ByKind {
                recovery,
                heater,
                cooler,
            } => vec![*recovery, *heater, *cooler],
            Pricing::ByType(costs) => {
                if costs.len() != ExchangerType::ALL.len() {
                    return Err("one exchanger cost per exchanger type is needed".into());
                }
                Vec::new()
            }
        };
        for law in laws {
            let sane = law.fixed_per_yr >= 0.0
                && law.coeff_per_yr >= 0.0
                && law.exponent > 0.0
                && law.exponent <= 1.0;
            if !sane {
                return Err(format!(
                    "exchanger cost law {law:?}: fixed and area coefficients must be >= 0 and the exponent in (0, 1]"
                ));
            }
        }
        Ok(())
    }
}

fn check_stream(s: &HensStream, hot: bool) -> Result<(), String> {
    let side = if hot { "hot" } else { "cold" };
    let finite = [
        s.t_in_k,
        s.t_out_k,
        s.f_w_per_k,
        s.h_w_per_m2k,
        s.dt_min_half_k,
    ];
    if finite.iter().any(|v| !v.is_finite())
        || s.f_w_per_k <= 0.0
        || s.h_w_per_m2k <= 0.0
        || s.dt_min_half_k < 0.0
    {
        return Err(format!(
            "{side} stream \"{}\": temperatures, a positive heat capacity flow rate and a positive film coefficient are needed",
            s.name
        ));
    }
    if (hot && s.t_in_k <= s.t_out_k) || (!hot && s.t_in_k >= s.t_out_k) {
        return Err(format!(
            "{side} stream \"{}\" goes from {:.2} K to {:.2} K: a {side} stream must {} (swap its temperatures or its side)",
            s.name,
            s.t_in_k,
            s.t_out_k,
            if hot { "cool down" } else { "heat up" }
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::costs::{LogQuadratic, OffsetPowerLaw, PowerLaw};
    use num_dual::Dual64;

    /// The NLP's term plus the fixed part is the cost set's own curve (costs.rs `Correlation::cost`),
    /// for each form, below and above a log-quadratic's fitted range; and its derivative in dual numbers
    /// is the central difference of the curve.
    #[test]
    fn a_curves_nlp_term_is_the_curve_itself() {
        let curves = [
            Correlation::PowerLaw(PowerLaw {
                c_ref_eur: 15_526.0,
                x_ref: 42.0,
                alpha: 0.8,
            }),
            // Towler & Sinnott's plate exchanger (cost_sets/industrial-2026.toml).
            Correlation::OffsetPowerLaw(OffsetPowerLaw {
                a: 1600.0,
                b: 210.0,
                n: 0.95,
                x_min: 1.0,
                x_max: 500.0,
            }),
            // Turton's shell-and-tube (the same file).
            Correlation::LogQuadratic(LogQuadratic {
                k1: 4.3247,
                k2: -0.3030,
                k3: 0.1634,
                x_min: 10.0,
                x_max: 1000.0,
            }),
        ];
        for correlation in curves {
            let cost = AreaCost::Curve {
                correlation: correlation.clone(),
                per_yr: 0.2,
            };
            for area in [4.0, 10.5, 80.0, 700.0] {
                let exact = 0.2 * correlation.cost(area);
                let term = cost.fixed_per_yr() + cost.variable(area, 0.0);
                assert!(
                    (term - exact).abs() < 1e-9 * exact,
                    "{correlation:?} at {area}"
                );
                let h = 1e-5 * area;
                let slope =
                    0.2 * (correlation.cost(area + h) - correlation.cost(area - h)) / (2.0 * h);
                let dual = cost.variable(Dual64::new(area, 1.0), 0.0).eps;
                assert!(
                    (dual - slope).abs() < 1e-5 * slope.abs(),
                    "{correlation:?} at {area}"
                );
            }
        }
    }
}
