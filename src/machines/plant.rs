//! A refrigeration plant built from a machine set: the single-stage vapour-compression cycle a site without a
//! heat pump chills with, at the loads' own temperatures (a utility's `refrigeration_plant`).
//!
//! ```text
//! 1 saturated vapour at T_evap        2 the set's machine discharging at p_sat(T_cond)
//! 3 saturated liquid at T_cond        4 throttled: h_4 = h_3
//! COP_shaft = (h_1 - h_4) / w,   w = (h_2s - h_1) / eta_is(r)         (oil cooling takes heat, not work)
//! COP_el    = COP_shaft eta_motor(P_shaft) eta_drive,   P_shaft = Q_cold / COP_shaft
//! ```
//!
//! Of the set's technologies sold for the fluid and rated for the condensing pressure, within their ratio
//! and suction limits, the one of least shaft work runs the plant (the design's machines are chosen the
//! same way, by the MILP).

use super::{FluidFamily, MachineSet, Technology};
use crate::fluids::{FluidModel, Phase};
use serde::Serialize;

/// The plant's cycle worked out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlantCycle {
    pub technology: Technology,
    pub pressure_ratio: f64,
    pub eta_is: f64,
    pub cop_shaft: f64,
    /// Motor and drive efficiency at the plant's shaft power.
    pub electric_efficiency: f64,
    pub cop_electric: f64,
}

/// The plant of `set` chilling `q_cold_w` at `t_evap_k`, condensing at `t_cond_k`, or why it cannot exist.
pub fn plant_cycle(
    set: &MachineSet,
    fluid: &dyn FluidModel,
    t_evap_k: f64,
    t_cond_k: f64,
    q_cold_w: f64,
) -> Result<PlantCycle, String> {
    if t_cond_k <= t_evap_k {
        return Err("the condensing temperature must lie above the evaporating one".into());
    }
    let family = FluidFamily::of(&fluid.info().name);
    let evap = fluid
        .saturation_at_temperature(t_evap_k)
        .map_err(|e| e.to_string())?;
    let cond = fluid
        .saturation_at_temperature(t_cond_k)
        .map_err(|e| e.to_string())?;
    let (suction, liquid) = (evap.vapour, cond.liquid);
    let ratio = cond.p_pa / evap.p_pa;
    let isentropic = fluid
        .flash_ps(cond.p_pa, suction.s_j_per_kg_k)
        .map_err(|e| e.to_string())?;
    let mut why_not = Vec::new();
    let mut best: Option<(super::CompressorChoice, f64, f64)> = None;
    for choice in set.choices(&[]) {
        let data = &choice.data;
        let name = choice.technology.name();
        let limit = match data.rating_pa(family) {
            None => Some(format!("not sold for {} fluids", family.name())),
            Some(r) if cond.p_pa > r => Some(format!(
                "rated to {:.0} kPa, below {:.0}",
                r / 1e3,
                cond.p_pa / 1e3
            )),
            Some(_) if ratio > data.max_pressure_ratio => Some(format!(
                "pressure ratio {ratio:.2} above its {:.1}",
                data.max_pressure_ratio
            )),
            Some(_) if evap.p_pa < data.min_suction_pressure_kpa.unwrap_or(0.0) * 1e3 => {
                Some("suction below its minimum".into())
            }
            Some(_) => None,
        };
        if let Some(reason) = limit {
            why_not.push(format!("{name}: {reason}"));
            continue;
        }
        match data.compress_to(fluid, &suction, &isentropic) {
            Ok(c) if matches!(c.outlet.phase, Phase::Vapour) => {
                let within = data
                    .max_discharge_temperature_c
                    .is_none_or(|t| c.outlet.t_k <= crate::units::celsius_to_kelvin(t));
                if !within {
                    why_not.push(format!("{name}: discharge above its limit"));
                } else if best
                    .as_ref()
                    .is_none_or(|(_, w, _)| c.shaft_work_j_per_kg < *w)
                {
                    best = Some((choice.clone(), c.shaft_work_j_per_kg, c.eta_is));
                }
            }
            Ok(_) => why_not.push(format!("{name}: wet discharge")),
            Err(reason) => why_not.push(format!("{name}: {reason}")),
        }
    }
    let Some((choice, w, eta_is)) = best else {
        return Err(format!(
            "no machine of the set can run it ({})",
            why_not.join("; ")
        ));
    };
    let cop_shaft = (suction.h_j_per_kg - liquid.h_j_per_kg) / w;
    let electric_efficiency = choice.electric_efficiency(q_cold_w / cop_shaft);
    Ok(PlantCycle {
        technology: choice.technology,
        pressure_ratio: ratio,
        eta_is,
        cop_shaft,
        electric_efficiency,
        cop_electric: cop_shaft * electric_efficiency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fluids::fluid;
    use crate::units::celsius_to_kelvin;

    /// The cycle against CoolProp 8.0.0 (PropsSI, "Ammonia"), ammonia at -5 / 35 °C: p_1 = 354 655.99 Pa,
    /// p_2 = 1 349 991.70 Pa, h_1 = 1 601 879.75 J/kg (saturated vapour), h_3 = 511 555.29 J/kg (saturated
    /// liquid), h_2s = 1 793 433.74 J/kg at (p_2, s_1); the shaft COP is then (h_1 - h_3) / ((h_2s - h_1) /
    /// eta_is) with the plant's machine's efficiency at that ratio.
    #[test]
    fn ammonia_plant_matches_a_hand_cycle_from_coolprop() {
        let set = MachineSet::default_set();
        let f = fluid("R717").unwrap();
        let plant = plant_cycle(
            &set,
            f.as_ref(),
            celsius_to_kelvin(-5.0),
            celsius_to_kelvin(35.0),
            200e3,
        )
        .unwrap();
        let (p1, p2, h1, h3, h2s) = (
            354_655.99,
            1_349_991.70,
            1_601_879.75,
            511_555.29,
            1_793_433.74,
        );
        assert!((plant.pressure_ratio - p2 / p1).abs() < 1e-6);
        let cop_hand = (h1 - h3) / ((h2s - h1) / plant.eta_is);
        assert!(
            (plant.cop_shaft - cop_hand).abs() < 1e-5,
            "{} against {cop_hand}",
            plant.cop_shaft
        );
        // A real machine (eta_is below one) and a real motor and drive: less at the meter.
        assert!(plant.eta_is > 0.5 && plant.eta_is < 1.0);
        assert!(plant.electric_efficiency > 0.85 && plant.electric_efficiency < 1.0);
        assert!((plant.cop_electric - plant.cop_shaft * plant.electric_efficiency).abs() < 1e-12);
    }

    #[test]
    fn a_plant_above_every_rating_says_why() {
        let set = MachineSet::default_set();
        let f = fluid("R717").unwrap();
        let e = plant_cycle(
            &set,
            f.as_ref(),
            celsius_to_kelvin(60.0),
            celsius_to_kelvin(125.0),
            200e3,
        )
        .unwrap_err();
        assert!(e.contains("rated to"), "{e}");
    }
}
