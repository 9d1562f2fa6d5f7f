//! The master of the bi-level method (design.md §3): a genetic algorithm over fluids and saturation levels,
//! each candidate priced by the slave MILP; grid mode is the baseline and seeds the first population.
//! See docs/optimizer.md.

mod anchors;
mod ga;
mod grid;
mod local_search;
mod space;

pub use anchors::Anchors;
pub use ga::{Fitness, Operators, next_generation, ranking};
pub use grid::{GridResult, GridSummary, grid_levels, grid_mode, grid_template};
pub use local_search::{LocalSearch, local_search};
pub use space::{CycleGene, FluidRange, Genome, Space, SpaceError};

use crate::case::Case;
use crate::files::write_atomically;
use crate::slave::{CycleChoice, Evaluation, SlaveSettings, evaluate_candidate};
use crate::superstructure::Superstructure;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What `optimize` runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// GA master over fluids and levels, slave MILP per candidate, seeded by grid mode.
    Bilevel,
    /// The fixed-grid MILP alone.
    Grid,
}

/// Where a run's best design came from (`best_from` in result.json).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BestFrom {
    /// The GA and its local search beat the grid design.
    Bilevel,
    /// The grid design (grid mode, or a bi-level run that did not beat it).
    Grid,
    /// The run was stopped by its observer before it finished: no design.
    Interrupted,
}

impl std::fmt::Display for BestFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BestFrom::Bilevel => "bilevel",
            BestFrom::Grid => "grid",
            BestFrom::Interrupted => "interrupted",
        })
    }
}

/// Why a run stopped (`stop_reason` in result.json, as the text of [`StopReason`]'s `Display`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StopReason {
    pub cause: StopCause,
    /// The local search after the GA was cut short by the time limit.
    pub local_search_cut_short: bool,
}

/// What ended the GA.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum StopCause {
    /// Its generation budget was spent.
    GenerationBudget(usize),
    /// So many generations passed without improvement.
    NoImprovement(usize),
    /// The run's wall-clock limit (s).
    TimeLimit(f64),
    /// Grid mode: no GA.
    GridMode,
    /// Stopped by its observer.
    Interrupted,
}

impl StopReason {
    fn new(cause: StopCause) -> StopReason {
        StopReason {
            cause,
            local_search_cut_short: false,
        }
    }
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.cause {
            StopCause::GenerationBudget(n) => write!(f, "generation budget ({n})")?,
            StopCause::NoImprovement(n) => write!(f, "no improvement for {n} generations")?,
            StopCause::TimeLimit(s) => write!(f, "time limit ({s:.0} s)")?,
            StopCause::GridMode => f.write_str("grid mode")?,
            StopCause::Interrupted => f.write_str("interrupted")?,
        }
        if self.local_search_cut_short {
            f.write_str("; local search stopped at the time limit")?;
        }
        Ok(())
    }
}

/// A run's best design, whole: its cycles, the superstructures its units are nodes of, and its evaluation.
#[derive(Clone, Debug)]
pub struct BestDesign {
    pub cycles: Vec<CycleChoice>,
    pub superstructures: Vec<Superstructure>,
    pub evaluation: Evaluation,
}

impl BestDesign {
    fn tac_eur_per_yr(&self) -> Option<f64> {
        self.evaluation
            .design
            .as_ref()
            .map(|d| d.costs.tac_eur_per_yr)
    }
}

/// Settings of one run.
#[derive(Clone, Debug)]
pub struct RunSettings {
    pub mode: Mode,
    pub seed: u64,
    /// Worker threads; 0: rayon's default (all cores).
    pub threads: usize,
    pub time_limit_s: f64,
    /// Where the checkpoint is written after every generation.
    pub checkpoint: Option<PathBuf>,
    /// Continue from the checkpoint instead of starting afresh.
    pub resume: bool,
    pub operators: Operators,
    /// Write every slave model that fails or hits its time limit into this folder (`--dump-failed`).
    pub dump_failed: Option<PathBuf>,
}

/// One generation of the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GenerationStats {
    pub generation: usize,
    pub best_tac_eur_per_yr: Option<f64>,
    /// Mean TAC of the feasible candidates of the generation.
    pub mean_tac_eur_per_yr: Option<f64>,
    pub feasible_share: f64,
    /// Slave evaluations in this generation (cache misses).
    pub evaluations: usize,
    pub cache_hits: usize,
}

/// What `optimize` reports while it runs.
#[derive(Clone, Copy, Debug)]
pub enum Progress<'a> {
    /// A generation was evaluated. The observer's answer is read here only: `false` stops the run, as if
    /// it were killed after this generation.
    Generation(&'a GenerationStats),
    /// The GA has stopped; the local search (local_search.rs) starts from this TAC.
    LocalSearch { from_tac_eur_per_yr: f64 },
}

/// Counters of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counters {
    pub evaluations: usize,
    pub cache_hits: usize,
    /// Candidates without a design, by reason.
    pub without_design: BTreeMap<String, usize>,
    /// Of the evaluations, those of the local search after the GA (local_search.rs), and its improving moves.
    #[serde(default)]
    #[serde(rename = "polish_evaluations")]
    pub local_search_evaluations: usize,
    #[serde(default)]
    #[serde(rename = "polish_moves")]
    pub local_search_moves: usize,
    /// Of the improving moves, the jumps to an anchor temperature or another fluid.
    #[serde(default)]
    #[serde(rename = "polish_jumps")]
    pub local_search_jumps: usize,
}

/// The outcome of `optimize`.
#[derive(Clone, Debug)]
pub struct OptimizeResult {
    pub mode: Mode,
    /// The best design, if any candidate had one.
    pub best: Option<BestDesign>,
    /// Where the best design came from.
    pub best_from: BestFrom,
    pub grid: Option<GridSummary>,
    /// `(grid TAC - best TAC) / grid TAC`, in %.
    pub improvement_over_grid_pct: Option<f64>,
    pub history: Vec<GenerationStats>,
    pub counters: Counters,
    pub stop_reason: StopReason,
    pub seconds: f64,
}

/// Why a run could not be done.
#[derive(Debug, thiserror::Error)]
pub enum MasterError {
    #[error(transparent)]
    Space(#[from] SpaceError),
    #[error("checkpoint {file}: {message}")]
    Checkpoint { file: String, message: String },
    #[error(
        "cannot write the checkpoint {file}; the run stopped (free space in the output folder or choose \
         another --out; --resume continues from the last checkpoint written)"
    )]
    CheckpointWrite {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("thread pool: {0}")]
    Threads(String),
}

/// Everything needed to continue a run exactly.
#[derive(Serialize, Deserialize)]
struct Checkpoint {
    /// The run this belongs to: the space, the seed and the optimiser settings, as JSON.
    fingerprint: String,
    /// A hash of each part of the loaded case and of the program version (`case_sections`): a resume with
    /// anything changed is refused, naming what changed.
    #[serde(default)]
    case_sections: BTreeMap<String, String>,
    generation: usize,
    population: Vec<Genome>,
    rng: ChaCha8Rng,
    best: Option<(Genome, Fitness)>,
    stall: usize,
    history: Vec<GenerationStats>,
    counters: Counters,
    cache: BTreeMap<String, Fitness>,
    grid: Option<GridSummary>,
    grid_seed: Option<Genome>,
    elapsed_s: f64,
    /// Why the run stopped, once the GA and the local search after it are done (the final checkpoint): a
    /// resume from it must not run a generation or walk (and count) again.
    #[serde(default)]
    stop_reason: Option<StopReason>,
}

fn fingerprint(case: &Case, space: &Space, seed: u64) -> String {
    let o = &case.optimizer;
    format!(
        "{}|seed {seed}|pop {} x {} gen {} stall {} step {} {:?} gap {} screening {} warm {}|{}",
        case.name,
        o.population,
        o.islands,
        o.generations,
        o.stall_generations,
        o.grid_step_k,
        o.grid_levels,
        o.mip_gap,
        o.screening_mip_gap,
        o.warm_start,
        serde_json::to_string(space).unwrap_or_default()
    )
}

/// A hash of each part of the case a run depends on, and of the program version. Each part is hashed from
/// its `Debug` form (every number and name of the loaded, validated case, in SI), with the standard
/// library's SipHash; a checkpoint is only read by the same program version, so the hash need not be
/// stable across Rust versions.
fn case_sections(case: &Case) -> BTreeMap<String, String> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let hash = |text: String| {
        let mut h = DefaultHasher::new();
        text.hash(&mut h);
        format!("{:016x}", h.finish())
    };
    let parts = [
        ("program version", env!("CARGO_PKG_VERSION").to_string()),
        // Not the streams' `origin` (where they were read from): a case moved elsewhere is the same case.
        (
            "streams",
            format!(
                "{:?}",
                case.streams
                    .iter()
                    .map(|s| (
                        &s.name,
                        s.kind,
                        &s.segments,
                        s.dt_min_half_k,
                        s.h_w_per_m2_k
                    ))
                    .collect::<Vec<_>>()
            ),
        ),
        ("utilities", format!("{:?}", case.utilities)),
        ("electricity", format!("{:?}", case.electricity)),
        ("economics", format!("{:?}", case.economics)),
        ("heat_pump", format!("{:?}", case.heat_pump)),
        (
            "heat pump template",
            format!(
                "{:?}",
                crate::superstructure::Template::load(&case.heat_pump.template).ok()
            ),
        ),
        ("optimizer", format!("{:?}", case.optimizer)),
        (
            "costs",
            format!("{:?} {:?}", case.costs, case.exchanger_pricing),
        ),
        ("heat_transfer", format!("{:?}", case.refrigerant_films)),
        ("site", format!("{:?}", case.site)),
    ];
    parts
        .into_iter()
        .map(|(name, text)| (name.to_string(), hash(text)))
        .collect()
}

/// The slave's verdict on one candidate.
fn fitness_of(
    result: &Result<
        (Vec<crate::superstructure::Superstructure>, Evaluation),
        crate::slave::CandidateError,
    >,
) -> Fitness {
    match result {
        Ok((_, e)) => match &e.design {
            Some(d) if d.checks.pass => Fitness {
                tac_eur_per_yr: Some(d.costs.tac_eur_per_yr),
                reason: None,
            },
            Some(_) => Fitness {
                tac_eur_per_yr: None,
                reason: Some("design checks failed".into()),
            },
            None => Fitness {
                tac_eur_per_yr: None,
                reason: Some(e.outcome.reason()),
            },
        },
        Err(e) => Fitness {
            tac_eur_per_yr: None,
            reason: Some(e.to_string()),
        },
    }
}

/// Runs grid mode, and for `Mode::Bilevel` the GA seeded by it. `observe` sees every generation and returns
/// whether to go on (stopping leaves the checkpoint of the previous generation, as a killed run would),
/// then the start of the local search.
pub fn optimize(
    case: &Case,
    run: &RunSettings,
    observe: &mut (dyn FnMut(Progress) -> bool + Send),
) -> Result<OptimizeResult, MasterError> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if run.threads > 0 {
        builder = builder.num_threads(run.threads);
    }
    let pool = builder
        .build()
        .map_err(|e| MasterError::Threads(e.to_string()))?;
    pool.install(|| optimize_in_pool(case, run, observe))
}

fn optimize_in_pool(
    case: &Case,
    run: &RunSettings,
    observe: &mut (dyn FnMut(Progress) -> bool + Send),
) -> Result<OptimizeResult, MasterError> {
    let start = Instant::now();
    let space = Space::new(case)?;
    let mut settings = SlaveSettings::from_case(case);
    settings.solve.dump_failed = run.dump_failed.clone().map(std::sync::Arc::new);
    // Candidates are screened at the screening gap: the LP relaxation and its rounded design usually certify
    // it without branch and bound (slave/warm_start.rs). The best is solved again at the case's gap.
    let mut screening = settings.clone();
    screening.solve.mip_rel_gap = case
        .optimizer
        .screening_mip_gap
        .max(settings.solve.mip_rel_gap);
    let template = case.heat_pump.template.clone();
    let fp = fingerprint(case, &space, run.seed);
    let sections = case_sections(case);
    let evaluate = |g: &Genome| {
        evaluate_candidate(
            case,
            &space.choices(g),
            &template,
            &space.settings(g, &screening),
        )
    };
    let evaluate_exactly = |g: &Genome| {
        evaluate_candidate(
            case,
            &space.choices(g),
            &template,
            &space.settings(g, &settings),
        )
    };

    let resumed = match (&run.checkpoint, run.resume) {
        (Some(path), true) if path.is_file() => Some(load_checkpoint(path, &fp, &sections)?),
        _ => None,
    };
    // The full grid result stays in memory for the final comparison; after a resume it is recomputed.
    let mut grid_full: Option<GridResult> = None;
    // Fitness of first-generation candidates evaluated during the grid phase, by key.
    let mut prepared: BTreeMap<String, Fitness> = BTreeMap::new();
    let (grid, mut state) = match resumed {
        Some(c) => (c.grid.clone(), c),
        None => {
            let _span = tracing::info_span!("grid").entered();
            // The first population is the grid seed and random genomes. The random ones do not depend on the
            // grid, so in bi-level mode they are evaluated alongside the grid MILPs, in one pool: the short
            // slave solves fill the gaps between the long MILPs. The RNG draws them in a fixed order first,
            // so the run is the same for any number of threads.
            let mut rng = ChaCha8Rng::seed_from_u64(run.seed);
            let size = case.optimizer.population * case.optimizer.islands;
            let randoms: Vec<Genome> = (1..size).map(|_| space.random(&mut rng)).collect();
            let (grid, early) = if run.mode == Mode::Bilevel {
                rayon::join(
                    || grid_mode(case, &space, &settings),
                    || {
                        randoms
                            .par_iter()
                            .map(|g| (space.key(g), fitness_of(&evaluate(g))))
                            .collect::<Vec<_>>()
                    },
                )
            } else {
                (grid_mode(case, &space, &settings), Vec::new())
            };
            prepared.extend(early);
            tracing::info!(
                tac = grid.as_ref().map(|g| g.tac_eur_per_yr),
                "grid mode done"
            );
            let seed_genome = grid.as_ref().map(|g| g.seed(&space));
            let mut population: Vec<Genome> = seed_genome.iter().cloned().collect();
            population.extend(randoms);
            while population.len() < size {
                population.push(space.random(&mut rng));
            }
            let summary = grid.as_ref().map(GridResult::summary);
            grid_full = grid;
            let state = Checkpoint {
                fingerprint: fp.clone(),
                case_sections: sections.clone(),
                generation: 0,
                population,
                rng,
                best: None,
                stall: 0,
                history: Vec::new(),
                counters: Counters::default(),
                cache: BTreeMap::new(),
                grid: summary.clone(),
                grid_seed: seed_genome,
                elapsed_s: 0.0,
                stop_reason: None,
            };
            (summary, state)
        }
    };

    if run.mode == Mode::Grid {
        let best = grid_best(case, &space, &settings, &state, grid_full);
        return Ok(finish(
            Mode::Grid,
            best,
            BestFrom::Grid,
            grid,
            state,
            StopReason::new(StopCause::GridMode),
            start,
        ));
    }

    let elapsed_before = state.elapsed_s;
    // A resume from the final checkpoint has nothing left to run.
    let finished = state.stop_reason.clone();
    let mut stop_reason = match finished {
        Some(reason) => reason,
        None => loop {
            let _span = tracing::info_span!("generation", g = state.generation).entered();
            // Evaluate the candidates not in the cache, in parallel, gathered in population order.
            let keys: Vec<String> = state.population.iter().map(|g| space.key(g)).collect();
            let mut todo: Vec<usize> = Vec::new();
            for (i, k) in keys.iter().enumerate() {
                if !state.cache.contains_key(k) && !todo.iter().any(|&j| keys[j] == *k) {
                    todo.push(i);
                }
            }
            let fresh: Vec<Fitness> = todo
                .par_iter()
                .map(|&i| match prepared.get(&keys[i]) {
                    Some(f) => f.clone(),
                    None => fitness_of(&evaluate(&state.population[i])),
                })
                .collect();
            prepared.clear();
            for (&i, f) in todo.iter().zip(fresh) {
                if let Some(reason) = &f.reason {
                    *state
                        .counters
                        .without_design
                        .entry(reason.clone())
                        .or_default() += 1;
                }
                state.cache.insert(keys[i].clone(), f);
            }
            let fitness: Vec<Fitness> = keys.iter().map(|k| state.cache[k].clone()).collect();
            let hits = keys.len() - todo.len();
            state.counters.evaluations += todo.len();
            state.counters.cache_hits += hits;

            let feasible: Vec<f64> = fitness.iter().filter_map(|f| f.tac_eur_per_yr).collect();
            let order = ranking(&space, &state.population, &fitness);
            let leader = (
                state.population[order[0]].clone(),
                fitness[order[0]].clone(),
            );
            let improved = match (&state.best, leader.1.tac_eur_per_yr) {
                (None, _) => true,
                (Some((_, b)), Some(t)) => t < b.rank() - 1e-9 * b.rank().abs(),
                (Some(_), None) => false,
            };
            if improved && leader.1.tac_eur_per_yr.is_some() {
                state.best = Some(leader);
                state.stall = 0;
            } else {
                state.stall += 1;
            }
            let stats = GenerationStats {
                generation: state.generation,
                best_tac_eur_per_yr: state.best.as_ref().and_then(|b| b.1.tac_eur_per_yr),
                mean_tac_eur_per_yr: (!feasible.is_empty())
                    .then(|| feasible.iter().sum::<f64>() / feasible.len() as f64),
                feasible_share: feasible.len() as f64 / keys.len().max(1) as f64,
                evaluations: todo.len(),
                cache_hits: hits,
            };
            tracing::info!(
                best = stats.best_tac_eur_per_yr,
                evaluations = stats.evaluations,
                "generation done"
            );
            state.history.push(stats.clone());
            if !observe(Progress::Generation(&stats)) {
                // As if killed here: the checkpoint on disk is the previous generation's.
                return Ok(finish(
                    Mode::Bilevel,
                    None,
                    BestFrom::Interrupted,
                    grid,
                    state,
                    StopReason::new(StopCause::Interrupted),
                    start,
                ));
            }

            state.generation += 1;
            state.elapsed_s = elapsed_before + start.elapsed().as_secs_f64();
            if state.generation >= case.optimizer.generations {
                break StopReason::new(StopCause::GenerationBudget(case.optimizer.generations));
            }
            if state.stall >= case.optimizer.stall_generations {
                break StopReason::new(StopCause::NoImprovement(state.stall));
            }
            if state.elapsed_s >= run.time_limit_s {
                break StopReason::new(StopCause::TimeLimit(run.time_limit_s));
            }
            let progress = state.generation as f64 / case.optimizer.generations as f64;
            // Islands evolve apart: each slice of `population` genomes breeds only within itself, in island
            // order from the one RNG stream (the grid seed starts in island 0).
            let island = case.optimizer.population;
            let mut next = Vec::with_capacity(state.population.len());
            for (genomes, scores) in state.population.chunks(island).zip(fitness.chunks(island)) {
                next.extend(next_generation(
                    &space,
                    &run.operators,
                    &mut state.rng,
                    genomes,
                    scores,
                    progress,
                ));
            }
            state.population = next;
            if let Some(path) = &run.checkpoint {
                save_checkpoint(path, &state)?;
            }
        },
    };

    // The local search from the GA's best, then the best design evaluated again in full at the case's gap
    // (the cache keeps fitness only); the grid design wins ties.
    // The walk starts from the best genome and takes only improving moves.
    let walk_from = match state.stop_reason {
        Some(_) => None,
        None => state.best.take(),
    };
    if let Some(best) = walk_from {
        if let Some(from_tac_eur_per_yr) = best.1.tac_eur_per_yr {
            observe(Progress::LocalSearch {
                from_tac_eur_per_yr,
            });
        }
        let screen = |g: &Genome| fitness_of(&evaluate(g));
        let anchors = Anchors::of_case(case);
        // What is left of the time limit (`Duration` cannot hold an infinite or negative span).
        let left_s = run.time_limit_s - (elapsed_before + start.elapsed().as_secs_f64());
        let deadline = (left_s < 1e9)
            .then(|| Instant::now() + std::time::Duration::from_secs_f64(left_s.clamp(0.0, 1e9)));
        let (walked, p) = local_search(&space, &anchors, best, &mut state.cache, &screen, deadline);
        if p.stopped_by_deadline {
            stop_reason.local_search_cut_short = true;
        }
        state.best = Some(walked);
        state.counters.evaluations += p.evaluations;
        state.counters.cache_hits += p.cache_hits;
        state.counters.local_search_evaluations += p.evaluations;
        state.counters.local_search_moves += p.moves;
        state.counters.local_search_jumps += p.jumps;
        for (reason, n) in p.without_design {
            *state.counters.without_design.entry(reason).or_default() += n;
        }
    }
    state.stop_reason = Some(stop_reason.clone());
    // The MILP does not see the network's area cost (it is priced after the solve, slave/network.rs), so
    // the tighter solve's design can carry a dearer network than the screened one: the cheaper of the two
    // is returned (the exact one on a tie), never a design dearer than the fitness the search saw.
    let ga_best = state.best.as_ref().and_then(|(g, _)| {
        let total = |e: &(Vec<Superstructure>, Evaluation)| {
            e.1.design.as_ref().map(|d| d.costs.tac_eur_per_yr)
        };
        let exact = evaluate_exactly(g).ok();
        let screened = evaluate(g).ok();
        let (superstructures, evaluation) = match (exact, screened) {
            (Some(x), Some(s)) if total(&s).is_some_and(|t| total(&x).is_none_or(|tx| t < tx)) => s,
            (Some(x), _) if total(&x).is_some() => x,
            (_, Some(s)) if total(&s).is_some() => s,
            _ => return None,
        };
        Some(BestDesign {
            cycles: space.choices(g),
            superstructures,
            evaluation,
        })
    });
    let grid_design = grid_best(case, &space, &settings, &state, grid_full);
    let tac = |b: &Option<BestDesign>| {
        b.as_ref()
            .and_then(BestDesign::tac_eur_per_yr)
            .unwrap_or(f64::INFINITY)
    };
    let (best, from) = if tac(&grid_design) <= tac(&ga_best) {
        (grid_design, BestFrom::Grid)
    } else {
        (ga_best, BestFrom::Bilevel)
    };
    if let Some(path) = &run.checkpoint {
        save_checkpoint(path, &state)?;
    }
    Ok(finish(
        Mode::Bilevel,
        best,
        from,
        grid,
        state,
        stop_reason,
        start,
    ))
}

/// The grid design: the one computed at the start, or recomputed after a resume (deterministic).
fn grid_best(
    case: &Case,
    space: &Space,
    settings: &SlaveSettings,
    state: &Checkpoint,
    computed: Option<GridResult>,
) -> Option<BestDesign> {
    state.grid.as_ref()?;
    let grid = match computed {
        Some(g) => g,
        None => grid_mode(case, space, settings)?,
    };
    Some(BestDesign {
        cycles: grid.grid,
        superstructures: grid.superstructures,
        evaluation: grid.evaluation,
    })
}

fn finish(
    mode: Mode,
    best: Option<BestDesign>,
    from: BestFrom,
    grid: Option<GridSummary>,
    state: Checkpoint,
    stop_reason: StopReason,
    start: Instant,
) -> OptimizeResult {
    let best_tac = best.as_ref().and_then(BestDesign::tac_eur_per_yr);
    let improvement = match (&grid, best_tac) {
        (Some(g), Some(b)) if g.tac_eur_per_yr > 0.0 => {
            Some(100.0 * (g.tac_eur_per_yr - b) / g.tac_eur_per_yr)
        }
        _ => None,
    };
    OptimizeResult {
        mode,
        best,
        best_from: from,
        grid,
        improvement_over_grid_pct: improvement,
        history: state.history,
        counters: state.counters,
        stop_reason,
        seconds: state.elapsed_s.max(start.elapsed().as_secs_f64()),
    }
}

fn save_checkpoint(path: &Path, state: &Checkpoint) -> Result<(), MasterError> {
    let text = serde_json::to_vec(state).map_err(|e| MasterError::Checkpoint {
        file: path.display().to_string(),
        message: e.to_string(),
    })?;
    write_atomically(path, &text).map_err(|source| MasterError::CheckpointWrite {
        file: path.display().to_string(),
        source,
    })
}

fn load_checkpoint(
    path: &Path,
    fp: &str,
    sections: &BTreeMap<String, String>,
) -> Result<Checkpoint, MasterError> {
    let err = |message: String| MasterError::Checkpoint {
        file: path.display().to_string(),
        message,
    };
    let text = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    let c: Checkpoint =
        serde_json::from_slice(&text).map_err(|e| err(format!("unreadable: {e}")))?;
    let changed: Vec<&str> = sections
        .iter()
        .filter(|(name, hash)| c.case_sections.get(*name) != Some(*hash))
        .map(|(name, _)| name.as_str())
        .collect();
    if !changed.is_empty() {
        return Err(err(format!(
            "the case has changed since this checkpoint was written ({}); its cached evaluations would be \
             wrong: start without --resume (or with another --out)",
            changed.join(", ")
        )));
    }
    if c.fingerprint != fp {
        return Err(err(
            "it belongs to another case, seed or optimiser setting; start without --resume".into(),
        ));
    }
    Ok(c)
}
