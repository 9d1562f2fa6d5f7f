//! A local search after the GA (a memetic finish): the GA finds the basin, this walks to its bottom.
//!
//! Pattern search on the levels of the best genome: every move shifts one level of one cycle by `+-step`
//! (then repairs the genome: sorted, in range, the minimum gap apart). All moves of a step are evaluated in
//! parallel; the cheapest improving move is taken and the same step tried again; without an improving move
//! the step halves, from `START_K` down to `MIN_K`. The fluids stay. Every choice depends on the TAC values
//! alone, gathered in a fixed order, so the walk is the same for any number of threads.

use super::ga::Fitness;
use super::space::{Genome, Space};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// First step (K).
const START_K: f64 = 4.0;
/// Last step (K): below it, level changes are within the slave's gap.
const MIN_K: f64 = 0.25;

/// What the walk did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Polished {
    /// Evaluations made (cache hits not counted).
    pub evaluations: usize,
    pub cache_hits: usize,
    /// Improving moves taken.
    pub moves: usize,
    /// Evaluated moves without a design, by reason.
    pub without_design: BTreeMap<String, usize>,
}

/// Walks from `best` (with its fitness) to a genome no single level move improves. `cache` holds the
/// fitness of every candidate evaluated so far, by canonical key, and is extended.
pub fn polish(
    space: &Space,
    best: (Genome, Fitness),
    cache: &mut BTreeMap<String, Fitness>,
    evaluate: &(dyn Fn(&Genome) -> Fitness + Sync),
) -> ((Genome, Fitness), Polished) {
    let (mut genome, mut fitness) = best;
    let mut done = Polished::default();
    let Some(mut tac) = fitness.tac_eur_per_yr else {
        return ((genome, fitness), done);
    };
    let mut step = START_K;
    while step >= MIN_K {
        let mut moves: Vec<Genome> = Vec::new();
        for (c, cycle) in genome.cycles.iter().enumerate() {
            for l in 0..cycle.levels_k.len() {
                for sign in [-1.0, 1.0] {
                    let mut g = genome.clone();
                    g.cycles[c].levels_k[l] += sign * step;
                    space.repair(&mut g);
                    if space.key(&g) != space.key(&genome) && !moves.contains(&g) {
                        moves.push(g);
                    }
                }
            }
        }
        let keys: Vec<String> = moves.iter().map(|g| space.key(g)).collect();
        let todo: Vec<usize> = (0..moves.len())
            .filter(|&i| !cache.contains_key(&keys[i]))
            .collect();
        let fresh: Vec<Fitness> = todo.par_iter().map(|&i| evaluate(&moves[i])).collect();
        done.evaluations += todo.len();
        done.cache_hits += moves.len() - todo.len();
        for (&i, f) in todo.iter().zip(fresh) {
            if let Some(reason) = &f.reason {
                *done.without_design.entry(reason.clone()).or_default() += 1;
            }
            cache.insert(keys[i].clone(), f);
        }
        let better = (0..moves.len())
            .filter_map(|i| cache[&keys[i]].tac_eur_per_yr.map(|t| (i, t)))
            .filter(|&(_, t)| t < tac * (1.0 - 1e-9))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match better {
            Some((i, t)) => {
                genome = moves[i].clone();
                fitness = cache[&keys[i]].clone();
                tac = t;
                done.moves += 1;
            }
            None => step /= 2.0,
        }
    }
    ((genome, fitness), done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::master::space::{CycleGene, FluidRange};

    /// On a bowl with its bottom at 262.3 and 291.7 K the walk ends within the last step of the bottom.
    #[test]
    fn the_walk_reaches_the_bottom_of_a_bowl() {
        let space = Space {
            fluids: vec![FluidRange {
                name: "A".into(),
                t_min_k: 240.0,
                t_max_k: 320.0,
            }],
            cycles: 1,
            levels: 2,
            min_gap_k: 3.0,
        };
        let bottom = [262.3, 291.7];
        let bowl = |g: &Genome| Fitness {
            tac_eur_per_yr: Some(
                1.0 + g.cycles[0]
                    .levels_k
                    .iter()
                    .zip(bottom)
                    .map(|(t, b)| (t - b).powi(2))
                    .sum::<f64>(),
            ),
            reason: None,
        };
        let start = Genome {
            cycles: vec![CycleGene {
                fluid: 0,
                levels_k: vec![250.0, 300.0],
            }],
        };
        let fitness = bowl(&start);
        let mut cache = BTreeMap::new();
        let ((end, f), done) = polish(&space, (start, fitness), &mut cache, &bowl);
        for (t, b) in end.cycles[0].levels_k.iter().zip(bottom) {
            assert!((t - b).abs() <= MIN_K / 2.0 + 1e-9, "{t} vs {b}");
        }
        assert!(f.tac_eur_per_yr.unwrap() < 1.0 + 2.0 * (MIN_K / 2.0).powi(2));
        assert!(done.moves > 0 && done.evaluations > 0);
    }
}
