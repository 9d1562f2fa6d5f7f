//! The genetic algorithm of the master: elitism, binary tournaments, blend crossover, Gaussian mutation,
//! repair. Deterministic for a seed and any number of threads: one ChaCha8 generator drives every random
//! choice on the calling thread, candidates are evaluated in parallel but gathered in population order, and
//! the generator's state is part of the checkpoint, so a resumed run continues exactly.

use super::space::{Genome, Space};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Fitness of one candidate: the slave's TAC, or why it has none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fitness {
    pub tac_eur_per_yr: Option<f64>,
    /// Why there is no design (infeasible, solver failure, fluid error).
    pub reason: Option<String>,
}

impl Fitness {
    /// Sort key: feasible by TAC, then every infeasible one.
    pub fn rank(&self) -> f64 {
        self.tac_eur_per_yr.unwrap_or(f64::INFINITY)
    }
}

/// Operator settings (documented defaults in docs/optimizer.md).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operators {
    /// Best candidates copied unchanged into the next generation.
    pub elites: usize,
    pub crossover_probability: f64,
    /// Probability per level of a Gaussian step.
    pub level_mutation_probability: f64,
    /// Standard deviation of a level step as a fraction of the fluid's range, at the first generation; it
    /// shrinks linearly to `level_mutation_sigma_final` at the last (explore first, then refine).
    pub level_mutation_sigma: f64,
    pub level_mutation_sigma_final: f64,
    /// Probability per cycle of drawing a new fluid.
    pub fluid_mutation_probability: f64,
    /// Probability per cycle of moving one level anywhere in the fluid's range (a long jump between basins).
    #[serde(default)]
    pub level_reset_probability: f64,
    /// Run the GA phase on the `genetic_algorithm` crate with these operators instead of ours
    /// (ga_crate.rs; measured in docs/optimizer.md).
    #[cfg(feature = "ga-crate")]
    #[serde(skip)]
    pub on_crate: Option<super::ga_crate::CrateOperators>,
}

impl Default for Operators {
    fn default() -> Self {
        Operators {
            elites: 2,
            crossover_probability: 0.9,
            level_mutation_probability: 0.3,
            level_mutation_sigma: 0.08,
            level_mutation_sigma_final: 0.005,
            fluid_mutation_probability: 0.1,
            level_reset_probability: 0.1,
            #[cfg(feature = "ga-crate")]
            on_crate: None,
        }
    }
}

/// Indices of `population` ordered best first (ties by canonical key, so the order never depends on
/// evaluation timing).
pub fn ranking(space: &Space, population: &[Genome], fitness: &[Fitness]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..population.len()).collect();
    order.sort_by(|&a, &b| {
        fitness[a]
            .rank()
            .total_cmp(&fitness[b].rank())
            .then_with(|| space.key(&population[a]).cmp(&space.key(&population[b])))
    });
    order
}

/// Binary tournament on ranks.
fn tournament(rng: &mut ChaCha8Rng, ranks: &[usize]) -> usize {
    let a = rng.random_range(0..ranks.len());
    let b = rng.random_range(0..ranks.len());
    if ranks[a] <= ranks[b] { a } else { b }
}

/// Standard normal by Box-Muller (deterministic from the generator).
pub(super) fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// The share of a fluid's range that a level's Gaussian step has as its standard deviation, at `progress`
/// (0..1) of the generation budget: linear from `level_mutation_sigma` to `level_mutation_sigma_final`.
pub(super) fn sigma_share(ops: &Operators, progress: f64) -> f64 {
    let progress = progress.clamp(0.0, 1.0);
    ops.level_mutation_sigma
        + progress * (ops.level_mutation_sigma_final - ops.level_mutation_sigma)
}

/// Crossover of `child` (a copy of `a`) with `b`, cycle by cycle: the fluid of either parent, and each level
/// blended (BLX-0.25); levels of a different fluid still map by rank.
pub(super) fn blend_cycles(rng: &mut ChaCha8Rng, child: &mut Genome, a: &Genome, b: &Genome) {
    for (c, (ca, cb)) in child.cycles.iter_mut().zip(a.cycles.iter().zip(&b.cycles)) {
        if rng.random::<bool>() {
            c.fluid = cb.fluid;
        }
        for (t, (ta, tb)) in c
            .levels_k
            .iter_mut()
            .zip(ca.levels_k.iter().zip(&cb.levels_k))
        {
            let u: f64 = rng.random_range(-0.25..1.25);
            *t = ta + u * (tb - ta);
        }
    }
}

/// Mutation of each cycle: a new fluid (`fluid_mutation_probability`), a Gaussian step per level of
/// `sigma_share` of the fluid's range (`level_mutation_probability`), and one level moved anywhere in the
/// range (`level_reset_probability`).
pub(super) fn mutate_cycles(
    space: &Space,
    ops: &Operators,
    rng: &mut ChaCha8Rng,
    child: &mut Genome,
    sigma_share: f64,
) {
    for c in &mut child.cycles {
        if rng.random::<f64>() < ops.fluid_mutation_probability {
            c.fluid = rng.random_range(0..space.fluids.len());
        }
        let r = &space.fluids[c.fluid.min(space.fluids.len() - 1)];
        let sigma = sigma_share * (r.t_max_k - r.t_min_k);
        for t in &mut c.levels_k {
            if rng.random::<f64>() < ops.level_mutation_probability {
                *t += sigma * normal(rng);
            }
        }
        if rng.random::<f64>() < ops.level_reset_probability && !c.levels_k.is_empty() {
            let l = rng.random_range(0..c.levels_k.len());
            c.levels_k[l] = rng.random_range(r.t_min_k..=r.t_max_k);
        }
    }
}

/// The next generation from an evaluated one; `progress` is the share of the generation budget used (0..1).
pub fn next_generation(
    space: &Space,
    ops: &Operators,
    rng: &mut ChaCha8Rng,
    population: &[Genome],
    fitness: &[Fitness],
    progress: f64,
) -> Vec<Genome> {
    let sigma_share = sigma_share(ops, progress);
    let order = ranking(space, population, fitness);
    let mut ranks = vec![0; population.len()];
    for (rank, &i) in order.iter().enumerate() {
        ranks[i] = rank;
    }
    let mut next: Vec<Genome> = order
        .iter()
        .take(ops.elites)
        .map(|&i| population[i].clone())
        .collect();
    while next.len() < population.len() {
        let a = &population[tournament(rng, &ranks)];
        let b = &population[tournament(rng, &ranks)];
        let mut child = a.clone();
        let crossover = rng.random::<f64>() < ops.crossover_probability;
        if crossover {
            blend_cycles(rng, &mut child, a, b);
        }
        mutate_cycles(space, ops, rng, &mut child, sigma_share);
        // The refrigerant's dT_min/2, when it is a variable: blended like a level, then a Gaussian step. Its
        // draws come after the levels', so a case without it keeps its random stream.
        if let (Some((lo, hi)), Some(da), Some(db)) =
            (space.dt_range_k, a.dt_min_half_k, b.dt_min_half_k)
        {
            let mut dt = da;
            if crossover {
                let u: f64 = rng.random_range(-0.25..1.25);
                dt = da + u * (db - da);
            }
            if rng.random::<f64>() < ops.level_mutation_probability {
                dt += sigma_share * (hi - lo) * normal(rng);
            }
            child.dt_min_half_k = Some(dt);
        }
        space.repair(&mut child);
        next.push(child);
    }
    next
}
