//! The case file as written by a user (TOML). Every key carries its unit; unknown keys are errors.
//! Defaults live here (the optimiser's in optimizer.rs), next to the field they belong to, and are listed in
//! docs/case-format.md.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseFile {
    pub case: CaseMeta,
    #[serde(default)]
    pub streams: Vec<StreamFile>,
    #[serde(default)]
    pub utilities: Vec<UtilityFile>,
    #[serde(default)]
    pub electricity: ElectricityFile,
    #[serde(default)]
    pub economics: EconomicsFile,
    #[serde(default)]
    pub heat_pump: HeatPumpFile,
    #[serde(default)]
    pub optimizer: super::OptimizerSettings,
    #[serde(default)]
    pub costs: CostsFile,
    #[serde(default)]
    pub heat_transfer: HeatTransferFile,
    pub site: Option<SiteFile>,
    /// Operating periods (seasons, campaigns, tariffs); none: one period, the case as written.
    #[serde(default)]
    pub periods: Vec<PeriodFile>,
    /// Settings given to groups of streams (by the CSV's unit or by name): their service, their loop.
    #[serde(default)]
    pub stream_rules: Vec<StreamRuleFile>,
    /// Pairs of a hot and a cold stream (or utility) that must not share an exchanger in a synthesised
    /// network (safety, contamination, distance); the targets ignore them.
    #[serde(default)]
    pub forbidden_matches: Vec<ForbiddenMatchFile>,
}

/// A hot and a cold stream or utility, by name, that no exchanger of a network may join.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ForbiddenMatchFile {
    pub hot: String,
    pub cold: String,
}

/// A rule for the streams it selects, by the unit they belong to or by name; a stream's own keys win.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StreamRuleFile {
    /// The units (the stream CSV's `unit` column, or a stream's `unit` key) whose streams it applies to.
    #[serde(default)]
    pub units: Vec<String>,
    /// Streams it applies to by name.
    #[serde(default)]
    pub streams: Vec<String>,
    pub service: Option<crate::machines::Service>,
    pub via_loop: Option<crate::machines::LoopKind>,
}

/// One operating period: its share of the year and what differs from the case as written. Streams and
/// utilities are named as in the case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeriodFile {
    pub name: String,
    /// Operating hours of the period per year; or `weight`, its share of `economics.operating_h_per_yr`.
    pub hours_per_yr: Option<f64>,
    pub weight: Option<f64>,
    /// A stream's duty in this period (kW).
    #[serde(default)]
    pub stream_q_kw: BTreeMap<String, f64>,
    /// A stream's duty as a factor of the case's.
    #[serde(default)]
    pub stream_factor: BTreeMap<String, f64>,
    /// A single-piece stream's inlet and outlet temperatures in this period (°C).
    #[serde(default)]
    pub stream_t_in_c: BTreeMap<String, f64>,
    #[serde(default)]
    pub stream_t_out_c: BTreeMap<String, f64>,
    pub electricity_price_eur_per_kwh: Option<f64>,
    /// A utility's inlet and outlet temperatures in this period (°C): cooling water in summer.
    #[serde(default)]
    pub utility_t_in_c: BTreeMap<String, f64>,
    #[serde(default)]
    pub utility_t_out_c: BTreeMap<String, f64>,
    /// A utility's price per kWh of purchased energy in this period.
    #[serde(default)]
    pub utility_price_eur_per_kwh: BTreeMap<String, f64>,
    /// `false`: the utility cannot be used in this period.
    #[serde(default)]
    pub utility_available: BTreeMap<String, bool>,
}

/// What exists on the site already (a retrofit case): no investment up to these capacities.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SiteFile {
    /// Installed capacity per utility name (kW of heat delivered or taken), e.g. the furnace and the
    /// refrigeration plant that the site runs today.
    #[serde(default)]
    pub existing_utilities_kw: std::collections::BTreeMap<String, f64>,
    /// Whether the site's process-to-process heat recovery exists at the area target of the site without a
    /// heat pump (so only area beyond it is new).
    #[serde(default = "yes")]
    pub existing_heat_recovery: bool,
}

fn yes() -> bool {
    true
}

/// Film coefficients (W/(m2 K)) of the area target that replace the machine set's by service: for every
/// stream and utility without its own, and for the refrigerant by phase (docs/costs.md).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HeatTransferFile {
    pub stream_h_w_per_m2_k: Option<f64>,
    pub utility_h_w_per_m2_k: Option<f64>,
    pub boiling_h_w_per_m2_k: Option<f64>,
    pub condensing_h_w_per_m2_k: Option<f64>,
    pub gas_h_w_per_m2_k: Option<f64>,
    pub liquid_h_w_per_m2_k: Option<f64>,
}

/// Which cost set prices the equipment (docs/costs.md).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CostsFile {
    /// A shipped set's name or a cost set TOML (relative to the case file).
    #[serde(default = "default_cost_set")]
    pub set: String,
    /// "area-target" (default): exchangers priced by the area target of the design; "per-unit": each as a
    /// machine of the MILP at a fixed mean temperature difference.
    #[serde(default = "default_exchangers")]
    pub exchangers: crate::costs::ExchangerPricing,
}

impl Default for CostsFile {
    fn default() -> Self {
        Self {
            set: default_cost_set(),
            exchangers: default_exchangers(),
        }
    }
}

fn default_exchangers() -> crate::costs::ExchangerPricing {
    crate::costs::ExchangerPricing::AreaTarget
}

fn default_cost_set() -> String {
    crate::costs::DEFAULT_COST_SET.to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseMeta {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Citation of the data.
    #[serde(default)]
    pub source: String,
    /// Default dT_min/2 for streams that do not give their own (K).
    pub dt_min_half_k: Option<f64>,
    /// Stream table in CSV (columns of the IPESE dairy file), relative to the case file.
    pub streams_csv: Option<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StreamKindFile {
    Hot,
    Cold,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StreamFile {
    pub name: String,
    pub kind: StreamKindFile,
    pub t_in_c: Option<f64>,
    pub t_out_c: Option<f64>,
    /// Duty (kW, positive); or give `cp_kw_per_k`.
    pub q_kw: Option<f64>,
    /// Heat capacity flow rate (kW/K), the usual datum of pinch-analysis textbooks.
    pub cp_kw_per_k: Option<f64>,
    pub dt_min_half_k: Option<f64>,
    /// Film coefficient for the area target (any exchanger type); default: the service's.
    pub h_w_per_m2_k: Option<f64>,
    /// What the stream is as a side of an exchanger (its film coefficients by exchanger type come from the
    /// machine set): "water" by default, "product", "glycol", "flue_gas", "air", ...
    pub service: Option<crate::machines::Service>,
    /// Exchange heat with the heat pump only through an intermediate loop of this fluid ("water" or
    /// "glycol"): no direct contact of the stream with refrigerant.
    pub via_loop: Option<crate::machines::LoopKind>,
    /// The plant unit the stream belongs to (the stream CSV's `unit` column), for `[[stream_rules]]`.
    pub unit: Option<String>,
    /// Marks an isothermal (phase-change) stream, `t_in_c == t_out_c`.
    #[serde(default)]
    pub phase_change: bool,
    /// Piecewise-linear stream: contiguous segments instead of `t_in_c`, `t_out_c`, `q_kw`.
    #[serde(default)]
    pub segments: Vec<SegmentFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SegmentFile {
    pub t_in_c: f64,
    pub t_out_c: f64,
    pub q_kw: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UtilityFile {
    pub name: String,
    /// "hot" supplies heat (furnace, steam); "cold" takes heat (cooling water, brine).
    pub kind: StreamKindFile,
    pub t_in_c: f64,
    pub t_out_c: f64,
    #[serde(default = "default_utility_dt_min_half_k")]
    pub dt_min_half_k: f64,
    /// Price per kWh of purchased energy (fuel for a furnace, heat or cold otherwise).
    #[serde(default)]
    pub price_eur_per_kwh: f64,
    /// Emissions per kWh of purchased energy.
    #[serde(default)]
    pub co2_kg_per_kwh: f64,
    /// Heat delivered (hot) or taken (cold) per unit of purchased energy: furnace efficiency, 1 otherwise.
    #[serde(default = "one")]
    pub efficiency: f64,
    /// Auxiliary electricity per kW of heat (cooling tower fans and pumps).
    #[serde(default)]
    pub electricity_kw_per_kw: f64,
    /// Investment per kW of capacity.
    #[serde(default)]
    pub investment_eur_per_kw: f64,
    pub max_kw: Option<f64>,
    /// Film coefficient for the area target (any exchanger type); default: the service's.
    pub h_w_per_m2_k: Option<f64>,
    /// What the utility is as a side of an exchanger ("water" by default).
    pub service: Option<crate::machines::Service>,
    /// A cold utility made by a refrigeration plant of the machine set: its electricity per kW of cold is
    /// the plant's cycle's, not a number of the file.
    pub refrigeration_plant: Option<RefrigerationPlantFile>,
}

/// A single-stage refrigeration plant built from the case's machine set (machines/plant.rs).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RefrigerationPlantFile {
    pub fluid: String,
    pub t_evaporating_c: f64,
    pub t_condensing_c: f64,
    /// Cold it delivers at design, which sizes its motor.
    pub capacity_kw: f64,
    /// The loop (ice water, glycol) that carries its cold to the loads, whose pump adds electricity.
    #[serde(rename = "loop")]
    pub via_loop: Option<crate::machines::LoopKind>,
}

fn default_utility_dt_min_half_k() -> f64 {
    5.0
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ElectricityFile {
    #[serde(default = "default_electricity_price")]
    pub price_eur_per_kwh: f64,
    #[serde(default)]
    pub co2_g_per_kwh: f64,
}

impl Default for ElectricityFile {
    fn default() -> Self {
        Self {
            price_eur_per_kwh: default_electricity_price(),
            co2_g_per_kwh: 0.0,
        }
    }
}

fn default_electricity_price() -> f64 {
    0.25
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EconomicsFile {
    #[serde(default = "default_interest")]
    pub interest_rate_per_yr: f64,
    #[serde(default = "default_lifetime")]
    pub lifetime_yr: f64,
    #[serde(default = "default_hours")]
    pub operating_h_per_yr: f64,
    #[serde(default)]
    pub co2_price_eur_per_t: f64,
    /// Chemical Engineering Plant Cost Index of the case year; cost correlations are scaled from their
    /// own year's index to this one.
    #[serde(default = "default_cepci")]
    pub cepci: f64,
    /// A greenfield design keeps the site's hot utility capacity on standby and pays for it.
    #[serde(default = "yes")]
    pub standby_boiler: bool,
}

impl Default for EconomicsFile {
    fn default() -> Self {
        Self {
            interest_rate_per_yr: default_interest(),
            lifetime_yr: default_lifetime(),
            operating_h_per_yr: default_hours(),
            co2_price_eur_per_t: 0.0,
            cepci: default_cepci(),
            standby_boiler: true,
        }
    }
}

/// 8 %/yr: a cost of capital for an industrial energy investment, between the 4 % social rate of the Danish
/// Energy Agency's technology catalogue and the 15-25 % hurdle rates companies set (Plant Services, 2005);
/// a default to state, not a fact: set the case's own.
fn default_interest() -> f64 {
    0.08
}
/// 20 years: the technical lifetime of large heat pumps in the Danish Energy Agency's technology catalogue
/// for district heating (data sheet 40 "Heat pumps, large", 2016 with later updates).
fn default_lifetime() -> f64 {
    20.0
}
fn default_hours() -> f64 {
    8000.0
}
fn default_cepci() -> f64 {
    596.2
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HeatPumpFile {
    #[serde(default = "default_fluids")]
    pub fluids: Vec<String>,
    #[serde(default = "default_template")]
    pub template: String,
    #[serde(default = "default_max_levels")]
    pub max_levels: usize,
    /// A fixed isentropic efficiency for every compressor: an ideal machine with no other loss (textbook
    /// cycles, comparisons with peers). Absent: the machine set's compressors.
    pub eta_is: Option<f64>,
    /// The machine set the compressors, motors and drives come from (a shipped name or a path).
    #[serde(default = "default_machine_set")]
    pub machine_set: String,
    /// The compressor technologies a stage may be built with; empty: all of the machine set's.
    #[serde(default)]
    pub compressors: Vec<crate::machines::Technology>,
    /// Whether a compressor may take suction below atmospheric pressure (air leaks in; purgers needed).
    #[serde(default)]
    pub subatmospheric_suction: bool,
    #[serde(default = "default_refrigerant_dt")]
    pub dt_min_half_k: f64,
    /// Bounds of the refrigerant's dT_min/2 as a variable of the master (K); absent: fixed at
    /// `dt_min_half_k`.
    pub dt_min_half_k_range: Option<[f64; 2]>,
    #[serde(default)]
    pub superheat_k: f64,
    #[serde(default)]
    pub subcool_k: f64,
    /// Bounds of the saturation temperature levels; default: the process range widened by 10 K.
    pub t_level_min_c: Option<f64>,
    pub t_level_max_c: Option<f64>,
    /// Cycles in cascade, each with its own fluid (1 or 2), coupled through the heat cascade.
    #[serde(default = "default_cycles")]
    pub cycles: usize,
    /// Smallest gap between two levels of a cycle (K).
    #[serde(default = "default_level_gap")]
    pub min_level_gap_k: f64,
}

fn default_cycles() -> usize {
    1
}
fn default_level_gap() -> f64 {
    3.0
}

impl Default for HeatPumpFile {
    fn default() -> Self {
        Self {
            fluids: default_fluids(),
            template: default_template(),
            max_levels: default_max_levels(),
            eta_is: None,
            machine_set: default_machine_set(),
            compressors: Vec::new(),
            subatmospheric_suction: false,
            dt_min_half_k: default_refrigerant_dt(),
            dt_min_half_k_range: None,
            superheat_k: 0.0,
            subcool_k: 0.0,
            t_level_min_c: None,
            t_level_max_c: None,
            cycles: default_cycles(),
            min_level_gap_k: default_level_gap(),
        }
    }
}

fn default_fluids() -> Vec<String> {
    vec!["R717".into()]
}
fn default_template() -> String {
    "full".into()
}
fn default_max_levels() -> usize {
    4
}
fn default_machine_set() -> String {
    crate::machines::DEFAULT_MACHINE_SET.to_string()
}
fn default_refrigerant_dt() -> f64 {
    2.0
}
