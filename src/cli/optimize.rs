//! `hpsynth optimize`: the run's files (result.json, history.csv, the report with flowsheet.dot) and its
//! progress line.

use super::evaluate::EvaluateReport;
use crate::case::Case;
use crate::master::{Counters, GenerationStats, GridSummary, Mode, OptimizeResult, grid_template};
use crate::report::{self, ReportError, ReportInput, RunSummary};
use crate::slave::{CandidateError, VersusBaseline, versus_no_heat_pump};
use crate::superstructure::{CycleSettings, Superstructure, Template, instantiate};
use serde::Serialize;
use std::path::Path;

/// The settings a result was produced with.
#[derive(Serialize)]
pub struct SettingsRow {
    pub template: String,
    pub fluids: Vec<String>,
    pub cycles: usize,
    pub max_levels: usize,
    pub population: usize,
    pub islands: usize,
    pub generations: usize,
    pub stall_generations: usize,
    pub time_limit_s: f64,
    pub grid_step_k: f64,
    pub grid_levels: crate::case::GridLevels,
    pub mip_gap: f64,
    pub screening_mip_gap: f64,
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
    pub best_from: String,
    pub design: Option<EvaluateReport>,
    pub grid_baseline: Option<GridSummary>,
    pub improvement_over_grid_pct: Option<f64>,
    /// The design against the site without a heat pump (slave/site.rs), on a greenfield case.
    pub versus_no_heat_pump: Option<VersusBaseline>,
    /// The design against the existing site, on a retrofit case (`[site]`).
    pub versus_existing_site: Option<VersusBaseline>,
    pub counters: CountersRow,
}

pub fn result_report(case: &Case, r: &OptimizeResult, seed: u64, threads: usize) -> ResultReport {
    let o = &case.optimizer;
    let h = &case.heat_pump;
    let lookups = r.counters.evaluations + r.counters.cache_hits;
    let versus = r
        .best
        .as_ref()
        .and_then(|(_, e)| versus_no_heat_pump(case, e));
    ResultReport {
        hpsynth_version: env!("CARGO_PKG_VERSION"),
        case: case.name.clone(),
        mode: r.mode,
        seed,
        threads,
        settings: SettingsRow {
            template: h.template.clone(),
            fluids: h.fluids.clone(),
            cycles: h.cycles,
            max_levels: h.max_levels,
            population: o.population,
            islands: o.islands,
            generations: o.generations,
            stall_generations: o.stall_generations,
            time_limit_s: o.time_limit_s,
            grid_step_k: o.grid_step_k,
            grid_levels: o.grid_levels,
            mip_gap: o.mip_gap,
            screening_mip_gap: o.screening_mip_gap,
        },
        stop_reason: r.stop_reason.clone(),
        seconds: r.seconds,
        best_from: r.best_from.clone(),
        design: r
            .best
            .as_ref()
            .map(|(_, e)| EvaluateReport::new(&case.name, e, versus.as_ref())),
        grid_baseline: r.grid.clone(),
        improvement_over_grid_pct: r.improvement_over_grid_pct,
        versus_no_heat_pump: versus.clone().filter(|v| !v.retrofit),
        versus_existing_site: versus.filter(|v| v.retrofit),
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

/// The superstructure of every cycle of the best design, rebuilt from its fluids and levels and the template
/// it was evaluated with (grid mode's own for a grid design), so that the design's unit nodes match; empty
/// without a design.
pub fn best_superstructures(
    case: &Case,
    r: &OptimizeResult,
) -> Result<Vec<Superstructure>, CandidateError> {
    let Some((choices, _)) = &r.best else {
        return Ok(Vec::new());
    };
    let mut template = Template::load(&case.heat_pump.template)?;
    if r.best_from == "grid" {
        template = grid_template(template);
    }
    let settings = CycleSettings {
        eta_is: case.heat_pump.eta_is,
        superheat_k: case.heat_pump.superheat_k,
    };
    choices
        .iter()
        .map(|choice| {
            let fluid = crate::fluids::fluid(&choice.fluid)?;
            Ok(instantiate(
                fluid.as_ref(),
                &choice.levels_k,
                &template,
                settings,
            ))
        })
        .collect()
}

/// The report of a run (report.html, report.md, the plots, flowsheet.dot) into `out`; `versus` is the
/// comparison with the site without a heat pump, as in result.json.
pub fn write_report(
    case: &Case,
    r: &OptimizeResult,
    versus: Option<&VersusBaseline>,
    out: &Path,
) -> Result<(), ReportError> {
    let superstructures = best_superstructures(case, r)?;
    let input = ReportInput {
        case,
        superstructures: &superstructures,
        evaluation: r.best.as_ref().map(|(_, e)| e),
        run: Some(RunSummary {
            history: &r.history,
            grid: r.grid.as_ref(),
            improvement_over_grid_pct: r.improvement_over_grid_pct,
            best_from: &r.best_from,
            stop_reason: &r.stop_reason,
        }),
        versus_no_heat_pump: versus,
    };
    report::write(out, &report::build(&input)?)?;
    Ok(())
}

/// One progress line for a generation.
pub fn progress_line(
    g: &GenerationStats,
    total: usize,
    elapsed_s: f64,
    evaluations: usize,
) -> String {
    let done = g.generation + 1;
    let eta = elapsed_s / done as f64 * (total.saturating_sub(done)) as f64;
    format!(
        "generation {done}/{total}: best {} EUR/yr, mean {} EUR/yr, feasible {:.0} %, {} evaluations ({:.1}/s), {} cache hits, {:.0} s elapsed, at most {:.0} s left",
        g.best_tac_eur_per_yr
            .map_or("-".into(), |v| format!("{v:.0}")),
        g.mean_tac_eur_per_yr
            .map_or("-".into(), |v| format!("{v:.0}")),
        100.0 * g.feasible_share,
        g.evaluations,
        evaluations as f64 / elapsed_s.max(1e-9),
        g.cache_hits,
        elapsed_s,
        eta
    )
}

/// The comparison with the site without a heat pump, for a person.
pub fn render_versus_baseline(v: &VersusBaseline) -> String {
    let (b, d) = (&v.baseline, &v.design);
    let row = |name: &str, unit: &str, scale: f64, from: f64, to: f64| {
        format!(
            "  {name:<22} {:>14.0} {:>14.0}  {unit}\n",
            from * scale,
            to * scale
        )
    };
    let (title, column) = if v.retrofit {
        ("versus the existing site:\n", "existing site")
    } else {
        ("versus the site without a heat pump:\n", "no heat pump")
    };
    let mut out = String::from(title);
    out += &format!("  {:<22} {:>14} {:>14}\n", "", column, "this design");
    out += &row("TAC", "EUR/yr", 1.0, b.tac_eur_per_yr, d.tac_eur_per_yr);
    out += &row(
        "operating cost",
        "EUR/yr",
        1.0,
        b.opex_eur_per_yr,
        d.opex_eur_per_yr,
    );
    out += &row("investment", "EUR", 1.0, b.investment_eur, d.investment_eur);
    out += &row("fuel", "kW", 1e-3, b.fuel_w, d.fuel_w);
    out += &row("electricity", "kW", 1e-3, b.electricity_w, d.electricity_w);
    out += &row("CO2", "t/yr", 1e-3, b.co2_kg_per_yr, d.co2_kg_per_yr);
    out += &format!(
        "  TAC {:+.1} %, fuel {:+.1} %, electricity {:+.1} %, CO2 {:+.1} %; payback {}\n",
        -v.tac_saving_pct,
        -v.fuel_saving_pct,
        v.electricity_change_pct,
        -v.co2_saving_pct,
        v.payback_text()
    );
    out += &format!(
        "  extra investment {:.0} EUR, operating saving {:.0} EUR/yr; NPV {:.0} EUR over {:.0} yr at {:.1} %; IRR {}\n",
        v.extra_investment_eur,
        v.opex_saving_eur_per_yr,
        v.npv_eur,
        v.lifetime_yr,
        100.0 * v.interest_rate_per_yr,
        v.irr
            .map_or("none".to_string(), |r| format!("{:.1} %", 100.0 * r))
    );
    out
}
