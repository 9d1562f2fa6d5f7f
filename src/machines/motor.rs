//! The compressor's electric motor and drive: what turns shaft power into power at the meter.
//!
//! ```text
//! P_el = P_shaft / (eta_motor(P) eta_drive)
//! eta_motor(P) = (A x^3 + B x^2 + C x + D) / 100,   x = log10(P / 1 kW),   P in [0.75, 200] kW
//! ```
//!
//! the interpolation of IEC 60034-30-1 for the nominal efficiency of an efficiency class at rated power `P`
//! (50 Hz), with the coefficients of the class and pole count; above 200 kW the class's value at 200 kW
//! (the standard's table is constant from 200 to 1000 kW), below 0.75 kW its value at 0.75 kW.

use serde::{Deserialize, Serialize};

/// An efficiency class of electric motors over a range of rated powers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MotorClass {
    /// The IEC 60034-30-1 class, e.g. "IE3".
    pub class: String,
    /// Rated powers this class applies to (kW): the smallest class a regulation allows at each size.
    pub from_kw: f64,
    pub to_kw: f64,
    /// `[A, B, C, D]` of the interpolation, efficiency in %.
    pub coefficients: [f64; 4],
}

impl MotorClass {
    /// Nominal efficiency at rated power `p_w` (0..1).
    pub fn efficiency(&self, p_w: f64) -> f64 {
        let [a, b, c, d] = self.coefficients;
        let x = (p_w / 1e3).clamp(0.75, 200.0).log10();
        (a * x.powi(3) + b * x.powi(2) + c * x + d) / 100.0
    }
}

/// The motors a machine set buys: one class per range of rated power, the first range that holds the size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Motors {
    pub source: String,
    pub classes: Vec<MotorClass>,
}

impl Motors {
    /// The class and its nominal efficiency at rated shaft power `p_w`; the last class beyond every range.
    pub fn at(&self, p_w: f64) -> (&MotorClass, f64) {
        let kw = p_w / 1e3;
        let class = self
            .classes
            .iter()
            .find(|c| (c.from_kw..=c.to_kw).contains(&kw))
            .or(self.classes.last())
            .expect("a machine set has at least one motor class"); // invariant: checked on load
        (class, class.efficiency(p_w))
    }
}

/// The variable-speed drive (frequency converter) between the grid and the motor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drive {
    /// Full-load efficiency (0..1].
    pub efficiency: f64,
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// IE3, 4 poles, 50 Hz: A = 0.0773, B = -1.8951, C = 9.2984, D = 83.7025 (UK SI 2021/745, Schedule 16,
    /// Table 28, which copies EU Regulation 2019/1781 Annex I). The class's table values in a Siemens
    /// catalogue of IEC 60034-30:2008: 82.5 % at 0.75 kW and 90.4 % at 7.5 kW; the formula gives them to its
    /// rounding. Above 200 kW the value at 200 kW.
    #[test]
    fn ie3_four_pole_matches_the_published_table() {
        let ie3 = MotorClass {
            class: "IE3".into(),
            from_kw: 0.75,
            to_kw: 1000.0,
            coefficients: [0.0773, -1.8951, 9.2984, 83.7025],
        };
        assert!((ie3.efficiency(750.0) - 0.825).abs() < 0.0006);
        assert!((ie3.efficiency(7500.0) - 0.904).abs() < 0.0006);
        assert_eq!(ie3.efficiency(375e3), ie3.efficiency(200e3));
        assert!(ie3.efficiency(75e3) > ie3.efficiency(7500.0));
    }
}
