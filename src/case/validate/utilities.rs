//! `[[utilities]]`: priced hot and cold utilities.

use super::checker::Checker;
use super::streams::{direction, kind};
use crate::case::Utility;
use crate::case::file::{CaseFile, UtilityFile};
use crate::machines::Film;
use crate::units::{kilo_to_si, per_kwh_to_per_j};

/// Every utility of the case, named `utilities[i] "name"` in messages.
pub(super) fn all(check: &mut Checker, raw: &CaseFile) -> Vec<Utility> {
    raw.utilities
        .iter()
        .enumerate()
        .map(|(i, u)| utility(check, &format!("utilities[{i}] \"{}\"", u.name), u))
        .collect()
}

/// One utility in SI; its film is its own coefficient, or resolved later from its service
/// (heat_transfer.rs).
fn utility(check: &mut Checker, location: &str, u: &UtilityFile) -> Utility {
    let k = kind(u.kind);
    let t_in_k = check.temperature(location, "t_in_c", u.t_in_c);
    let t_out_k = check.temperature(location, "t_out_c", u.t_out_c);
    direction(check, location, k, u.t_in_c, u.t_out_c);
    let non_negative = |check: &mut Checker, field: &str, v: f64| {
        check.number(location, field, v, v >= 0.0, "a value >= 0")
    };
    Utility {
        name: u.name.clone(),
        kind: k,
        t_in_k,
        t_out_k,
        dt_min_half_k: non_negative(check, "dt_min_half_k", u.dt_min_half_k),
        price_eur_per_j: per_kwh_to_per_j(non_negative(
            check,
            "price_eur_per_kwh",
            u.price_eur_per_kwh,
        )),
        co2_kg_per_j: non_negative(check, "co2_kg_per_kwh", u.co2_kg_per_kwh) / 3.6e6,
        efficiency: check.number(
            location,
            "efficiency",
            u.efficiency,
            u.efficiency > 0.0,
            "heat per purchased energy > 0, e.g. 0.97 for a furnace",
        ),
        electricity_w_per_w: non_negative(check, "electricity_kw_per_kw", u.electricity_kw_per_kw),
        investment_eur_per_w: non_negative(check, "investment_eur_per_kw", u.investment_eur_per_kw)
            / 1e3,
        max_w: u.max_kw.map(|m| {
            kilo_to_si(check.number(location, "max_kw", m, m > 0.0, "a capacity in kW > 0"))
        }),
        film: match u.h_w_per_m2_k {
            Some(h) => Film::fixed(check.film(location, h)),
            None => super::heat_transfer::unresolved(),
        },
    }
}
