//! The library's front door: what the `hpsynth` command does, for programs. The command line and the
//! Python package are thin clients of these functions.
//!
//! Each function takes a [`Case`] and a settings struct (whose `Default` is what the command runs without
//! options) and returns the serde type whose JSON the command prints or writes: `evaluate` gives the JSON of
//! `hpsynth evaluate --json`, `optimize` the `result.json` of `hpsynth optimize`, a study the JSON of
//! `hpsynth screen|sweep|pareto --json`. Errors are [`Error`]: [`Error::is_input`] tells a problem with the
//! input (fix the case or the settings) from one of the run.
//!
//! The IPESE dairy's heat pump with ammonia at six fixed levels, one slave MILP (`hpsynth evaluate`):
//!
//! ```no_run
//! use hpsynth::api::{self, Case, CycleChoice, EvaluateSettings};
//! use hpsynth::units::celsius_to_kelvin;
//!
//! let case = Case::load("literature_cases/ipese-dairy/case.toml".as_ref())?;
//! let levels_c = [-8.0, 10.0, 30.0, 55.0, 75.0, 95.0];
//! let cycle = CycleChoice {
//!     fluid: "R717".into(),
//!     levels_k: levels_c.iter().map(|t| celsius_to_kelvin(*t)).collect(),
//! };
//! let design = api::evaluate(&case, &[cycle], &EvaluateSettings::default())?;
//! println!("TAC {:.0} EUR/yr", design.costs.unwrap().tac_eur_per_yr);
//! # Ok::<(), hpsynth::api::Error>(())
//! ```
#![warn(missing_docs)]

use crate::files::write_atomically;
use crate::master::{Operators, RunSettings, StopCause};
use crate::network::design::DesignSettings;
use crate::report::run_folder::{RunExtras, RunFolderError, run_in_dir};
use crate::report::studies::write_files;
use crate::slave::{
    Evaluation, SiteBaseline, SlaveSettings, evaluate_candidate, evaluate_case_candidate,
};
use crate::study::drive;
use crate::study::screen::ScreenOptions;
use crate::study::sweep::SweepAxis;
use crate::summary::network_ranking::{NetworkRanking, RankedDesign};
use crate::summary::optimize::LeaderRow;
use crate::summary::optimize::result_report;
use crate::superstructure::{Superstructure, to_dot};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

pub use crate::case::{Case, CaseError, GridLevels};
pub use crate::master::{Mode, Progress};
pub use crate::slave::{CycleChoice, Objective};
pub use crate::study::screen::ScreenBudget;
pub use crate::study::{Shard, StudyOutcome, StudyProgress, StudyResult, StudySettings};
pub use crate::summary::cycle::CycleReport;
pub use crate::summary::evaluate::EvaluateReport;
pub use crate::summary::fluids::FluidRow;
pub use crate::summary::optimize::ResultReport;
pub use crate::summary::targets::TargetsReport;
pub use crate::thermo::CycleInput;

/// Why a call failed. The message is the command line's.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The case does not load or validate (the message of its source says why).
    #[error("the case is not valid")]
    Case(#[from] CaseError),
    /// A setting is out of its range, or a name is unknown.
    #[error("{0}")]
    Settings(String),
    /// A fluid or template of the candidate cannot be built.
    #[error(transparent)]
    Candidate(#[from] crate::slave::CandidateError),
    /// A cycle cannot be computed.
    #[error(transparent)]
    Cycle(#[from] crate::thermo::CycleError),
    /// A fluid cannot be loaded.
    #[error(transparent)]
    Fluid(#[from] crate::fluids::FluidError),
    /// A run to its folder stopped.
    #[error(transparent)]
    Run(#[from] RunFolderError),
    /// A run stopped.
    #[error(transparent)]
    Master(#[from] crate::master::MasterError),
    /// A study could not be run or merged.
    #[error(transparent)]
    Study(#[from] crate::study::StudyError),
    /// The progress callback stopped the run.
    #[error(
        "the run was interrupted{}",
        checkpoint.as_ref().map_or(String::new(), |c| format!(
            "; its checkpoint {} is the last finished generation's (resume continues from it)",
            c.display()
        ))
    )]
    Interrupted {
        /// The checkpoint a resume continues from, if the run wrote one.
        checkpoint: Option<PathBuf>,
    },
    /// A file could not be written.
    #[error("cannot write {file} (check that the folder is writable and has free space)")]
    Write {
        /// The file.
        file: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// Whether the input is at fault (the case, a setting, a name), not the run: fix the input and call
    /// again.
    pub fn is_input(&self) -> bool {
        use crate::study::StudyError;
        match self {
            Error::Case(_)
            | Error::Settings(_)
            | Error::Candidate(_)
            | Error::Cycle(_)
            | Error::Fluid(_) => true,
            Error::Study(e) => matches!(e, StudyError::Input(_) | StudyError::Case(_)),
            _ => false,
        }
    }
}

/// The bundled working fluids with their metadata (`hpsynth fluids --json`).
pub fn fluids() -> Result<Vec<FluidRow>, Error> {
    Ok(crate::summary::fluids::rows()?)
}

/// One vapour-compression cycle (`hpsynth cycle --json`).
pub fn cycle(input: &CycleInput) -> Result<CycleReport, Error> {
    let fluid = crate::fluids::fluid(&input.fluid)?;
    let spec = input
        .spec()
        .map_err(|e| Error::Settings(format!("cycle: {e}")))?;
    let result = crate::thermo::compute_cycle(fluid.as_ref(), &spec)?;
    Ok(CycleReport::from(&result))
}

/// Pinch targets of the case: minimum utilities, pinches, grand composite curve, cheapest utility mix
/// (`hpsynth targets --json`).
pub fn targets(case: &Case) -> TargetsReport {
    crate::summary::targets::report(case)
}

/// What [`evaluate`] takes besides the case and the cycles. `Default`: the case's template, objective and
/// dT_min/2, no files.
#[derive(Clone, Debug, Default)]
pub struct EvaluateSettings {
    /// Superstructure template: single-stage, two-stage-economiser, full, or a path (`None`: the case's).
    pub template: Option<String>,
    /// What to minimise (`None`: the case's `optimizer.objective`).
    pub objective: Option<Objective>,
    /// dT_min/2 of the refrigerant streams in K (`None`: the case's `heat_pump.dt_min_half_k`).
    pub dt_min_half_k: Option<f64>,
    /// Write the report here: report.html, report.md, the SVG plots and flowsheet.dot.
    pub out: Option<PathBuf>,
    /// Write the chosen design as Graphviz DOT (one graph per cycle).
    pub dot: Option<PathBuf>,
    /// Write the whole superstructure as Graphviz DOT (one graph per cycle).
    pub superstructure_dot: Option<PathBuf>,
    /// Write the slave MILP here as an MPS file if it fails or stops at its time limit.
    pub dump_failed: Option<PathBuf>,
}

/// The site baseline, the slave's settings, and the slave's design for fixed fluids and levels.
fn evaluate_design(
    case: &Case,
    cycles: &[CycleChoice],
    settings: &EvaluateSettings,
) -> Result<(SiteBaseline, SlaveSettings, Vec<Superstructure>, Evaluation), Error> {
    // The site without a heat pump, solved once: it sets the slave's charges and is the comparison's baseline.
    let site = SiteBaseline::solve(case);
    let (slave, superstructures, evaluation) = evaluate_design_on(&site, case, cycles, settings)?;
    Ok((site, slave, superstructures, evaluation))
}

/// [`evaluate_design`] against a site already solved.
fn evaluate_design_on(
    site: &SiteBaseline,
    case: &Case,
    cycles: &[CycleChoice],
    settings: &EvaluateSettings,
) -> Result<(SlaveSettings, Vec<Superstructure>, Evaluation), Error> {
    let mut slave = site.design_settings(case);
    slave.objective = settings.objective.unwrap_or(slave.objective);
    slave.solve.dump_failed = settings.dump_failed.clone().map(std::sync::Arc::new);
    if let Some(dt) = settings.dt_min_half_k {
        if !(dt.is_finite() && dt >= 0.0) {
            return Err(Error::Settings(format!(
                "dt_min_half_k must be a number of kelvin >= 0, got {dt}"
            )));
        }
        slave.dt_min_half_k = dt;
    }
    if cycles.is_empty() {
        return Err(Error::Settings(
            "give at least one cycle (a fluid and its levels)".into(),
        ));
    }
    let (superstructures, evaluation) = match &settings.template {
        Some(template) => evaluate_candidate(case, cycles, template, &slave)?,
        None => evaluate_case_candidate(case, cycles, &slave)?,
    };
    Ok((slave, superstructures, evaluation))
}

/// The heat exchanger network of the design for fixed fluids and levels (`hpsynth network CASE --fluid
/// --levels-c`): the slave's design as `evaluate` gives it, then its network synthesised region by region
/// and the design's TAC recomputed with it (summary/network.rs).
pub fn design_network(
    case: &Case,
    cycles: &[CycleChoice],
    settings: &EvaluateSettings,
    network: &crate::network::design::DesignSettings,
) -> Result<crate::summary::network::DesignNetworkReport, Error> {
    design_network_on(&SiteBaseline::solve(case), case, cycles, settings, network)
}

/// [`design_network`] against a site already solved (a ranking solves it once for all its designs).
fn design_network_on(
    site: &SiteBaseline,
    case: &Case,
    cycles: &[CycleChoice],
    settings: &EvaluateSettings,
    network: &crate::network::design::DesignSettings,
) -> Result<crate::summary::network::DesignNetworkReport, Error> {
    if settings.dt_min_half_k == Some(0.0) {
        return Err(Error::Settings(
            "dt_min_half_k must be > 0 for a network (a unit's approach needs one)".into(),
        ));
    }
    let (slave, superstructures, evaluation) = evaluate_design_on(site, case, cycles, settings)?;
    let versus = site.versus(case, &evaluation);
    crate::summary::network::design_network(
        case,
        &superstructures,
        &slave,
        &evaluation,
        versus.as_ref(),
        network,
    )
    .map_err(Error::Settings)
}

/// The network of the run's own design (the one its report shows): the ranked leader at the same levels
/// and dT_min/2 if there is one (the same slave solve), else synthesised from the run's evaluation (a
/// grid design that won, say). `None` when the run has no design or its network cannot be built.
fn run_design_network(
    case: &Case,
    result: &crate::master::OptimizeResult,
    ranking: &NetworkRanking,
    settings: &DesignSettings,
) -> Result<Option<crate::summary::network::DesignNetworkReport>, Error> {
    let Some(best) = &result.best else {
        return Ok(None);
    };
    let same = |row: &RankedDesign| {
        let cycles = LeaderRow::cycles_of(&row.fluids, &row.levels_c);
        cycles.len() == best.cycles.len()
            && cycles.iter().zip(&best.cycles).all(|(a, b)| {
                a.levels_k.len() == b.levels_k.len()
                    && a.levels_k
                        .iter()
                        .zip(&b.levels_k)
                        .all(|(x, y)| (x - y).abs() < 1e-9)
            })
            && row.dt_min_half_k.unwrap_or(best.evaluation.dt_min_half_k)
                == best.evaluation.dt_min_half_k
    };
    if let Some(i) = ranking.rows.iter().position(same) {
        return Ok(ranking.networks[i].clone());
    }
    let slave = result.site.design_settings(case);
    let versus = result.site.versus(case, &best.evaluation);
    Ok(crate::summary::network::design_network(
        case,
        &best.superstructures,
        &slave,
        &best.evaluation,
        versus.as_ref(),
        settings,
    )
    .ok())
}

/// The number of designs to rank by their networks must be 1 to [`crate::master::LEADERS`].
pub fn check_network_count(n: usize) -> Result<(), Error> {
    if n == 0 || n > crate::master::LEADERS {
        return Err(Error::Settings(format!(
            "network: give 1 to {} designs",
            crate::master::LEADERS
        )));
    }
    Ok(())
}

/// The first `n` of `designs` (a run's leaders, a screening's best fluids, best first) with their networks
/// ([`design_network`] at each one's levels and dT_min/2), in the order given; `progress` hears of each,
/// and its `false` stops the ranking there (`stopped`). A design without a network is a row that says why,
/// not an error.
pub fn rank_by_network(
    case: &Case,
    designs: &[LeaderRow],
    n: usize,
    settings: &DesignSettings,
    progress: &mut (dyn FnMut(Progress) -> bool + Send),
) -> Result<NetworkRanking, Error> {
    check_network_count(n)?;
    let of = n.min(designs.len());
    let site = SiteBaseline::solve(case);
    let mut ranking = NetworkRanking::default();
    for (i, design) in designs.iter().take(n).enumerate() {
        let cycles = design.cycles();
        let evaluate = EvaluateSettings {
            dt_min_half_k: design.dt_min_half_k,
            ..EvaluateSettings::default()
        };
        let start = std::time::Instant::now();
        let result = design_network_on(&site, case, &cycles, &evaluate, settings);
        let seconds = start.elapsed().as_secs_f64();
        let row = RankedDesign::new(
            i + 1,
            design,
            result.as_ref().map_err(ToString::to_string),
            seconds,
        );
        ranking.rows.push(row);
        ranking.networks.push(result.ok());
        let go_on = progress(Progress::Network {
            design: i + 1,
            of,
            seconds,
        });
        if !go_on {
            ranking.stopped = true;
            break;
        }
    }
    Ok(ranking)
}

/// The heat exchanger network of the process alone (`hpsynth network CASE`): the site without a heat pump as
/// the slave solves it (each utility at the duty its cascade uses), then its network synthesised as a
/// design's is (summary/network.rs), against the site's area target.
pub fn process_network(
    case: &Case,
    network: &crate::network::design::DesignSettings,
) -> Result<crate::summary::network::DesignNetworkReport, Error> {
    let site = SiteBaseline::solve(case);
    if site.evaluation.design.is_none() {
        return Err(Error::Settings(format!(
            "the process alone has no heat balance the case's utilities can close ({:?}): a network of the \
             process needs [[utilities]] (a hot and a cold one where its cascade needs them)",
            site.evaluation.outcome
        )));
    }
    crate::summary::network::design_network(
        case,
        &[],
        &site.settings,
        &site.evaluation,
        None,
        network,
    )
    .map_err(Error::Settings)
}

/// The heat pump for fixed fluids and levels: the slave MILP alone (`hpsynth evaluate --json`). An
/// infeasible candidate is a result (`outcome`, no `costs`), not an error.
pub fn evaluate(
    case: &Case,
    cycles: &[CycleChoice],
    settings: &EvaluateSettings,
) -> Result<EvaluateReport, Error> {
    let (site, _, superstructures, evaluation) = evaluate_design(case, cycles, settings)?;
    if let Some(path) = &settings.superstructure_dot {
        let dot: String = superstructures.iter().map(|ss| to_dot(ss, None)).collect();
        write(path, &dot)?;
    }
    if let (Some(path), Some(design)) = (&settings.dot, &evaluation.design) {
        let dot: String = superstructures
            .iter()
            .enumerate()
            .map(|(c, ss)| to_dot(ss, Some(&design.cycle_flows(c))))
            .collect();
        write(path, &dot)?;
    }
    let versus = site.versus(case, &evaluation);
    if let Some(out) = &settings.out {
        std::fs::create_dir_all(out).map_err(|source| {
            Error::Run(RunFolderError::Create {
                dir: out.display().to_string(),
                source,
            })
        })?;
        crate::report::write_evaluation_report(
            case,
            &superstructures,
            &evaluation,
            versus.as_ref(),
            out,
        )
        .map_err(|e| Error::Run(RunFolderError::Report(e)))?;
    }
    Ok(EvaluateReport::new(
        &case.name,
        &evaluation,
        versus.as_ref(),
    ))
}

/// What [`optimize`] takes besides the case. `Default`: bi-level, the case's seed, time limit and grid
/// levels, all cores, no output folder.
#[derive(Clone, Debug, Default)]
pub struct OptimizeSettings {
    /// Bi-level (GA + MILP) or the fixed-grid MILP.
    pub mode: Mode,
    /// Random seed (`None`: the case's `optimizer.seed`); the same seed gives the same result on any
    /// number of threads.
    pub seed: Option<u64>,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Wall-clock limit of the run in seconds (`None`: the case's `optimizer.time_limit_s`).
    pub time_limit_s: Option<f64>,
    /// Where grid mode places its candidate levels (`None`: the case's).
    pub grid_levels: Option<GridLevels>,
    /// Output folder: result.json, history.csv, the report and the checkpoint, as `hpsynth optimize`
    /// writes them; the folder is locked while the run lives.
    pub out: Option<PathBuf>,
    /// Continue the run whose checkpoint is in `out`.
    pub resume: bool,
    /// Write every slave MILP that fails or stops at its time limit here as an MPS file.
    pub dump_failed: Option<PathBuf>,
    /// Set from another thread (Ctrl-C in Python) to stop the run after the generation under way, as
    /// `progress` returning `false` does.
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// Synthesise the network of the run's first N distinct leaders (1 to 10) and rank them again by it
    /// (`network_ranking` in result.json; the run's design's network in its report, the best network's in
    /// network.html). Needs `out`.
    pub network: Option<usize>,
}

impl OptimizeSettings {
    /// `case` with these settings' overrides of its `[optimizer]`.
    pub fn apply(&self, case: &Case) -> Case {
        let mut case = case.clone();
        let o = &mut case.optimizer;
        o.grid_levels = self.grid_levels.unwrap_or(o.grid_levels);
        o.seed = self.seed.unwrap_or(o.seed);
        o.time_limit_s = self.time_limit_s.unwrap_or(o.time_limit_s);
        case
    }

    fn run(&self) -> RunSettings {
        RunSettings {
            mode: self.mode,
            threads: self.threads,
            checkpoint: None,
            resume: self.resume,
            operators: Operators::default(),
            dump_failed: self.dump_failed.clone(),
            seeds: Vec::new(),
            stop: self.stop.clone(),
        }
    }
}

/// The cost-optimal heat pump of the case (`hpsynth optimize`): the report its `result.json` holds, and
/// with `settings.out` the whole run folder. `progress` sees every generation and the start of the local
/// search; returning `false` stops the run after that generation ([`Error::Interrupted`]: the checkpoint
/// in `out` stays usable by a resume, and no `result.json` is written).
pub fn optimize(
    case: &Case,
    settings: &OptimizeSettings,
    progress: &mut (dyn FnMut(Progress) -> bool + Send),
) -> Result<ResultReport, Error> {
    let case = settings.apply(case);
    if settings.resume && settings.out.is_none() {
        return Err(Error::Settings(
            "resume needs the output folder whose checkpoint to continue (out)".into(),
        ));
    }
    if let Some(n) = settings.network {
        if settings.out.is_none() {
            return Err(Error::Settings(
                "network: give the output folder (out) its ranking and reports are written to"
                    .into(),
            ));
        }
        check_network_count(n)?;
    }
    let run = settings.run();
    match &settings.out {
        Some(out) => {
            let interrupted = |e: RunFolderError| match e {
                RunFolderError::Interrupted => Error::Interrupted {
                    checkpoint: Some(out.join("checkpoint.json")).filter(|c| c.exists()),
                },
                e => e.into(),
            };
            let running = run_in_dir(&case, &run, out, progress).map_err(interrupted)?;
            let Some(n) = settings.network else {
                let finished = running.finish(&case, &RunExtras::default());
                return Ok(finished.map_err(interrupted)?.report);
            };
            // Stopped between two networks (Ctrl-C in Python, or `progress` saying no): no result.json,
            // the checkpoint resumes (to the same run, then its networks again).
            let stop = settings.stop.clone();
            let mut watch = |p: Progress| {
                progress(p) && !stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed))
            };
            let leaders = running.report(&case).leaders;
            let design = DesignSettings::default();
            let ranking = rank_by_network(&case, &leaders, n, &design, &mut watch)?;
            if ranking.stopped {
                return Err(interrupted(RunFolderError::Interrupted));
            }
            let own = run_design_network(&case, &running.result, &ranking, &design)?;
            let extras = RunExtras {
                ranking: ranking.rows.clone(),
                network: own.as_ref(),
                best_network: ranking.best(),
            };
            Ok(running.finish(&case, &extras).map_err(interrupted)?.report)
        }
        None => {
            let result = crate::master::optimize(&case, &run, progress)?;
            if result.stop_reason.cause == StopCause::Interrupted {
                return Err(Error::Interrupted { checkpoint: None });
            }
            Ok(result_report(&case, &result, settings.threads))
        }
    }
}

/// What [`screen`] takes besides the case and the study's settings. `Default`: every bundled fluid, no
/// filter, one cycle, the screening budget.
#[derive(Clone, Debug)]
pub struct ScreenSettings {
    /// Fluids to screen: "all" or a comma-separated list (names, ASHRAE numbers, aliases).
    pub fluids: String,
    /// Leave out fluids whose GWP100 (IPCC AR5) is above this.
    pub max_gwp: Option<f64>,
    /// Keep only these ASHRAE 34 safety classes.
    pub safety: Option<Vec<String>>,
    /// Cycles in cascade: 1 (each fluid alone) or 2 (each pair).
    pub cycles: usize,
    /// The budget of each run.
    pub budget: ScreenBudget,
}

impl Default for ScreenSettings {
    fn default() -> Self {
        ScreenSettings {
            fluids: "all".into(),
            max_gwp: None,
            safety: None,
            cycles: 1,
            budget: ScreenBudget::screening(),
        }
    }
}

/// Screens fluids (`hpsynth screen`): each admissible fluid optimised on its own, ranked by TAC.
pub fn screen(
    case: &Case,
    settings: &ScreenSettings,
    study: &StudySettings,
    progress: &(dyn Fn(&StudyProgress) + Sync),
) -> Result<StudyOutcome, Error> {
    if !(1..=2).contains(&settings.cycles) {
        return Err(Error::Settings(format!(
            "cycles {}: 1 (each fluid alone) or 2 (each pair of fluids)",
            settings.cycles
        )));
    }
    let options = ScreenOptions {
        fluids: crate::study::screen::resolve_fluids(&settings.fluids)?,
        max_gwp: settings.max_gwp,
        safety: settings.safety.clone(),
        cycles: settings.cycles,
        budget: settings.budget,
    };
    drive::screen(case, options, study, progress, &write_files).map_err(study_error)
}

/// Sweeps keys of the case (`hpsynth sweep --set KEY=FROM:TO:N ...`): re-optimises at every point and
/// reports the tipping points. The case must have been read from TOML (the sweep edits its keys).
pub fn sweep(
    case: &Case,
    set: &[String],
    study: &StudySettings,
    progress: &(dyn Fn(&StudyProgress) + Sync),
) -> Result<StudyOutcome, Error> {
    if set.is_empty() {
        return Err(Error::Settings(
            "give at least one key to sweep as KEY=FROM:TO:N".into(),
        ));
    }
    let axes = set
        .iter()
        .map(|s| SweepAxis::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    drive::sweep(case, axes, study, progress, &write_files).map_err(study_error)
}

/// The TAC-CO2 front with `points` points (`hpsynth pareto`), the two extremes included.
pub fn pareto(
    case: &Case,
    points: usize,
    study: &StudySettings,
    progress: &(dyn Fn(&StudyProgress) + Sync),
) -> Result<StudyOutcome, Error> {
    drive::pareto(case, points, study, progress, &write_files).map_err(study_error)
}

/// The study of the shards among `paths` (`hpsynth merge`), written to `out` as the whole run would.
pub fn merge(paths: &[PathBuf], out: Option<&Path>) -> Result<StudyResult, Error> {
    Ok(drive::merge(paths, out, &write_files)?)
}

/// A study's JSON document, as `--json` prints it.
pub fn study_json(result: &StudyResult) -> Result<String, Error> {
    Ok(result.to_json()?)
}

/// A study stopped from outside is [`Error::Interrupted`], as a run is.
fn study_error(e: crate::study::StudyError) -> Error {
    match e {
        crate::study::StudyError::Interrupted => Error::Interrupted { checkpoint: None },
        e => Error::Study(e),
    }
}

fn write(path: &Path, text: &str) -> Result<(), Error> {
    write_atomically(path, text.as_bytes()).map_err(|source| Error::Write {
        file: path.display().to_string(),
        source,
    })
}
