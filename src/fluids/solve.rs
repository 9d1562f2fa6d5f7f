//! One-dimensional root finding for the flashes.

/// Finds `x` in `[lo, hi]` with `f(x) = 0` for an increasing `f` with `f(lo) <= 0 <= f(hi)`.
///
/// `f` returns the value and its derivative. Newton steps are taken while they stay strictly inside the
/// current bracket and the slope is positive; otherwise the bracket is bisected (a safeguarded Newton
/// method, "rtsafe" of Press et al., Numerical Recipes, 3rd ed., §9.4). Converged when a step is below
/// `x_tol`. Returns `None` when `f` fails or after 200 iterations.
pub(crate) fn increasing_root(
    mut f: impl FnMut(f64) -> Option<(f64, f64)>,
    mut lo: f64,
    mut hi: f64,
    start: f64,
    x_tol: f64,
) -> Option<f64> {
    // A start on (or past) a bracket end is moved just inside: a root at the end (a saturated state) is
    // then found in one or two Newton steps instead of by bisection.
    let inset = 1e-10 * (hi - lo);
    let mut x = if start.is_finite() {
        start.clamp(lo + inset, hi - inset)
    } else {
        0.5 * (lo + hi)
    };
    for _ in 0..200 {
        let (value, slope) = f(x)?;
        if !value.is_finite() {
            return None;
        }
        if value == 0.0 {
            return Some(x);
        }
        if value < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let newton = x - value / slope;
        let next = if slope > 0.0 && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if (next - x).abs() <= x_tol || (hi - lo) <= x_tol {
            return Some(next);
        }
        x = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cubic_root_from_a_bad_start() {
        // x^3 - 2 = 0 on [0, 10]: root 2^(1/3) (closed form).
        let root = increasing_root(
            |x| Some((x * x * x - 2.0, 3.0 * x * x)),
            0.0,
            10.0,
            9.9,
            1e-14,
        );
        assert!((root.unwrap() - 2f64.powf(1.0 / 3.0)).abs() < 1e-12);
    }

    #[test]
    fn failing_function_gives_none() {
        assert!(increasing_root(|_| None, 0.0, 1.0, 0.5, 1e-12).is_none());
    }
}
