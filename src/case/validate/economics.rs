//! `[electricity]` and `[economics]`: grid prices and emissions, annualisation.

use super::checker::Checker;
use crate::case::file::{EconomicsFile, ElectricityFile};
use crate::case::{Economics, Electricity};
use crate::units::{g_per_kwh_to_kg_per_j, per_kwh_to_per_j};

/// `[electricity]` in SI.
pub(super) fn electricity(check: &mut Checker, e: &ElectricityFile) -> Electricity {
    Electricity {
        price_eur_per_j: per_kwh_to_per_j(check.number(
            "electricity",
            "price_eur_per_kwh",
            e.price_eur_per_kwh,
            e.price_eur_per_kwh >= 0.0,
            "a price >= 0",
        )),
        co2_kg_per_j: g_per_kwh_to_kg_per_j(check.number(
            "electricity",
            "co2_g_per_kwh",
            e.co2_g_per_kwh,
            e.co2_g_per_kwh >= 0.0,
            "an emission factor >= 0",
        )),
    }
}

/// `[economics]` in SI.
pub(super) fn economics(check: &mut Checker, e: &EconomicsFile) -> Economics {
    Economics {
        interest_rate_per_yr: check.number(
            "economics",
            "interest_rate_per_yr",
            e.interest_rate_per_yr,
            (0.0..1.0).contains(&e.interest_rate_per_yr),
            "a fraction per year in [0, 1), e.g. 0.06",
        ),
        lifetime_yr: check.number(
            "economics",
            "lifetime_yr",
            e.lifetime_yr,
            e.lifetime_yr > 0.0,
            "years > 0",
        ),
        operating_s_per_yr: 3600.0
            * check.number(
                "economics",
                "operating_h_per_yr",
                e.operating_h_per_yr,
                e.operating_h_per_yr > 0.0 && e.operating_h_per_yr <= 8784.0,
                "hours per year in (0, 8784]",
            ),
        co2_price_eur_per_kg: check.number(
            "economics",
            "co2_price_eur_per_t",
            e.co2_price_eur_per_t,
            e.co2_price_eur_per_t >= 0.0,
            "a price >= 0",
        ) / 1e3,
        cepci: check.number("economics", "cepci", e.cepci, e.cepci > 0.0, "an index > 0"),
        standby_boiler: e.standby_boiler,
    }
}
