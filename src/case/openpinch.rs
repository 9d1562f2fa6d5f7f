//! OpenPinch's stream-data JSON (the format of OpenPinch 0.7's sample cases, `../shared/data/openpinch/`)
//! read as a case, so that a researcher runs the same site in both tools.
//!
//! Every OpenPinch quantity is `{"value": ..., "unit": ...}`; each is converted at this edge to the case
//! file's key and unit, then the case is checked like a case file (`validate::from_case_file`):
//!
//! | OpenPinch | case file | units read |
//! |---|---|---|
//! | stream `t_supply`, `t_target` | `t_in_c`, `t_out_c`; hot when supply > target | degC, K |
//! | stream `heat_flow` (`value`, or `values` per period) | `q_kw` | kW, MW, W |
//! | stream `heat_capacity_flowrate` (without `heat_flow`) | `cp_kw_per_k` | kW/delta_degC, kW/K, kW/degC |
//! | `dt_cont` | `dt_min_half_k` (its own contribution to dT_min) | degC, K, delta_degC |
//! | `htc` | `h_w_per_m2_k` | kW/m^2/degC, kW/m^2/K, W/m^2/K |
//! | `zone` | `unit` (for `[[stream_rules]]`) | |
//! | utility `type` Hot / Cold, `price` | `kind`, `price_eur_per_kwh` (the file's $ taken as EUR) | $/MWh, $/kWh |
//! | `options.PROBLEM_PERIOD_IDS`, `PROBLEM_PERIOD_WEIGHTS` | `[[periods]]` `name`, `weight`, `stream_q_kw` | |
//! | `options.COSTING_ANNUAL_OP_TIME` | `economics.operating_h_per_yr` (else 8760: the weights share a year) | h |
//!
//! With periods, the case as written takes each stream's duty of the heaviest period. What the format cannot
//! say (a utility that both heats and cools, a quantity without a unit, a utility without a target
//! temperature) is refused with the field and the fix; the heat pump and optimiser keep their defaults.

use super::error::{CaseError, Problem};
use super::file::CaseFile;
use crate::units::ZERO_CELSIUS_K;
use serde_json::Value;
use std::path::Path;
use toml::{Table, Value as Toml};

/// The case file that `text` (an OpenPinch JSON file named `file`, case name `name`) describes.
pub(super) fn to_case_file(text: &str, file: &str, name: &str) -> Result<CaseFile, CaseError> {
    let root: Value = serde_json::from_str(text).map_err(|e| CaseError::Syntax {
        file: file.to_string(),
        message: format!("not JSON: {e}"),
    })?;
    let mut reader = Reader {
        problems: Vec::new(),
    };
    let table = reader.case(&root, name);
    if !reader.problems.is_empty() {
        return Err(CaseError::Invalid {
            file: file.to_string(),
            problems: reader.problems,
        });
    }
    Toml::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| CaseError::Syntax {
            file: file.to_string(),
            message: format!("as a case file: {e}"),
        })
}

/// Reads a checked case from an OpenPinch file at `path`.
pub(super) fn load(path: &Path, file: &str, text: &str) -> Result<super::Case, CaseError> {
    let name = path
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned());
    let raw = to_case_file(text, file, &name)?;
    super::validate::from_case_file(path, file, raw)
}

/// A unit's name, and the factor and offset that take a value in it to the case file's unit
/// (`x factor + offset`).
type Unit = (&'static str, f64, f64);

const TEMPERATURE: &[Unit] = &[
    ("degC", 1.0, 0.0),
    ("°C", 1.0, 0.0),
    ("K", 1.0, -ZERO_CELSIUS_K),
];
const DIFFERENCE: &[Unit] = &[
    ("degC", 1.0, 0.0),
    ("delta_degC", 1.0, 0.0),
    ("K", 1.0, 0.0),
];
const POWER_KW: &[Unit] = &[("kW", 1.0, 0.0), ("MW", 1e3, 0.0), ("W", 1e-3, 0.0)];
const CP_KW_PER_K: &[Unit] = &[
    ("kW/delta_degC", 1.0, 0.0),
    ("kW/K", 1.0, 0.0),
    ("kW/degC", 1.0, 0.0),
];
const H_W_PER_M2_K: &[Unit] = &[
    ("kW/m^2/degC", 1e3, 0.0),
    ("kW/m^2/K", 1e3, 0.0),
    ("W/m^2/K", 1.0, 0.0),
    ("W/m^2/degC", 1.0, 0.0),
];
const PRICE_PER_KWH: &[Unit] = &[
    ("$/MWh", 1e-3, 0.0),
    ("$/kWh", 1.0, 0.0),
    ("EUR/MWh", 1e-3, 0.0),
    ("EUR/kWh", 1.0, 0.0),
];

/// Collects every problem of a file, each with its place and fix, as the case checker does.
struct Reader {
    problems: Vec<Problem>,
}

impl Reader {
    fn report(&mut self, location: &str, message: String, fix: &str) {
        self.problems.push(Problem {
            location: location.to_string(),
            message,
            fix: fix.to_string(),
        });
    }

    /// `{"value": x, "unit": u}` at `key` of `item` in the case file's unit; `None` when absent or null.
    fn quantity(&mut self, item: &Value, key: &str, location: &str, units: &[Unit]) -> Option<f64> {
        let q = item.get(key).filter(|q| !q.is_null())?;
        let value = q.get("value").filter(|v| !v.is_null())?;
        let location = format!("{location}.{key}");
        let (factor, offset) = self.unit(q, &location, units)?;
        self.number(value, &format!("{location}.value"))
            .map(|x| x * factor + offset)
    }

    /// The factor and offset of `q`'s `unit` (one of `units`) to the case file's unit.
    fn unit(&mut self, q: &Value, location: &str, units: &[Unit]) -> Option<(f64, f64)> {
        let known = units.iter().map(|u| u.0).collect::<Vec<_>>().join(", ");
        let Some(unit) = q.get("unit").and_then(Value::as_str) else {
            self.report(
                location,
                format!("{q} has no unit"),
                &format!("write it as {{\"value\": ..., \"unit\": ...}} in one of: {known}"),
            );
            return None;
        };
        let Some(&(_, factor, offset)) = units.iter().find(|u| u.0 == unit) else {
            self.report(
                location,
                format!("unit \"{unit}\" is not read"),
                &format!("use one of: {known}"),
            );
            return None;
        };
        Some((factor, offset))
    }

    fn number(&mut self, value: &Value, location: &str) -> Option<f64> {
        let x = value.as_f64();
        if x.is_none() {
            self.report(
                location,
                format!("{value} is not a number"),
                "give a number",
            );
        }
        x
    }

    fn name(&mut self, item: &Value, location: &str) -> String {
        match item.get("name").and_then(Value::as_str) {
            Some(n) => n.to_string(),
            None => {
                self.report(
                    location,
                    "has no \"name\"".into(),
                    "give each a unique name",
                );
                String::new()
            }
        }
    }

    fn case(&mut self, root: &Value, name: &str) -> Table {
        let options = root.get("options").cloned().unwrap_or(Value::Null);
        let periods: Vec<(String, f64)> = self.periods(&options);
        let mut case = Table::new();
        let mut meta = Table::new();
        meta.insert("name".into(), Toml::String(name.to_string()));
        meta.insert(
            "source".into(),
            Toml::String("OpenPinch stream-data JSON".into()),
        );
        case.insert("case".into(), Toml::Table(meta));
        let hours = match options.get("COSTING_ANNUAL_OP_TIME") {
            Some(h) if h.is_number() => h.as_f64().unwrap_or(8760.0),
            _ => 8760.0,
        };
        let mut economics = Table::new();
        economics.insert("operating_h_per_yr".into(), Toml::Float(hours));
        case.insert("economics".into(), Toml::Table(economics));
        let heaviest = (0..periods.len()).max_by(|&a, &b| periods[a].1.total_cmp(&periods[b].1));
        let mut streams = Vec::new();
        let mut per_period: Vec<Table> = vec![Table::new(); periods.len()];
        for (i, s) in array(root, "streams").iter().enumerate() {
            let location = format!("streams[{i}]");
            let (stream, duties) = self.stream(s, &location, periods.len(), heaviest);
            if let (Some(name), Some(duties)) = (stream.get("name").and_then(Toml::as_str), duties)
            {
                for (table, q) in per_period.iter_mut().zip(duties) {
                    table.insert(name.to_string(), Toml::Float(q));
                }
            }
            streams.push(Toml::Table(stream));
        }
        case.insert("streams".into(), Toml::Array(streams));
        let utilities = array(root, "utilities")
            .iter()
            .enumerate()
            .map(|(i, u)| Toml::Table(self.utility(u, &format!("utilities[{i}]"))))
            .collect();
        case.insert("utilities".into(), Toml::Array(utilities));
        if !periods.is_empty() {
            let rows = periods
                .into_iter()
                .zip(per_period)
                .map(|((name, weight), duties)| {
                    let mut p = Table::new();
                    p.insert("name".into(), Toml::String(name));
                    p.insert("weight".into(), Toml::Float(weight));
                    p.insert("stream_q_kw".into(), Toml::Table(duties));
                    Toml::Table(p)
                })
                .collect();
            case.insert("periods".into(), Toml::Array(rows));
        }
        case
    }

    /// The periods' names and weights (`PROBLEM_PERIOD_IDS`, `PROBLEM_PERIOD_WEIGHTS`); none without them.
    fn periods(&mut self, options: &Value) -> Vec<(String, f64)> {
        let ids = options.get("PROBLEM_PERIOD_IDS").and_then(Value::as_array);
        let weights = options
            .get("PROBLEM_PERIOD_WEIGHTS")
            .and_then(Value::as_array);
        let (Some(ids), Some(weights)) = (ids, weights) else {
            return Vec::new();
        };
        if ids.len() != weights.len() {
            self.report(
                "options.PROBLEM_PERIOD_WEIGHTS",
                format!("{} weights for {} periods", weights.len(), ids.len()),
                "give one weight per entry of PROBLEM_PERIOD_IDS",
            );
            return Vec::new();
        }
        ids.iter()
            .zip(weights)
            .map(|(id, w)| {
                let name = id.as_str().map_or_else(|| id.to_string(), str::to_string);
                (name, w.as_f64().unwrap_or(f64::NAN))
            })
            .collect()
    }

    /// One process stream, and its duty in each period if it gives one per period. (Over 80 lines: the
    /// format's stream keys read one after another, in the module's table order, each with its check.)
    fn stream(
        &mut self,
        s: &Value,
        location: &str,
        periods: usize,
        heaviest: Option<usize>,
    ) -> (Table, Option<Vec<f64>>) {
        let name = self.name(s, location);
        let location = format!("{location} \"{name}\"");
        let mut t = Table::new();
        t.insert("name".into(), Toml::String(name));
        let t_in = self.quantity(s, "t_supply", &location, TEMPERATURE);
        let t_out = self.quantity(s, "t_target", &location, TEMPERATURE);
        if let (Some(a), Some(b)) = (t_in, t_out) {
            let kind = if a > b { "hot" } else { "cold" };
            t.insert("kind".into(), Toml::String(kind.into()));
            t.insert("t_in_c".into(), Toml::Float(a));
            t.insert("t_out_c".into(), Toml::Float(b));
        } else {
            self.report(
                &location,
                "needs t_supply and t_target".into(),
                "give both, each as {\"value\": ..., \"unit\": \"degC\"}",
            );
        }
        let mut duties = None;
        let per_period = s
            .get("heat_flow")
            .and_then(|q| q.get("values"))
            .and_then(Value::as_array);
        if let Some(values) = per_period {
            let location = format!("{location}.heat_flow");
            let Some((factor, _)) = self.unit(&s["heat_flow"], &location, POWER_KW) else {
                return (t, None);
            };
            let kw: Vec<f64> = values
                .iter()
                .filter_map(|v| {
                    self.number(v, &format!("{location}.values"))
                        .map(|q| q * factor)
                })
                .collect();
            if kw.len() != periods || periods == 0 {
                self.report(
                    &format!("{location}.values"),
                    format!("{} duties for {periods} periods", values.len()),
                    "give one duty per entry of options.PROBLEM_PERIOD_IDS, or one \"value\"",
                );
            } else if let Some(h) = heaviest {
                t.insert("q_kw".into(), Toml::Float(kw[h]));
                duties = Some(kw);
            }
        } else if let Some(q) = self.quantity(s, "heat_flow", &location, POWER_KW) {
            t.insert("q_kw".into(), Toml::Float(q));
            if let (Some(cp), Some(a), Some(b)) = (
                self.quantity(s, "heat_capacity_flowrate", &location, CP_KW_PER_K),
                t_in,
                t_out,
            ) && (cp * (a - b).abs() - q).abs() > 1e-6 * q.abs().max(1.0)
            {
                self.report(
                    &location,
                    format!(
                        "heat_flow {q} kW differs from heat_capacity_flowrate x |t_supply - t_target| = {} kW",
                        cp * (a - b).abs()
                    ),
                    "correct one of them, or give only one",
                );
            }
        } else if let Some(cp) = self.quantity(s, "heat_capacity_flowrate", &location, CP_KW_PER_K)
        {
            t.insert("cp_kw_per_k".into(), Toml::Float(cp));
        } else {
            self.report(
                &location,
                "has neither heat_flow nor heat_capacity_flowrate".into(),
                "give one of them",
            );
        }
        if s.get("dt_cont")
            .is_none_or(|d| d.get("value").is_none_or(Value::is_null))
        {
            self.report(
                &location,
                "has no dt_cont".into(),
                "give \"dt_cont\": {\"value\": ..., \"unit\": \"K\"}, the stream's share of the minimum \
                 approach (its dT_min/2)",
            );
        }
        self.common(s, &location, &mut t);
        if let Some(zone) = s.get("zone").and_then(Value::as_str) {
            t.insert("unit".into(), Toml::String(zone.to_string()));
        }
        (t, duties)
    }

    /// One utility.
    fn utility(&mut self, u: &Value, location: &str) -> Table {
        let name = self.name(u, location);
        let location = format!("{location} \"{name}\"");
        let mut t = Table::new();
        t.insert("name".into(), Toml::String(name));
        match u.get("type").and_then(Value::as_str) {
            Some("Hot") => {
                t.insert("kind".into(), Toml::String("hot".into()));
            }
            Some("Cold") => {
                t.insert("kind".into(), Toml::String("cold".into()));
            }
            other => self.report(
                &format!("{location}.type"),
                format!(
                    "{} is not read (a utility either heats or cools)",
                    other.map_or_else(|| "a missing type".into(), |o| format!("\"{o}\""))
                ),
                "give \"Hot\" or \"Cold\"; split a utility that does both into two",
            ),
        }
        match (
            self.quantity(u, "t_supply", &location, TEMPERATURE),
            self.quantity(u, "t_target", &location, TEMPERATURE),
        ) {
            (Some(a), Some(b)) => {
                t.insert("t_in_c".into(), Toml::Float(a));
                t.insert("t_out_c".into(), Toml::Float(b));
            }
            _ => self.report(
                &location,
                "needs t_supply and t_target".into(),
                "give both; steam condensing at its supply temperature as OpenPinch's dairy sample \
                 writes it: 150 -> 149.9 degC",
            ),
        }
        match u.get("price") {
            Some(p) if p.is_number() => self.report(
                &format!("{location}.price"),
                format!("{p} has no unit"),
                "write it as {\"value\": ..., \"unit\": \"$/MWh\"}",
            ),
            _ => {
                if let Some(p) = self.quantity(u, "price", &location, PRICE_PER_KWH) {
                    t.insert("price_eur_per_kwh".into(), Toml::Float(p));
                }
            }
        }
        self.common(u, &location, &mut t);
        t
    }

    /// `dt_cont` and `htc`, both optional.
    fn common(&mut self, item: &Value, location: &str, t: &mut Table) {
        if let Some(dt) = self.quantity(item, "dt_cont", location, DIFFERENCE) {
            t.insert("dt_min_half_k".into(), Toml::Float(dt));
        }
        if let Some(h) = self.quantity(item, "htc", location, H_W_PER_M2_K) {
            t.insert("h_w_per_m2_k".into(), Toml::Float(h));
        }
    }
}

fn array<'a>(root: &'a Value, key: &str) -> &'a [Value] {
    root.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}
