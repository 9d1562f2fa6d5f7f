//! Utilities: use `0 <= Q_v <= Q_v,max` of every case utility v (kW in the model), and the investment in
//! utility capacity `I_v N_v`, with new capacity only above what a retrofit site has:
//! `N_v >= Q_v - C_v`, `N_v >= 0` (without installed capacity `N_v = Q_v`). With several operating periods
//! the capacity serves the largest use: `N_v >= Q_v,p - C_v` in every period p.

use super::{Formulation, KILO};
use crate::case::Case;
use good_lp::{Expression, Variable, constraint, variable};

/// One use variable per case utility, in case order.
pub(super) fn add_utility_use(f: &mut Formulation, case: &Case) -> Vec<Variable> {
    case.utilities
        .iter()
        .map(|u| {
            f.vars.add(
                variable()
                    .min(0.0)
                    .max(u.max_w.map_or(f64::INFINITY, |m| m / KILO)),
            )
        })
        .collect()
}

/// Investment in utility capacity over several periods (kEUR): `N_v` for every utility with an investment
/// cost, and a row per period.
pub(super) fn add_periods_utility_investment(
    f: &mut Formulation,
    case: &Case,
    utilities: &[Vec<Variable>],
) -> Expression {
    let mut utility_investment = Expression::from(0.0);
    let existing = case.site.as_ref().map(|s| &s.existing_utility_w);
    for (k, u) in case.utilities.iter().enumerate() {
        if u.investment_eur_per_w == 0.0 {
            continue;
        }
        let installed = existing.map_or(0.0, |e| e[k]);
        let new_capacity = f.vars.add(variable().min(0.0));
        for period in utilities {
            f.constraints
                .push(constraint!(new_capacity >= period[k] - installed / KILO));
        }
        utility_investment += u.investment_eur_per_w * new_capacity;
    }
    utility_investment
}

/// Investment in utility capacity (EUR per W times kW: kEUR), adding `N_v` and its row for every utility
/// with an investment cost that a retrofit site already has some capacity of.
pub(super) fn add_utility_investment(
    f: &mut Formulation,
    case: &Case,
    utilities: &[Variable],
) -> Expression {
    let mut utility_investment = Expression::from(0.0);
    let existing = case.site.as_ref().map(|s| &s.existing_utility_w);
    for (k, (u, v)) in case.utilities.iter().zip(utilities).enumerate() {
        if u.investment_eur_per_w == 0.0 {
            continue;
        }
        match existing.map_or(0.0, |e| e[k]) {
            c if c > 0.0 => {
                let new_capacity = f.vars.add(variable().min(0.0));
                f.constraints
                    .push(constraint!(new_capacity >= *v - c / KILO));
                utility_investment += u.investment_eur_per_w * new_capacity;
            }
            _ => utility_investment += u.investment_eur_per_w * *v,
        }
    }
    utility_investment
}
