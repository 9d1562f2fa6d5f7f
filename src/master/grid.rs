//! Grid mode, the literature's fixed-grid MILP (Shelton & Grossmann 1986; design.md §1): candidate levels on a
//! grid, a binary per level, at most `max_levels` used per cycle, one MILP per combination of fluids. It is the
//! baseline of every bi-level run and seeds the GA.

use super::space::{CycleGene, Genome, Space};
use crate::case::Case;
use crate::slave::{CycleChoice, Evaluation, LevelCap, SlaveSettings, evaluate_with_template};
use crate::superstructure::{Reach, Template};
use rayon::prelude::*;
use serde::Serialize;

/// The best grid design.
#[derive(Clone, Debug)]
pub struct GridResult {
    /// Fluids with their grid levels (all candidates).
    pub grid: Vec<CycleChoice>,
    pub evaluation: Evaluation,
    pub tac_eur_per_yr: f64,
    /// MILPs solved (one per fluid combination).
    pub milps: usize,
}

/// Summary for reports and checkpoints.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct GridSummary {
    pub fluids: Vec<String>,
    pub levels_used_c: Vec<Vec<f64>>,
    pub tac_eur_per_yr: f64,
    pub milps: usize,
}

/// Grid levels of one fluid: from its lower bound up in steps of `max(step, min gap)`.
pub fn grid_levels(space: &Space, fluid: usize, step_k: f64) -> Vec<f64> {
    let r = &space.fluids[fluid];
    let step = step_k.max(space.min_gap_k);
    let count = ((r.t_max_k - r.t_min_k) / step).floor() as usize + 1;
    (0..count)
        .map(|i| ((r.t_min_k + i as f64 * step) * 100.0).round() / 100.0)
        .collect()
}

/// Every combination of fluids for the space's cycles: multisets, as non-decreasing index lists. The cycles
/// of a space are interchangeable (same genes, one shared cascade), so (A, B) and (B, A) are one problem.
fn combinations(space: &Space) -> Vec<Vec<usize>> {
    let n = space.fluids.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new()];
    for _ in 0..space.cycles {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                let first = prefix.last().copied().unwrap_or(0);
                (first..n).map(move |f| {
                    let mut p = prefix.clone();
                    p.push(f);
                    p
                })
            })
            .collect();
    }
    out
}

/// The template grid mode builds its superstructures from: `template` with compressors and valves between
/// any two levels (see [`grid_mode`]). A grid design's units are nodes of a superstructure built from it.
pub fn grid_template(mut template: Template) -> Template {
    template.units.compressors = Reach::Any;
    template.units.valves = Reach::Any;
    template.level_binaries = true;
    template
}

/// Solves the grid MILP for every fluid combination (in parallel, one HiGHS thread each) and keeps the
/// cheapest feasible design; ties go to the earlier combination, so the result does not depend on threads.
///
/// "Adjacent" in a template means neighbouring among the levels a design uses. The grid MILP chooses those
/// levels itself, so grid mode builds compressors and valves between any two grid levels and lets a unit
/// run only when no chosen level lies between its ends ([`LevelCap`]): the same superstructure as the GA's.
pub fn grid_mode(case: &Case, space: &Space, settings: &SlaveSettings) -> Option<GridResult> {
    let mut template = Template::load(&case.heat_pump.template).ok()?;
    let mut settings = settings.clone();
    settings.level_cap = Some(LevelCap {
        max_levels: space.levels,
        adjacent_compressors: template.units.compressors == Reach::Adjacent,
        adjacent_valves: template.units.valves == Reach::Adjacent,
    });
    template = grid_template(template);
    let combos = combinations(space);
    let results: Vec<Option<GridResult>> = combos
        .par_iter()
        .map(|combo| {
            let grid: Vec<CycleChoice> = combo
                .iter()
                .map(|&f| CycleChoice {
                    fluid: space.fluids[f].name.clone(),
                    levels_k: grid_levels(space, f, case.optimizer.grid_step_k),
                })
                .collect();
            let (_, evaluation) = evaluate_with_template(case, &grid, &template, &settings).ok()?;
            let tac = evaluation.design.as_ref()?.costs.tac_eur_per_yr;
            Some(GridResult {
                grid,
                evaluation,
                tac_eur_per_yr: tac,
                milps: 1,
            })
        })
        .collect();
    let milps = results.len();
    let mut best: Option<GridResult> = None;
    for r in results.into_iter().flatten() {
        if best
            .as_ref()
            .is_none_or(|b| r.tac_eur_per_yr < b.tac_eur_per_yr)
        {
            best = Some(r);
        }
    }
    best.map(|mut b| {
        b.milps = milps;
        b
    })
}

impl GridResult {
    /// The genome of the levels the grid design uses, padded with free grid levels to the space's count.
    pub fn seed(&self, space: &Space) -> Genome {
        let cycles = self
            .evaluation
            .cycles
            .iter()
            .zip(&self.grid)
            .map(|(summary, grid)| {
                let fluid = space.fluid_index(&summary.fluid).unwrap_or_default();
                let mut levels: Vec<f64> = summary.levels_used_k.clone();
                // Pad with free grid levels outside the used range only: a level between two used ones would
                // make them non-adjacent and change the superstructure the seed stands for.
                let (lo, hi) = levels
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), t| {
                        (a.min(*t), b.max(*t))
                    });
                let outside = grid
                    .levels_k
                    .iter()
                    .filter(|t| **t > hi)
                    .chain(grid.levels_k.iter().rev().filter(|t| **t < lo));
                for t in outside {
                    if levels.len() >= space.levels {
                        break;
                    }
                    if !levels.iter().any(|l| (l - t).abs() < space.min_gap_k) {
                        levels.push(*t);
                    }
                }
                levels.truncate(space.levels);
                levels.sort_by(f64::total_cmp);
                CycleGene {
                    fluid,
                    levels_k: levels,
                }
            })
            .collect();
        // Grid mode prices at the case's dT_min/2; the seed carries it (repaired into the range).
        let mut g = Genome {
            cycles,
            dt_min_half_k: Some(self.evaluation.dt_min_half_k),
        };
        space.repair(&mut g);
        g
    }

    pub fn summary(&self) -> GridSummary {
        GridSummary {
            fluids: self
                .evaluation
                .cycles
                .iter()
                .map(|c| c.fluid.clone())
                .collect(),
            levels_used_c: self
                .evaluation
                .cycles
                .iter()
                .map(|c| {
                    c.levels_used_k
                        .iter()
                        .map(|t| ((t - 273.15) * 100.0).round() / 100.0)
                        .collect()
                })
                .collect(),
            tac_eur_per_yr: self.tac_eur_per_yr,
            milps: self.milps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::master::space::FluidRange;

    #[test]
    fn fluid_combinations_are_multisets() {
        let fluid = |name: &str| FluidRange {
            name: name.into(),
            t_min_k: 250.0,
            t_max_k: 300.0,
        };
        let space = Space {
            fluids: vec![fluid("A"), fluid("B"), fluid("C")],
            cycles: 2,
            levels: 3,
            min_gap_k: 3.0,
            dt_range_k: None,
        };
        // n (n + 1) / 2 = 6 unordered pairs with repetition, written out by hand.
        let expected = vec![
            vec![0, 0],
            vec![0, 1],
            vec![0, 2],
            vec![1, 1],
            vec![1, 2],
            vec![2, 2],
        ];
        assert_eq!(combinations(&space), expected);
    }
}
