//! Superstructure templates (`superstructures/*.toml`): which unit families exist and the limits that prune
//! units. The shipped templates are compiled in; a path to another TOML file works too.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// Which pairs of levels a family connects.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Reach {
    /// Only neighbouring levels.
    Adjacent,
    /// Any lower level to any higher one.
    Any,
}

/// Unit families of design.md §2.2.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnitFamilies {
    pub evaporators: bool,
    /// Used only when the case asks for superheat (`heat_pump.superheat_k > 0`).
    pub superheaters: bool,
    pub compressors: Reach,
    /// Compress a discharge state again without intercooling (the linear form of mixing).
    pub recompression: bool,
    /// After-coolers and intercoolers by heat exchange: discharge to saturated vapour (`desuperheaters`,
    /// the earlier name, is read too).
    #[serde(alias = "desuperheaters")]
    pub after_coolers: bool,
    /// Intercooling by mixing with saturated liquid of the discharge level.
    pub presaturators: bool,
    pub condensers: bool,
    /// Condensate cooled at its pressure to the temperature of a lower level.
    pub subcoolers: bool,
    pub valves: Reach,
    /// Vessels at intermediate levels: cost of flash tanks / economisers / pre-saturators.
    pub flash_tanks: bool,
}

/// Limits that remove units before the MILP; each removal keeps its reason.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub max_pressure_ratio: f64,
    pub max_discharge_temperature_c: f64,
    pub min_suction_pressure_kpa: f64,
    /// Highest level as a fraction of the critical temperature (K / K).
    pub max_level_fraction_of_critical: f64,
}

/// A superstructure template.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub name: String,
    pub description: String,
    pub units: UnitFamilies,
    pub limits: Limits,
    /// Set by grid mode, never by a file: instantiate for level binaries (adds the top-level twins of the
    /// flash-tank valves, see [`super::GridRule::Top`]).
    #[serde(skip)]
    pub level_binaries: bool,
}

/// Why a template could not be had.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TemplateError {
    #[error("unknown superstructure template \"{name}\"; shipped: {}; or give a path to a template TOML", shipped.join(", "))]
    Unknown { name: String, shipped: Vec<String> },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

const SHIPPED: &[(&str, &str)] = &[
    (
        "single-stage",
        include_str!("../../superstructures/single-stage.toml"),
    ),
    (
        "two-stage-economiser",
        include_str!("../../superstructures/two-stage-economiser.toml"),
    ),
    ("full", include_str!("../../superstructures/full.toml")),
];

impl Template {
    /// A shipped template by name, or a template file by path.
    pub fn load(name_or_path: &str) -> Result<Template, TemplateError> {
        if let Some((name, text)) = SHIPPED.iter().find(|(n, _)| *n == name_or_path) {
            return Template::parse(&format!("superstructures/{name}.toml"), text);
        }
        let path = Path::new(name_or_path);
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(path).map_err(|e| TemplateError::Invalid {
                file: name_or_path.to_string(),
                message: e.to_string(),
            })?;
            return Template::parse(name_or_path, &text);
        }
        Err(TemplateError::Unknown {
            name: name_or_path.to_string(),
            shipped: SHIPPED.iter().map(|(n, _)| n.to_string()).collect(),
        })
    }

    /// Parses and checks template text.
    pub fn parse(file: &str, text: &str) -> Result<Template, TemplateError> {
        let invalid = |message: String| TemplateError::Invalid {
            file: file.to_string(),
            message,
        };
        let t: Template = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let l = &t.limits;
        if l.max_pressure_ratio.is_nan() || l.max_pressure_ratio <= 1.0 {
            return Err(invalid("limits.max_pressure_ratio must be > 1".into()));
        }
        if l.min_suction_pressure_kpa.is_nan() || l.min_suction_pressure_kpa < 0.0 {
            return Err(invalid(
                "limits.min_suction_pressure_kpa must be >= 0".into(),
            ));
        }
        if !(l.max_level_fraction_of_critical > 0.0 && l.max_level_fraction_of_critical < 1.0) {
            return Err(invalid(
                "limits.max_level_fraction_of_critical must be in (0, 1)".into(),
            ));
        }
        if !l.max_discharge_temperature_c.is_finite() {
            return Err(invalid(
                "limits.max_discharge_temperature_c must be a number".into(),
            ));
        }
        Ok(t)
    }

    /// Names of the shipped templates.
    pub fn shipped() -> Vec<&'static str> {
        SHIPPED.iter().map(|(n, _)| *n).collect()
    }
}

/// A case's parsed template in its fingerprint: the template itself (a template file changed since is
/// another problem), not the name it was parsed from.
pub(crate) fn serialize_parsed<S: serde::Serializer>(
    parsed: &Option<(String, std::sync::Arc<Template>)>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    parsed
        .as_ref()
        .map(|(_, t)| t.as_ref())
        .serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_templates_parse() {
        for name in Template::shipped() {
            assert_eq!(Template::load(name).unwrap().name, name);
        }
        assert!(matches!(
            Template::load("fancy"),
            Err(TemplateError::Unknown { .. })
        ));
    }
}
