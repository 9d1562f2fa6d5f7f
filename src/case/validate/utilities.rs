//! `[[utilities]]`: priced hot and cold utilities.

use super::checker::Checker;
use super::streams::{direction, kind};
use crate::case::file::{CaseFile, RefrigerationPlantFile, UtilityFile};
use crate::case::{StreamKind, Utility};
use crate::machines::{Film, MachineSet, PlantCycle, plant_cycle};
use crate::units::{celsius_to_kelvin, kilo_to_si, per_kwh_to_per_j};

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
        plant: None,
    }
}

/// Each cold utility made by a refrigeration plant takes its electricity per W of cold from the plant's
/// cycle on the machine set (`1 / COP_el`, plus its loop's pump), in `utilities` and in each period's copy.
pub(super) fn apply_plants(
    check: &mut Checker,
    raw: &CaseFile,
    set: &MachineSet,
    utilities: &mut [Utility],
    periods: &mut [crate::case::periods::Period],
) {
    for (i, u) in raw.utilities.iter().enumerate() {
        let Some(plant) = &u.refrigeration_plant else {
            continue;
        };
        let location = format!("utilities[{i}] \"{}\"", u.name);
        let Some(cycle) = plant_of(check, &location, u, plant, set) else {
            continue;
        };
        let pump = match plant.via_loop.map(|kind| set.loop_data(kind)) {
            None => 0.0,
            Some(Ok(data)) => data.pump_w_per_w,
            Some(Err(reason)) => {
                check.report(
                    format!("{location}.refrigeration_plant.loop"),
                    reason,
                    "name a loop of the machine set",
                );
                continue;
            }
        };
        // Compressor at the meter per W of cold, and the loop's pump.
        let e = 1.0 / cycle.cop_electric + pump;
        utilities[i].electricity_w_per_w = e;
        utilities[i].plant = Some(cycle.clone());
        for p in periods.iter_mut() {
            p.utilities[i].electricity_w_per_w = e;
            p.utilities[i].plant = Some(cycle.clone());
        }
    }
}

/// The plant's cycle, or the error that says which field to fix.
fn plant_of(
    check: &mut Checker,
    location: &str,
    u: &UtilityFile,
    plant: &RefrigerationPlantFile,
    set: &MachineSet,
) -> Option<PlantCycle> {
    let field = |f: &str| format!("{location}.refrigeration_plant.{f}");
    if kind(u.kind) != StreamKind::Cold {
        check.report(
            field("fluid"),
            "a refrigeration plant makes a cold utility",
            "set kind = \"cold\" or remove refrigeration_plant",
        );
        return None;
    }
    if u.electricity_kw_per_kw != 0.0 {
        check.report(
            format!("{location}.electricity_kw_per_kw"),
            "given twice: the refrigeration plant's cycle sets it",
            "remove electricity_kw_per_kw or refrigeration_plant",
        );
        return None;
    }
    if plant.capacity_kw.is_nan() || plant.capacity_kw <= 0.0 {
        check.report(
            field("capacity_kw"),
            "must be a cold duty in kW > 0 (it sizes the motor)",
            "give the plant's design cold duty",
        );
        return None;
    }
    let Ok(f) = crate::fluids::fluid(&plant.fluid) else {
        check.report(
            field("fluid"),
            format!("unknown fluid \"{}\"", plant.fluid),
            "name a fluid of `hpsynth fluids`, e.g. \"R717\"",
        );
        return None;
    };
    let t_evap = celsius_to_kelvin(plant.t_evaporating_c);
    if t_evap > u.t_in_c.min(u.t_out_c) + 273.15 {
        check.report(
            field("t_evaporating_c"),
            format!(
                "{} °C lies above the utility's coldest temperature {} °C",
                plant.t_evaporating_c,
                u.t_in_c.min(u.t_out_c)
            ),
            "evaporate below the utility's supply temperature",
        );
        return None;
    }
    match plant_cycle(
        set,
        f.as_ref(),
        t_evap,
        celsius_to_kelvin(plant.t_condensing_c),
        kilo_to_si(plant.capacity_kw),
    ) {
        Ok(cycle) => Some(cycle),
        Err(reason) => {
            check.report(
                field("t_condensing_c"),
                format!("the plant cannot run: {reason}"),
                "choose temperatures and a fluid the machine set has a compressor for",
            );
            None
        }
    }
}
