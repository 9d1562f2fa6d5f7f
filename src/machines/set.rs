//! Machine sets (`machine_sets/*.toml`): the compressor technologies, motors and drives a design may be
//! built from, the film coefficients of each service in each type of exchanger, and the intermediate loops,
//! each number with its source. The shipped sets are compiled in; a path to another TOML file of
//! the same form works too.

use super::{
    CompressorData, Drive, IsentropicEfficiency, LoopData, LoopKind, Motors, Service, ServiceData,
    Technology, VolumetricEfficiency,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// A documented set of machines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MachineSet {
    pub name: String,
    pub description: String,
    pub source: String,
    pub motors: Motors,
    /// A variable-speed drive between grid and motor; none: the motor on the grid.
    #[serde(default)]
    pub drive: Option<Drive>,
    /// Each technology on sale, by name.
    pub compressors: BTreeMap<Technology, CompressorData>,
    /// Film coefficients and fouling by service and exchanger type.
    #[serde(default)]
    pub services: BTreeMap<Service, ServiceData>,
    /// Intermediate loops between product streams and the heat pump, by fluid.
    #[serde(default)]
    pub loops: BTreeMap<LoopKind, LoopData>,
}

/// Why a machine set could not be had.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MachineSetError {
    #[error("unknown machine set \"{name}\"; shipped: {}; or give a path to a machine set TOML (docs/machines.md)", shipped.join(", "))]
    Unknown { name: String, shipped: Vec<String> },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

const SHIPPED: &[(&str, &str)] = &[(
    "industrial-2026",
    include_str!("../../machine_sets/industrial-2026.toml"),
)];

/// The machine set a case uses when it names none.
pub const DEFAULT_MACHINE_SET: &str = "industrial-2026";

impl MachineSet {
    /// A shipped set by name, or a machine set file by path.
    pub fn load(name_or_path: &str) -> Result<MachineSet, MachineSetError> {
        if let Some((name, text)) = SHIPPED.iter().find(|(n, _)| *n == name_or_path) {
            return MachineSet::parse(&format!("machine_sets/{name}.toml"), text);
        }
        let path = Path::new(name_or_path);
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(path).map_err(|e| MachineSetError::Invalid {
                file: name_or_path.to_string(),
                message: e.to_string(),
            })?;
            return MachineSet::parse(name_or_path, &text);
        }
        Err(MachineSetError::Unknown {
            name: name_or_path.to_string(),
            shipped: MachineSet::shipped()
                .iter()
                .map(|n| n.to_string())
                .collect(),
        })
    }

    /// Names of the shipped sets.
    pub fn shipped() -> Vec<&'static str> {
        SHIPPED.iter().map(|(n, _)| *n).collect()
    }

    /// A service's data, or why the set has none.
    pub fn service(&self, service: Service) -> Result<&ServiceData, String> {
        self.services.get(&service).ok_or_else(|| {
            format!(
                "machine set \"{}\" has no film coefficients for service \"{}\"",
                self.name,
                service.name()
            )
        })
    }

    /// The default set ([`DEFAULT_MACHINE_SET`]).
    pub fn default_set() -> MachineSet {
        MachineSet::load(DEFAULT_MACHINE_SET).expect("shipped machine set parses") // invariant: tested
    }

    /// Parses and checks machine set text: efficiencies in (0, 1], ratios above 1, ratings positive, at
    /// least one motor class.
    pub fn parse(file: &str, text: &str) -> Result<MachineSet, MachineSetError> {
        let invalid = |message: String| MachineSetError::Invalid {
            file: file.to_string(),
            message,
        };
        let set: MachineSet = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if set.motors.classes.is_empty() {
            return Err(invalid(
                "motors.classes: give at least one motor class".into(),
            ));
        }
        for c in &set.motors.classes {
            let eta = c.efficiency(c.from_kw.max(0.75) * 1e3);
            if !(eta > 0.0 && eta <= 1.0 && c.from_kw < c.to_kw) {
                return Err(invalid(format!(
                    "motors.classes \"{}\": efficiency {eta:.3} at {} kW, or from_kw not below to_kw",
                    c.class, c.from_kw
                )));
            }
        }
        if let Some(d) = &set.drive
            && !(d.efficiency > 0.0 && d.efficiency <= 1.0)
        {
            return Err(invalid("drive.efficiency must be in (0, 1]".into()));
        }
        for (t, c) in &set.compressors {
            check_compressor(c).map_err(|e| invalid(format!("compressors.{}: {e}", t.name())))?;
        }
        if let Some(missing) = Service::ALL.iter().find(|s| !set.services.contains_key(s)) {
            return Err(invalid(format!(
                "services.{}: every service needs its film coefficients (the refrigerant's are looked up \
                 by phase and fluid family)",
                missing.name()
            )));
        }
        for (service, data) in &set.services {
            let good = |f: &Option<super::FilmData>| {
                f.is_none_or(|f| f.h_w_per_m2_k > 0.0 && f.fouling_m2_k_per_w >= 0.0)
            };
            let films = [
                &data.plate,
                &data.shell_and_plate,
                &data.shell_and_tube,
                &data.air_cooled,
            ];
            if !films.iter().all(|f| good(f)) || films.iter().all(|f| f.is_none()) {
                return Err(invalid(format!(
                    "services.{}: at least one film, each with h_w_per_m2_k > 0 and fouling_m2_k_per_w >= 0",
                    service.name()
                )));
            }
        }
        for (kind, l) in &set.loops {
            if !set.services.contains_key(&l.service) {
                return Err(invalid(format!(
                    "loops.{}: service \"{}\" is not in the set's services",
                    kind.name(),
                    l.service.name()
                )));
            }
            let positive = |v: f64| v.is_finite() && v > 0.0;
            if !(l.dt_min_half_k >= 0.0
                && positive(l.phase_change_rise_k)
                && l.pump_w_per_w >= 0.0
                && positive(l.reference_rise_k))
            {
                return Err(invalid(format!(
                    "loops.{}: dt_min_half_k >= 0, phase_change_rise_k > 0, pump_w_per_w >= 0, reference_rise_k > 0",
                    kind.name()
                )));
            }
        }
        Ok(set)
    }

    /// A loop's data, or why the set has none.
    pub fn loop_data(&self, kind: LoopKind) -> Result<&LoopData, String> {
        self.loops
            .get(&kind)
            .ok_or_else(|| format!("machine set \"{}\" has no {} loop", self.name, kind.name()))
    }
}

fn check_compressor(c: &CompressorData) -> Result<(), String> {
    let unit = |v: f64| v > 0.0 && v <= 1.0;
    match &c.eta_is {
        IsentropicEfficiency::Constant { value } if !unit(*value) => {
            return Err("eta_is.value must be in (0, 1]".into());
        }
        IsentropicEfficiency::BuiltInVolumeRatio {
            eta_0,
            volume_ratios,
        } if !unit(*eta_0)
            || volume_ratios.is_empty()
            || volume_ratios.iter().any(|v| *v <= 1.0) =>
        {
            return Err(
                "eta_is: eta_0 in (0, 1] and at least one built-in volume ratio above 1".into(),
            );
        }
        _ => {}
    }
    match &c.eta_vol {
        VolumetricEfficiency::Constant { value } if !unit(*value) => {
            return Err("eta_vol.value must be in (0, 1]".into());
        }
        VolumetricEfficiency::Linear { intercept, .. } if !unit(*intercept) => {
            return Err("eta_vol.intercept must be in (0, 1]".into());
        }
        VolumetricEfficiency::Clearance { clearance } if !(0.0..0.5).contains(clearance) => {
            return Err("eta_vol.clearance must be in [0, 0.5)".into());
        }
        _ => {}
    }
    if c.max_pressure_ratio.is_nan() || c.max_pressure_ratio <= 1.0 {
        return Err("max_pressure_ratio must be > 1".into());
    }
    if c.max_discharge_pressure_kpa
        .values()
        .any(|p| p.is_nan() || *p <= 0.0)
    {
        return Err("max_discharge_pressure_kpa: ratings must be > 0".into());
    }
    if let Some(oil) = &c.oil_cooling
        && !(oil.oil_heat_capacity_per_shaft_power_per_k >= 0.0 && oil.oil_supply_c.is_finite())
    {
        return Err(
            "oil_cooling: a heat capacity per shaft power >= 0 and a supply temperature".into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_machine_sets_parse_and_bad_ones_are_refused() {
        for name in MachineSet::shipped() {
            assert_eq!(MachineSet::load(name).unwrap().name, name);
        }
        assert!(matches!(
            MachineSet::load("cheap"),
            Err(MachineSetError::Unknown { .. })
        ));
        let text = include_str!("../../machine_sets/industrial-2026.toml")
            .replace("max_pressure_ratio = 8.0", "max_pressure_ratio = 0.5");
        let err = MachineSet::parse("bad.toml", &text)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("bad.toml") && err.contains("max_pressure_ratio"),
            "{err}"
        );
    }
}
