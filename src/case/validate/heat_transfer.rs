//! `[heat_transfer]`: the default film coefficients of streams and utilities, and those of the refrigerant.

use super::checker::Checker;
use crate::case::RefrigerantFilms;
use crate::case::file::HeatTransferFile;

/// Every film coefficient of `[heat_transfer]` checked; the refrigerant's returned.
pub(super) fn refrigerant_films(check: &mut Checker, h: &HeatTransferFile) -> RefrigerantFilms {
    let mut one = |field: &str, v: f64| {
        check.number(
            "heat_transfer",
            field,
            v,
            v > 0.0,
            "a film coefficient in W/(m2 K) > 0",
        )
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
