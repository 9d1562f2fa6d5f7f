//! A run's results in user units: `result.json`, `history.csv` and the report (report.html, report.md, the
//! plots, flowsheet.dot).

use super::evaluate::EvaluateReport;
use crate::case::{Case, OptimizerSettings};
use crate::master::{BestFrom, Counters, GenerationStats, GridSummary, Mode, OptimizeResult};
use crate::slave::VersusBaseline;
use crate::units::kelvin_to_celsius;
use serde::Serialize;

/// The settings a result was produced with: the heat pump's search space and the case's `[optimizer]`
/// (command-line overrides applied), as the case file writes them.
#[derive(Serialize)]
pub struct SettingsRow {
    pub template: String,
    pub fluids: Vec<String>,
    pub cycles: usize,
    pub max_levels: usize,
    #[serde(flatten)]
    pub optimizer: OptimizerSettings,
}

#[derive(Serialize)]
pub struct CountersRow {
    #[serde(flatten)]
    pub counters: Counters,
    pub evaluations_per_s: f64,
    pub cache_hit_share: f64,
}

/// `result.json` (keys documented in docs/optimizer.md).
#[derive(Serialize)]
pub struct ResultReport {
    pub hpsynth_version: &'static str,
    pub case: String,
    pub mode: Mode,
    pub seed: u64,
    pub threads: usize,
    pub settings: SettingsRow,
    pub stop_reason: String,
    pub seconds: f64,
    /// "bilevel", or "grid" when the grid design was not beaten.
    pub best_from: BestFrom,
    pub design: Option<EvaluateReport>,
    pub grid_baseline: Option<GridSummary>,
    pub improvement_over_grid_pct: Option<f64>,
    /// The design against the site without a heat pump (slave/site.rs), on a greenfield case.
    pub versus_no_heat_pump: Option<VersusBaseline>,
    /// The design against the existing site, on a retrofit case (`[site]`).
    pub versus_existing_site: Option<VersusBaseline>,
    pub counters: CountersRow,
    /// The run's best distinct candidates by fitness, best first (master::Leader).
    pub leaders: Vec<LeaderRow>,
    /// The first leaders with their synthesised networks, in the run's order (`optimize --network N`;
    /// absent without).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub network_ranking: Vec<super::network_ranking::RankedDesign>,
}

/// One of the run's best distinct candidates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeaderRow {
    pub fluids: Vec<String>,
    pub levels_c: Vec<Vec<f64>>,
    pub dt_min_half_k: Option<f64>,
    /// The objective's value as the search evaluated it (EUR/yr for the TAC).
    pub fitness: f64,
}

impl LeaderRow {
    /// Its cycles, levels in kelvin, as the slave takes them.
    pub fn cycles(&self) -> Vec<crate::slave::CycleChoice> {
        Self::cycles_of(&self.fluids, &self.levels_c)
    }

    /// One cycle per fluid at its levels in °C (to kelvin, as the slave takes them).
    pub fn cycles_of(fluids: &[String], levels_c: &[Vec<f64>]) -> Vec<crate::slave::CycleChoice> {
        fluids
            .iter()
            .zip(levels_c)
            .map(|(f, l)| crate::slave::CycleChoice {
                fluid: f.clone(),
                levels_k: l
                    .iter()
                    .map(|t| crate::units::celsius_to_kelvin(*t))
                    .collect(),
            })
            .collect()
    }
}

pub fn result_report(case: &Case, r: &OptimizeResult, threads: usize) -> ResultReport {
    let h = &case.heat_pump;
    let lookups = r.counters.evaluations + r.counters.cache_hits;
    let versus = r
        .best
        .as_ref()
        .and_then(|b| r.site.versus(case, &b.evaluation));
    ResultReport {
        hpsynth_version: env!("CARGO_PKG_VERSION"),
        case: case.name.clone(),
        mode: r.mode,
        seed: case.optimizer.seed,
        threads,
        settings: SettingsRow {
            template: h.template.clone(),
            fluids: h.fluids.clone(),
            cycles: h.cycles,
            max_levels: h.max_levels,
            optimizer: case.optimizer.clone(),
        },
        stop_reason: r.stop_reason.to_string(),
        seconds: r.seconds,
        best_from: r.best_from,
        design: r
            .best
            .as_ref()
            .map(|b| EvaluateReport::new(&case.name, &b.evaluation, versus.as_ref())),
        grid_baseline: r.grid.clone(),
        improvement_over_grid_pct: r.improvement_over_grid_pct,
        versus_no_heat_pump: versus.clone().filter(|v| !v.retrofit),
        versus_existing_site: versus.filter(|v| v.retrofit),
        leaders: r
            .leaders
            .iter()
            .map(|l| LeaderRow {
                fluids: l.cycles.iter().map(|c| c.fluid.clone()).collect(),
                levels_c: l
                    .cycles
                    .iter()
                    .map(|c| c.levels_k.iter().map(|t| kelvin_to_celsius(*t)).collect())
                    .collect(),
                dt_min_half_k: l.dt_min_half_k,
                fitness: l.fitness,
            })
            .collect(),
        network_ranking: Vec::new(),
        counters: CountersRow {
            counters: r.counters.clone(),
            evaluations_per_s: r.counters.evaluations as f64 / r.seconds.max(1e-9),
            cache_hit_share: if lookups > 0 {
                r.counters.cache_hits as f64 / lookups as f64
            } else {
                0.0
            },
        },
    }
}

/// `history.csv`: one row per generation; `elapsed_s` is the wall time at the end of each generation as
/// seen by this process (empty for generations run before a resume).
pub fn history_csv(history: &[GenerationStats], elapsed_s: &[(usize, f64)]) -> String {
    let mut out = String::from(
        "generation,best_tac_eur_per_yr,mean_tac_eur_per_yr,feasible_share,evaluations,cache_hits,elapsed_s\n",
    );
    let show = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    for g in history {
        let elapsed = elapsed_s
            .iter()
            .find(|(generation, _)| *generation == g.generation)
            .map_or(String::new(), |(_, t)| format!("{t:.2}"));
        out += &format!(
            "{},{},{},{:.4},{},{},{}\n",
            g.generation,
            show(g.best_tac_eur_per_yr),
            show(g.mean_tac_eur_per_yr),
            g.feasible_share,
            g.evaluations,
            g.cache_hits,
            elapsed
        );
    }
    out
}
