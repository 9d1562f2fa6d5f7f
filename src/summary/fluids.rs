//! The bundled fluids with their metadata, in user units: `hpsynth fluids --json` and `hpsynth.fluids()`.

use crate::fluids::{FluidError, FluidModel, catalog, fluid};
use crate::units::{kelvin_to_celsius, pa_to_kpa};
use serde::Serialize;
/// One row of `hpsynth fluids --json`.
#[derive(Serialize)]
pub struct FluidRow {
    pub name: String,
    pub designation: Option<String>,
    pub aliases: Vec<String>,
    pub cas: Option<String>,
    pub molar_mass_g_per_mol: f64,
    pub t_crit_c: f64,
    pub p_crit_kpa: f64,
    pub t_triple_c: f64,
    pub p_triple_kpa: f64,
    pub t_nbp_c: Option<f64>,
    pub t_max_c: f64,
    pub p_max_kpa: f64,
    pub gwp100: Option<f64>,
    pub gwp100_upper_bound: bool,
    pub gwp100_source: Option<&'static str>,
    pub ashrae34: Option<String>,
    pub eos_source: String,
}

/// All bundled fluids.
pub fn rows() -> Result<Vec<FluidRow>, FluidError> {
    catalog()
        .iter()
        .map(|entry| {
            let f = fluid(entry.name)?;
            let i = f.info();
            Ok(FluidRow {
                name: i.name.clone(),
                designation: i.designation.clone(),
                aliases: i.aliases.clone(),
                cas: i.cas.clone(),
                molar_mass_g_per_mol: i.molar_mass_kg_per_mol * 1e3,
                t_crit_c: kelvin_to_celsius(i.t_crit_k),
                p_crit_kpa: pa_to_kpa(i.p_crit_pa),
                t_triple_c: kelvin_to_celsius(i.t_triple_k),
                p_triple_kpa: pa_to_kpa(i.p_triple_pa),
                t_nbp_c: i.t_nbp_k.map(kelvin_to_celsius),
                t_max_c: kelvin_to_celsius(i.t_max_k),
                p_max_kpa: pa_to_kpa(i.p_max_pa),
                gwp100: i.gwp100.as_ref().map(|g| g.value),
                gwp100_upper_bound: i.gwp100.as_ref().is_some_and(|g| g.upper_bound),
                gwp100_source: i.gwp100.as_ref().map(|g| g.source),
                ashrae34: i.ashrae34.clone(),
                eos_source: i.eos_source.clone(),
            })
        })
        .collect()
}
