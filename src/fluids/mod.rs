//! Working-fluid properties behind one trait, [`FluidModel`], in SI units (K, Pa, J/kg, J/(kg K), kg/m3).
//!
//! The production backend, [`MultiparameterFluid`], evaluates the reference Helmholtz-energy equations of
//! state of CoolProp 8's fluid files (bundled in `fluids/coolprop8/`, MIT), takes saturation states from
//! their superancillary curves and does its own phase-aware flashes. See `docs/fluids.md` for the choice,
//! accuracy and speed.
//!
//! ```
//! use hpsynth::fluids::{fluid, FluidModel, FluidError};
//!
//! let water = fluid("water")?;
//! // Normal boiling point: 99.97 °C on IAPWS-95.
//! let sat = water.saturation_at_pressure(101_325.0)?;
//! assert!((sat.t_k - 373.124).abs() < 1e-3);
//! // Out of range is an error value, not a number.
//! assert!(matches!(water.saturation_at_temperature(700.0), Err(FluidError::AboveCritical { .. })));
//! # Ok::<(), FluidError>(())
//! ```

mod catalog;
mod error;
mod helmholtz;
mod metadata;
mod multiparameter;
mod solve;
mod superancillary;

pub use catalog::{CatalogEntry, catalog, fluid, resolve};
pub use error::{FluidError, Quantity};
pub use helmholtz::TermError;
pub use metadata::Gwp100;
pub use multiparameter::MultiparameterFluid;

use serde::Serialize;

/// Phase of a state.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "phase", content = "quality")]
pub enum Phase {
    /// Subcooled (compressed) liquid, or saturated liquid.
    Liquid,
    /// Superheated vapour, or saturated vapour; also gas above the critical temperature below `p_crit`.
    Vapour,
    /// Liquid-vapour mixture with vapour mass fraction `quality` in [0, 1].
    TwoPhase(f64),
}

/// A thermodynamic state of a pure fluid (SI).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct State {
    pub t_k: f64,
    pub p_pa: f64,
    pub h_j_per_kg: f64,
    pub s_j_per_kg_k: f64,
    pub rho_kg_per_m3: f64,
    #[serde(flatten)]
    pub phase: Phase,
}

impl State {
    /// Vapour mass fraction: 0 or 1 for saturated single-phase states is not tracked, so `None` there.
    pub fn quality(&self) -> Option<f64> {
        match self.phase {
            Phase::TwoPhase(q) => Some(q),
            _ => None,
        }
    }
}

/// Both saturated phases at one saturation temperature and pressure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Saturation {
    pub t_k: f64,
    pub p_pa: f64,
    pub liquid: State,
    pub vapour: State,
}

impl Saturation {
    /// Latent heat of vaporisation `h_V - h_L` (J/kg).
    pub fn latent_heat_j_per_kg(&self) -> f64 {
        self.vapour.h_j_per_kg - self.liquid.h_j_per_kg
    }
}

/// Fixed data of one fluid, with the source of each number.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FluidInfo {
    /// Canonical name (CoolProp's).
    pub name: String,
    /// ASHRAE 34 designation, e.g. "R717", where one exists.
    pub designation: Option<String>,
    /// Every name that resolves to this fluid.
    pub aliases: Vec<String>,
    pub cas: Option<String>,
    pub molar_mass_kg_per_mol: f64,
    /// Critical point of the equation of state (the superancillary's end point).
    pub t_crit_k: f64,
    pub p_crit_pa: f64,
    /// Lowest saturation temperature of the equation (the triple point for all bundled fluids).
    pub t_triple_k: f64,
    pub p_triple_pa: f64,
    /// Normal boiling point at 101.325 kPa, computed from the saturation curve; `None` when 101.325 kPa is
    /// outside it (CO2 sublimates at 1 atm).
    pub t_nbp_k: Option<f64>,
    /// Upper validity limits of the equation of state for single-phase states.
    pub t_max_k: f64,
    pub p_max_pa: f64,
    /// Key of the equation-of-state paper in CoolProp's bibliography, e.g. "Gao-JPCRD-2020".
    pub eos_source: String,
    pub gwp100: Option<Gwp100>,
    /// ASHRAE 34 safety class, e.g. "A2L".
    pub ashrae34: Option<String>,
}

/// Thermodynamic properties of one pure working fluid, SI in and out.
///
/// Every operation checks its inputs against the fluid's range first: out of range (above the critical
/// point, below the triple point, beyond the equation's limits) or not finite is an error value naming the
/// fluid, the quantity and the limit; never a panic and never a silent extrapolation.
pub trait FluidModel: Send + Sync {
    /// Fixed data and limits.
    fn info(&self) -> &FluidInfo;
    /// Saturated liquid and vapour at saturation temperature `t_k`.
    fn saturation_at_temperature(&self, t_k: f64) -> Result<Saturation, FluidError>;
    /// Saturated liquid and vapour at saturation pressure `p_pa`.
    fn saturation_at_pressure(&self, p_pa: f64) -> Result<Saturation, FluidError>;
    /// Single-phase state at `(p, T)`: liquid when `p >= p_sat(T)`, vapour otherwise.
    fn state_at_pt(&self, p_pa: f64, t_k: f64) -> Result<State, FluidError>;
    /// State at pressure and specific entropy, two-phase aware (quality inside the dome).
    fn flash_ps(&self, p_pa: f64, s_j_per_kg_k: f64) -> Result<State, FluidError>;
    /// State at pressure and specific enthalpy, two-phase aware (quality inside the dome).
    fn flash_ph(&self, p_pa: f64, h_j_per_kg: f64) -> Result<State, FluidError>;
}
