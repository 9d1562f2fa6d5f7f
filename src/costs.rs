//! Capital cost of equipment: cost sets (purchased cost correlations, installation factors, engineering and
//! contingency, maintenance) and their piecewise-linear form for the MILP.
//!
//! A cost set is data (`cost_sets/*.toml`, each with its sources). The installed investment of a machine of
//! size `X` is
//!
//! ```text
//! I(X) = C_p(X) * F_inst * F_proj,     C_p(X) = C_ref (X / X_ref)^alpha   (purchased, set's CEPCI year)
//! ```
//!
//! with `F_inst` the machine type's installation (bare-module) factor and `F_proj` the engineering, fee and
//! contingency factor of the whole project; maintenance is `m I` per year. docs/costs.md lists the sets, their
//! sources and how the default compares with published installed prices.
//!
//! For a machine with size variable `X` and breakpoints `b_0 < ... < b_K` (geometric between the smallest and
//! the largest useful size), segment binaries `z_i` and segment sizes `x_i`:
//!
//! ```text
//! b_{i-1} z_i <= x_i <= b_i z_i (i > 1),   0 <= x_1 <= b_1 z_1,   sum_i z_i <= 1,   X = sum_i x_i
//! cost = sum_i C(b_{i-1}) z_i + s_i (x_i - b_{i-1} z_i),   s_i = (C(b_i) - C(b_{i-1})) / (b_i - b_{i-1})
//! ```
//!
//! Each segment is the secant of the concave curve, so the MILP's cost is at most the correlation's, and
//! equal at the breakpoints. The first segment reaches down to zero size: below `b_0` its secant, whose
//! intercept `C(b_0) - s_1 b_0 > 0` acts as a fixed charge, lies above the curve's steep start. Reports give
//! both the linearised and the correlation cost of the design.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// `C = c_ref_eur (X / x_ref)^alpha` (in the cost set's cost-index year and currency).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerLaw {
    pub c_ref_eur: f64,
    pub x_ref: f64,
    pub alpha: f64,
}

impl PowerLaw {
    /// Cost at size `x` (0 at 0).
    pub fn cost(&self, x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            self.c_ref_eur * (x / self.x_ref).powf(self.alpha)
        }
    }
}

/// Turton et al.'s purchased-cost form, `log10 C = k1 + k2 log10 X + k3 (log10 X)^2`, fitted for
/// `x_min <= X <= x_max`. Below `x_min` the curve continues as the power law of its slope at `x_min` (the
/// quadratic itself turns upwards below some sizes); above `x_max` the quadratic is extrapolated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogQuadratic {
    pub k1: f64,
    pub k2: f64,
    pub k3: f64,
    pub x_min: f64,
    pub x_max: f64,
}

impl LogQuadratic {
    fn log_cost(&self, lx: f64) -> f64 {
        self.k1 + self.k2 * lx + self.k3 * lx * lx
    }

    /// `d log C / d log X` at `x` (clamped to `x_min` below it).
    pub fn elasticity(&self, x: f64) -> f64 {
        self.k2 + 2.0 * self.k3 * x.max(self.x_min).log10()
    }

    pub fn cost(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        if x >= self.x_min {
            return 10f64.powf(self.log_cost(x.log10()));
        }
        let at_min = 10f64.powf(self.log_cost(self.x_min.log10()));
        at_min * (x / self.x_min).powf(self.elasticity(self.x_min))
    }
}

/// Towler & Sinnott's purchased-cost form, `C = a + b X^n`, fitted for `x_min <= X <= x_max` (the formula
/// continues outside).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OffsetPowerLaw {
    pub a: f64,
    pub b: f64,
    pub n: f64,
    pub x_min: f64,
    pub x_max: f64,
}

impl OffsetPowerLaw {
    pub fn cost(&self, x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            self.a + self.b * x.powf(self.n)
        }
    }

    /// `d log C / d log X = n b X^n / (a + b X^n)` at `x`.
    pub fn elasticity(&self, x: f64) -> f64 {
        let v = self.b * x.powf(self.n);
        self.n * v / (self.a + v)
    }
}

/// A purchased-cost correlation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Correlation {
    PowerLaw(PowerLaw),
    LogQuadratic(LogQuadratic),
    OffsetPowerLaw(OffsetPowerLaw),
}

impl Correlation {
    /// Cost at size `x`, in the set's year and currency (0 at 0).
    pub fn cost(&self, x: f64) -> f64 {
        match self {
            Correlation::PowerLaw(p) => p.cost(x),
            Correlation::LogQuadratic(q) => q.cost(x),
            Correlation::OffsetPowerLaw(o) => o.cost(x),
        }
    }

    /// `d ln C / d ln X` at `x`: the share of cost that grows with size.
    pub fn elasticity(&self, x: f64) -> f64 {
        match self {
            Correlation::PowerLaw(p) => p.alpha,
            Correlation::LogQuadratic(q) => q.elasticity(x),
            Correlation::OffsetPowerLaw(o) => o.elasticity(x),
        }
    }
}

/// What a compressor's cost is a function of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeBasis {
    /// Suction volume flow (m3/h).
    #[default]
    SuctionM3PerH,
    /// Shaft power (kW).
    ShaftPowerKw,
}

/// A compressor's electric drive, priced on its shaft power (kW).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriveCost {
    pub purchased: Correlation,
    pub installation_factor: f64,
}

/// One machine type of a cost set: its purchased-cost curve and its installation factor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MachineCost {
    pub purchased: Correlation,
    /// Installed (bare-module) cost over purchased cost: erection, piping, instruments, electrical,
    /// foundations, civil work, indirect costs of installing this machine type.
    pub installation_factor: f64,
    /// Compressors: the size the cost is a function of.
    #[serde(default)]
    pub size: SizeBasis,
    /// Compressors: an electric drive priced apart (needs `size = "shaft_power_kw"`).
    #[serde(default)]
    pub drive: Option<DriveCost>,
    /// The cost index of this machine's correlation when it is not the set's (a set drawing on several
    /// sources): its costs are scaled from this index to the set's.
    #[serde(default)]
    pub cepci: Option<f64>,
    /// EUR per unit of this machine's currency when it is not the set's.
    #[serde(default)]
    pub currency_to_eur: Option<f64>,
}

impl MachineCost {
    /// What brings this machine's costs to the set's year and currency: `(CEPCI_set / CEPCI_machine)
    /// (EUR per its currency) / (EUR per the set's)`; 1 for a machine in the set's own basis.
    pub fn basis_factor(&self, set_cepci: f64, set_currency_to_eur: f64) -> f64 {
        let year = self.cepci.map_or(1.0, |c| set_cepci / c);
        let currency = self
            .currency_to_eur
            .map_or(1.0, |c| c / set_currency_to_eur);
        year * currency
    }
}

/// Project-wide factors on the installed machines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectCost {
    /// Engineering, contractor's fee and contingency: total over bare-module cost.
    pub engineering_and_contingency_factor: f64,
    /// Yearly maintenance as a share of the investment (1/yr).
    pub maintenance_share_per_yr: f64,
}

/// Overall heat-transfer coefficients by exchanger duty (W/(m2 K)), for per-unit exchanger sizing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeatTransfer {
    pub evaporator: f64,
    pub condenser: f64,
    /// After-coolers and intercoolers (`desuperheater`, the earlier name, is read too).
    #[serde(alias = "desuperheater")]
    pub after_cooler: f64,
    pub subcooler: f64,
    pub superheater: f64,
}

impl Default for HeatTransfer {
    /// The `heatpumps` package's defaults (HeatPumpBase.calc_cost, commit 00f6c45): 1500 W/(m2 K)
    /// evaporators, 3500 condensers, 50 every other exchanger (gas-side limited).
    fn default() -> Self {
        HeatTransfer {
            evaporator: 1500.0,
            condenser: 3500.0,
            after_cooler: 50.0,
            subcooler: 50.0,
            superheater: 50.0,
        }
    }
}

/// How machines are sized for their cost inside the MILP.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sizing {
    /// U per exchanger duty for per-unit sizing `A = Q / (U dT_mean)`.
    #[serde(default)]
    pub u_w_per_m2_k: HeatTransfer,
    /// Mean temperature difference of per-unit exchanger sizing (K); hpsynth's assumption.
    #[serde(default = "default_dt_mean")]
    pub dt_mean_k: f64,
    /// Residence time that sizes a vessel: `V = t * (liquid + vapour volume flow out of it)` (s), the
    /// `heatpumps` package's 10 s.
    #[serde(default = "default_residence")]
    pub vessel_residence_s: f64,
    /// Segments of the piecewise-linear cost curve per machine.
    #[serde(default = "default_segments")]
    pub segments: usize,
}

fn one() -> f64 {
    1.0
}

fn default_dt_mean() -> f64 {
    10.0
}
fn default_residence() -> f64 {
    10.0
}
fn default_segments() -> usize {
    3
}

impl Default for Sizing {
    fn default() -> Self {
        Sizing {
            u_w_per_m2_k: HeatTransfer::default(),
            dt_mean_k: default_dt_mean(),
            vessel_residence_s: default_residence(),
            segments: default_segments(),
        }
    }
}

/// How the heat pump's exchangers are priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum ExchangerPricing {
    /// By the area target of the whole design's heat exchange (hen/): the MILP chooses units for energy and
    /// machines, every exchanger is then priced from the design's real temperature differences.
    AreaTarget,
    /// Each exchanger as a machine of the MILP, sized `A = Q / (U dT_mean)` with a fixed `dT_mean`.
    PerUnit,
}

/// A documented set of cost correlations and factors (`cost_sets/*.toml`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostSet {
    pub name: String,
    pub description: String,
    pub source: String,
    /// Chemical Engineering Plant Cost Index of the correlations' year.
    pub cepci: f64,
    /// EUR per unit of the correlations' currency (1 for EUR).
    #[serde(default = "one")]
    pub currency_to_eur: f64,
    /// Compressor by suction volume flow (m3/h) or shaft power (kW).
    pub compressor: MachineCost,
    /// Heat exchanger by area (m2): the curve of every type the set does not price on its own, and of
    /// per-unit exchangers.
    pub exchanger: MachineCost,
    /// Heat exchangers by type, each its own purchased curve and installation (bare-module) factor.
    #[serde(default)]
    pub exchangers: std::collections::BTreeMap<crate::machines::ExchangerType, MachineCost>,
    /// Vessel (flash tank, economiser, pre-saturator) by volume (m3).
    pub vessel: MachineCost,
    pub project: ProjectCost,
    #[serde(default)]
    pub sizing: Sizing,
}

/// Why a cost set could not be had.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CostSetError {
    #[error("unknown cost set \"{name}\"; shipped: {}; or give a path to a cost set TOML (docs/costs.md)", shipped.join(", "))]
    Unknown { name: String, shipped: Vec<String> },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

const SHIPPED: &[(&str, &str)] = &[
    (
        "kosmadakis-2020",
        include_str!("../cost_sets/kosmadakis-2020.toml"),
    ),
    (
        "kosmadakis-2020-installed",
        include_str!("../cost_sets/kosmadakis-2020-installed.toml"),
    ),
    (
        "kosmadakis-2020-total",
        include_str!("../cost_sets/kosmadakis-2020-total.toml"),
    ),
    ("turton-2018", include_str!("../cost_sets/turton-2018.toml")),
    (
        "industrial-2026",
        include_str!("../cost_sets/industrial-2026.toml"),
    ),
];

/// The cost set a case uses when it names none: installed cost part by part, each part from its own source
/// (docs/costs.md).
pub const DEFAULT_COST_SET: &str = "industrial-2026";

impl CostSet {
    /// A shipped set by name, or a cost set file by path.
    pub fn load(name_or_path: &str) -> Result<CostSet, CostSetError> {
        if let Some((name, text)) = SHIPPED.iter().find(|(n, _)| *n == name_or_path) {
            return CostSet::parse(&format!("cost_sets/{name}.toml"), text);
        }
        let path = Path::new(name_or_path);
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(path).map_err(|e| CostSetError::Invalid {
                file: name_or_path.to_string(),
                message: e.to_string(),
            })?;
            return CostSet::parse(name_or_path, &text);
        }
        Err(CostSetError::Unknown {
            name: name_or_path.to_string(),
            shipped: CostSet::shipped().iter().map(|n| n.to_string()).collect(),
        })
    }

    /// Names of the shipped sets.
    pub fn shipped() -> Vec<&'static str> {
        SHIPPED.iter().map(|(n, _)| *n).collect()
    }

    /// Parses and checks cost set text.
    pub fn parse(file: &str, text: &str) -> Result<CostSet, CostSetError> {
        let invalid = |message: String| CostSetError::Invalid {
            file: file.to_string(),
            message,
        };
        let set: CostSet = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let positive = |v: f64| v.is_finite() && v > 0.0;
        let types: Vec<(String, &MachineCost)> = set
            .exchangers
            .iter()
            .map(|(t, m)| (format!("exchangers.{}", t.name()), m))
            .collect();
        let machines = [
            ("compressor".to_string(), &set.compressor),
            ("exchanger".to_string(), &set.exchanger),
            ("vessel".to_string(), &set.vessel),
        ];
        for (key, m) in machines.into_iter().chain(types) {
            check_correlation(&m.purchased)
                .map_err(|e| invalid(format!("{key}.purchased: {e}")))?;
            if !(m.installation_factor.is_finite() && m.installation_factor >= 1.0) {
                return Err(invalid(format!(
                    "{key}.installation_factor must be >= 1 (1: purchased cost only)"
                )));
            }
            if m.cepci.is_some_and(|c| !positive(c))
                || m.currency_to_eur.is_some_and(|c| !positive(c))
            {
                return Err(invalid(format!(
                    "{key}: cepci and currency_to_eur must be > 0"
                )));
            }
            if let Some(d) = &m.drive {
                check_correlation(&d.purchased)
                    .map_err(|e| invalid(format!("{key}.drive.purchased: {e}")))?;
                if !(d.installation_factor.is_finite() && d.installation_factor >= 1.0) {
                    return Err(invalid(format!(
                        "{key}.drive.installation_factor must be >= 1"
                    )));
                }
                if m.size != SizeBasis::ShaftPowerKw {
                    return Err(invalid(format!(
                        "{key}.drive needs size = \"shaft_power_kw\" (a drive is priced on its power)"
                    )));
                }
            }
        }
        if !positive(set.currency_to_eur) {
            return Err(invalid("currency_to_eur must be > 0".into()));
        }
        let p = &set.project;
        if !(p.engineering_and_contingency_factor.is_finite()
            && p.engineering_and_contingency_factor >= 1.0)
        {
            return Err(invalid(
                "project.engineering_and_contingency_factor must be >= 1".into(),
            ));
        }
        if !(p.maintenance_share_per_yr.is_finite()
            && (0.0..1.0).contains(&p.maintenance_share_per_yr))
        {
            return Err(invalid(
                "project.maintenance_share_per_yr must be in [0, 1), e.g. 0.02".into(),
            ));
        }
        if !(positive(set.cepci)) {
            return Err(invalid("cepci must be > 0".into()));
        }
        let s = &set.sizing;
        if !(positive(s.dt_mean_k) && positive(s.vessel_residence_s) && s.segments >= 1) {
            return Err(invalid(
                "sizing: dt_mean_k and vessel_residence_s must be > 0, segments >= 1".into(),
            ));
        }
        Ok(set)
    }

    /// The curve of exchanger type `t`: its own, or the set's one exchanger curve.
    pub fn exchanger_of(&self, t: crate::machines::ExchangerType) -> &MachineCost {
        self.exchangers.get(&t).unwrap_or(&self.exchanger)
    }

    /// Purchased equipment cost only (Kosmadakis et al. 2020): the set before installed costs.
    pub fn kosmadakis_2020() -> CostSet {
        CostSet::load("kosmadakis-2020").expect("shipped cost set parses")
    }

    /// The default set ([`DEFAULT_COST_SET`]).
    pub fn default_set() -> CostSet {
        CostSet::load(DEFAULT_COST_SET).expect("shipped cost set parses")
    }

    /// Installed cost of a machine of size `x` (a compressor's drive at `x` kW), in EUR of the set's year:
    /// `F_proj (F_inst C(x) + F_drive D(x))`, its correlation brought to the set's year and currency.
    pub fn installed_cost(&self, machine: &MachineCost, x: f64) -> f64 {
        CostCurve::installed(self, machine).cost(x)
    }
}

/// A correlation must be positive and concave over its fitted range (so the MILP's secants lie below it):
/// an elasticity in (0, 1].
fn check_correlation(c: &Correlation) -> Result<(), String> {
    let positive = |v: f64| v.is_finite() && v > 0.0;
    match c {
        Correlation::PowerLaw(p) => {
            if !(positive(p.c_ref_eur) && positive(p.x_ref)) {
                return Err("c_ref_eur and x_ref must be numbers > 0".into());
            }
            if !(p.alpha.is_finite() && p.alpha > 0.0 && p.alpha <= 1.0) {
                return Err("alpha must be in (0, 1] (a concave cost curve)".into());
            }
        }
        Correlation::OffsetPowerLaw(o) => {
            if !(o.a >= 0.0 && positive(o.b) && o.n > 0.0 && o.n <= 1.0) {
                return Err("a >= 0, b > 0 and n in (0, 1] (a concave cost curve)".into());
            }
            if !(positive(o.x_min) && o.x_max > o.x_min) {
                return Err("0 < x_min < x_max".into());
            }
        }
        Correlation::LogQuadratic(q) => {
            let finite = [q.k1, q.k2, q.k3].iter().all(|k| k.is_finite());
            if !(finite && positive(q.x_min) && q.x_max > q.x_min) {
                return Err("k1, k2, k3 must be numbers and 0 < x_min < x_max".into());
            }
            for x in [q.x_min, q.x_max] {
                let e = q.elasticity(x);
                if !(e > 0.0 && e <= 1.0) {
                    return Err(format!(
                        "the curve's elasticity at {x} is {e:.3}: it must be in (0, 1] over the fitted range"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// A machine's installed cost as a function of its size, as the MILP prices it (EUR of the set's year):
/// `CostSet::installed_cost` of one machine type.
#[derive(Clone, Debug, PartialEq)]
pub struct CostCurve {
    machine: MachineCost,
    /// `F_proj` times the currency conversion.
    project: f64,
    currency: f64,
}

impl CostCurve {
    /// The installed curve of `machine` in `set`.
    pub fn installed(set: &CostSet, machine: &MachineCost) -> CostCurve {
        let currency = set.currency_to_eur * machine.basis_factor(set.cepci, set.currency_to_eur);
        CostCurve {
            machine: machine.clone(),
            project: set.project.engineering_and_contingency_factor * currency,
            currency,
        }
    }

    /// Installed cost at size `x` (0 at 0).
    pub fn cost(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        let m = &self.machine;
        let drive = m
            .drive
            .as_ref()
            .map_or(0.0, |d| d.installation_factor * d.purchased.cost(x));
        self.project * (m.installation_factor * m.purchased.cost(x) + drive)
    }

    /// A machine without a drive (an exchanger): its purchased-cost correlation `C` and the factor `f` of
    /// `installed = f C(x)` (`F_proj F_inst` and the currency); `None` for a machine with a drive.
    pub fn installed_as_factor(&self) -> Option<(&Correlation, f64)> {
        let m = &self.machine;
        match m.drive {
            Some(_) => None,
            None => Some((&m.purchased, self.project * m.installation_factor)),
        }
    }

    /// Purchased cost at size `x`.
    pub fn purchased(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        let m = &self.machine;
        let drive = m.drive.as_ref().map_or(0.0, |d| d.purchased.cost(x));
        self.currency * (m.purchased.cost(x) + drive)
    }
}

/// Breakpoints `b_0..b_K` geometric between `lo` and `hi`.
pub fn breakpoints(lo: f64, hi: f64, segments: usize) -> Vec<f64> {
    let k = segments.max(1);
    (0..=k)
        .map(|i| lo * (hi / lo).powf(i as f64 / k as f64))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secants_lie_below_a_concave_curve_and_meet_it_at_breakpoints() {
        let law = PowerLaw {
            c_ref_eur: 1000.0,
            x_ref: 1.0,
            alpha: 0.6,
        };
        let b = breakpoints(0.1, 100.0, 3);
        assert!((b[0] - 0.1).abs() < 1e-12 && (b[3] - 100.0).abs() < 1e-9);
        for w in b.windows(2) {
            let slope = (law.cost(w[1]) - law.cost(w[0])) / (w[1] - w[0]);
            let mid = 0.5 * (w[0] + w[1]);
            let secant = law.cost(w[0]) + slope * (mid - w[0]);
            assert!(secant <= law.cost(mid));
        }
    }

    #[test]
    fn shipped_cost_sets_parse_and_bad_ones_are_refused() {
        for name in CostSet::shipped() {
            assert_eq!(CostSet::load(name).unwrap().name, name);
        }
        assert!(matches!(
            CostSet::load("cheap"),
            Err(CostSetError::Unknown { .. })
        ));
        let text = include_str!("../cost_sets/kosmadakis-2020.toml")
            .replace("installation_factor = 1.0", "installation_factor = 0.5");
        let err = CostSet::parse("bad.toml", &text).unwrap_err().to_string();
        assert!(
            err.contains("bad.toml") && err.contains("installation_factor"),
            "{err}"
        );
    }
}
