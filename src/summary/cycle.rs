//! `hpsynth cycle --json` and the validation suite: the cycle calculator's result in user units.

use crate::thermo::{CycleResult, Economizer};
use crate::units::{kelvin_to_celsius, pa_to_kpa, si_to_kilo};
use serde::Serialize;

/// One state in `hpsynth cycle --json`.
#[derive(Serialize)]
pub struct StateRow {
    pub id: &'static str,
    pub label: &'static str,
    pub t_c: f64,
    pub p_kpa: f64,
    pub h_kj_per_kg: f64,
    pub s_kj_per_kg_k: f64,
    pub rho_kg_per_m3: f64,
    /// Vapour fraction inside the dome, `null` for single-phase states.
    pub quality: Option<f64>,
    pub phase: &'static str,
    pub mass_per_kg_condenser: f64,
}

/// `hpsynth cycle --json`: one object, units in every key.
#[derive(Serialize)]
pub struct CycleReport {
    pub fluid: String,
    pub economizer: Option<Economizer>,
    pub t_evap_c: f64,
    pub t_cond_c: f64,
    pub t_mid_c: Option<f64>,
    pub p_evap_kpa: f64,
    pub p_cond_kpa: f64,
    pub p_mid_kpa: Option<f64>,
    pub cop_cooling: f64,
    pub cop_heating: f64,
    pub cop_carnot_cooling: f64,
    pub t_discharge_c: f64,
    pub t_discharge_low_stage_c: Option<f64>,
    pub flash_fraction: Option<f64>,
    pub low_stage_mass_fraction: f64,
    pub refrigeration_effect_kj_per_kg: f64,
    pub work_kj_per_kg: f64,
    pub heat_rejected_kj_per_kg: f64,
    pub first_law_residual: f64,
    pub states: Vec<StateRow>,
}

impl From<&CycleResult> for CycleReport {
    fn from(c: &CycleResult) -> Self {
        CycleReport {
            fluid: c.fluid.clone(),
            economizer: c.economizer,
            t_evap_c: kelvin_to_celsius(c.t_evap_k),
            t_cond_c: kelvin_to_celsius(c.t_cond_k),
            t_mid_c: c.t_mid_k.map(kelvin_to_celsius),
            p_evap_kpa: pa_to_kpa(c.p_evap_pa),
            p_cond_kpa: pa_to_kpa(c.p_cond_pa),
            p_mid_kpa: c.p_mid_pa.map(pa_to_kpa),
            cop_cooling: c.cop_cooling,
            cop_heating: c.cop_heating,
            cop_carnot_cooling: c.cop_carnot_cooling,
            t_discharge_c: kelvin_to_celsius(c.t_discharge_k),
            t_discharge_low_stage_c: c.t_discharge_low_stage_k.map(kelvin_to_celsius),
            flash_fraction: c.flash_fraction,
            low_stage_mass_fraction: c.low_stage_mass_fraction,
            refrigeration_effect_kj_per_kg: si_to_kilo(c.refrigeration_effect_j_per_kg),
            work_kj_per_kg: si_to_kilo(c.work_j_per_kg),
            heat_rejected_kj_per_kg: si_to_kilo(c.heat_rejected_j_per_kg),
            first_law_residual: c.first_law_residual(),
            states: c
                .points
                .iter()
                .map(|p| StateRow {
                    id: p.id,
                    label: p.label,
                    t_c: kelvin_to_celsius(p.state.t_k),
                    p_kpa: pa_to_kpa(p.state.p_pa),
                    h_kj_per_kg: si_to_kilo(p.state.h_j_per_kg),
                    s_kj_per_kg_k: si_to_kilo(p.state.s_j_per_kg_k),
                    rho_kg_per_m3: p.state.rho_kg_per_m3,
                    quality: p.state.quality(),
                    phase: match p.state.phase {
                        crate::fluids::Phase::Liquid => "liquid",
                        crate::fluids::Phase::Vapour => "vapour",
                        crate::fluids::Phase::TwoPhase(_) => "two-phase",
                    },
                    mass_per_kg_condenser: p.mass_per_kg_condenser,
                })
                .collect(),
        }
    }
}
