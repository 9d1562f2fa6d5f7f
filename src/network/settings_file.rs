//! `network.toml`: the search settings of a network synthesis, every key optional (defaults:
//! [`SynthesisSettings::default`]).
//!
//! ```toml
//! stages = [4]                 # stage counts of the superstructure
//! emat_k = [10.0, 20.0]        # the MILP's minimum approaches (K), one start each
//! dt_min_k = 1.0               # the network's minimum approach (K)
//! rounds = 6                   # MILP-NLP rounds per start
//! milp_max_nodes = 500        # branch-and-bound nodes per MILP (a work limit: reproducible)
//! milp_time_limit_s = 60.0     # a safety net only
//! milp_gap = 0.02
//! ```

use super::search::SynthesisSettings;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    stages: Option<Vec<usize>>,
    emat_k: Option<Vec<f64>>,
    dt_min_k: Option<f64>,
    rounds: Option<usize>,
    milp_max_nodes: Option<i32>,
    milp_time_limit_s: Option<f64>,
    milp_gap: Option<f64>,
}

/// The settings of `path`, or the defaults when there is no such file.
pub fn load_or_default(path: &Path) -> Result<SynthesisSettings, String> {
    load_over(path, SynthesisSettings::default())
}

/// The keys of `path` over `settings` (`settings` itself when there is no such file).
pub fn load_over(
    path: &Path,
    mut settings: SynthesisSettings,
) -> Result<SynthesisSettings, String> {
    if !path.is_file() {
        return Ok(settings);
    }
    let at = |e: String| format!("{}: {e}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| at(e.to_string()))?;
    let file: SettingsFile = toml::from_str(&text).map_err(|e| at(e.to_string()))?;
    if let Some(v) = file.stages {
        settings.stages = v;
    }
    if let Some(v) = file.emat_k {
        settings.emat_sweep_k = v;
    }
    if let Some(v) = file.dt_min_k {
        settings.dt_min_k = v;
    }
    if let Some(v) = file.rounds {
        settings.rounds = v;
    }
    if let Some(v) = file.milp_max_nodes {
        settings.milp_max_nodes = v;
    }
    if let Some(v) = file.milp_time_limit_s {
        settings.milp_time_limit_s = v;
    }
    if let Some(v) = file.milp_gap {
        settings.milp_gap = v;
    }
    settings.check().map_err(at)?;
    Ok(settings)
}
