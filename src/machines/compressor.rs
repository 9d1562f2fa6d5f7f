//! Compressor technologies: isentropic and volumetric efficiency as functions of the pressure ratio, the
//! limits each technology is sold for, and an oil-injected machine's oil cooler.
//!
//! One compression from a suction state `1` to pressure `p_2` (`r = p_2 / p_1`):
//!
//! ```text
//! h_2s = h(p_2, s_1)                                   isentropic end state
//! k    = ln r / ln(rho_2s / rho_1)                     exponent of the real isentrope, p v^k = const
//! w    = (h_2s - h_1) / eta_is(r)                      shaft work per kg
//! V_sw = V_1 / eta_vol(r)                              swept volume: what a machine is bought by
//! ```
//!
//! Built-in volume ratio (screws): internal compression to `v_1 / Vi`, then the discharge port opens and the
//! pressure equalises at constant volume (under- or over-compression). Per `p_1 v_1`, with an ideal gas of
//! exponent `k` (Trott & Welch, Refrigeration and Air-Conditioning, 3rd ed. 2000, p. 57; the indicator
//! diagram as in Mateu-Royo et al., Energy Convers. Manag. 229 (2021) 113752):
//!
//! ```text
//! w_ind = k/(k-1) (Vi^(k-1) - 1) + (r - Vi^k) / Vi     indicated work
//! w_s   = k/(k-1) (r^((k-1)/k) - 1)                    isentropic work
//! eta_is = eta_0 max_Vi (w_s / w_ind)                  the best port of those sold; eta_0 the other losses
//! ```
//!
//! Clearance (pistons): `eta_vol = 1 - c (r^(1/k) - 1)`, the gas left in the clearance `c` re-expands.
//!
//! Oil injection (screws): the oil takes heat while it is compressed with the gas and leaves at the
//! discharge temperature `T_2`; it is cooled back to `T_oil` in the oil cooler. With `C_oil = c_oil W` the
//! oil's heat capacity flow per shaft power, the energy balance of the machine is
//!
//! ```text
//! h_2 - h_1 = w (1 - c_oil (T_2 - T_oil)),   q_oil = w - (h_2 - h_1)      per kg of refrigerant
//! ```
//!
//! solved for `T_2` between the dew point and the adiabatic discharge (when `T_oil` is above the adiabatic
//! discharge the oil takes nothing); the oil cooler releases `q_oil` from `T_2` down to `T_oil`.

use super::FluidFamily;
use crate::fluids::{FluidModel, Phase, State};
use crate::units::celsius_to_kelvin;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A compressor technology.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Technology {
    /// Piston compressor.
    Reciprocating,
    /// Oil-injected twin screw.
    Screw,
    /// Centrifugal (turbo) compressor.
    Centrifugal,
    /// A machine of fixed isentropic efficiency and no other loss: the case's `[heat_pump] eta_is`, for
    /// textbook cycles and comparisons with peers.
    Ideal,
}

impl Technology {
    /// Its name in files, labels and messages.
    pub fn name(self) -> &'static str {
        match self {
            Technology::Reciprocating => "reciprocating",
            Technology::Screw => "screw",
            Technology::Centrifugal => "centrifugal",
            Technology::Ideal => "ideal",
        }
    }
}

/// Isentropic efficiency as a function of the pressure ratio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "model", deny_unknown_fields)]
pub enum IsentropicEfficiency {
    /// The same at every ratio.
    Constant { value: f64 },
    /// `eta_0` times the port-mismatch efficiency of the best built-in volume ratio on sale.
    BuiltInVolumeRatio { eta_0: f64, volume_ratios: Vec<f64> },
}

/// Volumetric efficiency as a function of the pressure ratio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "model", deny_unknown_fields)]
pub enum VolumetricEfficiency {
    Constant {
        value: f64,
    },
    /// `intercept + slope r`.
    Linear {
        intercept: f64,
        slope: f64,
    },
    /// `1 - clearance (r^(1/k) - 1)`.
    Clearance {
        clearance: f64,
    },
}

/// An oil-injected machine's oil circuit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OilCooling {
    /// Heat capacity flow of the injected oil per W of shaft power (1/K).
    pub oil_heat_capacity_per_shaft_power_per_k: f64,
    /// Temperature the oil cooler returns the oil at (°C).
    pub oil_supply_c: f64,
}

/// One technology's data in a machine set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompressorData {
    pub description: String,
    /// Where every number comes from.
    pub source: String,
    pub eta_is: IsentropicEfficiency,
    pub eta_vol: VolumetricEfficiency,
    /// Largest pressure ratio of one stage.
    pub max_pressure_ratio: f64,
    /// Highest discharge temperature of the refrigerant (°C), if the technology has its own.
    #[serde(default)]
    pub max_discharge_temperature_c: Option<f64>,
    /// Lowest suction pressure (kPa), if the technology has its own.
    #[serde(default)]
    pub min_suction_pressure_kpa: Option<f64>,
    /// Highest discharge pressure by fluid family (kPa): the families it is sold for.
    #[serde(default)]
    pub max_discharge_pressure_kpa: BTreeMap<FluidFamily, f64>,
    #[serde(default)]
    pub oil_cooling: Option<OilCooling>,
}

/// Heat an oil cooler releases per kg of refrigerant compressed, and the oil's temperatures.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct OilHeat {
    pub q_j_per_kg: f64,
    /// The oil leaves the separator at the discharge temperature and is cooled back to its supply.
    pub t_from_k: f64,
    pub t_to_k: f64,
}

/// One compression worked out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Compression {
    /// The refrigerant leaving the machine (after the oil separator).
    pub outlet: State,
    pub pressure_ratio: f64,
    pub eta_is: f64,
    pub eta_vol: f64,
    /// Shaft work per kg of refrigerant (J/kg).
    pub shaft_work_j_per_kg: f64,
    /// The adiabatic discharge temperature, before oil cooling (K).
    pub t_adiabatic_k: f64,
    pub oil_heat: Option<OilHeat>,
}

impl CompressorData {
    /// The constant-efficiency machine of the case's `eta_is`: no volumetric loss, no limit of its own.
    pub fn ideal(eta_is: f64) -> CompressorData {
        CompressorData {
            description: "fixed isentropic efficiency, no other loss".into(),
            source: "the case's [heat_pump] eta_is".into(),
            eta_is: IsentropicEfficiency::Constant { value: eta_is },
            eta_vol: VolumetricEfficiency::Constant { value: 1.0 },
            max_pressure_ratio: f64::INFINITY,
            max_discharge_temperature_c: None,
            min_suction_pressure_kpa: None,
            max_discharge_pressure_kpa: BTreeMap::new(),
            oil_cooling: None,
        }
    }

    /// The highest discharge pressure it is sold for with a fluid of `family` (Pa): `None` when it is not
    /// sold for that family; infinite without ratings (the ideal machine).
    pub fn rating_pa(&self, family: FluidFamily) -> Option<f64> {
        if self.max_discharge_pressure_kpa.is_empty() {
            return Some(f64::INFINITY);
        }
        self.max_discharge_pressure_kpa
            .get(&family)
            .map(|kpa| kpa * 1e3)
    }

    /// Compresses `inlet` to `p_out_pa`, or says why the machine cannot.
    pub fn compress(
        &self,
        fluid: &dyn FluidModel,
        inlet: &State,
        p_out_pa: f64,
    ) -> Result<Compression, String> {
        let isentropic = fluid
            .flash_ps(p_out_pa, inlet.s_j_per_kg_k)
            .map_err(|e| e.to_string())?;
        self.compress_to(fluid, inlet, &isentropic)
    }

    /// [`Self::compress`] with the isentropic end state at hand (the same for every technology).
    pub fn compress_to(
        &self,
        fluid: &dyn FluidModel,
        inlet: &State,
        isentropic: &State,
    ) -> Result<Compression, String> {
        let e = self.efficiencies(inlet, isentropic)?;
        self.complete(fluid, inlet, &e)
    }

    /// The efficiencies and shaft work of compressing `inlet` along to `isentropic`'s pressure, before the
    /// outlet state is worked out (no property call: cheap enough to compare machines first).
    pub fn efficiencies(&self, inlet: &State, isentropic: &State) -> Result<Efficiencies, String> {
        let ratio = isentropic.p_pa / inlet.p_pa;
        let k = isentropic_exponent(ratio, inlet.rho_kg_per_m3, isentropic.rho_kg_per_m3);
        let eta_is = self.eta_is.at(ratio, k);
        let eta_vol = self.eta_vol.at(ratio, k);
        if !(eta_is > 0.0 && eta_is <= 1.0 && eta_vol > 0.0) {
            return Err(format!(
                "no efficiency at pressure ratio {ratio:.2} (isentropic {eta_is:.3}, volumetric {eta_vol:.3})"
            ));
        }
        Ok(Efficiencies {
            p_out_pa: isentropic.p_pa,
            pressure_ratio: ratio,
            eta_is,
            eta_vol: eta_vol.min(1.0),
            shaft_work_j_per_kg: (isentropic.h_j_per_kg - inlet.h_j_per_kg) / eta_is,
        })
    }

    /// The compression of `inlet` with efficiencies `e`: the adiabatic discharge, then the oil cooler's share.
    pub fn complete(
        &self,
        fluid: &dyn FluidModel,
        inlet: &State,
        e: &Efficiencies,
    ) -> Result<Compression, String> {
        let w = e.shaft_work_j_per_kg;
        let adiabatic = fluid
            .flash_ph(e.p_out_pa, inlet.h_j_per_kg + w)
            .map_err(|e| e.to_string())?;
        let (outlet, oil_heat) = match &self.oil_cooling {
            Some(oil) => oil.cool(fluid, inlet, &adiabatic, w)?,
            None => (adiabatic, None),
        };
        Ok(Compression {
            outlet,
            pressure_ratio: e.pressure_ratio,
            eta_is: e.eta_is,
            eta_vol: e.eta_vol,
            shaft_work_j_per_kg: w,
            t_adiabatic_k: adiabatic.t_k,
            oil_heat,
        })
    }
}

/// A compression's efficiencies and work, before its outlet state ([`CompressorData::efficiencies`]).
#[derive(Debug, Clone, Copy)]
pub struct Efficiencies {
    pub p_out_pa: f64,
    pub pressure_ratio: f64,
    pub eta_is: f64,
    /// At most one.
    pub eta_vol: f64,
    /// Shaft work per kg of refrigerant (J/kg).
    pub shaft_work_j_per_kg: f64,
}

/// `k = ln r / ln(rho_2s / rho_1)`: the exponent of `p v^k = const` through both ends of the isentrope;
/// 1.3 where that is undefined (no compression).
fn isentropic_exponent(ratio: f64, rho_in: f64, rho_out: f64) -> f64 {
    let k = ratio.ln() / (rho_out / rho_in).ln();
    if k.is_finite() && k > 1.0 { k } else { 1.3 }
}

impl IsentropicEfficiency {
    /// At pressure ratio `r` and isentropic exponent `k`.
    pub fn at(&self, r: f64, k: f64) -> f64 {
        match self {
            IsentropicEfficiency::Constant { value } => *value,
            IsentropicEfficiency::BuiltInVolumeRatio {
                eta_0,
                volume_ratios,
            } => {
                let best = volume_ratios
                    .iter()
                    .map(|&vi| port_efficiency(r, vi, k))
                    .fold(0.0, f64::max);
                eta_0 * best
            }
        }
    }
}

/// `w_s / w_ind` of a machine with built-in volume ratio `vi` at pressure ratio `r` (ideal gas, exponent
/// `k`): 1 where `r = vi^k`, less under- and over-compression elsewhere.
pub fn port_efficiency(r: f64, vi: f64, k: f64) -> f64 {
    let e = k / (k - 1.0);
    let w_s = e * (r.powf(1.0 / e) - 1.0);
    let w_ind = e * (vi.powf(k - 1.0) - 1.0) + (r - vi.powf(k)) / vi;
    if w_ind > 0.0 && w_s > 0.0 {
        (w_s / w_ind).min(1.0)
    } else {
        0.0
    }
}

impl VolumetricEfficiency {
    /// At pressure ratio `r` and isentropic exponent `k`.
    pub fn at(&self, r: f64, k: f64) -> f64 {
        match self {
            VolumetricEfficiency::Constant { value } => *value,
            VolumetricEfficiency::Linear { intercept, slope } => intercept + slope * r,
            VolumetricEfficiency::Clearance { clearance } => {
                1.0 - clearance * (r.powf(1.0 / k) - 1.0)
            }
        }
    }
}

impl OilCooling {
    /// The refrigerant's discharge after the oil took its share of the shaft work `w` (J/kg), and that
    /// share as the oil cooler's heat; `adiabatic` is the discharge without oil cooling.
    fn cool(
        &self,
        fluid: &dyn FluidModel,
        inlet: &State,
        adiabatic: &State,
        w: f64,
    ) -> Result<(State, Option<OilHeat>), String> {
        let t_oil = celsius_to_kelvin(self.oil_supply_c);
        let c = self.oil_heat_capacity_per_shaft_power_per_k;
        let p = adiabatic.p_pa;
        if adiabatic.t_k <= t_oil {
            return Ok((*adiabatic, None));
        }
        let dew = fluid
            .saturation_at_pressure(p)
            .map_err(|e| e.to_string())?
            .vapour;
        // f(T) = h(p, T) - h_1 - w (1 - c (T - T_oil)), increasing in T; f(T_ad) = c w (T_ad - T_oil) >= 0.
        let f = |t: f64| -> Result<f64, String> {
            let h = fluid
                .state_at_pt(p, t)
                .map_err(|e| e.to_string())?
                .h_j_per_kg;
            Ok(h - inlet.h_j_per_kg - w * (1.0 - c * (t - t_oil)))
        };
        let lowest = dew.t_k.max(t_oil) + 1e-6;
        let f_lowest = f(lowest)?;
        let t_out = if f_lowest >= 0.0 {
            lowest
        } else {
            // f(T_ad) = c w (T_ad - T_oil), since h(p, T_ad) = h_1 + w.
            let f_adiabatic = c * w * (adiabatic.t_k - t_oil);
            illinois(
                f,
                (lowest, f_lowest),
                (adiabatic.t_k, f_adiabatic),
                1e-9 * w,
            )?
        };
        let outlet = fluid.state_at_pt(p, t_out).map_err(|e| e.to_string())?;
        let q = w - (outlet.h_j_per_kg - inlet.h_j_per_kg);
        let heat = (q > 0.0 && matches!(outlet.phase, Phase::Vapour)).then_some(OilHeat {
            q_j_per_kg: q,
            t_from_k: t_out,
            t_to_k: t_oil,
        });
        Ok((outlet, heat))
    }
}

/// The root of an increasing `f` in `[a, b]` with `f(a) < 0 <= f(b)`, to `|f| <= f_tol` (or a bracket
/// below 1e-9 K): regula falsi with the Illinois modification (Dowell & Jarratt, BIT 11 (1971) 168-174),
/// which converges superlinearly where plain bisection takes some fifty steps.
fn illinois(
    mut f: impl FnMut(f64) -> Result<f64, String>,
    (mut a, mut fa): (f64, f64),
    (mut b, mut fb): (f64, f64),
    f_tol: f64,
) -> Result<f64, String> {
    let mut last_side = 0;
    for _ in 0..200 {
        let x = if fb > fa {
            (a * fb - b * fa) / (fb - fa)
        } else {
            0.5 * (a + b)
        };
        let fx = f(x)?;
        if fx.abs() <= f_tol || b - a <= 1e-9 {
            return Ok(x);
        }
        if fx < 0.0 {
            (a, fa) = (x, fx);
            if last_side == -1 {
                fb *= 0.5;
            }
            last_side = -1;
        } else {
            (b, fb) = (x, fx);
            if last_side == 1 {
                fa *= 0.5;
            }
            last_side = 1;
        }
    }
    Err("the oil-cooled discharge temperature did not converge".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fluids::fluid;

    /// The port efficiency is 1 where the internal ratio matches (`r = Vi^k`) and falls on both sides:
    /// over-compression below, under-compression above. By hand, `Vi` = 2.63, `k` = 1.31, `r` = 1.2:
    /// `w_ind` = 4.226 (2.63^0.31 - 1) + (1.2 - 2.63^1.31) / 2.63 = 1.4774 - 0.8932 = 0.5842 and
    /// `w_s` = 4.226 (1.2^0.2366 - 1) = 0.1862: 0.319.
    #[test]
    fn port_efficiency_peaks_where_the_ratios_match() {
        let (vi, k): (f64, f64) = (2.63, 1.31);
        let matched = vi.powf(k);
        assert!((port_efficiency(matched, vi, k) - 1.0).abs() < 1e-12);
        assert!((port_efficiency(1.2, vi, k) - 0.319).abs() < 2e-3);
        assert!(port_efficiency(2.0, vi, k) < port_efficiency(3.0, vi, k));
        assert!(port_efficiency(8.0, vi, k) < port_efficiency(5.0, vi, k));
    }

    /// The oil takes heat and the refrigerant leaves cooler than without it; the energy balance closes:
    /// shaft work = refrigerant enthalpy rise + oil cooler heat.
    #[test]
    fn oil_injection_closes_the_energy_balance() {
        let ammonia = fluid("R717").unwrap();
        let low = ammonia
            .saturation_at_temperature(celsius_to_kelvin(-10.0))
            .unwrap();
        let high = ammonia
            .saturation_at_temperature(celsius_to_kelvin(40.0))
            .unwrap();
        let mut screw = CompressorData::ideal(0.7);
        screw.oil_cooling = Some(OilCooling {
            oil_heat_capacity_per_shaft_power_per_k: 0.02,
            oil_supply_c: 50.0,
        });
        let c = screw
            .compress(ammonia.as_ref(), &low.vapour, high.p_pa)
            .unwrap();
        let oil = c.oil_heat.expect("the oil takes heat");
        assert!(c.outlet.t_k < c.t_adiabatic_k);
        let rise = c.outlet.h_j_per_kg - low.vapour.h_j_per_kg;
        assert!((rise + oil.q_j_per_kg - c.shaft_work_j_per_kg).abs() < 1e-6);
        // The balance's own form: q_oil = c_oil w (T_2 - T_oil).
        let q = 0.02 * c.shaft_work_j_per_kg * (c.outlet.t_k - celsius_to_kelvin(50.0));
        assert!((q - oil.q_j_per_kg).abs() < 1e-3 * oil.q_j_per_kg);
    }
}
