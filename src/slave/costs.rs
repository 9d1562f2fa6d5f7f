//! Capital cost of equipment: power-law correlations `C = C_ref (X / X_ref)^alpha` and their piecewise-linear
//! form for the MILP.
//!
//! For a machine with size variable `X` and breakpoints `b_0 < ... < b_K` (geometric between the smallest and
//! the largest useful size), segment binaries `z_i` and segment sizes `x_i`:
//!
//! ```text
//! b_{i-1} z_i <= x_i <= b_i z_i (i > 1),   0 <= x_1 <= b_1 z_1,   sum_i z_i <= 1,   X = sum_i x_i
//! cost = sum_i C(b_{i-1}) z_i + s_i (x_i - b_{i-1} z_i),   s_i = (C(b_i) - C(b_{i-1})) / (b_i - b_{i-1})
//! ```
//!
//! Each segment is the secant of the concave curve, so the MILP's cost is at most the correlation's, and
//! equal at the breakpoints. The first segment reaches down to zero size: below `b_0` its secant, whose
//! intercept `C(b_0) - s_1 b_0 > 0` acts as a fixed charge, lies above the curve's steep start. Reports give
//! both the linearised and the correlation cost of the design.

use serde::Serialize;

/// `C = c_ref_eur (X / x_ref)^alpha` (in the cost set's cost-index year).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PowerLaw {
    pub c_ref_eur: f64,
    pub x_ref: f64,
    pub alpha: f64,
    /// Unit of `X`, for reports.
    pub x_unit: &'static str,
}

impl PowerLaw {
    /// Cost at size `x` (0 at 0).
    pub fn cost(&self, x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            self.c_ref_eur * (x / self.x_ref).powf(self.alpha)
        }
    }
}

/// Overall heat-transfer coefficients by exchanger duty (W/(m2 K)).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeatTransfer {
    pub evaporator: f64,
    pub condenser: f64,
    pub desuperheater: f64,
    pub subcooler: f64,
    pub superheater: f64,
}

/// A documented set of cost correlations.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostSet {
    pub name: &'static str,
    pub source: &'static str,
    /// Compressor by suction volume flow (m3/h).
    pub compressor: PowerLaw,
    /// Heat exchanger by area (m2).
    pub exchanger: PowerLaw,
    /// Vessel (flash tank, economiser, pre-saturator) by volume (m3).
    pub vessel: PowerLaw,
    pub u_w_per_m2_k: HeatTransfer,
    /// Mean temperature difference used to size exchangers: `A = Q / (U dT_mean)` (K).
    pub dt_mean_k: f64,
    /// Liquid residence time that sizes a vessel: `V = t * (liquid volume flow)` (s).
    pub vessel_residence_s: f64,
    /// Segments of the piecewise-linear cost curve per machine.
    pub segments: usize,
    /// Chemical Engineering Plant Cost Index of the correlations' year.
    pub cepci: f64,
}

impl CostSet {
    /// Kosmadakis, Arpagaus, Neofytou & Bertsch, "Techno-economic analysis of high-temperature heat pumps
    /// with low-global warming potential refrigerants for upgrading waste heat up to 150 °C", Energy Convers.
    /// Manag. 226 (2020) 113488, as implemented in TU Berlin's `heatpumps` package (GitHub
    /// jfreissmann/heatpumps, `HeatPumpBase.calc_cost`, commit 00f6c45): compressor 19 850 EUR at 279.8 m3/h
    /// suction, exponent 0.73; every heat exchanger 15 526 EUR at 42 m2, exponent 0.80; flash tank 1 444 EUR
    /// at 0.089 m3, exponent 0.63, sized by 10 s residence time; reference year 2013 (CEPCI 567, the
    /// package's table). U: the package's defaults, 1500 W/(m2 K) evaporators, 3500 condensers, 50 other
    /// exchangers (gas-side limited; low for liquid-cooled after-coolers). The paper itself was not at hand:
    /// no validity range is known, so sizes are reported against the reference size only.
    pub fn kosmadakis_2020() -> CostSet {
        CostSet {
            name: "kosmadakis-2020",
            source: "Kosmadakis et al., Energy Convers. Manag. 226 (2020) 113488, via jfreissmann/heatpumps HeatPumpBase.calc_cost (commit 00f6c45); 2013 EUR, CEPCI 567",
            compressor: PowerLaw {
                c_ref_eur: 19_850.0,
                x_ref: 279.8,
                alpha: 0.73,
                x_unit: "m3/h",
            },
            exchanger: PowerLaw {
                c_ref_eur: 15_526.0,
                x_ref: 42.0,
                alpha: 0.80,
                x_unit: "m2",
            },
            vessel: PowerLaw {
                c_ref_eur: 1_444.0,
                x_ref: 0.089,
                alpha: 0.63,
                x_unit: "m3",
            },
            u_w_per_m2_k: HeatTransfer {
                evaporator: 1500.0,
                condenser: 3500.0,
                desuperheater: 50.0,
                subcooler: 50.0,
                superheater: 50.0,
            },
            dt_mean_k: 10.0,
            vessel_residence_s: 10.0,
            segments: 3,
            cepci: 567.0,
        }
    }
}

/// Breakpoints `b_0..b_K` geometric between `lo` and `hi`.
pub fn breakpoints(lo: f64, hi: f64, segments: usize) -> Vec<f64> {
    let k = segments.max(1);
    (0..=k)
        .map(|i| lo * (hi / lo).powf(i as f64 / k as f64))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secants_lie_below_a_concave_curve_and_meet_it_at_breakpoints() {
        let law = PowerLaw {
            c_ref_eur: 1000.0,
            x_ref: 1.0,
            alpha: 0.6,
            x_unit: "m2",
        };
        let b = breakpoints(0.1, 100.0, 3);
        assert!((b[0] - 0.1).abs() < 1e-12 && (b[3] - 100.0).abs() < 1e-9);
        for w in b.windows(2) {
            let slope = (law.cost(w[1]) - law.cost(w[0])) / (w[1] - w[0]);
            let mid = 0.5 * (w[0] + w[1]);
            let secant = law.cost(w[0]) + slope * (mid - w[0]);
            assert!(secant <= law.cost(mid));
        }
    }
}
