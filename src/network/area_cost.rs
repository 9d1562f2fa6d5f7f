//! The area of one counter-current exchanger and its annualised cost, generic over dual numbers so that the
//! NLP's gradient and Hessian are exact (num-dual):
//!
//! ```text
//! LMTD = (dT1 - dT2) / ln(dT1 / dT2)         dT1, dT2: the approaches at the two ends
//! U    = 1 / (1/h_hot + 1/h_cold)            (wall and fouling neglected, as in the benchmarks)
//! A    = q / (U LMTD)
//! cost = fixed + coeff A^exp
//! ```
//!
//! LMTD is exact (not Chen's or Paterson's approximation); near dT1 = dT2, where the quotient is 0/0, its
//! series in u = dT1/dT2 - 1 is used: LMTD = dT2 (1 + u/2 - u^2/12 + u^3/24 - 19 u^4/720 + O(u^5)).

use num_dual::DualNum;

/// Where the series replaces the quotient (its truncation error is below 1e-16 relative there).
const SERIES_BELOW: f64 = 1e-4;

/// Log-mean temperature difference of end approaches `dt1`, `dt2` (K, both > 0).
pub fn lmtd<D: DualNum<Primitive = f64> + Copy>(dt1: D, dt2: D) -> D {
    let u = dt1 / dt2 - 1.0;
    if u.re().abs() < SERIES_BELOW {
        let series = u * (u * (u * (u * (-19.0 / 720.0) + 1.0 / 24.0) - 1.0 / 12.0) + 0.5) + 1.0;
        dt2 * series
    } else {
        (dt1 - dt2) / (dt1 / dt2).ln()
    }
}

/// Overall coefficient of two films (W/(m2 K)).
pub fn overall_u(h_hot: f64, h_cold: f64) -> f64 {
    1.0 / (1.0 / h_hot + 1.0 / h_cold)
}

/// Area (m2) of an exchanger of duty `q_w` with end approaches `dt1`, `dt2`.
pub fn area<D: DualNum<Primitive = f64> + Copy>(q_w: D, dt1: D, dt2: D, u: f64) -> D {
    q_w / (lmtd(dt1, dt2) * u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_dual::{Dual64, DualNum};

    #[test]
    fn lmtd_of_textbook_values() {
        // (40 - 20) / ln 2 = 28.8539 K (by hand).
        assert!((lmtd(40.0_f64, 20.0) - 20.0 / 2f64.ln()).abs() < 1e-12);
        // Equal ends: LMTD is the approach itself.
        assert!((lmtd(10.0_f64, 10.0) - 10.0).abs() < 1e-14);
    }

    #[test]
    fn series_and_quotient_agree_where_they_meet() {
        for u in [0.99e-4, 1.01e-4, -0.99e-4, -1.01e-4] {
            let dt2 = 7.0;
            let dt1 = dt2 * (1.0 + u);
            let exact = (dt1 - dt2) / (dt1 / dt2).ln();
            assert!((lmtd::<f64>(dt1, dt2) - exact).abs() < 1e-9, "u = {u}");
        }
    }

    #[test]
    fn derivative_is_continuous_across_the_series() {
        let at = |dt1: f64| lmtd(Dual64::new(dt1, 1.0), Dual64::from_re(5.0)).eps;
        let (a, b) = (at(5.0 * (1.0 + 0.99e-4)), at(5.0 * (1.0 + 1.01e-4)));
        // d LMTD / d dT1 = 1/2 at dT1 = dT2.
        assert!((a - 0.5).abs() < 1e-4 && (b - 0.5).abs() < 1e-4, "{a} {b}");
    }
}
