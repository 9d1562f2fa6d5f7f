//! The optimiser as an engine: a run state (state.rs, also the checkpoint) and the steps that move it on,
//! after argmin's solver/state/observer split. `optimize` (mod.rs) drives them:
//!
//! ```text
//! start        grid phase (grid MILPs and the first population's random genomes), or a checkpoint
//! generation   evaluate the population (cache, then the slave), rank, keep the best, count a stall
//! advance      next generation number and the stopping rules; else breed the next population
//! local search from the GA's best (local_search.rs)
//! finish       the best design solved again at the case's gap, against the grid design
//! ```

use super::state::{self, RunState};
use super::{
    Anchors, BestDesign, BestFrom, Fitness, GenerationStats, Genome, GridResult, LEADERS, Leader,
    MasterError, Mode, OptimizeResult, RunSettings, Space, StopCause, StopReason, grid_mode,
    local_search, next_generation, ranking,
};
use crate::case::{Case, OptimizerSettings};
use crate::slave::{
    CandidateError, Evaluation, Objective, SiteBaseline, SlaveSettings, evaluate_case_candidate,
};
use crate::superstructure::Superstructure;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::time::Instant;

type Candidate = Result<(Vec<Superstructure>, Evaluation), CandidateError>;

pub(super) struct Engine<'a> {
    case: &'a Case,
    run: &'a RunSettings,
    space: Space,
    /// The site without a heat pump, solved once: it sets the slave's settings, and the result compares
    /// the design with it.
    site: SiteBaseline,
    /// The slave at the case's gap (grid mode, the final solve).
    exact: SlaveSettings,
    /// The slave at the screening gap (the GA's candidates).
    screening: SlaveSettings,
    start: Instant,
    /// Run time before this process (a resumed run's).
    elapsed_before_s: f64,
    pub(super) state: RunState,
    /// The full grid result, when computed by this process (after a resume it is recomputed at the end).
    grid: Option<GridResult>,
    /// Fitness of first-generation genomes evaluated during the grid phase, by key.
    prepared: BTreeMap<String, Fitness>,
}

impl<'a> Engine<'a> {
    /// The run from its checkpoint (`run.resume`), or from the grid phase.
    pub(super) fn start(case: &'a Case, run: &'a RunSettings) -> Result<Engine<'a>, MasterError> {
        let start = Instant::now();
        let space = Space::new(case)?;
        let site = SiteBaseline::solve(case);
        let mut exact = site.design_settings(case);
        exact.solve.dump_failed = run.dump_failed.clone().map(std::sync::Arc::new);
        // Candidates are screened at the screening gap: the LP relaxation and its rounded design usually
        // certify it without branch and bound (slave/warm_start.rs). The best is solved again at the case's
        // gap.
        let mut screening = exact.clone();
        screening.solve.mip_rel_gap = case
            .optimizer
            .screening_mip_gap
            .max(exact.solve.mip_rel_gap);
        let mut engine = Engine {
            case,
            run,
            space,
            site,
            exact,
            screening,
            start,
            elapsed_before_s: 0.0,
            state: RunState::default(),
            grid: None,
            prepared: BTreeMap::new(),
        };
        let sections = state::case_sections(case, &engine.space);
        engine.state = match (&run.checkpoint, run.resume) {
            (Some(path), true) if path.is_file() => state::load(path, &sections)?,
            _ => engine.grid_phase(sections),
        };
        engine.elapsed_before_s = engine.state.elapsed_s;
        Ok(engine)
    }

    fn candidate(&self, g: &Genome, settings: &SlaveSettings) -> Candidate {
        evaluate_case_candidate(
            self.case,
            &self.space.choices(g),
            &self.space.settings(g, settings),
        )
    }

    fn screen(&self, g: &Genome) -> Fitness {
        fitness_of(
            &self.candidate(g, &self.screening),
            self.case.optimizer.objective,
        )
    }

    /// Grid mode, and the first population: the grid seed and random genomes. The random ones do not depend
    /// on the grid, so in bi-level mode they are evaluated alongside the grid MILPs, in one pool: the short
    /// slave solves fill the gaps between the long MILPs. The RNG draws them in a fixed order first, so the
    /// run is the same for any number of threads.
    fn grid_phase(&mut self, case_sections: BTreeMap<String, String>) -> RunState {
        let _span = tracing::info_span!("grid").entered();
        let o = &self.case.optimizer;
        let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
        let size = o.population * o.islands;
        let randoms: Vec<Genome> = (1..size).map(|_| self.space.random(&mut rng)).collect();
        let this = &*self;
        let (grid, early) = if self.run.mode == Mode::Bilevel && !o.grid_seed {
            // No grid MILP to seed the GA (a screening's budget): the random genomes only.
            let early = randoms
                .par_iter()
                .map(|g| (this.space.key(g), this.screen(g)))
                .collect::<Vec<_>>();
            (None, early)
        } else if self.run.mode == Mode::Bilevel {
            rayon::join(
                || grid_mode(this.case, &this.space, &this.exact),
                || {
                    randoms
                        .par_iter()
                        .map(|g| (this.space.key(g), this.screen(g)))
                        .collect::<Vec<_>>()
                },
            )
        } else {
            (grid_mode(self.case, &self.space, &self.exact), Vec::new())
        };
        self.prepared.extend(early);
        tracing::info!(
            tac = grid.as_ref().map(|g| g.tac_eur_per_yr),
            "grid mode done"
        );
        let grid_seed = grid.as_ref().map(|g| g.seed(&self.space));
        let mut population: Vec<Genome> = grid_seed.iter().cloned().collect();
        population.extend(
            self.run
                .seeds
                .iter()
                .filter_map(|s| self.space.genome_of(s)),
        );
        population.extend(randoms);
        population.truncate(size.max(1));
        while population.len() < size {
            population.push(self.space.random(&mut rng));
        }
        let summary = grid.as_ref().map(GridResult::summary);
        self.grid = grid;
        RunState {
            case_sections,
            population,
            rng,
            grid: summary,
            grid_seed,
            ..RunState::default()
        }
    }

    /// Evaluates and ranks the current population; returns the generation's statistics and the fitness of
    /// each genome, in population order.
    pub(super) fn generation(&mut self) -> (GenerationStats, Vec<Fitness>) {
        let _span = tracing::info_span!("generation", g = self.state.generation).entered();
        let mut state = std::mem::take(&mut self.state);
        let screen = |g: &Genome| self.screen(g);
        let (fitness, evaluated) =
            evaluate_population(&self.space, &mut state, &self.prepared, &screen);
        let stats = record_generation(&self.space, &mut state, &fitness, evaluated);
        self.state = state;
        self.prepared.clear();
        tracing::info!(
            best = stats.best_tac_eur_per_yr,
            evaluations = stats.evaluations,
            "generation done"
        );
        (stats, fitness)
    }

    /// Moves to the next generation number; `Some` when the run stops there.
    pub(super) fn advance(&mut self) -> Option<StopCause> {
        self.state.generation += 1;
        self.state.elapsed_s = self.elapsed_s();
        stop_cause(&self.case.optimizer, &self.state)
    }

    fn elapsed_s(&self) -> f64 {
        self.elapsed_before_s + self.start.elapsed().as_secs_f64()
    }

    /// The next population. Islands evolve apart: each slice of `population` genomes breeds only within
    /// itself, in island order from the one RNG stream (the grid seed starts in island 0).
    pub(super) fn breed(&mut self, fitness: &[Fitness]) {
        let progress = self.state.generation as f64 / self.case.optimizer.generations as f64;
        let island = self.case.optimizer.population;
        let state = &mut self.state;
        let mut next = Vec::with_capacity(state.population.len());
        for (genomes, scores) in state.population.chunks(island).zip(fitness.chunks(island)) {
            next.extend(next_generation(
                &self.space,
                &self.run.operators,
                &mut state.rng,
                genomes,
                scores,
                progress,
            ));
        }
        state.population = next;
    }

    /// The GA phase on the `genetic_algorithm` crate (ga_crate.rs) in place of our generations, to measure
    /// it: each island of the first population is one run of the crate's `Evolve`, seeded from the run's
    /// generator, with a budget of as many new evaluations as our GA's (`population x generations`, less
    /// the island's genomes the grid phase evaluated). The run's cache, counters, history and best are
    /// filled as our generations fill them; there is no checkpoint before its end (the crate's state
    /// cannot be saved); a stop from outside (`RunSettings::stop`) and the time limit wait for it.
    #[cfg(feature = "ga-crate")]
    pub(super) fn evolve_with_crate(
        &mut self,
        operators: super::ga_crate::CrateOperators,
    ) -> Result<StopCause, MasterError> {
        use super::ga_crate::{IslandBudget, Shared, evolve_island, into_data, lock};
        use rand::Rng;
        let o = &self.case.optimizer;
        let mut state = std::mem::take(&mut self.state);
        let prepared_in_island = self.take_prepared(&mut state);
        let cache = std::mem::take(&mut state.cache);
        let screen = |g: &Genome| self.screen(g);
        let shared = Shared::new(&self.space, &screen, cache);
        let mut bests = Vec::new();
        let mut budget_spent = false;
        for (island, genomes) in state.population.chunks(o.population).enumerate() {
            let seed = state.rng.random::<u64>();
            let budget = IslandBudget {
                evaluations: (o.population * o.generations)
                    .saturating_sub(prepared_in_island[island.min(prepared_in_island.len() - 1)]),
                generations: o.generations,
                stall_generations: o.stall_generations,
            };
            let before = shared.evaluations.load(std::sync::atomic::Ordering::SeqCst);
            let offset = lock(&shared.history).len();
            bests.extend(
                evolve_island(
                    &shared,
                    operators,
                    &self.run.operators,
                    genomes,
                    seed,
                    budget,
                    offset,
                )
                .map_err(MasterError::GaCrate)?,
            );
            let spent = shared.evaluations.load(std::sync::atomic::Ordering::SeqCst) - before;
            budget_spent |= spent >= budget.evaluations;
        }
        let evaluations = shared.evaluations.into_inner();
        state.cache = into_data(shared.cache);
        for (reason, n) in into_data(shared.without_design) {
            *state.counters.without_design.entry(reason).or_default() += n;
        }
        let history = into_data(shared.history);
        let prepared_n: usize = prepared_in_island.iter().sum();
        state.counters.evaluations += prepared_n + evaluations;
        state.counters.cache_hits += history.iter().map(|h| h.cache_hits).sum::<usize>();
        state.generation = history.len();
        state.history.extend(history);
        state.best = bests
            .into_iter()
            .filter_map(|g| {
                let f = state.cache.get(&self.space.key(&g))?.clone();
                f.tac_eur_per_yr.is_some().then_some((g, f))
            })
            .min_by(|a, b| {
                a.1.rank()
                    .total_cmp(&b.1.rank())
                    .then_with(|| self.space.key(&a.0).cmp(&self.space.key(&b.0)))
            });
        state.elapsed_s = self.elapsed_s();
        self.state = state;
        Ok(if budget_spent {
            StopCause::GenerationBudget(o.generations)
        } else {
            StopCause::NoImprovement(o.stall_generations)
        })
    }

    /// Moves the first population's fitness that the grid phase computed into the cache (counted as
    /// evaluations, as our first generation counts them); returns how many each island has.
    #[cfg(feature = "ga-crate")]
    fn take_prepared(&mut self, state: &mut RunState) -> Vec<usize> {
        let o = &self.case.optimizer;
        let prepared = std::mem::take(&mut self.prepared);
        let islands = o.islands.max(1);
        let mut in_island = vec![0; islands];
        for (i, g) in state.population.iter().enumerate() {
            let key = self.space.key(g);
            if let Some(f) = prepared.get(&key)
                && !state.cache.contains_key(&key)
            {
                in_island[(i / o.population).min(islands - 1)] += 1;
                if let Some(reason) = &f.reason {
                    *state
                        .counters
                        .without_design
                        .entry(reason.clone())
                        .or_default() += 1;
                }
                state.cache.insert(key, f.clone());
            }
        }
        in_island
    }

    /// The local search from the GA's best genome, taking only improving moves, within what is left of the
    /// time limit; `notify` is told the TAC it starts from. Nothing is run if the state is final (a resume
    /// from the last checkpoint).
    pub(super) fn local_search(&mut self, stop: &mut StopReason, notify: &mut dyn FnMut(f64)) {
        let walk_from = match self.state.stop_reason {
            Some(_) => None,
            None => self.state.best.take(),
        };
        let Some(best) = walk_from else { return };
        if let Some(tac) = best.1.tac_eur_per_yr {
            notify(tac);
        }
        let anchors = Anchors::of_case(self.case);
        // What is left of the time limit (`Duration` cannot hold an infinite or negative span).
        let left_s = self.case.optimizer.time_limit_s - self.elapsed_s();
        let deadline = (left_s < 1e9)
            .then(|| Instant::now() + std::time::Duration::from_secs_f64(left_s.clamp(0.0, 1e9)));
        let mut cache = std::mem::take(&mut self.state.cache);
        let screen = |g: &Genome| self.screen(g);
        let (walked, walk) = local_search(
            &self.space,
            &anchors,
            best,
            &mut cache,
            &screen,
            deadline,
            self.case.optimizer.local_search_max_evaluations,
        );
        self.state.cache = cache;
        stop.local_search_cut_short |= walk.stopped_by_deadline;
        self.state.best = Some(walked);
        let c = &mut self.state.counters;
        c.evaluations += walk.evaluations;
        c.cache_hits += walk.cache_hits;
        c.local_search_evaluations += walk.evaluations;
        c.local_search_moves += walk.moves;
        c.local_search_jumps += walk.jumps;
        for (reason, n) in walk.without_design {
            *c.without_design.entry(reason).or_default() += n;
        }
    }

    /// The run's design: the search's best solved again in full at the case's gap (the cache keeps fitness
    /// only), against the grid design, which wins ties.
    pub(super) fn best_design(&mut self) -> (Option<BestDesign>, BestFrom) {
        let grid_design = self.grid_design();
        if self.run.mode == Mode::Grid {
            return (grid_design, BestFrom::Grid);
        }
        let search_design = self.search_design();
        let objective = self.case.optimizer.objective;
        let tac = |b: &Option<BestDesign>| {
            b.as_ref()
                .and_then(|b| b.evaluation.design.as_ref())
                .map_or(f64::INFINITY, |d| d.objective_value(objective))
        };
        if tac(&grid_design) <= tac(&search_design) {
            (grid_design, BestFrom::Grid)
        } else {
            (search_design, BestFrom::Bilevel)
        }
    }

    /// The MILP does not see the network's area cost (it is priced after the solve, slave/network.rs), so
    /// the tighter solve's design can carry a dearer network than the screened one: the cheaper of the two
    /// is returned (the exact one on a tie), never a design dearer than the fitness the search saw.
    fn search_design(&self) -> Option<BestDesign> {
        let (g, _) = self.state.best.as_ref()?;
        let objective = self.case.optimizer.objective;
        let total = |e: &(Vec<Superstructure>, Evaluation)| {
            e.1.design.as_ref().map(|d| d.objective_value(objective))
        };
        let exact = self.candidate(g, &self.exact).ok();
        let screened = self.candidate(g, &self.screening).ok();
        let (superstructures, evaluation) = match (exact, screened) {
            (Some(x), Some(s)) if total(&s).is_some_and(|t| total(&x).is_none_or(|tx| t < tx)) => s,
            (Some(x), _) if total(&x).is_some() => x,
            (_, Some(s)) if total(&s).is_some() => s,
            _ => return None,
        };
        Some(BestDesign {
            cycles: self.space.choices(g),
            superstructures,
            evaluation,
        })
    }

    /// The grid design: the one computed at the start, or recomputed after a resume (deterministic).
    fn grid_design(&mut self) -> Option<BestDesign> {
        self.state.grid.as_ref()?;
        let grid = match self.grid.take() {
            Some(g) => g,
            None => grid_mode(self.case, &self.space, &self.exact)?,
        };
        Some(BestDesign {
            cycles: grid.grid,
            superstructures: grid.superstructures,
            evaluation: grid.evaluation,
        })
    }

    /// The result of the run.
    /// The best distinct candidates of the cache, best first: fitness rounded to the euro tells designs
    /// apart (a candidate with another unused level is the same design).
    fn leaders(&self) -> Vec<Leader> {
        let mut ranked: Vec<(&String, f64)> = self
            .state
            .cache
            .iter()
            .filter_map(|(k, f)| f.tac_eur_per_yr.map(|t| (k, t)))
            .collect();
        ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
        let mut out: Vec<Leader> = Vec::new();
        for (key, fitness) in ranked {
            if out.len() == LEADERS {
                break;
            }
            if out.iter().any(|l| (l.fitness - fitness).abs() < 0.5) {
                continue;
            }
            if let Some((cycles, dt_min_half_k)) = self.space.parse_key(key) {
                out.push(Leader {
                    cycles,
                    dt_min_half_k,
                    fitness,
                });
            }
        }
        out
    }

    pub(super) fn finish(
        self,
        best: Option<BestDesign>,
        best_from: BestFrom,
        stop_reason: StopReason,
    ) -> OptimizeResult {
        let leaders = self.leaders();
        let best_tac = best.as_ref().and_then(BestDesign::tac_eur_per_yr);
        let grid = self.state.grid;
        let improvement_over_grid_pct = match (&grid, best_tac) {
            (Some(g), Some(b)) if g.tac_eur_per_yr > 0.0 => {
                Some(100.0 * (g.tac_eur_per_yr - b) / g.tac_eur_per_yr)
            }
            _ => None,
        };
        OptimizeResult {
            mode: self.run.mode,
            site: self.site,
            best,
            best_from,
            grid,
            improvement_over_grid_pct,
            leaders,
            history: self.state.history,
            counters: self.state.counters,
            stop_reason,
            seconds: self.state.elapsed_s.max(self.start.elapsed().as_secs_f64()),
        }
    }
}

/// The slave's verdict on one candidate.
/// The fitness of a candidate: the value of the run's objective (the TAC unless `[optimizer] objective`
/// says otherwise) of a design that passes its checks.
fn fitness_of(result: &Candidate, objective: Objective) -> Fitness {
    match result {
        Ok((_, e)) => match &e.design {
            Some(d) if d.checks.pass => Fitness {
                tac_eur_per_yr: Some(d.objective_value(objective)),
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

/// The fitness of every genome of the population, in population order, and how many were evaluated: each
/// distinct genome not in the cache once, in parallel (from `prepared` if the grid phase evaluated it),
/// gathered in population order. Each evaluation goes into the cache, and each one without a design into the
/// counters by its reason.
fn evaluate_population(
    space: &Space,
    state: &mut RunState,
    prepared: &BTreeMap<String, Fitness>,
    screen: &(dyn Fn(&Genome) -> Fitness + Sync),
) -> (Vec<Fitness>, usize) {
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
            None => screen(&state.population[i]),
        })
        .collect();
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
    let fitness = keys.iter().map(|k| state.cache[k].clone()).collect();
    state.counters.evaluations += todo.len();
    state.counters.cache_hits += keys.len() - todo.len();
    (fitness, todo.len())
}

/// Keeps the generation's leader if it improves on the best by more than a relative 1e-9 (else counts a
/// stall), and appends the generation's statistics to the history.
fn record_generation(
    space: &Space,
    state: &mut RunState,
    fitness: &[Fitness],
    evaluated: usize,
) -> GenerationStats {
    let feasible: Vec<f64> = fitness.iter().filter_map(|f| f.tac_eur_per_yr).collect();
    let order = ranking(space, &state.population, fitness);
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
        feasible_share: feasible.len() as f64 / fitness.len().max(1) as f64,
        evaluations: evaluated,
        cache_hits: fitness.len() - evaluated,
    };
    state.history.push(stats.clone());
    stats
}

/// The stopping rules, checked after generation `state.generation - 1`: the generation budget, then the
/// stall count, then the time limit.
fn stop_cause(o: &OptimizerSettings, state: &RunState) -> Option<StopCause> {
    if state.generation >= o.generations {
        Some(StopCause::GenerationBudget(o.generations))
    } else if state.stall >= o.stall_generations {
        Some(StopCause::NoImprovement(state.stall))
    } else if state.elapsed_s >= o.time_limit_s {
        Some(StopCause::TimeLimit(o.time_limit_s))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::master::{CycleGene, FluidRange};
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn space() -> Space {
        Space {
            fluids: vec![FluidRange {
                name: "A".into(),
                t_min_k: 250.0,
                t_max_k: 350.0,
            }],
            cycles: 1,
            levels: 1,
            min_gap_k: 3.0,
            dt_range_k: None,
        }
    }

    fn genome(level_k: f64) -> Genome {
        Genome {
            cycles: vec![CycleGene {
                fluid: 0,
                levels_k: vec![level_k],
            }],
            dt_min_half_k: None,
        }
    }

    /// A stand-in slave: TAC = the level (K); levels above 340 K have no design.
    fn fake(g: &Genome) -> Fitness {
        let t = g.cycles[0].levels_k[0];
        if t > 340.0 {
            Fitness {
                tac_eur_per_yr: None,
                reason: Some("infeasible".into()),
            }
        } else {
            Fitness {
                tac_eur_per_yr: Some(t),
                reason: None,
            }
        }
    }

    /// A population of five with one genome twice, one already in the cache and one prepared by the grid
    /// phase: two slave calls (the duplicate once), five fitness values in population order, and the
    /// counters: 3 evaluations (2 called + 1 prepared), 2 hits (the duplicate and the cached one), one
    /// without a design.
    #[test]
    fn a_generation_evaluates_each_new_genome_once() {
        let space = space();
        let mut state = RunState {
            population: vec![
                genome(300.0),
                genome(345.0),
                genome(300.0),
                genome(310.0),
                genome(320.0),
            ],
            ..RunState::default()
        };
        state
            .cache
            .insert(space.key(&genome(310.0)), fake(&genome(310.0)));
        let prepared = BTreeMap::from([(space.key(&genome(320.0)), fake(&genome(320.0)))]);
        let calls = AtomicUsize::new(0);
        let screen = |g: &Genome| {
            calls.fetch_add(1, Ordering::Relaxed);
            fake(g)
        };
        let (fitness, evaluated) = evaluate_population(&space, &mut state, &prepared, &screen);
        assert_eq!(calls.load(Ordering::Relaxed), 2);
        assert_eq!(evaluated, 3);
        let tac: Vec<Option<f64>> = fitness.iter().map(|f| f.tac_eur_per_yr).collect();
        assert_eq!(
            tac,
            [Some(300.0), None, Some(300.0), Some(310.0), Some(320.0)]
        );
        assert_eq!(state.counters.evaluations, 3);
        assert_eq!(state.counters.cache_hits, 2);
        assert_eq!(state.counters.without_design.get("infeasible"), Some(&1));
        assert_eq!(state.cache.len(), 4);
    }

    /// The leader is kept only when it improves on the best: 300 then 300 again (a stall) then 290.
    #[test]
    fn a_generation_keeps_the_best_and_counts_stalls() {
        let space = space();
        let mut state = RunState::default();
        let mut step = |levels: &[f64]| {
            state.population = levels.iter().map(|&t| genome(t)).collect();
            let fitness: Vec<Fitness> = state.population.iter().map(fake).collect();
            let stats = record_generation(&space, &mut state, &fitness, fitness.len());
            state.generation += 1;
            (stats, state.stall)
        };
        let (first, stall) = step(&[330.0, 300.0, 345.0]);
        assert_eq!(first.best_tac_eur_per_yr, Some(300.0));
        // Mean of the two feasible (315), share 2/3.
        assert_eq!(first.mean_tac_eur_per_yr, Some(315.0));
        assert!((first.feasible_share - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(stall, 0);
        let (second, stall) = step(&[300.0, 305.0]);
        assert_eq!((second.best_tac_eur_per_yr, stall), (Some(300.0), 1));
        let (third, stall) = step(&[290.0]);
        assert_eq!((third.best_tac_eur_per_yr, stall), (Some(290.0), 0));
        assert_eq!(state.history.len(), 3);
    }

    /// The budget is checked first, then the stall count, then the time.
    #[test]
    fn stopping_rules_in_order() {
        let o = OptimizerSettings {
            generations: 10,
            stall_generations: 3,
            time_limit_s: 60.0,
            ..OptimizerSettings::default()
        };
        let state = |generation, stall, elapsed_s| RunState {
            generation,
            stall,
            elapsed_s,
            ..RunState::default()
        };
        assert_eq!(stop_cause(&o, &state(5, 1, 1.0)), None);
        assert_eq!(
            stop_cause(&o, &state(10, 3, 100.0)),
            Some(StopCause::GenerationBudget(10))
        );
        assert_eq!(
            stop_cause(&o, &state(9, 3, 100.0)),
            Some(StopCause::NoImprovement(3))
        );
        assert_eq!(
            stop_cause(&o, &state(9, 2, 100.0)),
            Some(StopCause::TimeLimit(60.0))
        );
    }
}
