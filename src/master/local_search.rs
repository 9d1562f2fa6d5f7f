//! A local search after the GA (a memetic finish): the GA finds the basin, this walks to its bottom and
//! looks over the next hills.
//!
//! A variable neighbourhood descent on the best genome (Mladenovic & Hansen, Comput. Oper. Res. 24 (1997)
//! 1097-1100), with two neighbourhoods, each move followed by the genome's repair (sorted, in range, the
//! minimum gap apart):
//! - **shifts** (a pattern search): one level of one cycle moved by `+-step` (and the refrigerant's
//!   dT_min/2, when the master varies it, by `+-step/4`); when none of those improves,
//!   two levels (of any cycles) moved together by `+step` or `-step`. The pairs follow valleys along two
//!   coupled levels, such as a low cycle's condensing level and the high cycle's evaporating level it
//!   rejects heat into, which single moves cannot leave without first climbing. The cheapest improving
//!   move is taken and the singles tried again at the same step; without one the step halves, from
//!   `START_K` down to `MIN_K`.
//! - **jumps**, tried when no shift improves at the last step: one level moved to an anchor temperature
//!   (anchors.rs: where the level reaches a load or couples to the other cycle), or one cycle given
//!   another candidate fluid at the same levels. An improving jump is taken and the shifts start again
//!   from `START_K`; without one the walk ends.
//!
//! Every move set is built in a fixed order, evaluated in parallel, and chosen from by TAC alone (ties: the
//! first), so the walk is the same for any number of threads, unless it is stopped by its deadline
//! (checked between chunks of a few evaluations per thread).

use super::anchors::Anchors;
use super::ga::Fitness;
use super::space::{Genome, Space};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// First step (K).
const START_K: f64 = 4.0;
/// Last step (K): below it, level changes are within the slave's gap.
const MIN_K: f64 = 0.25;
/// Smallest step of the pair shifts (K).
const PAIR_MIN_K: f64 = 1.0;
/// First step after a jump (K): the jump placed one level; the others only adjust.
const AFTER_JUMP_K: f64 = 1.0;
/// A move must lower the TAC by more than this share to be taken: smaller gains are far inside the
/// screening gap.
const MIN_GAIN: f64 = 1e-4;
/// Step of dT_min/2 as a share of the level step.
const DT_STEP_SHARE: f64 = 0.25;
/// Moves evaluated per worker thread between two looks at the deadline.
const CHUNK_PER_THREAD: usize = 16;

/// What the walk did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocalSearch {
    /// Evaluations made (cache hits not counted).
    pub evaluations: usize,
    pub cache_hits: usize,
    /// Improving moves taken, of them jumps.
    pub moves: usize,
    pub jumps: usize,
    /// Evaluated moves without a design, by reason.
    pub without_design: BTreeMap<String, usize>,
    /// Whether the walk stopped at its deadline or its evaluation budget rather than at a local optimum.
    pub stopped_by_deadline: bool,
}

/// Walks from `best` (with its fitness) to a genome that no shift and no jump improves, or until
/// `deadline` passes (checked before each set of moves). `cache` holds the fitness of every candidate
/// evaluated so far, by canonical key, and is extended.
pub fn local_search(
    space: &Space,
    anchors: &Anchors,
    best: (Genome, Fitness),
    cache: &mut BTreeMap<String, Fitness>,
    evaluate: &(dyn Fn(&Genome) -> Fitness + Sync),
    deadline: Option<Instant>,
    max_evaluations: Option<usize>,
) -> ((Genome, Fitness), LocalSearch) {
    let (genome, fitness) = best;
    let Some(tac) = fitness.tac_eur_per_yr else {
        return ((genome, fitness), LocalSearch::default());
    };
    let mut walk = Walk {
        space,
        cache,
        evaluate,
        genome,
        fitness,
        tac,
        deadline,
        max_evaluations,
        done: LocalSearch::default(),
    };
    let mut first_step = START_K;
    'walk: loop {
        let mut step = first_step;
        while step >= MIN_K {
            let mut sets = vec![("single shifts", Shift::Single)];
            if step >= PAIR_MIN_K {
                sets.push(("pair shifts", Shift::Pair));
            }
            let mut moved = false;
            for (name, shift) in sets {
                match walk.take_best(name, shifts(space, &walk.genome, step, shift)) {
                    Step::Moved => {
                        moved = true;
                        break;
                    }
                    Step::Stayed => {}
                    Step::OutOfTime => break 'walk,
                }
            }
            if !moved {
                step /= 2.0;
            }
        }
        first_step = AFTER_JUMP_K;
        match walk.take_best("jumps", jumps(space, anchors, &walk.genome)) {
            Step::Moved => walk.done.jumps += 1,
            Step::Stayed | Step::OutOfTime => break,
        }
    }
    ((walk.genome, walk.fitness), walk.done)
}

/// What one set of moves did.
enum Step {
    /// The walk moved to the cheapest improving move.
    Moved,
    /// No move improved.
    Stayed,
    /// The deadline passed before every move was evaluated; the walk stays.
    OutOfTime,
}

/// The walk's position and bookkeeping.
struct Walk<'a> {
    space: &'a Space,
    cache: &'a mut BTreeMap<String, Fitness>,
    evaluate: &'a (dyn Fn(&Genome) -> Fitness + Sync),
    genome: Genome,
    fitness: Fitness,
    tac: f64,
    deadline: Option<Instant>,
    /// The walk stops before a set of moves once it has evaluated this many (a count, not a time: the same
    /// for any number of threads).
    max_evaluations: Option<usize>,
    done: LocalSearch,
}

impl Walk<'_> {
    /// Evaluates `moves` (those not cached, in parallel, in chunks with the deadline checked before each)
    /// and moves to the cheapest that improves.
    fn take_best(&mut self, neighbourhood: &str, moves: Vec<Genome>) -> Step {
        if self
            .max_evaluations
            .is_some_and(|cap| self.done.evaluations >= cap)
        {
            self.done.stopped_by_deadline = true;
            return Step::OutOfTime;
        }
        let started = Instant::now();
        let here = self.space.key(&self.genome);
        let mut seen = BTreeSet::from([here]);
        let mut keys: Vec<String> = Vec::new();
        let mut candidates: Vec<Genome> = Vec::new();
        for g in moves {
            let key = self.space.key(&g);
            if seen.insert(key.clone()) {
                keys.push(key);
                candidates.push(g);
            }
        }
        let todo: Vec<usize> = (0..candidates.len())
            .filter(|&i| !self.cache.contains_key(&keys[i]))
            .collect();
        let evaluate = self.evaluate;
        let mut fresh: Vec<Fitness> = Vec::with_capacity(todo.len());
        let mut out_of_time = false;
        for chunk in todo.chunks(CHUNK_PER_THREAD * rayon::current_num_threads()) {
            if self.deadline.is_some_and(|d| Instant::now() >= d) {
                out_of_time = true;
                break;
            }
            fresh.extend(
                chunk
                    .par_iter()
                    .map(|&i| evaluate(&candidates[i]))
                    .collect::<Vec<_>>(),
            );
        }
        self.done.evaluations += fresh.len();
        self.done.cache_hits += candidates.len() - todo.len();
        for (&i, f) in todo.iter().zip(fresh) {
            if let Some(reason) = &f.reason {
                *self.done.without_design.entry(reason.clone()).or_default() += 1;
            }
            self.cache.insert(keys[i].clone(), f);
        }
        if out_of_time {
            self.done.stopped_by_deadline = true;
            return Step::OutOfTime;
        }
        let better = (0..candidates.len())
            .filter_map(|i| self.cache[&keys[i]].tac_eur_per_yr.map(|t| (i, t)))
            .filter(|&(_, t)| t < self.tac - MIN_GAIN * self.tac.abs())
            .min_by(|a, b| a.1.total_cmp(&b.1));
        tracing::debug!(
            neighbourhood,
            moves = candidates.len(),
            evaluated = todo.len(),
            ms = started.elapsed().as_millis() as u64,
            tac = better.map_or(self.tac, |b| b.1),
            "local search"
        );
        let Some((i, t)) = better else {
            return Step::Stayed;
        };
        self.fitness = self.cache[&keys[i]].clone();
        self.genome = candidates.swap_remove(i);
        self.tac = t;
        self.done.moves += 1;
        Step::Moved
    }
}

/// How many levels a shift moves.
#[derive(Clone, Copy, PartialEq)]
enum Shift {
    /// One level, by `-step` and by `+step`.
    Single,
    /// Two levels (of any cycles) together, both by `-step` or both by `+step`.
    Pair,
}

/// Every shift of one kind.
fn shifts(space: &Space, genome: &Genome, step: f64, shift: Shift) -> Vec<Genome> {
    let places: Vec<(usize, usize)> = genome
        .cycles
        .iter()
        .enumerate()
        .flat_map(|(c, cycle)| (0..cycle.levels_k.len()).map(move |l| (c, l)))
        .collect();
    let moved = |by: &[(usize, usize)], delta: f64| {
        let mut g = genome.clone();
        for &(c, l) in by {
            g.cycles[c].levels_k[l] += delta;
        }
        space.repair(&mut g);
        g
    };
    let mut moves = Vec::new();
    if shift == Shift::Single {
        for &p in &places {
            for sign in [-1.0, 1.0] {
                moves.push(moved(&[p], sign * step));
            }
        }
        // The refrigerant's dT_min/2, when it is a variable: a quarter of the level step (its useful range
        // is a few kelvin, the levels' tens).
        if let Some(dt) = genome.dt_min_half_k {
            for sign in [-1.0, 1.0] {
                let mut g = genome.clone();
                g.dt_min_half_k = Some(dt + sign * step * DT_STEP_SHARE);
                space.repair(&mut g);
                moves.push(g);
            }
        }
        return moves;
    }
    for (i, &p) in places.iter().enumerate() {
        for &q in &places[i + 1..] {
            for sign in [-1.0, 1.0] {
                moves.push(moved(&[p, q], sign * step));
            }
        }
    }
    moves
}

/// Every level to every anchor in its fluid's range, then every cycle to every other fluid.
fn jumps(space: &Space, anchors: &Anchors, genome: &Genome) -> Vec<Genome> {
    let mut moves = Vec::new();
    for (c, cycle) in genome.cycles.iter().enumerate() {
        let range = &space.fluids[cycle.fluid];
        let targets: Vec<f64> = anchors
            .for_cycle(genome, c)
            .into_iter()
            .filter(|t| (range.t_min_k..=range.t_max_k).contains(t))
            .collect();
        for l in 0..cycle.levels_k.len() {
            for &t in &targets {
                let mut g = genome.clone();
                g.cycles[c].levels_k[l] = t;
                space.repair(&mut g);
                moves.push(g);
            }
        }
    }
    for (c, cycle) in genome.cycles.iter().enumerate() {
        for fluid in (0..space.fluids.len()).filter(|&f| f != cycle.fluid) {
            let mut g = genome.clone();
            g.cycles[c].fluid = fluid;
            space.repair(&mut g);
            moves.push(g);
        }
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::master::space::{CycleGene, FluidRange};

    /// One cycle of two levels between 240 and 320 K, 3 K apart, with fluids of these names.
    fn two_levels(fluids: &[&str]) -> Space {
        Space {
            fluids: fluids
                .iter()
                .map(|name| FluidRange {
                    name: (*name).into(),
                    t_min_k: 240.0,
                    t_max_k: 320.0,
                })
                .collect(),
            cycles: 1,
            levels: 2,
            min_gap_k: 3.0,
            dt_range_k: None,
        }
    }

    /// One cycle of `fluid` at `levels_k`.
    fn genome(fluid: usize, levels_k: [f64; 2]) -> Genome {
        Genome {
            cycles: vec![CycleGene {
                fluid,
                levels_k: levels_k.to_vec(),
            }],
            dt_min_half_k: None,
        }
    }

    /// The walk from `start` on `landscape`, with an empty cache and no deadline.
    fn walk(
        space: &Space,
        anchors: &Anchors,
        start: Genome,
        landscape: &(dyn Fn(&Genome) -> Fitness + Sync),
    ) -> ((Genome, Fitness), LocalSearch) {
        let fitness = landscape(&start);
        let mut cache = BTreeMap::new();
        local_search(
            space,
            anchors,
            (start, fitness),
            &mut cache,
            landscape,
            None,
            None,
        )
    }

    fn no_anchors() -> Anchors {
        Anchors {
            process_k: Vec::new(),
            dt_hp_half_k: 1.5,
            boundaries_k: Vec::new(),
        }
    }

    /// On a bowl with its bottom at 262.3 and 291.7 K the walk ends within the last step of the bottom.
    #[test]
    fn the_walk_reaches_the_bottom_of_a_bowl() {
        let space = two_levels(&["A"]);
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
        let start = genome(0, [250.0, 300.0]);
        let no_anchors = no_anchors();
        let ((end, f), done) = walk(&space, &no_anchors, start, &bowl);
        for (t, b) in end.cycles[0].levels_k.iter().zip(bottom) {
            assert!((t - b).abs() <= MIN_K / 2.0 + 1e-9, "{t} vs {b}");
        }
        assert!(f.tac_eur_per_yr.unwrap() < 1.0 + 2.0 * (MIN_K / 2.0).powi(2));
        assert!(done.moves > 0 && done.evaluations > 0);
    }

    /// Two basins: the bowl of the first test, and a well 2 below its bottom where the first level sits at an
    /// anchor (250 K) and the cycle uses fluid B. Shifts alone stop in the bowl; the jumps to the anchor and
    /// to fluid B reach the well. (Its gains near the bottom, 3.7e-3 a move, are far above `MIN_GAIN`.)
    #[test]
    fn jumps_leave_the_bowl_for_a_deeper_well_at_an_anchor() {
        let space = two_levels(&["A", "B"]);
        let bottom = [262.3, 291.7];
        let landscape = |g: &Genome| {
            let cycle = &g.cycles[0];
            let t = &cycle.levels_k;
            let second = 0.1 * (t[1] - bottom[1]).powi(2);
            let in_well = (t[0] - 250.0).abs() < 0.3;
            let fluid_b = if cycle.fluid == 1 { -0.5 } else { 0.0 };
            let tac = if in_well {
                -1.0 + second + fluid_b
            } else {
                1.0 + 0.1 * (t[0] - bottom[0]).powi(2) + second
            };
            Fitness {
                tac_eur_per_yr: Some(tac),
                reason: None,
            }
        };
        let start = genome(0, [265.0, 290.0]);
        let anchors = Anchors {
            process_k: vec![230.0, 250.0, 330.0],
            dt_hp_half_k: 1.5,
            boundaries_k: vec![231.5, 251.5, 331.5],
        };
        let ((end, _), done) = walk(&space, &anchors, start, &landscape);
        let levels = &end.cycles[0].levels_k;
        assert!((levels[0] - 250.0).abs() < 0.3, "{levels:?}");
        assert!(
            (levels[1] - bottom[1]).abs() <= MIN_K / 2.0 + 1e-9,
            "{levels:?}"
        );
        assert_eq!(end.cycles[0].fluid, 1);
        assert_eq!(done.jumps, 2, "one to the anchor, one to fluid B");
    }

    /// A narrow valley along `b - a = 30 K` whose floor falls towards `a + b = 560 K`: any single shift climbs
    /// its wall (10 K^-2 against 0.01 K^-2 along the floor), so only the pair shifts walk down the floor,
    /// from (250, 280) to (265, 295).
    #[test]
    fn pair_shifts_follow_a_valley_of_two_coupled_levels() {
        let space = two_levels(&["A"]);
        let valley = |g: &Genome| {
            let t = &g.cycles[0].levels_k;
            Fitness {
                tac_eur_per_yr: Some(
                    1.0 + 10.0 * (t[1] - t[0] - 30.0).powi(2)
                        + 0.01 * (t[0] + t[1] - 560.0).powi(2),
                ),
                reason: None,
            }
        };
        let start = genome(0, [250.0, 280.0]);
        let anchors = no_anchors();
        let ((end, _), done) = walk(&space, &anchors, start, &valley);
        let levels = &end.cycles[0].levels_k;
        assert!(
            (levels[0] - 265.0).abs() < 0.5 && (levels[1] - 295.0).abs() < 0.5,
            "{levels:?}"
        );
        assert!(done.moves >= 3, "{done:?}");
    }
}
