//! The problem collector and the checks every section shares: a finite number in range, a count in range, a
//! temperature, a film coefficient.

use crate::case::error::Problem;
use crate::units::celsius_to_kelvin;

/// Absolute zero in °C: no temperature may be below it.
const ABSOLUTE_ZERO_C: f64 = -273.15;

/// Collects problems while checking fields.
pub(super) struct Checker {
    pub(super) problems: Vec<Problem>,
}

impl Checker {
    pub(super) fn new() -> Checker {
        Checker {
            problems: Vec::new(),
        }
    }

    pub(super) fn report(
        &mut self,
        location: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.problems.push(Problem {
            location: location.into(),
            message: message.into(),
            fix: fix.into(),
        });
    }

    /// `value` must be finite and satisfy `ok`; otherwise a problem with `rule` as the fix.
    pub(super) fn number(
        &mut self,
        location: &str,
        field: &str,
        value: f64,
        ok: bool,
        rule: &str,
    ) -> f64 {
        if !value.is_finite() {
            self.report(
                format!("{location}.{field}"),
                format!("{value} is not a finite number"),
                format!("give {field} as a number: {rule}"),
            );
        } else if !ok {
            self.report(
                format!("{location}.{field}"),
                format!("{value} is out of range"),
                rule.to_string(),
            );
        }
        value
    }

    /// A count that must lie in `range`; otherwise a problem with `fix`.
    pub(super) fn count_in(
        &mut self,
        field: &str,
        value: usize,
        range: std::ops::RangeInclusive<usize>,
        fix: &str,
    ) -> usize {
        if !range.contains(&value) {
            self.report(field, format!("{value} is out of range"), fix);
        }
        value
    }

    /// A temperature in °C above absolute zero, returned in K.
    pub(super) fn temperature(&mut self, location: &str, field: &str, t_c: f64) -> f64 {
        self.number(
            location,
            field,
            t_c,
            t_c > ABSOLUTE_ZERO_C,
            "a temperature in °C above -273.15",
        );
        celsius_to_kelvin(t_c)
    }

    /// A film coefficient: finite and > 0.
    pub(super) fn film(&mut self, location: &str, h: f64) -> f64 {
        self.number(
            location,
            "h_w_per_m2_k",
            h,
            h > 0.0,
            "a film coefficient in W/(m2 K) > 0, e.g. 3000 for water",
        )
    }
}
