//! `hpsynth pareto`: the TAC-CO2 front by the epsilon-constraint method (docs/studies.md).
//!
//! The extremes first: the cheapest design (the case's own run, TAC objective, no bound) and the
//! cleanest (the master and the slave minimise the CO2, the TAC only breaking ties). Between them, `N - 2`
//! points: each the cheapest design whose CO2 is at most
//!
//! ```text
//! eps_k = CO2_min + (CO2_of_cheapest - CO2_min) k / (N - 1),   k = 1 .. N - 2
//! ```
//!
//! (a row `CO2 <= eps_k` of the slave, `[optimizer] co2_cap_t_per_yr`), each a run of its own with the
//! study's seed. The interior points depend on the extremes, so every shard runs both extremes itself (the
//! same seed gives the same designs) and records them only if they are its share; the merge then has
//! every point exactly once.

use super::StudyError;
use super::record::{DesignSummary, JobRecord, JobStatus};
use super::run::{Job, StudyProgress, run_indices};
use super::shard::Shard;
use crate::case::Case;
use crate::case::Objective;
use crate::master::{RunSettings, SeedDesign};
use crate::slave::CycleChoice;
use crate::units::celsius_to_kelvin;
use serde::{Deserialize, Serialize};

/// `hpsynth pareto --points N`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParetoOptions {
    pub points: usize,
}

fn extremes(case: &Case) -> Vec<Job> {
    let mut cleanest = case.clone();
    cleanest.optimizer.objective = Objective::Co2;
    vec![
        Job::Optimise {
            label: "cheapest".into(),
            case: Box::new(case.clone()),
            seeds: Vec::new(),
        },
        Job::Optimise {
            label: "cleanest".into(),
            case: Box::new(cleanest),
            seeds: Vec::new(),
        },
    ]
}

/// CO2 (t/yr) of a record's design.
fn co2(r: &JobRecord) -> Option<f64> {
    r.summary.as_ref().and_then(|s| s.co2_t_per_yr)
}

/// CO2 (t/yr) of a record's design as the slave's MILP counts it: what a bound holds. The design's own CO2
/// re-prices the compressors' motors at their ratings (slave/electric.rs), which moves it by a fraction of
/// a percent; bounds set from it could cut off the cleanest design itself.
fn co2_as_bounded(r: &JobRecord) -> Option<f64> {
    r.summary.as_ref().and_then(|s| s.co2_milp_t_per_yr)
}

/// The bounds of the interior points, from the extremes' records (none if either has no design): evenly
/// spaced between their CO2 as the MILP counts it.
pub fn caps(points: usize, cheapest: &JobRecord, cleanest: &JobRecord) -> Vec<f64> {
    let (Some(hi), Some(lo)) = (co2_as_bounded(cheapest), co2_as_bounded(cleanest)) else {
        return Vec::new();
    };
    (1..points.saturating_sub(1))
        .map(|k| lo + (hi - lo) * k as f64 / (points - 1) as f64)
        .collect()
}

/// The interior jobs for `caps`, each seeded with both extremes' designs (the cleanest meets every bound, so
/// every run starts from a feasible design).
fn interior(case: &Case, caps: &[f64], ends: &[JobRecord]) -> Vec<Job> {
    let seeds: Vec<SeedDesign> = ends
        .iter()
        .filter_map(|r| r.summary.as_ref())
        .map(seed_of)
        .collect();
    caps.iter()
        .map(|cap| {
            let mut c = case.clone();
            c.optimizer.co2_cap_t_per_yr = Some(*cap);
            Job::Optimise {
                label: format!("CO2 <= {cap:.3} t/yr"),
                case: Box::new(c),
                seeds: seeds.clone(),
            }
        })
        .collect()
}

/// A summarised design as a seed of the master.
pub fn seed_of(s: &DesignSummary) -> SeedDesign {
    SeedDesign {
        cycles: s
            .fluids
            .iter()
            .zip(&s.levels_c)
            .map(|(f, l)| CycleChoice {
                fluid: f.clone(),
                levels_k: l.iter().map(|t| celsius_to_kelvin(*t)).collect(),
            })
            .collect(),
        dt_min_half_k: Some(s.refrigerant_dt_min_half_k),
    }
}

/// Runs the front's points of `shard` (all without one): the extremes, then the share of the interior.
pub fn run(
    case: &Case,
    options: ParetoOptions,
    shard: Option<Shard>,
    run: &RunSettings,
    progress: &(dyn Fn(&StudyProgress) + Sync),
) -> Result<Vec<JobRecord>, StudyError> {
    if options.points < 2 {
        return Err(StudyError::Input(
            "--points must be at least 2 (the two extremes)".into(),
        ));
    }
    let ends = extremes(case);
    let end_records = run_indices(&ends, &[0, 1], run, progress)?;
    let mut jobs = ends;
    jobs.extend(interior(
        case,
        &caps(options.points, &end_records[0], &end_records[1]),
        &end_records,
    ));
    let owns = |i: usize| shard.is_none_or(|s| s.owns(i));
    let mine: Vec<usize> = (2..jobs.len()).filter(|i| owns(*i)).collect();
    let mut records: Vec<JobRecord> = end_records.into_iter().filter(|r| owns(r.index)).collect();
    records.extend(run_indices(&jobs, &mine, run, progress)?);
    Ok(records)
}

/// A point of the front.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParetoPoint {
    /// Numbered from the cheapest (1) to the cleanest, as in the plot.
    pub point: usize,
    pub label: String,
    pub co2_cap_t_per_yr: Option<f64>,
    pub status: JobStatus,
    pub reason: Option<String>,
    pub summary: Option<DesignSummary>,
    /// Another point is at least as cheap and as clean, and better in one: this run ended above the front
    /// (a heuristic search can; it is kept, marked, and left out of the front's line).
    pub dominated: bool,
    pub seconds: f64,
    pub design: Option<serde_json::Value>,
}

/// `hpsynth pareto --json`, and `pareto.json` in `--out`.
#[derive(Clone, Debug, Serialize)]
pub struct ParetoResult {
    pub hpsynth_version: &'static str,
    pub study: &'static str,
    pub case: String,
    pub seed: u64,
    pub points: Vec<ParetoPoint>,
}

/// Relative differences of TAC or CO2 below this are rounding, not a better design: the same design solved
/// under two CO2 bounds differs in its last bits (about 1e-15 relative on the dairy's front).
const SAME_DESIGN_REL: f64 = 1e-9;

/// Whether `b` (TAC, CO2) dominates `a`: no worse in both and better in one, each beyond rounding.
fn dominates(b: (f64, f64), a: (f64, f64)) -> bool {
    let better = |x: f64, y: f64| x < y - SAME_DESIGN_REL * y.abs().max(1.0);
    let no_worse = |x: f64, y: f64| x <= y + SAME_DESIGN_REL * y.abs().max(1.0);
    no_worse(b.0, a.0) && no_worse(b.1, a.1) && (better(b.0, a.0) || better(b.1, a.1))
}

/// The front from its records: the cheapest, the interior points from the loosest bound down, the cleanest.
pub fn finish(
    case_name: &str,
    seed: u64,
    options: ParetoOptions,
    records: &[JobRecord],
) -> ParetoResult {
    let by_index = |i: usize| records.iter().find(|r| r.index == i);
    let caps = match (by_index(0), by_index(1)) {
        (Some(a), Some(b)) => caps(options.points, a, b),
        _ => Vec::new(),
    };
    let mut order: Vec<(usize, Option<f64>)> = vec![(0, None)];
    order.extend((0..caps.len()).rev().map(|k| (k + 2, Some(caps[k]))));
    order.push((1, None));
    let found: Vec<(&JobRecord, Option<f64>)> = order
        .into_iter()
        .filter_map(|(i, cap)| by_index(i).map(|r| (r, cap)))
        .collect();
    let objectives: Vec<Option<(f64, f64)>> = found
        .iter()
        .map(|(r, _)| Some((r.tac_eur_per_yr()?, co2(r)?)))
        .collect();
    let points = found
        .iter()
        .enumerate()
        .map(|(k, (r, cap))| ParetoPoint {
            point: k + 1,
            label: r.label.clone(),
            co2_cap_t_per_yr: *cap,
            status: r.status,
            reason: r.reason.clone(),
            summary: r.summary.clone(),
            dominated: objectives[k]
                .is_some_and(|a| objectives.iter().flatten().any(|&b| dominates(b, a))),
            seconds: r.seconds,
            design: r.design.clone(),
        })
        .collect();
    ParetoResult {
        hpsynth_version: env!("CARGO_PKG_VERSION"),
        study: "pareto",
        case: case_name.to_string(),
        seed,
        points,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dairy front's points 2 and 3 (docs/studies.md): one design solved under two bounds, TAC and CO2
    /// apart by rounding only (9e-10 EUR/yr, 2e-12 t/yr), dominate neither way; a design 1 EUR/yr dearer at
    /// the same CO2 is dominated, and a cheaper but dirtier one is not.
    #[test]
    fn rounding_is_no_dominance() {
        let a = (2_560_103.123_456_789, 560.612_345_678_9);
        let same = (a.0 + 9e-10, a.1 + 2e-12);
        assert!(!dominates(a, same) && !dominates(same, a));
        assert!(dominates(a, (a.0 + 1.0, a.1)));
        assert!(!dominates((a.0 - 100.0, a.1 + 1.0), a));
    }
}
