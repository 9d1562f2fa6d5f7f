//! A cycle as a person writes it, in user units (°C, kPa): the flags of `hpsynth cycle` and the `[cycle]` table
//! of a literature case's `cycle.toml` are the same keys. Conversion to SI happens here, once.

use super::{CycleSpec, Economizer, Level};
use crate::units::{celsius_to_kelvin, kpa_to_pa};
use serde::Deserialize;

/// One cycle in user units. Each level is given by its saturation temperature or its pressure, not both.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "cli", command(group = clap::ArgGroup::new("evap").required(true).args(["t_evap_c", "p_evap_kpa"])))]
#[cfg_attr(feature = "cli", command(group = clap::ArgGroup::new("cond").required(true).args(["t_cond_c", "p_cond_kpa"])))]
#[cfg_attr(feature = "cli", command(group = clap::ArgGroup::new("mid").args(["t_mid_c", "p_mid_kpa"])))]
pub struct CycleInput {
    /// Working fluid: name, ASHRAE number or alias (R717, ammonia, NH3, R290, ...).
    #[cfg_attr(feature = "cli", arg(long))]
    pub fluid: String,
    /// Evaporating (saturation) temperature, °C.
    #[cfg_attr(feature = "cli", arg(long, allow_negative_numbers = true))]
    pub t_evap_c: Option<f64>,
    /// Evaporating pressure, kPa.
    #[cfg_attr(feature = "cli", arg(long))]
    pub p_evap_kpa: Option<f64>,
    /// Condensing (saturation) temperature, °C.
    #[cfg_attr(feature = "cli", arg(long, allow_negative_numbers = true))]
    pub t_cond_c: Option<f64>,
    /// Condensing pressure, kPa.
    #[cfg_attr(feature = "cli", arg(long))]
    pub p_cond_kpa: Option<f64>,
    /// Intermediate (flash tank) saturation temperature, °C: makes a two-stage cycle.
    #[cfg_attr(feature = "cli", arg(long, allow_negative_numbers = true))]
    pub t_mid_c: Option<f64>,
    /// Intermediate (flash tank) pressure, kPa: makes a two-stage cycle.
    #[cfg_attr(feature = "cli", arg(long))]
    pub p_mid_kpa: Option<f64>,
    /// How the flash tank treats the low-stage discharge (default with an intermediate level: flash-mixing).
    #[cfg_attr(feature = "cli", arg(long, value_enum, requires = "mid"))]
    pub economizer: Option<Economizer>,
    /// Isentropic efficiency of each compression stage, (0, 1].
    #[cfg_attr(feature = "cli", arg(long, default_value_t = 1.0))]
    #[serde(default = "isentropic")]
    pub eta_is: f64,
    /// Useful superheat at the evaporator outlet, K.
    #[cfg_attr(feature = "cli", arg(long, default_value_t = 0.0))]
    #[serde(default)]
    pub superheat_k: f64,
    /// Subcooling at the condenser outlet, K.
    #[cfg_attr(feature = "cli", arg(long, default_value_t = 0.0))]
    #[serde(default)]
    pub subcool_k: f64,
}

fn isentropic() -> f64 {
    1.0
}

/// What is wrong with a [`CycleInput`], naming the key to fix.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CycleInputError {
    #[error("give the {what} level as `{t_key}` or `{p_key}`")]
    MissingLevel {
        what: &'static str,
        t_key: &'static str,
        p_key: &'static str,
    },
    #[error("give the {what} level once: `{t_key}` or `{p_key}`, not both")]
    TwoLevels {
        what: &'static str,
        t_key: &'static str,
        p_key: &'static str,
    },
    #[error("`economizer` needs an intermediate level (`t_mid_c` or `p_mid_kpa`)")]
    EconomizerWithoutMid,
}

fn level(
    what: &'static str,
    (t_key, t_c): (&'static str, Option<f64>),
    (p_key, p_kpa): (&'static str, Option<f64>),
) -> Result<Option<Level>, CycleInputError> {
    match (t_c, p_kpa) {
        (Some(_), Some(_)) => Err(CycleInputError::TwoLevels { what, t_key, p_key }),
        (Some(t), None) => Ok(Some(Level::SaturationTemperatureK(celsius_to_kelvin(t)))),
        (None, Some(p)) => Ok(Some(Level::PressurePa(kpa_to_pa(p)))),
        (None, None) => Ok(None),
    }
}

impl CycleInput {
    /// The cycle in SI, ready for [`super::compute_cycle`]; ranges are checked there.
    pub fn spec(&self) -> Result<CycleSpec, CycleInputError> {
        let required = |what, t: (&'static str, Option<f64>), p: (&'static str, Option<f64>)| {
            level(what, t, p)?.ok_or(CycleInputError::MissingLevel {
                what,
                t_key: t.0,
                p_key: p.0,
            })
        };
        let evaporating = required(
            "evaporating",
            ("t_evap_c", self.t_evap_c),
            ("p_evap_kpa", self.p_evap_kpa),
        )?;
        let condensing = required(
            "condensing",
            ("t_cond_c", self.t_cond_c),
            ("p_cond_kpa", self.p_cond_kpa),
        )?;
        let mid = level(
            "intermediate",
            ("t_mid_c", self.t_mid_c),
            ("p_mid_kpa", self.p_mid_kpa),
        )?;
        if mid.is_none() && self.economizer.is_some() {
            return Err(CycleInputError::EconomizerWithoutMid);
        }
        Ok(CycleSpec {
            evaporating,
            condensing,
            intermediate: mid.map(|m| (m, self.economizer.unwrap_or(Economizer::FlashMixing))),
            eta_is: self.eta_is,
            superheat_k: self.superheat_k,
            subcool_k: self.subcool_k,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> CycleInput {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn pressures_become_pascal_and_temperatures_kelvin() {
        let spec = input("fluid = 'R134a'\np_evap_kpa = 140.0\nt_cond_c = 35.0\np_mid_kpa = 320.0")
            .spec()
            .unwrap();
        assert_eq!(spec.evaporating, Level::PressurePa(140e3));
        assert_eq!(spec.condensing, Level::SaturationTemperatureK(308.15));
        assert_eq!(
            spec.intermediate,
            Some((Level::PressurePa(320e3), Economizer::FlashMixing))
        );
        assert_eq!(spec.eta_is, 1.0);
    }

    #[test]
    fn a_level_given_twice_or_not_at_all_names_its_keys() {
        let twice = input("fluid = 'R717'\nt_evap_c = -10.0\np_evap_kpa = 290.0\nt_cond_c = 35.0");
        assert!(
            twice
                .spec()
                .unwrap_err()
                .to_string()
                .contains("`p_evap_kpa`")
        );
        let missing = input("fluid = 'R717'\nt_evap_c = -10.0");
        assert!(
            missing
                .spec()
                .unwrap_err()
                .to_string()
                .contains("`t_cond_c`")
        );
        let economiser = input(
            "fluid = 'R717'\nt_evap_c = -10.0\nt_cond_c = 35.0\neconomizer = 'flash-presaturator'",
        );
        assert_eq!(
            economiser.spec().unwrap_err(),
            CycleInputError::EconomizerWithoutMid
        );
    }
}
