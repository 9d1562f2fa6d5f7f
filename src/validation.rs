//! Literature cases: each folder of `literature_cases/` holds `expected.toml`, a list of published values with
//! tolerance and source, and what they are values of: a process (`case.toml`, checked against `hpsynth
//! targets`), a refrigeration cycle (`cycle.toml`, checked against `hpsynth cycle`) or a heat exchanger
//! network synthesis problem (`openhens.csv`, checked against `hpsynth network`, with the search settings
//! of `network.toml` if there is one). A check's `quantity` is
//! a key of that command's JSON output. [`run_all`] computes every quantity and compares.

use crate::case::Case;
use crate::fluids::fluid;
use crate::summary::cycle::CycleReport;
use crate::summary::targets::report;
use crate::thermo::{CycleInput, compute_cycle};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedFile {
    check: Vec<Check>,
}

/// `cycle.toml`: one cycle, in the keys of `hpsynth cycle`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CycleFile {
    cycle: CycleInput,
}

/// One published value.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub quantity: String,
    /// The operating period the value belongs to (`[[periods]]` of the case), if any.
    #[serde(default)]
    pub period: Option<String>,
    pub value: f64,
    pub tolerance_abs: f64,
    /// The published value is a best known (a minimum cost): any value below it passes too.
    #[serde(default)]
    pub lower_is_better: bool,
    pub source: String,
}

/// One row of the validation table.
#[derive(Clone, Debug, Serialize)]
pub struct CheckResult {
    pub case: String,
    pub quantity: String,
    pub published: f64,
    pub computed: Option<f64>,
    pub deviation: Option<f64>,
    pub tolerance_abs: f64,
    pub pass: bool,
    pub source: String,
    /// Why nothing was computed, when so.
    pub error: Option<String>,
}

/// What a case folder describes, computed: the JSON of `hpsynth targets` or of `hpsynth cycle`.
fn compute_subject(dir: &Path) -> Result<Value, String> {
    let case_path = dir.join("case.toml");
    let cycle_path = dir.join("cycle.toml");
    let json = |v: Result<Value, serde_json::Error>| v.map_err(|e| e.to_string());
    if case_path.is_file() {
        let case = Case::load(&case_path).map_err(|e| e.to_string())?;
        json(serde_json::to_value(report(&case)))
    } else if cycle_path.is_file() {
        let text = std::fs::read_to_string(&cycle_path)
            .map_err(|e| format!("{}: {e}", cycle_path.display()))?;
        let file: CycleFile =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", cycle_path.display()))?;
        let at = |e: String| format!("{}: {e}", cycle_path.display());
        let model = fluid(&file.cycle.fluid).map_err(|e| at(e.to_string()))?;
        let spec = file.cycle.spec().map_err(|e| at(e.to_string()))?;
        let cycle = compute_cycle(model.as_ref(), &spec).map_err(|e| at(e.to_string()))?;
        json(serde_json::to_value(CycleReport::from(&cycle)))
    } else if dir.join("openhens.csv").is_file() {
        crate::network::validation_subject(dir)
    } else {
        Err(format!(
            "{} has none of case.toml, cycle.toml, openhens.csv",
            dir.display()
        ))
    }
}

/// The computed value of `quantity`, a numeric key of the subject's JSON; of a list (several pinches may
/// exist), the entry closest to `published`.
fn computed(subject: &Value, quantity: &str, published: f64) -> Result<f64, String> {
    let candidates: Vec<f64> = match subject.get(quantity) {
        Some(Value::Number(n)) => n.as_f64().into_iter().collect(),
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_f64).collect(),
        _ => {
            let known: Vec<&str> = subject
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(_, v)| {
                    v.is_number() || v.as_array().is_some_and(|a| a.iter().all(Value::is_number))
                })
                .map(|(k, _)| k.as_str())
                .collect();
            return Err(format!(
                "unknown quantity \"{quantity}\"; known here: {}",
                known.join(", ")
            ));
        }
    };
    candidates
        .into_iter()
        .min_by(|a, b| (a - published).abs().total_cmp(&(b - published).abs()))
        .ok_or_else(|| format!("no {quantity} computed"))
}

/// The part of the subject a check is about: the whole, or the entry of its `periods` named `period`.
fn in_period<'a>(subject: &'a Value, period: Option<&str>) -> Result<&'a Value, String> {
    let Some(name) = period else {
        return Ok(subject);
    };
    subject
        .get("periods")
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter()
                .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
        })
        .ok_or_else(|| format!("the case has no period \"{name}\""))
}

/// Runs the checks of one case folder.
pub fn run_case(dir: &Path) -> Vec<CheckResult> {
    let name = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let expected_path = dir.join("expected.toml");
    let failure = |quantity: &str, error: String| CheckResult {
        case: name.clone(),
        quantity: quantity.to_string(),
        published: f64::NAN,
        computed: None,
        deviation: None,
        tolerance_abs: f64::NAN,
        pass: false,
        source: String::new(),
        error: Some(error),
    };
    let expected: ExpectedFile = match std::fs::read_to_string(&expected_path)
        .map_err(|e| e.to_string())
        .and_then(|t| toml::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(e) => e,
        Err(e) => {
            return vec![failure(
                "expected.toml",
                format!("{}: {e}", expected_path.display()),
            )];
        }
    };
    let subject = match compute_subject(dir) {
        Ok(s) => s,
        Err(e) => return vec![failure("case", e)],
    };
    expected
        .check
        .into_iter()
        .map(|check| {
            let value = in_period(&subject, check.period.as_deref())
                .and_then(|s| computed(s, &check.quantity, check.value));
            let deviation = value.as_ref().ok().map(|v| v - check.value);
            CheckResult {
                case: name.clone(),
                pass: deviation.is_some_and(|d| {
                    d <= check.tolerance_abs && (check.lower_is_better || d >= -check.tolerance_abs)
                }),
                computed: value.as_ref().ok().copied(),
                error: value.err(),
                deviation,
                quantity: match &check.period {
                    Some(p) => format!("{} ({p})", check.quantity),
                    None => check.quantity,
                },
                published: check.value,
                tolerance_abs: check.tolerance_abs,
                source: check.source,
            }
        })
        .collect()
}

/// Every case folder under `root` (those with an `expected.toml`), sorted by name.
pub fn case_dirs(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expected.toml").is_file())
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// Runs every case under `root`.
pub fn run_all(root: &Path) -> std::io::Result<Vec<CheckResult>> {
    Ok(case_dirs(root)?.iter().flat_map(|d| run_case(d)).collect())
}

/// The validation table in Markdown.
pub fn render_markdown(rows: &[CheckResult]) -> String {
    let mut out = String::from(
        "| case | quantity | published | computed | deviation | tolerance | pass | source |\n|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        // Six decimals with trailing zeros dropped; deviations in scientific notation.
        let show = |v: Option<f64>| {
            v.map_or("-".to_string(), |v| {
                let text = format!("{v:.6}");
                text.trim_end_matches('0').trim_end_matches('.').to_string()
            })
        };
        let deviation = r.deviation.map_or("-".to_string(), |d| format!("{d:+.1e}"));
        out += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.case,
            r.quantity,
            r.published,
            show(r.computed),
            deviation,
            r.tolerance_abs,
            if r.pass { "yes" } else { "**no**" },
            r.error.as_deref().unwrap_or(&r.source)
        );
    }
    out
}
