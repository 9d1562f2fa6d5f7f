//! A process case: heat streams, utilities, prices, economics, heat pump and optimiser settings.
//!
//! [`Case::load`] reads a TOML case file (schema: docs/case-format.md), a stream CSV alone, or OpenPinch's
//! stream-data JSON (openpinch.rs), validates everything, and converts to SI. Every problem is reported at once, each with its location and fix.

mod error;
mod file;
pub mod fingerprint;
pub mod loops;
mod openpinch;
mod optimizer;
mod periods;
mod streams_csv;
pub mod template;
mod validate;

pub use error::{CaseError, Problem};
pub use optimizer::{GridLevels, Objective, OptimizerSettings};
pub use periods::Period;

use std::path::Path;

/// Direction of a heat stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StreamKind {
    /// Must be cooled: gives heat.
    Hot,
    /// Must be heated: takes heat.
    Cold,
}

/// A linear piece of a stream (SI). `t_in_k == t_out_k` is an isothermal (phase-change) piece.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Segment {
    pub t_in_k: f64,
    pub t_out_k: f64,
    pub q_w: f64,
}

/// A hot and a cold stream or utility, by name, that no exchanger of a network may join.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ForbiddenMatch {
    pub hot: String,
    pub cold: String,
}

/// A process heat stream (SI).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Stream {
    pub name: String,
    pub kind: StreamKind,
    /// Contiguous pieces from inlet to outlet.
    pub segments: Vec<Segment>,
    /// Half the minimum approach temperature of this stream (K).
    pub dt_min_half_k: f64,
    /// Its film for the area target, by exchanger type: its own coefficient, or its service's from the
    /// machine set (machines/exchanger.rs).
    pub film: crate::machines::Film,
    /// Its service as the case gives it (own key or a `[[stream_rules]]`), if any.
    pub service: Option<crate::machines::Service>,
    /// Exchange heat with the heat pump only through this loop (no direct contact with refrigerant).
    pub via_loop: Option<crate::machines::LoopKind>,
    /// The plant unit it belongs to (the stream CSV's `unit` column).
    pub unit: Option<String>,
    /// Where it was defined, for messages: `streams[3]` or `file.csv:14` (not part of the problem: left out of
    /// its fingerprint).
    #[serde(skip)]
    pub origin: String,
}

impl Stream {
    /// Total duty (W).
    pub fn q_w(&self) -> f64 {
        self.segments.iter().map(|s| s.q_w).sum()
    }
    pub fn t_in_k(&self) -> f64 {
        self.segments.first().map_or(f64::NAN, |s| s.t_in_k)
    }
    pub fn t_out_k(&self) -> f64 {
        self.segments.last().map_or(f64::NAN, |s| s.t_out_k)
    }
}

/// A priced utility (SI).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Utility {
    pub name: String,
    /// Hot utilities supply heat, cold utilities take it.
    pub kind: StreamKind,
    pub t_in_k: f64,
    pub t_out_k: f64,
    pub dt_min_half_k: f64,
    /// Price per J of purchased energy.
    pub price_eur_per_j: f64,
    /// Emissions per J of purchased energy.
    pub co2_kg_per_j: f64,
    /// Heat per unit of purchased energy.
    pub efficiency: f64,
    /// Auxiliary electricity per W of heat.
    pub electricity_w_per_w: f64,
    pub investment_eur_per_w: f64,
    pub max_w: Option<f64>,
    /// Its film for the area target, by exchanger type.
    pub film: crate::machines::Film,
    /// The refrigeration plant behind a cold utility, whose cycle gives its electricity per W of cold.
    pub plant: Option<crate::machines::PlantCycle>,
}

/// Film coefficients of refrigerant streams by phase (W/(m2 K)) the case gives (`[heat_transfer]`), for any
/// exchanger type; `None`: the machine set's, by the fluid's family and the service.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct RefrigerantFilms {
    pub boiling: Option<f64>,
    pub condensing: Option<f64>,
    /// Vapour: after-coolers, superheaters.
    pub gas: Option<f64>,
    /// Liquid: subcoolers.
    pub liquid: Option<f64>,
}

/// What exists on a retrofit site (SI).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Site {
    /// Installed capacity of each case utility, in the order of `Case::utilities` (W; 0 where none).
    pub existing_utility_w: Vec<f64>,
    /// The process-to-process heat recovery exists at the area target of the site without a heat pump.
    pub existing_heat_recovery: bool,
}

/// Grid electricity (SI).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Electricity {
    pub price_eur_per_j: f64,
    pub co2_kg_per_j: f64,
}

/// Annualisation and prices (SI).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Economics {
    pub interest_rate_per_yr: f64,
    pub lifetime_yr: f64,
    /// Operating time per year (s).
    pub operating_s_per_yr: f64,
    pub co2_price_eur_per_kg: f64,
    /// Chemical Engineering Plant Cost Index of the case year.
    pub cepci: f64,
    /// A greenfield design keeps, on standby, the hot utility capacity the site without a heat pump uses, and
    /// buys it (slave/site.rs).
    pub standby_boiler: bool,
}

impl Economics {
    /// Capital recovery factor `i (1+i)^n / ((1+i)^n - 1)` (1/n at zero interest).
    pub fn capital_recovery_factor(&self) -> f64 {
        let (i, n) = (self.interest_rate_per_yr, self.lifetime_yr);
        if i == 0.0 {
            return 1.0 / n;
        }
        // i (1 + i)^n / ((1 + i)^n - 1), written with (1 + i)^-n so that a long lifetime tends to i
        // instead of overflowing to inf / inf.
        i / (1.0 - (1.0 + i).powf(-n))
    }
}

/// What the heat pump may be built from (SI).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct HeatPumpSettings {
    /// Canonical names of the candidate fluids.
    pub fluids: Vec<String>,
    /// The template's name or path, as the case gives it.
    pub template: String,
    /// The template as parsed when the case was loaded, with the `template` it was parsed from; use
    /// [`HeatPumpSettings::template_def`], which parses `template` again if it was changed since.
    #[serde(serialize_with = "template::serialize_parsed")]
    pub parsed_template: Option<(String, std::sync::Arc<template::Template>)>,
    pub max_levels: usize,
    /// A fixed isentropic efficiency (the ideal machine of textbook cycles), or `None`: the machine set's.
    pub eta_is: Option<f64>,
    /// The compressors, motors and drives a design is built from (`[heat_pump] machine_set`).
    pub machine_set: crate::machines::MachineSet,
    /// The technologies a stage may be built with; empty: every one of the machine set.
    pub compressors: Vec<crate::machines::Technology>,
    /// Whether suction below atmospheric pressure is allowed.
    pub subatmospheric_suction: bool,
    /// dT_min/2 of refrigerant streams (K); grid mode's, and the master's when it has no range.
    pub dt_min_half_k: f64,
    /// Bounds of dT_min/2 as a master variable (K), if it is one.
    pub dt_min_half_k_range: Option<(f64, f64)>,
    pub superheat_k: f64,
    pub subcool_k: f64,
    pub t_level_min_k: f64,
    pub t_level_max_k: f64,
    /// Cycles in cascade (1 or 2).
    pub cycles: usize,
    pub min_level_gap_k: f64,
}

impl HeatPumpSettings {
    /// The case's superstructure template: the one parsed when the case was loaded.
    pub fn template_def(
        &self,
    ) -> Result<std::sync::Arc<template::Template>, template::TemplateError> {
        match &self.parsed_template {
            Some((from, t)) if *from == self.template => Ok(t.clone()),
            _ => template::Template::load(&self.template).map(std::sync::Arc::new),
        }
    }

    /// The compressor technologies a cycle may build its stages with: the ideal machine of the case's
    /// `eta_is`, or the allowed technologies of the machine set.
    pub fn compressor_choices(&self) -> Vec<crate::machines::CompressorChoice> {
        match self.eta_is {
            Some(eta) => vec![crate::machines::CompressorChoice::ideal(eta)],
            None => self.machine_set.choices(&self.compressors),
        }
    }
}

/// A validated case in SI units.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Case {
    pub name: String,
    pub description: String,
    pub source: String,
    pub streams: Vec<Stream>,
    pub utilities: Vec<Utility>,
    pub electricity: Electricity,
    pub economics: Economics,
    pub heat_pump: HeatPumpSettings,
    pub optimizer: OptimizerSettings,
    /// Equipment cost set (`[costs] set`).
    pub costs: crate::costs::CostSet,
    /// How the heat pump's exchangers are priced (`[costs] exchangers`).
    pub exchanger_pricing: crate::costs::ExchangerPricing,
    /// Refrigerant film coefficients of the area target (`[heat_transfer]`).
    pub refrigerant_films: RefrigerantFilms,
    /// What exists already: `Some` makes this a retrofit case (`[site]`).
    pub site: Option<Site>,
    /// Operating periods (`[[periods]]`); empty: one period, the case as written, for
    /// `economics.operating_s_per_yr`. With periods, that is the sum of theirs.
    pub periods: Vec<Period>,
    /// Matches no exchanger of a synthesised network may make (`[[forbidden_matches]]`): the hot and the
    /// cold side by name, each a stream or a utility of the case. The targets ignore them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forbidden_matches: Vec<ForbiddenMatch>,
    /// The TOML this case was read from, if it was: what a sweep edits (study/edit.rs). Not part of the
    /// problem: its comments and layout are left out of its fingerprint.
    #[serde(skip)]
    pub toml: Option<std::sync::Arc<TomlSource>>,
}

/// The TOML text of a case, where it came from, and the folder its relative paths (a `streams_csv`) start in.
#[derive(Clone, PartialEq)]
pub struct TomlSource {
    pub text: String,
    /// The file, or what stands for it, in messages.
    pub file: String,
    /// The case file's path (its folder resolves `streams_csv`).
    pub path: std::path::PathBuf,
}

/// The file's name only: a case's `Debug` form (and the study's case hash made from it) is about what was
/// read, not the text's comments and layout.
impl std::fmt::Debug for TomlSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TomlSource({})", self.file)
    }
}

impl Case {
    /// Loads a case TOML, a stream CSV alone (`.csv`: default settings around its streams), or an OpenPinch
    /// stream-data file (`.json`: its streams, utilities and periods, default settings otherwise).
    pub fn load(path: &Path) -> Result<Case, CaseError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|cause| CaseError::Io {
            file: file.clone(),
            cause,
        })?;
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json {
            return openpinch::load(path, &file, &text);
        }
        if is_csv {
            let name = path
                .file_stem()
                .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
            validate::from_csv(&file, &name, &text)
        } else {
            validate::from_toml(path, &file, &text)
        }
    }

    /// Parses a stream table (CSV text) as a case with default settings, as [`Case::load`] does for a `.csv`
    /// file; `file` names it in messages and `name` becomes the case's name.
    pub fn from_csv_str(text: &str, file: &str, name: &str) -> Result<Case, CaseError> {
        validate::from_csv(file, name, text)
    }

    /// Parses OpenPinch stream-data JSON text as [`Case::load`] does for a `.json` file; `file` names it in
    /// messages and `name` becomes the case's name.
    pub fn from_openpinch_json(text: &str, file: &str, name: &str) -> Result<Case, CaseError> {
        let raw = openpinch::to_case_file(text, file, name)?;
        validate::from_case_file(Path::new(file), file, raw)
    }

    /// Parses case TOML text; `file` names it in messages, CSV references resolve against `base_dir`.
    pub fn from_toml_str(text: &str, file: &str, base_dir: &Path) -> Result<Case, CaseError> {
        validate::from_toml(&base_dir.join("case.toml"), file, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn economics(interest_rate_per_yr: f64, lifetime_yr: f64) -> Economics {
        Economics {
            interest_rate_per_yr,
            lifetime_yr,
            operating_s_per_yr: 8760.0 * 3600.0,
            co2_price_eur_per_kg: 0.0,
            cepci: 600.0,
            standby_boiler: true,
        }
    }

    /// CRF = i (1 + i)^n / ((1 + i)^n - 1): 6 % over 40 years is 0.066462 (by hand: 1.06^40 = 10.2857,
    /// 0.06 x 10.2857 / 9.2857), 1 / n at no interest, and i for a lifetime too long for (1 + i)^n to be finite
    /// (it was NaN, inf / inf, found by fuzzing: a NaN objective made HiGHS run past its time limit).
    #[test]
    fn capital_recovery_factor_is_finite_for_any_valid_lifetime() {
        assert!((economics(0.06, 40.0).capital_recovery_factor() - 0.066462).abs() < 1e-6);
        assert!((economics(0.0, 20.0).capital_recovery_factor() - 0.05).abs() < 1e-12);
        assert_eq!(economics(0.06, 4.8e18).capital_recovery_factor(), 0.06);
    }
}
