//! Literature cases: each folder of `literature_cases/` holds `case.toml` and `expected.toml`, a list of
//! published values with tolerance and source. [`run_all`] computes every quantity and compares.

use crate::case::Case;
use crate::cli::targets::{TargetsReport, report};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedFile {
    check: Vec<Check>,
}

/// One published value.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub quantity: String,
    pub value: f64,
    pub tolerance_abs: f64,
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

/// Quantities a check may name.
pub const QUANTITIES: &[&str] = &["q_hot_min_kw", "q_cold_min_kw", "pinch_shifted_c"];

/// The computed value closest to `published` (several pinches may exist).
fn computed(report: &TargetsReport, quantity: &str, published: f64) -> Result<f64, String> {
    let candidates: Vec<f64> = match quantity {
        "q_hot_min_kw" => vec![report.q_hot_min_kw],
        "q_cold_min_kw" => vec![report.q_cold_min_kw],
        "pinch_shifted_c" => report.pinch_shifted_c.clone(),
        other => {
            return Err(format!(
                "unknown quantity \"{other}\"; known: {}",
                QUANTITIES.join(", ")
            ));
        }
    };
    candidates
        .into_iter()
        .min_by(|a, b| (a - published).abs().total_cmp(&(b - published).abs()))
        .ok_or_else(|| format!("no {quantity} computed"))
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
    let case = match Case::load(&dir.join("case.toml")) {
        Ok(c) => c,
        Err(e) => return vec![failure("case.toml", e.to_string())],
    };
    let targets = report(&case);
    expected
        .check
        .into_iter()
        .map(|check| {
            let value = computed(&targets, &check.quantity, check.value);
            let deviation = value.as_ref().ok().map(|v| v - check.value);
            CheckResult {
                case: name.clone(),
                pass: deviation.is_some_and(|d| d.abs() <= check.tolerance_abs),
                computed: value.as_ref().ok().copied(),
                error: value.err(),
                deviation,
                quantity: check.quantity,
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
        let show = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.4}"));
        out += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.case,
            r.quantity,
            r.published,
            show(r.computed),
            show(r.deviation),
            r.tolerance_abs,
            if r.pass { "yes" } else { "**no**" },
            r.error.as_deref().unwrap_or(&r.source)
        );
    }
    out
}
