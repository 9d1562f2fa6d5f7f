//! CoolProp 8's superancillary saturation curves: piecewise Chebyshev expansions in temperature of the
//! saturation pressure and of both phase densities, fitted to the equation of state's own phase equilibrium
//! (Bell & Deiters, "Superancillary equations for cubic equations of state" and CoolProp 8; the fluid
//! files state `p(SA)/p(EOS) - 1` below 1e-10 at their check points).
//!
//! On an interval `[x_min, x_max]`, with `u = (2 T - x_max - x_min) / (x_max - x_min)`,
//! `f(T) = sum_i c_i T_i(u)` where `T_i` are Chebyshev polynomials of the first kind; evaluated by
//! Clenshaw's recurrence.

use serde::Deserialize;

/// One Chebyshev expansion on `[xmin, xmax]` (K).
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Expansion {
    coef: Vec<f64>,
    xmin: f64,
    xmax: f64,
}

/// A piecewise expansion covering the whole saturation curve from the triple point to the critical point.
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub(crate) struct Piecewise {
    pieces: Vec<Expansion>,
}

/// The three saturation curves of one fluid.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Superancillary {
    #[serde(rename = "jexpansions_p")]
    pressure: Piecewise,
    #[serde(rename = "jexpansions_rhoL")]
    rho_liquid: Piecewise,
    #[serde(rename = "jexpansions_rhoV")]
    rho_vapour: Piecewise,
}

impl Expansion {
    fn value(&self, t: f64) -> f64 {
        let u = (2.0 * t - self.xmax - self.xmin) / (self.xmax - self.xmin);
        // Clenshaw: b_k = c_k + 2 u b_{k+1} - b_{k+2}; f = c_0 + u b_1 - b_2
        let (mut b1, mut b2) = (0.0, 0.0);
        for &c in self.coef.iter().skip(1).rev() {
            let b0 = c + 2.0 * u * b1 - b2;
            b2 = b1;
            b1 = b0;
        }
        self.coef.first().copied().unwrap_or(0.0) + u * b1 - b2
    }
}

impl Piecewise {
    /// Lowest and highest temperature covered (K).
    pub(crate) fn bounds(&self) -> (f64, f64) {
        let low = self
            .pieces
            .iter()
            .map(|e| e.xmin)
            .fold(f64::INFINITY, f64::min);
        let high = self
            .pieces
            .iter()
            .map(|e| e.xmax)
            .fold(f64::NEG_INFINITY, f64::max);
        (low, high)
    }

    /// Value at `t`; `None` outside the covered range.
    pub(crate) fn value(&self, t: f64) -> Option<f64> {
        self.pieces
            .iter()
            .find(|e| e.xmin <= t && t <= e.xmax)
            .map(|e| e.value(t))
    }

    fn is_valid(&self) -> bool {
        !self.pieces.is_empty()
            && self.pieces.iter().all(|e| {
                !e.coef.is_empty()
                    && e.xmin.is_finite()
                    && e.xmax.is_finite()
                    && e.xmin < e.xmax
                    && e.coef.iter().all(|c| c.is_finite())
            })
    }
}

/// Saturation values from the superancillaries (SI: K, Pa, mol/m3).
#[derive(Clone, Copy, Debug)]
pub(crate) struct SaturationCurves {
    pub p: f64,
    pub rho_liquid: f64,
    pub rho_vapour: f64,
}

impl Superancillary {
    /// Temperature range covered: from the triple point (or the equation's lowest temperature) to the
    /// critical temperature of the equation of state.
    pub(crate) fn bounds(&self) -> (f64, f64) {
        self.pressure.bounds()
    }

    /// Checks the expansions are complete and cover the same range.
    pub(crate) fn is_valid(&self) -> bool {
        self.pressure.is_valid()
            && self.rho_liquid.is_valid()
            && self.rho_vapour.is_valid()
            && self.rho_liquid.bounds() == self.pressure.bounds()
            && self.rho_vapour.bounds() == self.pressure.bounds()
    }

    /// Saturation pressure and phase densities at `t`; `None` outside [`Self::bounds`].
    pub(crate) fn at_temperature(&self, t: f64) -> Option<SaturationCurves> {
        Some(SaturationCurves {
            p: self.pressure.value(t)?,
            rho_liquid: self.rho_liquid.value(t)?,
            rho_vapour: self.rho_vapour.value(t)?,
        })
    }

    /// Saturation temperature at `p` by inverting the monotone `p_sat(T)`: bisection on the bracketing
    /// interval, then secant steps in `ln p` (quadratically convergent on a smooth curve). `None` when `p`
    /// lies outside the curve.
    pub(crate) fn temperature_at_pressure(&self, p: f64) -> Option<f64> {
        let (t_low, t_high) = self.bounds();
        let p_low = self.pressure.value(t_low)?;
        let p_high = self.pressure.value(t_high)?;
        if !(p >= p_low && p <= p_high) {
            return None;
        }
        let target = p.ln();
        let f = |t: f64| {
            self.pressure
                .value(t)
                .map(|v| v.max(f64::MIN_POSITIVE).ln() - target)
        };
        let (mut a, mut b) = (t_low, t_high);
        let (mut fa, mut fb) = (f(a)?, f(b)?);
        if fa == 0.0 {
            return Some(a);
        }
        if fb == 0.0 {
            return Some(b);
        }
        // Regula falsi with the Illinois modification: robust and converges in ~10 steps to 1e-12 K.
        let mut side = 0;
        for _ in 0..200 {
            let c = (a * fb - b * fa) / (fb - fa);
            let fc = f(c)?;
            if fc == 0.0 || (b - a).abs() < 1e-12 * c {
                return Some(c);
            }
            if fc.signum() == fb.signum() {
                b = c;
                fb = fc;
                if side == -1 {
                    fa *= 0.5;
                }
                side = -1;
            } else {
                a = c;
                fa = fc;
                if side == 1 {
                    fb *= 0.5;
                }
                side = 1;
            }
        }
        Some(0.5 * (a + b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `T_0 + T_1 + T_2` at `u = 0.5`: 1 + 0.5 + (2 * 0.25 - 1) = 1.0 (Chebyshev definition).
    #[test]
    fn clenshaw_matches_the_definition() {
        let e = Expansion {
            coef: vec![1.0, 1.0, 1.0],
            xmin: 0.0,
            xmax: 4.0,
        };
        // u = (2*3 - 4)/4 = 0.5
        assert!((e.value(3.0) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn inversion_recovers_the_temperature() {
        // p(T) = exp(T/100) on [200, 400] has T_0 and T_1 coefficients only if linear; use a linear p instead.
        let lin = |a: f64, b: f64| Expansion {
            coef: vec![a, b],
            xmin: 200.0,
            xmax: 400.0,
        };
        let sa = Superancillary {
            pressure: Piecewise {
                pieces: vec![lin(2000.0, 1000.0)],
            },
            rho_liquid: Piecewise {
                pieces: vec![lin(10.0, 0.0)],
            },
            rho_vapour: Piecewise {
                pieces: vec![lin(1.0, 0.0)],
            },
        };
        assert!(sa.is_valid());
        // p = 2000 + 1000 u, u = (T - 300)/100: p = 2500 at T = 350
        let t = sa.temperature_at_pressure(2500.0).unwrap();
        assert!((t - 350.0).abs() < 1e-9, "{t}");
        assert!(sa.temperature_at_pressure(100.0).is_none());
    }
}
