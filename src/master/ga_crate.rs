//! The master's GA on the `genetic_algorithm` crate (feature `ga-crate`), kept to measure it against our
//! own (ga.rs): docs/optimizer.md has the comparison and the command that reproduces it.
//!
//! Each island is one run of the crate's `Evolve` (its selection, its parents-plus-offspring population
//! and its stopping rules), started from the island's genomes of our first population (the grid seed in
//! island 0) and seeded from our generator. A candidate's genes are, per cycle, the fluid (a real in
//! `0..n`, read as its integer part) and the levels in K over the union of the fluids' ranges, then the
//! refrigerant's dT_min/2 when the master chooses it. Offspring are repaired (`Space::repair`: each level
//! into its fluid's range, sorted, `min_level_gap_k` apart) before they are evaluated, so the crate's
//! population holds what the slave prices. Fitness is the slave's TAC through the run's cache, in whole
//! EUR (the crate's fitness is an integer). An island stops when it has evaluated as many new candidates
//! as our GA's nominal budget (`population x generations`); see [`IslandBudget`] for the crate's own rule.

use super::ga::{Operators, blend_cycles, mutate_cycles, normal, sigma_share};
use super::space::{CycleGene, Genome, Space};
use super::{Fitness, GenerationStats};
use genetic_algorithm::fitness::Fitness as CrateFitness;
use genetic_algorithm::strategy::evolve::prelude::*;
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand08::Rng as Rng08;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The operators the crate's `Evolve` runs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrateOperators {
    /// The crate's own: tournament selection (replacement 0.5, elitism 0.02, size 4: the crate's
    /// AGENTS_TEMPLATES.md and benches), uniform crossover (selection 0.7, crossover 0.8) and one gene
    /// mutated in 20 % of the offspring (its README's example): the fluid redrawn, a level or dT_min/2
    /// moved uniformly within a bandwidth that shrinks, each time an island stalls for the case's
    /// `stall_generations`, from 8 % to 2 % to 0.5 % of its range (our Gaussian step's first and last
    /// widths, docs/optimizer.md).
    Stock,
    /// The crate's loop and selection (survivors by tournaments of 2 from parents and offspring, offspring
    /// first (replacement 1.0), 2 elites) with our operators as its `Crossover` and `Mutate`, which pairs
    /// the survivors in their order: blend crossover
    /// (BLX-0.25) with the fluid of either parent, and our Gaussian step (width shrinking with the share of
    /// the budget used), fluid redraw and level reset (ga.rs, the same probabilities). No stall rule of its
    /// own: an island stops at its evaluation budget or, once it has converged (offspring that are all
    /// cache hits), after as many generations as that budget (the crate needs an ending condition).
    Own,
}

/// Genes of a genome (see the module's text), each within its range: a repaired level is rounded to
/// 0.01 K after its clamp, which can put it a last bit above its fluid's bound (313.15 K becomes
/// 313.15000000000003), and the crate refuses a seed outside its range.
fn encode(space: &Space, g: &Genome) -> Vec<f64> {
    let mut genes = Vec::with_capacity(space.cycles * (space.levels + 1) + 1);
    for c in &g.cycles {
        genes.push(c.fluid as f64 + 0.5);
        genes.extend(&c.levels_k);
    }
    if let Some(dt) = g.dt_min_half_k {
        genes.push(dt);
    }
    for (x, (lo, hi)) in genes.iter_mut().zip(gene_ranges(space)) {
        *x = x.clamp(lo, hi);
    }
    genes
}

/// The repaired genome of genes.
fn decode(space: &Space, genes: &[f64]) -> Genome {
    let per_cycle = space.levels + 1;
    let cycles = (0..space.cycles)
        .map(|c| {
            let at = c * per_cycle;
            CycleGene {
                fluid: (genes[at].max(0.0) as usize).min(space.fluids.len() - 1),
                levels_k: genes[at + 1..at + per_cycle].to_vec(),
            }
        })
        .collect();
    let mut g = Genome {
        cycles,
        dt_min_half_k: space.dt_range_k.map(|_| genes[space.cycles * per_cycle]),
    };
    space.repair(&mut g);
    g
}

/// The range of each gene: the fluid index, the levels over every fluid's range, dT_min/2.
fn gene_ranges(space: &Space) -> Vec<(f64, f64)> {
    let t_min = space
        .fluids
        .iter()
        .map(|f| f.t_min_k)
        .fold(f64::INFINITY, f64::min);
    let t_max = space
        .fluids
        .iter()
        .map(|f| f.t_max_k)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut ranges = Vec::new();
    for _ in 0..space.cycles {
        ranges.push((0.0, space.fluids.len() as f64));
        ranges.extend(std::iter::repeat_n((t_min, t_max), space.levels));
    }
    ranges.extend(space.dt_range_k);
    ranges
}

/// The data behind a mutex. A panic while it was held (a slave that panicked on another thread) leaves the
/// data as it was between two complete updates, so it is read on rather than given up.
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// [`lock`]'s data, the mutex consumed.
pub(super) fn into_data<T>(m: Mutex<T>) -> T {
    m.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// What every island of a run shares: the cache of fitness by canonical key (the run's, so the local
/// search and the counters see it), the count of new evaluations, and the history.
pub(super) struct Shared<'a> {
    space: &'a Space,
    screen: &'a (dyn Fn(&Genome) -> Fitness + Sync),
    pub(super) cache: Mutex<BTreeMap<String, Fitness>>,
    pub(super) evaluations: AtomicUsize,
    /// Fitness lookups (cache hits and new evaluations).
    lookups: AtomicUsize,
    /// Evaluations at which the island under way stops (its budget).
    budget: AtomicUsize,
    abort: Arc<AtomicBool>,
    pub(super) history: Mutex<Vec<GenerationStats>>,
    /// New evaluations without a design, by reason.
    pub(super) without_design: Mutex<BTreeMap<String, usize>>,
}

impl<'a> Shared<'a> {
    pub(super) fn new(
        space: &'a Space,
        screen: &'a (dyn Fn(&Genome) -> Fitness + Sync),
        cache: BTreeMap<String, Fitness>,
    ) -> Shared<'a> {
        Shared {
            space,
            screen,
            cache: Mutex::new(cache),
            evaluations: AtomicUsize::new(0),
            lookups: AtomicUsize::new(0),
            budget: AtomicUsize::new(usize::MAX),
            abort: Arc::new(AtomicBool::new(false)),
            history: Mutex::new(Vec::new()),
            without_design: Mutex::new(BTreeMap::new()),
        }
    }

    fn best_tac(&self) -> Option<f64> {
        let cache = lock(&self.cache);
        cache
            .values()
            .filter_map(|f| f.tac_eur_per_yr)
            .min_by(f64::total_cmp)
    }

    /// The fitness of a genome: from the cache, else the slave's (counted, and the island stopped once
    /// its budget is spent).
    fn fitness(&self, g: &Genome) -> Fitness {
        self.lookups.fetch_add(1, Ordering::SeqCst);
        let key = self.space.key(g);
        if let Some(f) = lock(&self.cache).get(&key) {
            return f.clone();
        }
        let f = (self.screen)(g);
        let mut cache = lock(&self.cache);
        if let std::collections::btree_map::Entry::Vacant(entry) = cache.entry(key) {
            entry.insert(f.clone());
            let n = self.evaluations.fetch_add(1, Ordering::SeqCst) + 1;
            if n >= self.budget.load(Ordering::SeqCst) {
                self.abort.store(true, Ordering::SeqCst);
            }
            if let Some(reason) = &f.reason {
                *lock(&self.without_design)
                    .entry(reason.clone())
                    .or_default() += 1;
            }
        }
        f
    }
}

/// The crate's traits ask for `Debug`; these hold references to the run, so they print their name only.
macro_rules! debug_by_name {
    ($($t:ident),*) => {$(
        impl std::fmt::Debug for $t<'_, '_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(stringify!($t))
            }
        }
    )*};
}

debug_by_name!(
    SlaveFitness,
    RepairAndRecord,
    BlendCrossover,
    GaussianMutate
);

/// The slave as the crate's fitness function.
#[derive(Clone)]
struct SlaveFitness<'s, 'a> {
    shared: &'s Shared<'a>,
}

impl CrateFitness for SlaveFitness<'_, '_> {
    type Genotype = Ranges;
    fn calculate_for_chromosome(
        &mut self,
        chromosome: &FitnessChromosome<Self>,
        _genotype: &Self::Genotype,
    ) -> Option<FitnessValue> {
        let g = decode(self.shared.space, &chromosome.genes);
        let tac = self.shared.fitness(&g).tac_eur_per_yr?;
        fitness_score(tac, 1.0)
    }
}

/// Repairs the offspring after mutation (so the population holds what is evaluated), and records each
/// generation's statistics (over the crate's population, parents and offspring; the first population's
/// evaluations, made in the crate's setup, count in the first generation's).
#[derive(Clone)]
struct RepairAndRecord<'s, 'a> {
    shared: &'s Shared<'a>,
    /// Generations recorded before this island.
    generation_offset: usize,
    evaluations_before: usize,
    lookups_before: usize,
}

type Ranges = MultiRangeGenotype<f64>;

impl Extension for RepairAndRecord<'_, '_> {
    type Genotype = Ranges;

    fn after_mutation_complete<R: Rng08, SR: StrategyReporter<Genotype = Ranges>>(
        &mut self,
        _genotype: &mut Ranges,
        state: &mut EvolveState<Ranges>,
        _config: &EvolveConfig,
        _reporter: &mut SR,
        _rng: &mut R,
    ) {
        for c in state
            .population
            .chromosomes
            .iter_mut()
            .filter(|c| c.is_offspring())
        {
            c.genes = encode(self.shared.space, &decode(self.shared.space, &c.genes));
        }
    }

    fn after_generation_complete<R: Rng08, SR: StrategyReporter<Genotype = Ranges>>(
        &mut self,
        _genotype: &mut Ranges,
        state: &mut EvolveState<Ranges>,
        _config: &EvolveConfig,
        _reporter: &mut SR,
        _rng: &mut R,
    ) {
        let scores: Vec<f64> = state
            .population
            .chromosomes
            .iter()
            .filter_map(|c| c.fitness_score.map(|s| s as f64))
            .collect();
        let size = state.population.chromosomes.len();
        let evaluations_now = self.shared.evaluations.load(Ordering::SeqCst);
        let evaluations = evaluations_now - self.evaluations_before;
        self.evaluations_before = evaluations_now;
        let lookups_now = self.shared.lookups.load(Ordering::SeqCst);
        let lookups = lookups_now - self.lookups_before;
        self.lookups_before = lookups_now;
        lock(&self.shared.history).push(GenerationStats {
            generation: self.generation_offset + state.current_generation,
            best_tac_eur_per_yr: self.shared.best_tac(),
            mean_tac_eur_per_yr: (!scores.is_empty())
                .then(|| scores.iter().sum::<f64>() / scores.len() as f64),
            feasible_share: scores.len() as f64 / size.max(1) as f64,
            evaluations,
            cache_hits: lookups.saturating_sub(evaluations),
        });
    }
}

/// Our blend crossover as the crate's `Crossover`: the selected parents, copied and paired in order as the
/// crate's crossovers do, each pair crossed with `crossover_probability` into two children.
#[derive(Clone)]
struct BlendCrossover<'s, 'a> {
    shared: &'s Shared<'a>,
    ops: Operators,
    selection_rate: f32,
}

impl Crossover for BlendCrossover<'_, '_> {
    type Genotype = Ranges;

    fn call<R: Rng08, SR: StrategyReporter<Genotype = Ranges>>(
        &mut self,
        _genotype: &Ranges,
        state: &mut EvolveState<Ranges>,
        _config: &EvolveConfig,
        _reporter: &mut SR,
        rng: &mut R,
    ) {
        let space = self.shared.space;
        // One generator of ours per call, seeded from the crate's (its `Rng` is rand 0.8's).
        let mut ours = ChaCha8Rng::seed_from_u64(rng.r#gen::<u64>());
        let existing = state.population.chromosomes.len();
        let selected = (existing as f32 * self.selection_rate).ceil() as usize;
        state.population.extend_from_within(selected);
        for pair in state.population.chromosomes[existing..].chunks_exact_mut(2) {
            let (first, second) = pair.split_at_mut(1);
            let (father, mother) = (&mut first[0], &mut second[0]);
            if ours.random::<f64>() < self.ops.crossover_probability {
                let a = decode(space, &father.genes);
                let b = decode(space, &mother.genes);
                let (mut x, mut y) = (a.clone(), b.clone());
                blend_cycles(&mut ours, &mut x, &a, &b);
                blend_cycles(&mut ours, &mut y, &b, &a);
                if let (Some(da), Some(db)) = (a.dt_min_half_k, b.dt_min_half_k) {
                    let u: f64 = ours.random_range(-0.25..1.25);
                    x.dt_min_half_k = Some(da + u * (db - da));
                    let u: f64 = ours.random_range(-0.25..1.25);
                    y.dt_min_half_k = Some(db + u * (da - db));
                }
                father.genes = encode(space, &x);
                mother.genes = encode(space, &y);
            }
            father.reset_metadata(false);
            mother.reset_metadata(false);
        }
        if let Some(last) = state.population.chromosomes[existing..]
            .chunks_exact_mut(2)
            .into_remainder()
            .first_mut()
        {
            last.reset_metadata(false);
        }
    }
}

/// Our Gaussian step, fluid redraw and level reset as the crate's `Mutate`, on every offspring (each gene's
/// probability is the operator's own, as in ga.rs); the step's width shrinks with the share of the
/// island's generation budget used.
#[derive(Clone)]
struct GaussianMutate<'s, 'a> {
    shared: &'s Shared<'a>,
    ops: Operators,
    generations: usize,
}

impl Mutate for GaussianMutate<'_, '_> {
    type Genotype = Ranges;

    fn call<R: Rng08, SR: StrategyReporter<Genotype = Ranges>>(
        &mut self,
        _genotype: &Ranges,
        state: &mut EvolveState<Ranges>,
        _config: &EvolveConfig,
        _reporter: &mut SR,
        rng: &mut R,
    ) {
        let space = self.shared.space;
        let mut ours = ChaCha8Rng::seed_from_u64(rng.r#gen::<u64>());
        let share = sigma_share(
            &self.ops,
            state.current_generation as f64 / self.generations.max(1) as f64,
        );
        for c in state
            .population
            .chromosomes
            .iter_mut()
            .filter(|c| c.is_offspring())
        {
            let mut g = decode(space, &c.genes);
            mutate_cycles(space, &self.ops, &mut ours, &mut g, share);
            if let (Some((lo, hi)), Some(dt)) = (space.dt_range_k, g.dt_min_half_k)
                && ours.random::<f64>() < self.ops.level_mutation_probability
            {
                g.dt_min_half_k = Some(dt + share * (hi - lo) * normal(&mut ours));
            }
            c.genes = encode(space, &g);
        }
    }
}

/// The genes' ranges and the island's genomes as the seed population; with the crate's operators, each
/// gene's mutation: the fluid redrawn, the others moved within a bandwidth of 8, then 2, then 0.5 % of their
/// range (the scales).
fn genotype(
    space: &Space,
    genomes: &[Genome],
    operators: CrateOperators,
) -> Result<Ranges, String> {
    let ranges = gene_ranges(space);
    let mut builder = MultiRangeGenotype::<f64>::builder()
        .with_allele_ranges(ranges.iter().map(|&(lo, hi)| lo..=hi).collect())
        .with_seed_genes_list(genomes.iter().map(|g| encode(space, g)).collect());
    if operators == CrateOperators::Stock {
        let per_cycle = space.levels + 1;
        let mutation = |i: usize, &(lo, hi): &(f64, f64)| {
            if i < space.cycles * per_cycle && i.is_multiple_of(per_cycle) {
                MutationType::Random
            } else {
                MutationType::RangeScaled([0.08, 0.02, 0.005].map(|s| s * (hi - lo)).to_vec())
            }
        };
        builder = builder.with_mutation_types(
            ranges
                .iter()
                .enumerate()
                .map(|(i, r)| mutation(i, r))
                .collect(),
        );
    }
    // The seeds are encoded within the ranges, so a refusal is a defect here: the run stops with it
    // rather than go on without the island.
    builder
        .build()
        .map_err(|e| format!("genetic_algorithm refused the island's genotype: {e:?}"))
}

/// When an island stops: after `evaluations` new slave evaluations (both operator sets), or with the
/// crate's operators once its smallest mutation scale has gone `stall_generations` generations without
/// improvement (each scale ends so; the crate's rule); `generations` is the nominal budget our Gaussian
/// step's width shrinks over.
#[derive(Clone, Copy, Debug)]
pub(super) struct IslandBudget {
    pub evaluations: usize,
    pub generations: usize,
    pub stall_generations: usize,
}

/// One island: the crate's `Evolve` from `genomes`, seeded with `seed`; returns the best genome it found,
/// or why the crate refused to run it.
pub(super) fn evolve_island(
    shared: &Shared,
    operators: CrateOperators,
    own: &Operators,
    genomes: &[Genome],
    seed: u64,
    budget: IslandBudget,
    generation_offset: usize,
) -> Result<Option<Genome>, String> {
    let IslandBudget {
        evaluations: budget,
        generations,
        stall_generations,
    } = budget;
    let space = shared.space;
    let evaluations_before = shared.evaluations.load(Ordering::SeqCst);
    shared.abort.store(false, Ordering::SeqCst);
    shared
        .budget
        .store(evaluations_before + budget, Ordering::SeqCst);
    let genotype = genotype(space, genomes, operators)?;
    let fitness = SlaveFitness { shared };
    let record = RepairAndRecord {
        shared,
        generation_offset,
        evaluations_before,
        lookups_before: shared.lookups.load(Ordering::SeqCst),
    };
    let population = genomes.len();
    let best = match operators {
        CrateOperators::Stock => Evolve::builder()
            .with_genotype(genotype)
            .with_select(SelectTournament::new(0.5, 0.02, 4))
            .with_crossover(CrossoverUniform::new(0.7, 0.8))
            .with_mutate(MutateSingleGene::new(0.2))
            .with_max_stale_generations(stall_generations)
            .with_extension(record)
            .with_fitness(fitness)
            .with_fitness_ordering(FitnessOrdering::Minimize)
            .with_par_fitness(true)
            .with_target_population_size(population)
            .with_abort_flag(shared.abort.clone())
            .with_rng_seed_from_u64(seed)
            .call()
            .map_err(|e| format!("genetic_algorithm refused the island's run: {e:?}"))?
            .best_genes(),
        CrateOperators::Own => Evolve::builder()
            .with_genotype(genotype)
            // Elitism is a share of the population before selection, parents and offspring (48): 2.
            .with_select(SelectTournament::new(1.0, 1.0 / population as f32, 2))
            .with_crossover(BlendCrossover {
                shared,
                ops: *own,
                selection_rate: 1.0,
            })
            .with_mutate(GaussianMutate {
                shared,
                ops: *own,
                generations,
            })
            // The crate needs an ending condition of its own: one the budget always reaches first (each
            // generation evaluates at least one new candidate, or the population has converged).
            .with_max_generations(budget.max(1))
            .with_extension(record)
            .with_fitness(fitness)
            .with_fitness_ordering(FitnessOrdering::Minimize)
            .with_par_fitness(true)
            .with_target_population_size(population)
            .with_abort_flag(shared.abort.clone())
            .with_rng_seed_from_u64(seed)
            .call()
            .map_err(|e| format!("genetic_algorithm refused the island's run: {e:?}"))?
            .best_genes(),
    };
    Ok(best.map(|genes| decode(space, &genes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::master::FluidRange;

    fn space() -> Space {
        Space {
            fluids: vec![
                FluidRange {
                    name: "A".into(),
                    t_min_k: 250.0,
                    t_max_k: 350.0,
                },
                FluidRange {
                    name: "B".into(),
                    t_min_k: 200.0,
                    t_max_k: 300.0,
                },
            ],
            cycles: 2,
            levels: 2,
            min_gap_k: 3.0,
            dt_range_k: Some((0.5, 6.0)),
        }
    }

    /// A repaired genome goes through the genes unchanged, and genes out of a fluid's range come back
    /// repaired into it.
    #[test]
    fn genes_round_trip_and_repair() {
        let space = space();
        let mut g = Genome {
            cycles: vec![
                CycleGene {
                    fluid: 1,
                    levels_k: vec![210.0, 260.0],
                },
                CycleGene {
                    fluid: 0,
                    levels_k: vec![280.0, 330.0],
                },
            ],
            dt_min_half_k: Some(2.0),
        };
        space.repair(&mut g);
        assert_eq!(decode(&space, &encode(&space, &g)), g);
        // Fluid B (200-300 K) given a level of 340 K and a fluid gene at the top of its range.
        let genes = [2.0, 250.0, 340.0, 0.2, 280.0, 330.0, 9.0];
        let d = decode(&space, &genes);
        assert_eq!(d.cycles[0].fluid, 1);
        assert!(d.cycles[0].levels_k[1] <= 300.0 + 1e-9);
        assert_eq!(d.cycles[1].fluid, 0);
        assert_eq!(d.dt_min_half_k, Some(6.0));
        assert_eq!(gene_ranges(&space).len(), genes.len());
    }

    /// A level repaired to a fluid's top bound (rounded to 0.01 K, which can land a last bit above it)
    /// is still a seed the crate accepts: every island runs.
    #[test]
    fn a_level_at_a_rounded_bound_is_a_valid_seed() {
        let mut space = space();
        space.fluids[0].t_max_k = 313.15;
        let mut g = Genome {
            cycles: vec![
                CycleGene {
                    fluid: 0,
                    levels_k: vec![280.0, 400.0],
                },
                CycleGene {
                    fluid: 0,
                    levels_k: vec![260.0, 313.15],
                },
            ],
            dt_min_half_k: Some(2.0),
        };
        space.repair(&mut g);
        // The rounding this guards against (so that the test can fail without the clamp).
        assert!(g.cycles[0].levels_k[1] > 313.15);
        let genes = encode(&space, &g);
        let ranges = gene_ranges(&space);
        assert!(
            genes
                .iter()
                .zip(&ranges)
                .all(|(x, (lo, hi))| lo <= x && x <= hi)
        );
        assert!(genotype(&space, &[g], CrateOperators::Own).is_ok());
    }
}
