//! The sub-ambient benchmark's grid-mode optimum, proven by enumeration (issue: benchmarks and validation).
//!
//! Grid mode solves one MILP per fluid pair with a binary per grid level. The enumeration here solves no level
//! binaries at all: for every fluid pair and every subset of the grid levels per cycle (2 to `max_levels`
//! levels, or the cycle idle), it prices the candidate exactly as the GA does (`evaluate_candidate`, the
//! template's adjacent-stage superstructure on just those levels) and keeps the cheapest. Grid mode must find
//! that cheapest design: the same TAC (to the MIP gap) and the same levels.

use hpsynth::case::Case;
use hpsynth::master::{Space, grid_levels, grid_mode};
use hpsynth::slave::{CycleChoice, SlaveSettings, evaluate_candidate};
use rayon::prelude::*;

/// Every subset of `levels` with 2 to `max` members, in ascending order.
fn subsets(levels: &[f64], max: usize) -> Vec<Vec<f64>> {
    let n = levels.len();
    (0u32..1 << n)
        .filter(|mask| (2..=max).contains(&(mask.count_ones() as usize)))
        .map(|mask| {
            (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| levels[i])
                .collect()
        })
        .collect()
}

#[test]
fn sub_ambient_grid_optimum_equals_an_enumeration_of_level_subsets() {
    let path = crate::common::case_dir("sub-ambient-ethylene").join("case.toml");
    let mut case = Case::load(&path).unwrap();
    // A coarse grid: ethylene and propylene, at most 3 levels a cycle, 35 K steps from -106 °C (propylene's
    // top grid level, 34 °C, is the first to condense into the cooling water at 30 + 2.5 + 1.5 °C).
    case.heat_pump.fluids = vec!["R1150".into(), "R1270".into()];
    case.heat_pump.max_levels = 3;
    case.optimizer.grid_step_k = 35.0;
    case.optimizer.mip_gap = 1e-7;
    // The coarse grid's lowest ethylene level, -106 °C, is below atmospheric pressure (85 kPa): allowed here,
    // or nothing serves the -96 °C load.
    case.heat_pump.subatmospheric_suction = true;
    let mut settings = SlaveSettings::from_case(&case);
    settings.solve.time_limit_s = 600.0;
    let space = Space::new(&case).unwrap();
    let template = case.heat_pump.template.clone();

    let grid = grid_mode(&case, &space, &settings).expect("a grid design");

    // Per fluid: its grid levels' subsets, plus "idle" (None).
    let options: Vec<Vec<Option<CycleChoice>>> = (0..space.fluids.len())
        .map(|f| {
            let levels = grid_levels(&space, f, case.optimizer.grid_step_k);
            std::iter::once(None)
                .chain(subsets(&levels, space.levels).into_iter().map(|l| {
                    Some(CycleChoice {
                        fluid: space.fluids[f].name.clone(),
                        levels_k: l,
                    })
                }))
                .collect()
        })
        .collect();
    // Unordered fluid pairs (the two cycles are interchangeable), and for a pair of the same fluid,
    // unordered subset pairs.
    let mut candidates: Vec<Vec<CycleChoice>> = Vec::new();
    for a in 0..options.len() {
        for b in a..options.len() {
            for (i, x) in options[a].iter().enumerate() {
                let start = if a == b { i } else { 0 };
                for y in &options[b][start..] {
                    let cycles: Vec<CycleChoice> = [x, y].into_iter().flatten().cloned().collect();
                    // Both cycles idle: nothing cools below the cooling water, infeasible by inspection.
                    if !cycles.is_empty() {
                        candidates.push(cycles);
                    }
                }
            }
        }
    }
    // Ethylene: 4 grid levels (-106, -71, -36, -1 °C; 34 °C is above 0.97 of its critical temperature),
    // 6 + 4 subsets + idle = 11 options; propylene: 5 levels, 10 + 10 + idle = 21. Pairs: 11 * 12 / 2 +
    // 11 * 21 + 21 * 22 / 2 = 528, less the three with both cycles idle = 525.
    assert_eq!(candidates.len(), 525);
    let priced: Vec<Option<f64>> = candidates
        .par_iter()
        .map(|cycles| {
            let (_, e) = evaluate_candidate(&case, cycles, &template, &settings).ok()?;
            e.design.map(|d| d.costs.tac_eur_per_yr)
        })
        .collect();
    let (best, best_tac) = candidates
        .iter()
        .zip(&priced)
        .filter_map(|(c, t)| t.map(|t| (c, t)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .expect("a feasible candidate");

    let relative = (grid.tac_eur_per_yr - best_tac).abs() / best_tac;
    assert!(
        relative < 1e-6,
        "grid {} EUR/yr vs enumeration {best_tac} EUR/yr ({best:?})",
        grid.tac_eur_per_yr
    );
    let mut grid_levels_used: Vec<(String, Vec<f64>)> = grid
        .evaluation
        .cycles
        .iter()
        .filter(|c| !c.levels_used_k.is_empty())
        .map(|c| (c.fluid.clone(), c.levels_used_k.clone()))
        .collect();
    let mut enumerated: Vec<(String, Vec<f64>)> = best
        .iter()
        .map(|c| (c.fluid.clone(), c.levels_k.clone()))
        .collect();
    grid_levels_used.sort_by(|a, b| a.partial_cmp(b).unwrap());
    enumerated.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(grid_levels_used, enumerated);
}
