//! One vapour-compression cycle: single stage, or two stages with a flash economiser.
//!
//! Numbering follows Çengel & Boles, *Thermodynamics: An Engineering Approach*, two-stage refrigeration
//! with a flash chamber (example "A two-stage refrigeration cycle"):
//!
//! ```text
//! single stage        1 evaporator outlet -> 2 discharge -> 3 condenser outlet -> 4 evaporator inlet
//! two stage           1 LP suction -> 2 LP discharge; 3 flash-tank vapour; 9 HP suction -> 4 HP discharge;
//!                     5 condenser outlet -> 6 flash-tank inlet; 7 flash-tank liquid -> 8 evaporator inlet
//! ```
//!
//! Compression: `h_out = h_in + (h_s(p_out, s_in) - h_in) / eta_is`. Valves: `h_out = h_in`.
//! Per kg of condenser (high-stage) flow, with flash fraction `x = quality(p_mid, h_5)`:
//!
//! - flash-mixing: the LP discharge mixes adiabatically with the flash vapour,
//!   `h_9 = x h_3 + (1 - x) h_2`; low-stage flow `m_L = 1 - x`.
//! - flash-presaturator: the LP discharge bubbles through the tank's liquid and leaves saturated
//!   (`h_9 = h_3`); the tank balance `h_5 + m_L h_2 = h_3 + m_L h_7` gives `m_L = (h_3 - h_5)/(h_2 - h_7)`.
//!
//! Then `q_L = m_L (h_1 - h_8)`, `w = m_L (h_2 - h_1) + (h_4 - h_9)`, `q_H = h_4 - h_5` and the first law
//! `q_L + w = q_H` holds exactly in both variants (checked by [`CycleResult::first_law_residual`]).

use crate::fluids::{FluidError, FluidModel, Phase, Saturation, State};
use serde::Serialize;

/// A pressure level given by its saturation temperature or its pressure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Level {
    SaturationTemperatureK(f64),
    PressurePa(f64),
}

/// How the intermediate-pressure flash tank treats the low-stage discharge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum Economizer {
    /// Adiabatic mixing of the low-stage discharge with the flash vapour before the high stage.
    FlashMixing,
    /// The low-stage discharge is desuperheated in the tank's liquid; the high stage takes saturated vapour.
    FlashPresaturator,
}

/// What to compute.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CycleSpec {
    pub evaporating: Level,
    pub condensing: Level,
    /// Intermediate level and economiser type for a two-stage cycle.
    pub intermediate: Option<(Level, Economizer)>,
    /// Isentropic efficiency of every compression stage, in (0, 1].
    pub eta_is: f64,
    /// Useful superheat at the evaporator outlet (K), counted in the refrigeration effect.
    pub superheat_k: f64,
    /// Subcooling at the condenser outlet (K).
    pub subcool_k: f64,
}

/// One labelled point of the cycle.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CyclePoint {
    /// Çengel's number, e.g. "1".
    pub id: &'static str,
    pub label: &'static str,
    /// Mass flow through this point per kg of condenser flow.
    pub mass_per_kg_condenser: f64,
    #[serde(flatten)]
    pub state: State,
}

/// Results per kg of condenser (high-stage) flow, SI.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CycleResult {
    pub fluid: String,
    pub t_evap_k: f64,
    pub t_cond_k: f64,
    pub t_mid_k: Option<f64>,
    pub p_evap_pa: f64,
    pub p_cond_pa: f64,
    pub p_mid_pa: Option<f64>,
    pub economizer: Option<Economizer>,
    pub points: Vec<CyclePoint>,
    /// `q_L`, heat taken in the evaporator (J per kg of condenser flow).
    pub refrigeration_effect_j_per_kg: f64,
    /// `w`, compressor work of all stages (J per kg of condenser flow).
    pub work_j_per_kg: f64,
    /// `q_H`, heat given off from discharge to condenser outlet (J per kg of condenser flow).
    pub heat_rejected_j_per_kg: f64,
    pub cop_cooling: f64,
    pub cop_heating: f64,
    /// `T_evap / (T_cond - T_evap)` between the saturation temperatures.
    pub cop_carnot_cooling: f64,
    /// Discharge temperature of the last stage (K).
    pub t_discharge_k: f64,
    /// Discharge temperature of the low stage (two-stage only).
    pub t_discharge_low_stage_k: Option<f64>,
    /// Vapour fraction leaving the high-pressure valve into the flash tank (two-stage only).
    pub flash_fraction: Option<f64>,
    /// Low-stage mass flow per kg of condenser flow (1 for a single stage).
    pub low_stage_mass_fraction: f64,
}

impl CycleResult {
    /// `(q_L + w - q_H) / q_H`: zero up to rounding for any correct cycle.
    pub fn first_law_residual(&self) -> f64 {
        (self.refrigeration_effect_j_per_kg + self.work_j_per_kg - self.heat_rejected_j_per_kg)
            / self.heat_rejected_j_per_kg
    }
}

/// Why a cycle could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CycleError {
    /// `cause` is shown in the message, so it is not also exposed as the error source.
    #[error("{what}: {cause}")]
    Fluid {
        what: &'static str,
        cause: FluidError,
    },
    #[error("{field}: {message}")]
    Input {
        field: &'static str,
        message: String,
    },
}

fn at<T>(what: &'static str, result: Result<T, FluidError>) -> Result<T, CycleError> {
    result.map_err(|cause| CycleError::Fluid { what, cause })
}

fn saturation(
    fluid: &dyn FluidModel,
    level: Level,
    what: &'static str,
) -> Result<Saturation, CycleError> {
    at(
        what,
        match level {
            Level::SaturationTemperatureK(t) => fluid.saturation_at_temperature(t),
            Level::PressurePa(p) => fluid.saturation_at_pressure(p),
        },
    )
}

/// `h_out = h_in + (h_s - h_in) / eta_is`, end state from a (p, h) flash.
fn compress(
    fluid: &dyn FluidModel,
    inlet: &State,
    p_out: f64,
    eta_is: f64,
    what: &'static str,
) -> Result<State, CycleError> {
    let isentropic = at(what, fluid.flash_ps(p_out, inlet.s_j_per_kg_k))?;
    let h_out = inlet.h_j_per_kg + (isentropic.h_j_per_kg - inlet.h_j_per_kg) / eta_is;
    at(what, fluid.flash_ph(p_out, h_out))
}

fn check_inputs(spec: &CycleSpec) -> Result<(), CycleError> {
    let input = |field, message: String| Err(CycleError::Input { field, message });
    if !(spec.eta_is > 0.0 && spec.eta_is <= 1.0) {
        return input(
            "eta_is",
            format!("isentropic efficiency {} must be in (0, 1]", spec.eta_is),
        );
    }
    if !(spec.superheat_k >= 0.0 && spec.superheat_k.is_finite()) {
        return input(
            "superheat_k",
            format!("superheat {} K must be >= 0", spec.superheat_k),
        );
    }
    if !(spec.subcool_k >= 0.0 && spec.subcool_k.is_finite()) {
        return input(
            "subcool_k",
            format!("subcooling {} K must be >= 0", spec.subcool_k),
        );
    }
    Ok(())
}

/// Computes the cycle of `spec` for `fluid`.
pub fn compute_cycle(fluid: &dyn FluidModel, spec: &CycleSpec) -> Result<CycleResult, CycleError> {
    check_inputs(spec)?;
    let low = saturation(fluid, spec.evaporating, "evaporating level")?;
    let high = saturation(fluid, spec.condensing, "condensing level")?;
    if high.p_pa <= low.p_pa {
        return Err(CycleError::Input {
            field: "condensing level",
            message: format!(
                "condensing at {:.2} °C must be above evaporating at {:.2} °C",
                high.t_k - 273.15,
                low.t_k - 273.15
            ),
        });
    }
    // 1: evaporator outlet, with useful superheat.
    let suction = if spec.superheat_k > 0.0 {
        at(
            "evaporator outlet",
            fluid.state_at_pt(low.p_pa, low.t_k + spec.superheat_k),
        )?
    } else {
        low.vapour
    };
    // Condenser outlet, with subcooling.
    let liquid_out = if spec.subcool_k > 0.0 {
        at(
            "condenser outlet",
            fluid.state_at_pt(high.p_pa, high.t_k - spec.subcool_k),
        )?
    } else {
        high.liquid
    };
    let base = Base {
        fluid,
        spec,
        low,
        high,
        suction,
        liquid_out,
    };
    match spec.intermediate {
        None => base.single_stage(),
        Some((level, economizer)) => {
            let mid = saturation(fluid, level, "intermediate level")?;
            if !(mid.p_pa > low.p_pa && mid.p_pa < high.p_pa) {
                return Err(CycleError::Input {
                    field: "intermediate level",
                    message: format!(
                        "{:.2} °C must lie strictly between evaporating {:.2} °C and condensing {:.2} °C",
                        mid.t_k - 273.15,
                        low.t_k - 273.15,
                        high.t_k - 273.15
                    ),
                });
            }
            base.two_stage(mid, economizer)
        }
    }
}

/// States shared by both cycle layouts.
struct Base<'a> {
    fluid: &'a dyn FluidModel,
    spec: &'a CycleSpec,
    low: Saturation,
    high: Saturation,
    suction: State,
    liquid_out: State,
}

fn point(id: &'static str, label: &'static str, mass: f64, state: State) -> CyclePoint {
    CyclePoint {
        id,
        label,
        mass_per_kg_condenser: mass,
        state,
    }
}

impl Base<'_> {
    fn result(&self, parts: Parts) -> CycleResult {
        let (q_l, w, q_h) = (parts.q_l, parts.w, parts.q_h);
        CycleResult {
            fluid: self.fluid.info().name.clone(),
            t_evap_k: self.low.t_k,
            t_cond_k: self.high.t_k,
            t_mid_k: parts.mid.map(|m| m.t_k),
            p_evap_pa: self.low.p_pa,
            p_cond_pa: self.high.p_pa,
            p_mid_pa: parts.mid.map(|m| m.p_pa),
            economizer: parts.economizer,
            points: parts.points,
            refrigeration_effect_j_per_kg: q_l,
            work_j_per_kg: w,
            heat_rejected_j_per_kg: q_h,
            cop_cooling: q_l / w,
            cop_heating: q_h / w,
            cop_carnot_cooling: self.low.t_k / (self.high.t_k - self.low.t_k),
            t_discharge_k: parts.t_discharge_k,
            t_discharge_low_stage_k: parts.t_discharge_low_stage_k,
            flash_fraction: parts.flash_fraction,
            low_stage_mass_fraction: parts.m_low,
        }
    }

    fn single_stage(&self) -> Result<CycleResult, CycleError> {
        let (fluid, eta) = (self.fluid, self.spec.eta_is);
        let discharge = compress(fluid, &self.suction, self.high.p_pa, eta, "compressor")?;
        let inlet = at(
            "expansion valve",
            fluid.flash_ph(self.low.p_pa, self.liquid_out.h_j_per_kg),
        )?;
        let q_l = self.suction.h_j_per_kg - inlet.h_j_per_kg;
        let w = discharge.h_j_per_kg - self.suction.h_j_per_kg;
        let q_h = discharge.h_j_per_kg - self.liquid_out.h_j_per_kg;
        Ok(self.result(Parts {
            points: vec![
                point(
                    "1",
                    "evaporator outlet, compressor suction",
                    1.0,
                    self.suction,
                ),
                point("2", "compressor discharge", 1.0, discharge),
                point("3", "condenser outlet", 1.0, self.liquid_out),
                point("4", "evaporator inlet", 1.0, inlet),
            ],
            q_l,
            w,
            q_h,
            m_low: 1.0,
            mid: None,
            economizer: None,
            flash_fraction: None,
            t_discharge_k: discharge.t_k,
            t_discharge_low_stage_k: None,
        }))
    }

    fn two_stage(
        &self,
        mid: Saturation,
        economizer: Economizer,
    ) -> Result<CycleResult, CycleError> {
        let (fluid, eta) = (self.fluid, self.spec.eta_is);
        let (s1, s3, s5) = (self.suction, mid.vapour, self.liquid_out);
        let s2 = compress(fluid, &s1, mid.p_pa, eta, "low-stage compressor")?;
        let s6 = at(
            "high-pressure valve",
            fluid.flash_ph(mid.p_pa, s5.h_j_per_kg),
        )?;
        // Liquid subcooled below the intermediate saturation temperature does not flash: a plain flash tank
        // then passes it on subcooled, while a pre-saturator heats it to saturation with the LP discharge.
        let (x, s7) = match (s6.phase, economizer) {
            (Phase::TwoPhase(q), _) => (q, mid.liquid),
            (_, Economizer::FlashMixing) => (0.0, s6),
            (_, Economizer::FlashPresaturator) => (0.0, mid.liquid),
        };
        let s8 = at(
            "low-pressure valve",
            fluid.flash_ph(self.low.p_pa, s7.h_j_per_kg),
        )?;
        let (m_low, s9) = match economizer {
            Economizer::FlashMixing => {
                let h9 = x * s3.h_j_per_kg + (1.0 - x) * s2.h_j_per_kg;
                (
                    1.0 - x,
                    at("high-stage suction", fluid.flash_ph(mid.p_pa, h9))?,
                )
            }
            Economizer::FlashPresaturator => {
                let m = (s3.h_j_per_kg - s5.h_j_per_kg) / (s2.h_j_per_kg - s7.h_j_per_kg);
                (m, s3)
            }
        };
        let s4 = compress(fluid, &s9, self.high.p_pa, eta, "high-stage compressor")?;
        let q_l = m_low * (s1.h_j_per_kg - s8.h_j_per_kg);
        let w = m_low * (s2.h_j_per_kg - s1.h_j_per_kg) + (s4.h_j_per_kg - s9.h_j_per_kg);
        let q_h = s4.h_j_per_kg - s5.h_j_per_kg;
        // Vapour leaving the tank: the flash vapour x, or all high-stage flow for the pre-saturator.
        let tank_vapour = match economizer {
            Economizer::FlashMixing => x,
            Economizer::FlashPresaturator => 1.0,
        };
        Ok(self.result(Parts {
            points: vec![
                point("1", "evaporator outlet, low-stage suction", m_low, s1),
                point("2", "low-stage discharge", m_low, s2),
                point("3", "flash-tank vapour", tank_vapour, s3),
                point("4", "high-stage discharge", 1.0, s4),
                point("5", "condenser outlet", 1.0, s5),
                point("6", "flash-tank inlet", 1.0, s6),
                point("7", "flash-tank liquid", m_low, s7),
                point("8", "evaporator inlet", m_low, s8),
                point("9", "high-stage suction", 1.0, s9),
            ],
            q_l,
            w,
            q_h,
            m_low,
            mid: Some(mid),
            economizer: Some(economizer),
            flash_fraction: Some(x),
            t_discharge_k: s4.t_k,
            t_discharge_low_stage_k: Some(s2.t_k),
        }))
    }
}

/// The parts of a result that differ between layouts.
struct Parts {
    points: Vec<CyclePoint>,
    q_l: f64,
    w: f64,
    q_h: f64,
    m_low: f64,
    mid: Option<Saturation>,
    economizer: Option<Economizer>,
    flash_fraction: Option<f64>,
    t_discharge_k: f64,
    t_discharge_low_stage_k: Option<f64>,
}
