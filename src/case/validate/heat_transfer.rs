//! `[heat_transfer]` and each stream's and utility's film: a case's own coefficient, or its service's
//! from the machine set (water by default), and the `[[stream_rules]]` that give groups of streams their
//! service and loop.

use super::checker::Checker;
use crate::case::file::{HeatTransferFile, StreamRuleFile, UtilityFile};
use crate::case::{RefrigerantFilms, Stream, Utility};
use crate::machines::{Film, MachineSet, Service};

/// Every film coefficient of `[heat_transfer]` checked; the refrigerant's returned.
pub(super) fn refrigerant_films(check: &mut Checker, h: &HeatTransferFile) -> RefrigerantFilms {
    let mut one = |field: &str, v: Option<f64>| {
        v.map(|v| {
            check.number(
                "heat_transfer",
                field,
                v,
                v > 0.0,
                "a film coefficient in W/(m2 K) > 0, or leave it out for the machine set's by service",
            )
        })
    };
    one("stream_h_w_per_m2_k", h.stream_h_w_per_m2_k);
    one("utility_h_w_per_m2_k", h.utility_h_w_per_m2_k);
    RefrigerantFilms {
        boiling: one("boiling_h_w_per_m2_k", h.boiling_h_w_per_m2_k),
        condensing: one("condensing_h_w_per_m2_k", h.condensing_h_w_per_m2_k),
        gas: one("gas_h_w_per_m2_k", h.gas_h_w_per_m2_k),
        liquid: one("liquid_h_w_per_m2_k", h.liquid_h_w_per_m2_k),
    }
}

/// Gives the streams a rule selects its service and loop (a stream's own keys win), and reports a rule
/// that names a stream or unit the case does not have.
pub(super) fn apply_rules(check: &mut Checker, rules: &[StreamRuleFile], streams: &mut [Stream]) {
    for (i, rule) in rules.iter().enumerate() {
        let location = format!("stream_rules[{i}]");
        for name in &rule.streams {
            if !streams.iter().any(|s| &s.name == name) {
                check.report(
                    &location,
                    format!("no stream is named \"{name}\""),
                    "name a stream of the case",
                );
            }
        }
        for unit in &rule.units {
            if !streams.iter().any(|s| s.unit.as_ref() == Some(unit)) {
                check.report(
                    &location,
                    format!("no stream belongs to unit \"{unit}\""),
                    "name a unit of the stream CSV's unit column",
                );
            }
        }
        for s in streams.iter_mut() {
            let selected = rule.streams.contains(&s.name)
                || s.unit.as_ref().is_some_and(|u| rule.units.contains(u));
            if selected {
                s.service = s.service.or(rule.service);
                s.via_loop = s.via_loop.or(rule.via_loop);
            }
        }
    }
}

/// A film not yet known: the stream gives no coefficient of its own (resolved by [`resolve_films`]).
pub(super) fn unresolved() -> Film {
    Film {
        by_type: [None; 4],
        exchanger: None,
        wet_below_k: None,
        wet_by_type: [None; 4],
        refrigerant: false,
    }
}

/// The film of a stream or utility without a coefficient of its own: its service's, the case's default
/// coefficient, or water's.
fn film(
    check: &mut Checker,
    location: &str,
    service: Option<Service>,
    default: Option<f64>,
    set: &MachineSet,
) -> Film {
    if let (None, Some(h)) = (service, default) {
        return Film::fixed(h);
    }
    match set.service(service.unwrap_or(Service::Water)) {
        Ok(data) => data.film(false),
        Err(e) => {
            check.report(
                location,
                e,
                "give it its own h_w_per_m2_k, or name a machine set with the service",
            );
            Film::fixed(1.0)
        }
    }
}

/// Each stream's and utility's film, where it gives no coefficient of its own.
pub(super) fn resolve_films(
    check: &mut Checker,
    h: &HeatTransferFile,
    set: &MachineSet,
    streams: &mut [Stream],
    utilities: &mut [Utility],
    raw_utilities: &[UtilityFile],
) {
    for s in streams.iter_mut().filter(|s| !s.film.is_valid()) {
        s.film = film(check, &s.origin, s.service, h.stream_h_w_per_m2_k, set);
    }
    for (i, (u, raw)) in utilities.iter_mut().zip(raw_utilities).enumerate() {
        if !u.film.is_valid() {
            let location = format!("utilities[{i}] \"{}\"", u.name);
            u.film = film(check, &location, raw.service, h.utility_h_w_per_m2_k, set);
        }
    }
}
