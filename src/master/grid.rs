//! Grid mode, the literature's fixed-grid MILP (Shelton & Grossmann 1986; design.md §1): candidate levels on a
//! grid, a binary per level, at most `max_levels` used per cycle, one MILP per combination of fluids. It is the
//! baseline of every bi-level run and seeds the GA.

use super::anchors::Anchors;
use super::space::{CycleGene, Genome, Space};
use crate::case::{Case, GridLevels};
use crate::slave::{CycleChoice, Evaluation, LevelCap, SlaveSettings, evaluate_with_template};
use crate::superstructure::{Reach, Superstructure, Template};
use rayon::prelude::*;
use serde::Serialize;

/// The best grid design.
#[derive(Clone, Debug)]
pub struct GridResult {
    /// Fluids with their grid levels (all candidates).
    pub grid: Vec<CycleChoice>,
    /// Each cycle's superstructure over its grid levels (grid mode's template), whose nodes the design's
    /// units name.
    pub superstructures: Vec<Superstructure>,
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
    // The tolerance keeps a level that lands on the top of the range within rounding.
    let count = ((r.t_max_k - r.t_min_k) / step + 1e-9).floor() as usize + 1;
    (0..count)
        .map(|i| ((r.t_min_k + i as f64 * step) * 100.0).round() / 100.0)
        .collect()
}

/// Candidate levels of one fluid in grid mode: the uniform grid, or with `GridLevels::Process` the uniform
/// grid with each level moved to the nearest process temperature within half a step (the local search's
/// anchors, [`Anchors::process_k`]: just below or above a stream's or utility's shifted boundary, where a
/// level starts or stops serving it); a level with no anchor that near stays where it is. As many levels
/// as the uniform grid, so the MILP is the same size; two cycles can couple through one boundary, one
/// level just above it and the other just below.
pub fn candidate_levels(case: &Case, space: &Space, fluid: usize) -> Vec<f64> {
    let uniform = grid_levels(space, fluid, case.optimizer.grid_step_k);
    if case.optimizer.grid_levels == GridLevels::Uniform {
        return uniform;
    }
    let r = &space.fluids[fluid];
    let half_step = 0.5 * case.optimizer.grid_step_k.max(space.min_gap_k);
    let mut anchors: Vec<f64> = Anchors::of_case(case)
        .process_k
        .into_iter()
        .filter(|t| (r.t_min_k..=r.t_max_k).contains(t))
        .collect();
    let mut levels: Vec<f64> = uniform
        .iter()
        .map(|&u| {
            let nearest = anchors
                .iter()
                .enumerate()
                .filter(|(_, a)| (*a - u).abs() <= half_step)
                .min_by(|(_, a), (_, b)| (*a - u).abs().total_cmp(&(*b - u).abs()));
            match nearest {
                Some((i, _)) => (anchors.remove(i) * 100.0).round() / 100.0,
                None => u,
            }
        })
        .collect();
    levels.sort_by(f64::total_cmp);
    levels.dedup_by(|a, b| (*a - *b).abs() < SAME_LEVEL_K);
    levels
}

/// Grid levels closer than this (K) are one level.
const SAME_LEVEL_K: f64 = 0.05;

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
    let mut template = Template::clone(&*case.heat_pump.template_def().ok()?);
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
                    levels_k: candidate_levels(case, space, f),
                })
                .collect();
            let (superstructures, evaluation) =
                evaluate_with_template(case, &grid, &template, &settings).ok()?;
            let tac = evaluation.design.as_ref()?.costs.tac_eur_per_yr;
            Some(GridResult {
                grid,
                superstructures,
                evaluation,
                tac_eur_per_yr: tac,
                milps: 1,
            })
        })
        .collect();
    let milps = results.len();
    let mut best: Option<GridResult> = None;
    // By the run's objective (the TAC unless `[optimizer] objective` says otherwise).
    let value = |r: &GridResult| {
        r.evaluation.design.as_ref().map_or(f64::INFINITY, |d| {
            d.objective_value(case.optimizer.objective)
        })
    };
    for r in results.into_iter().flatten() {
        if best.as_ref().is_none_or(|b| value(&r) < value(b)) {
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

    /// The anchors of `anchors.rs`'s test (a hot stream -37 -> -72 °C and cooling water 25 -> 30 °C): -75,
    /// -72, -40, -37, 26, 29, 31 and 34 °C. A uniform 20 K grid from -80 to 40 °C moves each level to its
    /// nearest unused anchor within 10 K, by hand: -80 -> -75, -60 stays (-72 is 12 K away), -40 -> -40,
    /// -20 and 0 stay, 20 -> 26 (29 is farther), 40 -> 34 (31 is farther).
    #[test]
    fn process_grid_moves_levels_onto_the_nearest_anchor() {
        let text = format!(
            "{}\n[optimizer]\ngrid_step_k = 20.0\ngrid_levels = \"process\"\n",
            crate::master::anchors::tests::CASE
        );
        let case = Case::from_toml_str(&text, "grid.toml", std::path::Path::new(".")).unwrap();
        let space = Space {
            fluids: vec![FluidRange {
                name: "Ammonia".into(),
                t_min_k: 193.15,
                t_max_k: 313.15,
            }],
            cycles: 1,
            levels: 4,
            min_gap_k: 3.0,
            dt_range_k: None,
        };
        let c = |levels: Vec<f64>| -> Vec<f64> { levels.iter().map(|k| k - 273.15).collect() };
        let close = |got: Vec<f64>, want: &[f64]| {
            got.len() == want.len() && got.iter().zip(want).all(|(g, w)| (g - w).abs() < 1e-6)
        };
        let uniform = c(grid_levels(&space, 0, 20.0));
        assert!(
            close(
                uniform.clone(),
                &[-80.0, -60.0, -40.0, -20.0, 0.0, 20.0, 40.0]
            ),
            "{uniform:?}"
        );
        let process = c(candidate_levels(&case, &space, 0));
        let want = [-75.0, -60.0, -40.0, -20.0, 0.0, 26.0, 34.0];
        assert!(close(process.clone(), &want), "{process:?}");
    }

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
