//! `hpsynth screen`: every admissible fluid (or pair of fluids, for two cycles) optimised on its own with a
//! screening budget, then ranked by TAC (docs/studies.md).
//!
//! Admissible: a bundled fluid (or one of the list given) that passes the filters. `--max-gwp` leaves out
//! a fluid whose IPCC AR5 GWP100 is above the bound; a fluid that AR5 does not list (ammonia, water, the
//! light hydrocarbons, several HFOs: all below 10 in later literature, fluids/metadata.rs) is kept and shown
//! without a value. `--safety` keeps the fluids whose ASHRAE 34 class is listed; a fluid without a class is
//! then left out. Fluids that cannot serve the case (no usable range of levels) are listed with the
//! master's reason, fluids left out by a filter with the filter's.

use super::StudyError;
use super::record::{DesignSummary, JobRecord, JobStatus};
use super::run::Job;
use crate::case::Case;
use crate::fluids::{FluidModel, catalog, fluid};
use serde::{Deserialize, Serialize};

/// What to screen, and the budget of each run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreenOptions {
    /// Canonical fluid names, in the order screened.
    pub fluids: Vec<String>,
    pub max_gwp: Option<f64>,
    /// ASHRAE 34 classes admitted (`None`: any, with or without a class).
    pub safety: Option<Vec<String>>,
    /// Cycles in cascade: 1 (each fluid) or 2 (each pair of fluids).
    pub cycles: usize,
    pub budget: ScreenBudget,
}

/// The budget of one screening run; the case's other optimiser settings (gaps, time limits) stay.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreenBudget {
    pub population: usize,
    pub generations: usize,
    pub stall_generations: usize,
    /// Run grid mode first to seed the GA.
    pub grid_seed: bool,
    pub local_search_max_evaluations: Option<usize>,
}

impl ScreenBudget {
    /// The screening budget: a small GA without the grid seed, and a local search of at most 100
    /// evaluations; within 2 % of [`ScreenBudget::full`] on five fluids of the IPESE dairy (docs/studies.md).
    pub fn screening() -> Self {
        ScreenBudget {
            population: 12,
            generations: 8,
            stall_generations: 4,
            grid_seed: false,
            local_search_max_evaluations: Some(300),
        }
    }

    /// What `hpsynth optimize` runs with the default `[optimizer]`.
    pub fn full() -> Self {
        let d = crate::case::OptimizerSettings::default();
        ScreenBudget {
            population: d.population,
            generations: d.generations,
            stall_generations: d.stall_generations,
            grid_seed: d.grid_seed,
            local_search_max_evaluations: d.local_search_max_evaluations,
        }
    }

    /// `settings` with this budget.
    pub fn apply(&self, settings: &mut crate::case::OptimizerSettings) {
        settings.population = self.population;
        settings.generations = self.generations;
        settings.stall_generations = self.stall_generations;
        settings.grid_seed = self.grid_seed;
        settings.local_search_max_evaluations = self.local_search_max_evaluations;
    }
}

/// The canonical names of `names` ("all": every bundled fluid, in the catalog's order).
pub fn resolve_fluids(names: &str) -> Result<Vec<String>, StudyError> {
    if names.trim().eq_ignore_ascii_case("all") {
        return Ok(catalog().iter().map(|e| e.name.to_string()).collect());
    }
    names
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| {
            fluid(n).map(|f| f.info().name.clone()).map_err(|e| {
                StudyError::Input(format!(
                    "--fluids: {e} (`hpsynth fluids` lists the bundled ones)"
                ))
            })
        })
        .collect()
}

/// Why a filter leaves `name` out; `None` if it passes.
fn filtered_out(name: &str, options: &ScreenOptions) -> Option<String> {
    let f = fluid(name).ok()?;
    let info = f.info();
    if let (Some(bound), Some(gwp)) = (options.max_gwp, info.gwp100.as_ref())
        && gwp.value > bound
    {
        return Some(format!(
            "GWP100 {} above --max-gwp {bound} ({})",
            gwp.value, gwp.source
        ));
    }
    if let Some(classes) = &options.safety {
        match &info.ashrae34 {
            None => return Some("no ASHRAE 34 safety class, and --safety asks for one".into()),
            Some(c) if !classes.iter().any(|k| k.eq_ignore_ascii_case(c)) => {
                return Some(format!(
                    "ASHRAE 34 class {c} not in --safety {}",
                    classes.join(",")
                ));
            }
            _ => {}
        }
    }
    None
}

/// The jobs of a screening of `case`: one per fluid (or pair), in order.
pub fn jobs(case: &Case, options: &ScreenOptions) -> Vec<Job> {
    let settle = |label: String, reason: String| Job::Settled {
        label,
        status: JobStatus::Excluded,
        reason,
    };
    let with_fluids = |fluids: Vec<String>| {
        let mut c = case.clone();
        c.heat_pump.fluids = fluids;
        c.heat_pump.cycles = options.cycles;
        options.budget.apply(&mut c.optimizer);
        Box::new(c)
    };
    let mut jobs = Vec::new();
    if options.cycles == 1 {
        for name in &options.fluids {
            jobs.push(match filtered_out(name, options) {
                Some(reason) => settle(name.clone(), reason),
                None => Job::Optimise {
                    label: name.clone(),
                    case: with_fluids(vec![name.clone()]),
                    seeds: Vec::new(),
                },
            });
        }
        return jobs;
    }
    for (i, a) in options.fluids.iter().enumerate() {
        for b in &options.fluids[i + 1..] {
            let label = format!("{a} + {b}");
            let reason = filtered_out(a, options).or_else(|| filtered_out(b, options));
            jobs.push(match reason {
                Some(reason) => settle(label, reason),
                None => Job::Optimise {
                    label,
                    case: with_fluids(vec![a.clone(), b.clone()]),
                    seeds: Vec::new(),
                },
            });
        }
    }
    jobs
}

/// One row of the ranking.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScreenRow {
    /// 1 for the lowest TAC; `None` for a fluid without a design.
    pub rank: Option<usize>,
    pub fluid: String,
    pub status: JobStatus,
    pub reason: Option<String>,
    pub tac_eur_per_yr: Option<f64>,
    pub power_kw: Option<f64>,
    pub cop_heating: Option<f64>,
    pub cop_cooling: Option<f64>,
    /// Levels of each cycle that a unit of the design uses (°C).
    pub levels_c: Option<Vec<Vec<f64>>>,
    pub p_max_kpa: Option<f64>,
    pub p_min_kpa: Option<f64>,
    pub t_discharge_max_c: Option<f64>,
    pub volumetric_capacity_kj_per_m3: Option<f64>,
    /// IPCC AR5 GWP100 (the highest of a pair); `None` where AR5 has no value.
    pub gwp100: Option<f64>,
    /// ASHRAE 34 class (of each fluid of a pair, joined by " + ").
    pub safety_class: Option<String>,
    /// The TAC of the site without a heat pump (or the existing site), and whether this design beats it.
    pub site_tac_eur_per_yr: Option<f64>,
    pub beats_site: Option<bool>,
    pub seconds: f64,
    /// The design as `evaluate --json` gives it (without solve timings).
    pub design: Option<serde_json::Value>,
}

/// The ranking: designed fluids by TAC, then the others in the order screened.
pub fn rank(records: &[JobRecord]) -> Vec<ScreenRow> {
    let mut order: Vec<&JobRecord> = records.iter().collect();
    order.sort_by(|a, b| match (a.tac_eur_per_yr(), b.tac_eur_per_yr()) {
        (Some(x), Some(y)) => x.total_cmp(&y).then(a.index.cmp(&b.index)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.index.cmp(&b.index),
    });
    let mut rank = 0;
    order
        .into_iter()
        .map(|r| {
            let s = r.summary.as_ref();
            let names: Vec<&str> = r.label.split(" + ").collect();
            let infos: Vec<_> = names
                .iter()
                .filter_map(|n| fluid(n).ok().map(|f| f.info().clone()))
                .collect();
            let gwp = infos
                .iter()
                .filter_map(|i| i.gwp100.as_ref().map(|g| g.value))
                .reduce(f64::max);
            let classes: Vec<String> = infos.iter().filter_map(|i| i.ashrae34.clone()).collect();
            ScreenRow {
                rank: s.map(|_| {
                    rank += 1;
                    rank
                }),
                fluid: r.label.clone(),
                status: r.status,
                reason: r.reason.clone().or_else(|| {
                    s.filter(|s| s.power_kw <= 0.0).map(|_| {
                        "the design runs no compressor: the site's utilities only".to_string()
                    })
                }),
                tac_eur_per_yr: s.map(|s| s.tac_eur_per_yr),
                power_kw: s.map(|s| s.power_kw),
                cop_heating: s.and_then(|s| s.cop_heating),
                cop_cooling: s.and_then(|s| s.cop_cooling),
                // The levels the design uses, not those its candidate had and left unused.
                levels_c: s.map(|s| s.levels_used_c.clone()),
                p_max_kpa: s.and_then(|s| s.p_max_kpa),
                p_min_kpa: s.and_then(|s| s.p_min_kpa),
                t_discharge_max_c: s.and_then(|s| s.t_discharge_max_c),
                volumetric_capacity_kj_per_m3: s.and_then(|s| s.volumetric_capacity_kj_per_m3),
                gwp100: gwp,
                safety_class: (classes.len() == infos.len() && !classes.is_empty())
                    .then(|| classes.join(" + ")),
                site_tac_eur_per_yr: s.and_then(|s| s.site_tac_eur_per_yr),
                beats_site: s.and_then(DesignSummary::beats_site),
                seconds: r.seconds,
                design: r.design.clone(),
            }
        })
        .collect()
}

/// `hpsynth screen --json`, and `screen.json` in `--out`.
#[derive(Clone, Debug, Serialize)]
pub struct ScreenResult {
    pub hpsynth_version: &'static str,
    pub study: &'static str,
    pub case: String,
    pub seed: u64,
    pub options: ScreenOptions,
    pub rows: Vec<ScreenRow>,
}

/// The screening's result from its records (an unsharded run's, or the merged shards').
pub fn finish(
    case_name: &str,
    seed: u64,
    options: &ScreenOptions,
    records: &[JobRecord],
) -> ScreenResult {
    ScreenResult {
        hpsynth_version: env!("CARGO_PKG_VERSION"),
        study: "screen",
        case: case_name.to_string(),
        seed,
        options: options.clone(),
        rows: rank(records),
    }
}

/// The ranking as CSV: one row per fluid, levels as `t1;t2;...` (cycles joined by ` | `).
pub fn csv(rows: &[ScreenRow]) -> Result<String, StudyError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "rank",
        "fluid",
        "status",
        "tac_eur_per_yr",
        "power_kw",
        "cop_heating",
        "cop_cooling",
        "levels_c",
        "p_max_kpa",
        "p_min_kpa",
        "t_discharge_max_c",
        "volumetric_capacity_kj_per_m3",
        "gwp100",
        "safety_class",
        "beats_site",
        "reason",
    ];
    let error = |e: csv::Error| StudyError::Input(format!("CSV: {e}"));
    w.write_record(header).map_err(error)?;
    let num = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    for r in rows {
        let levels = r.levels_c.as_ref().map_or(String::new(), |cycles| {
            cycles
                .iter()
                .map(|l| {
                    l.iter()
                        .map(|t| format!("{t:.2}"))
                        .collect::<Vec<_>>()
                        .join(";")
                })
                .collect::<Vec<_>>()
                .join(" | ")
        });
        let status = serde_json::to_value(r.status)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        w.write_record([
            r.rank.map_or(String::new(), |k| k.to_string()),
            r.fluid.clone(),
            status,
            num(r.tac_eur_per_yr),
            num(r.power_kw),
            num(r.cop_heating),
            num(r.cop_cooling),
            levels,
            num(r.p_max_kpa),
            num(r.p_min_kpa),
            num(r.t_discharge_max_c),
            num(r.volumetric_capacity_kj_per_m3),
            num(r.gwp100),
            r.safety_class.clone().unwrap_or_default(),
            r.beats_site.map_or(String::new(), |b| b.to_string()),
            r.reason.clone().unwrap_or_default(),
        ])
        .map_err(error)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| StudyError::Input(format!("CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| StudyError::Input(format!("CSV: {e}")))
}
