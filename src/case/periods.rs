//! Operating periods (`[[periods]]`, docs/case-format.md): seasons, campaigns and tariffs. A period is the
//! case as written with its own duties, temperatures, prices and utilities, and its share of the year;
//! [`Case::in_period`] gives it as a one-period case, which every single-period computation (targets, the
//! slave's blocks) takes as it is.

use super::{Case, Electricity, Stream, Utility};

/// One operating period, resolved (SI): the case's streams, utilities and electricity as they are in it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Period {
    pub name: String,
    /// Operating time of the period per year (s).
    pub operating_s_per_yr: f64,
    /// The case's streams, in case order, with this period's duties and temperatures.
    pub streams: Vec<Stream>,
    /// The case's utilities, in case order, with this period's temperatures and prices; one that is not
    /// available has a capacity of zero.
    pub utilities: Vec<Utility>,
    pub electricity: Electricity,
}

impl Case {
    /// The case as it operates in `period`: a one-period case with that period's streams, utilities,
    /// electricity and operating time.
    pub fn in_period(&self, period: &Period) -> Case {
        let mut case = Case {
            streams: period.streams.clone(),
            utilities: period.utilities.clone(),
            electricity: period.electricity,
            periods: Vec::new(),
            ..self.clone()
        };
        case.economics.operating_s_per_yr = period.operating_s_per_yr;
        case
    }

    /// One case per operating period, in period order; the case itself when it has no periods.
    pub fn period_cases(&self) -> Vec<Case> {
        if self.periods.is_empty() {
            vec![self.clone()]
        } else {
            self.periods.iter().map(|p| self.in_period(p)).collect()
        }
    }
}
