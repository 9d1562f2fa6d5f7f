//! The search over structures: for every stage count and MILP approach (EMAT) of a sweep, a sequence of
//! MILPs whose linear area cost is re-estimated from the previous structure's NLP optimum, each MILP cut
//! off from the structures already visited; every structure's temperatures and duties optimised by the NLP
//! at the exact cost; then, on the best networks, unit removal (drop a unit, re-optimise, keep if cheaper)
//! until no removal pays. A local method for a nonconvex MINLP: the sweep and the cuts are its
//! multi-start, and [`SearchLog`] says which start gave the network.

use super::area_cost::lmtd;
use super::ipopt::IpoptSettings;
use super::milp::{LinearAreaCost, MilpInput, solve_milp};
use super::nlp::StructureNlp;
use super::problem::HensProblem;
use super::result::checks;
use super::structure::{Point, Structure, cost_parts, unit_states};
use crate::solver::{Outcome, SolveSettings};
use rayon::prelude::*;
use serde::Serialize;
use std::time::Instant;

/// How hard to search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SynthesisSettings {
    /// Stage counts to try (empty: max(hot streams, cold streams), Yee & Grossmann's choice).
    pub stages: Vec<usize>,
    /// The MILP's minimum approaches (K): each is a start of the search.
    pub emat_sweep_k: Vec<f64>,
    /// The NLP's (and the network's) minimum approach temperature (K).
    pub dt_min_k: f64,
    /// MILP-NLP rounds per stage count and EMAT.
    pub rounds: usize,
    /// Node limit of each MILP (HiGHS's mip_max_nodes): a work limit, so that a search gives the same
    /// network on a busy machine as on an idle one.
    pub milp_max_nodes: i32,
    /// Time limit of each MILP (s), a safety net above what the node limit takes (if it ever binds, the
    /// run is no longer reproducible: the log's `milp_time_limits` counts such MILPs).
    pub milp_time_limit_s: f64,
    /// Relative gap at which an MILP stops: its area cost is an estimate, so proving its optimum closer
    /// than the estimate's own error buys nothing.
    pub milp_gap: f64,
}

impl Default for SynthesisSettings {
    fn default() -> Self {
        SynthesisSettings {
            stages: Vec::new(),
            emat_sweep_k: vec![2.5, 5.0, 10.0, 15.0, 20.0, 25.0],
            dt_min_k: 1.0,
            rounds: 6,
            milp_max_nodes: 500,
            milp_time_limit_s: 60.0,
            milp_gap: 0.02,
        }
    }
}

/// A finite number above zero (NaN is not).
fn positive(x: f64) -> bool {
    x.is_finite() && x > 0.0
}

impl SynthesisSettings {
    /// What makes the settings unusable, naming the key and the fix.
    pub fn check(&self) -> Result<(), String> {
        if self.stages.contains(&0) {
            return Err("stages: a stage count must be at least 1".into());
        }
        if self.emat_sweep_k.is_empty()
            || self
                .emat_sweep_k
                .iter()
                .any(|e| !(e.is_finite() && *e >= 0.0))
        {
            return Err(
                "emat_k: give at least one minimum approach >= 0 (K; 0 leaves only the streams' own)"
                    .into(),
            );
        }
        if !positive(self.dt_min_k) {
            return Err("dt_min_k: the network's minimum approach must be positive (K)".into());
        }
        if self.milp_max_nodes < 1 {
            return Err("milp_max_nodes: at least 1".into());
        }
        if self.rounds == 0 {
            return Err("rounds: at least 1".into());
        }
        let gap_ok = self.milp_gap.is_finite() && self.milp_gap >= 0.0;
        if !(positive(self.milp_time_limit_s) && gap_ok) {
            return Err("milp_time_limit_s must be positive and milp_gap >= 0".into());
        }
        Ok(())
    }
}

/// One structure the search visited and what the NLP made of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Visit {
    pub stages: usize,
    pub emat_k: f64,
    pub round: usize,
    pub units: usize,
    /// The TAC at the NLP's optimum (None: the NLP failed).
    pub tac_per_yr: Option<f64>,
}

/// How the search went.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SearchLog {
    pub visits: Vec<Visit>,
    pub milps: usize,
    /// MILPs stopped by their time limit rather than their node limit (then the run may differ on
    /// another machine or load).
    pub milp_time_limits: usize,
    pub nlps: usize,
    /// The start (stages, EMAT, round) of the best network, before unit removal.
    pub best_start: Option<(usize, f64, usize)>,
    /// Units removed by the final local search.
    pub units_removed: usize,
    pub seconds: f64,
}

/// A structure at its NLP optimum.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub structure: Structure,
    pub point: Point,
    pub tac_per_yr: f64,
}

/// Optimises `structure` from `point`, dropping units the NLP empties, until none is empty.
pub fn optimise_structure(
    problem: &HensProblem,
    structure: &Structure,
    point: &Point,
    dt_min_k: f64,
) -> Option<Candidate> {
    let mut structure = structure.clone();
    let mut point = point.clone();
    for _ in 0..4 {
        let mut nlp = StructureNlp::new(problem, &structure, dt_min_k);
        let start = nlp.start(&point);
        match nlp.solve(&start, &IpoptSettings::default()) {
            Ok(solution) if solution.converged() => point = nlp.point(&solution.x),
            // No freedom left (every temperature fixed by the balances: Ipopt reports too few degrees of
            // freedom) or a failed NLP: the start itself, if it is a network, is the structure's point.
            _ => return as_is(problem, structure, point, dt_min_k),
        }
        let (pruned, pruned_point) = drop_empty_units(problem, &structure, &point);
        if pruned == structure {
            let units = unit_states(problem, &structure, &point);
            let tac = cost_parts(problem, &units).total_per_yr;
            return Some(Candidate {
                structure,
                point,
                tac_per_yr: tac,
            });
        }
        structure = pruned;
        point = pruned_point;
    }
    None
}

/// `structure` at `point` unchanged, if that is a network (balances closed, approaches kept).
fn as_is(
    problem: &HensProblem,
    structure: Structure,
    point: Point,
    dt_min_k: f64,
) -> Option<Candidate> {
    let units = unit_states(problem, &structure, &point);
    if !checks(problem, &units, dt_min_k).pass {
        return None;
    }
    let tac = cost_parts(problem, &units).total_per_yr;
    Some(Candidate {
        structure,
        point,
        tac_per_yr: tac,
    })
}

/// The structure without its units of (numerically) zero duty.
fn drop_empty_units(problem: &HensProblem, s: &Structure, p: &Point) -> (Structure, Point) {
    let smallest = problem
        .hot
        .iter()
        .chain(&problem.cold)
        .map(|x| x.duty_w())
        .fold(f64::INFINITY, f64::min);
    let empty = |q: f64| q < 1e-6 * smallest;
    let keep: Vec<bool> = p.q_match_w.iter().map(|q| !empty(*q)).collect();
    let structure = Structure {
        stages: s.stages,
        matches: s
            .matches
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(m, _)| *m)
            .collect(),
        coolers: s
            .coolers
            .iter()
            .zip(&p.q_cooler_w)
            .map(|(on, q)| *on && !empty(*q))
            .collect(),
        heaters: s
            .heaters
            .iter()
            .zip(&p.q_heater_w)
            .map(|(on, q)| *on && !empty(*q))
            .collect(),
    };
    let point = Point {
        q_match_w: p
            .q_match_w
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(q, _)| *q)
            .collect(),
        ..p.clone()
    };
    (structure, point)
}

/// The first estimate of the area cost per W: each unit at a mean approach of the two sides' mean
/// temperatures (at least twice EMAT), at half the smaller duty (for the secant of the area cost).
fn initial_area_cost(problem: &HensProblem, stages: usize, emat_k: f64) -> LinearAreaCost {
    let mean = |t_in: f64, t_out: f64| 0.5 * (t_in + t_out);
    let per_w = |q: f64, dt: f64, hot: Option<usize>, cold: Option<usize>| {
        let spec = problem.unit_spec(hot, cold);
        let area = q / (spec.u_w_per_m2k * dt.max(2.0 * emat_k + spec.dt_extra_k));
        spec.cost.variable(area, 0.0) / q
    };
    let recovery = problem
        .hot
        .iter()
        .enumerate()
        .map(|(i, h)| {
            problem
                .cold
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    let q = 0.5 * h.duty_w().min(c.duty_w());
                    let dt = mean(h.t_in_k, h.t_out_k) - mean(c.t_in_k, c.t_out_k);
                    vec![per_w(q, dt, Some(i), Some(j)); stages]
                })
                .collect()
        })
        .collect();
    let cooler = problem
        .hot
        .iter()
        .enumerate()
        .map(|(i, h)| match &problem.cold_utility {
            Some(cu) => {
                let dt = mean(h.t_in_k, h.t_out_k) - mean(cu.t_in_k, cu.t_out_k);
                per_w(0.5 * h.duty_w(), dt, Some(i), None)
            }
            None => 0.0,
        })
        .collect();
    let heater = problem
        .cold
        .iter()
        .enumerate()
        .map(|(j, c)| match &problem.hot_utility {
            Some(hu) => {
                let dt = mean(hu.t_in_k, hu.t_out_k) - mean(c.t_in_k, c.t_out_k);
                per_w(0.5 * c.duty_w(), dt, None, Some(j))
            }
            None => 0.0,
        })
        .collect();
    LinearAreaCost {
        recovery,
        cooler,
        heater,
    }
}

/// The area cost per W of each unit of `candidate` at its optimum replaces the estimate.
fn update_area_cost(problem: &HensProblem, cost: &mut LinearAreaCost, candidate: &Candidate) {
    for unit in unit_states(problem, &candidate.structure, &candidate.point) {
        if unit.q_w <= 0.0 {
            continue;
        }
        let law = problem.unit_spec(unit.hot, unit.cold).cost;
        let (dt1, dt2) = unit.approaches_k();
        let area = unit.q_w / (unit.u_w_per_m2k * lmtd(dt1, dt2));
        let per_w = law.variable(area, 0.0) / unit.q_w;
        match (unit.hot, unit.cold, unit.stage) {
            (Some(i), Some(j), Some(k)) => cost.recovery[i][j][k] = per_w,
            (Some(i), None, _) => cost.cooler[i] = per_w,
            (None, Some(j), _) => cost.heater[j] = per_w,
            _ => {}
        }
    }
}

/// One start: rounds of MILP and NLP at one stage count and EMAT.
fn run_start(
    problem: &HensProblem,
    stages: usize,
    emat_k: f64,
    settings: &SynthesisSettings,
) -> (Vec<(Visit, Option<Candidate>)>, usize, usize) {
    let mut area_cost = initial_area_cost(problem, stages, emat_k);
    let mut visited: Vec<Structure> = Vec::new();
    let mut out = Vec::new();
    let milp_settings = SolveSettings {
        time_limit_s: settings.milp_time_limit_s,
        mip_rel_gap: settings.milp_gap,
        mip_max_nodes: Some(settings.milp_max_nodes),
        ..SolveSettings::default()
    };
    let mut milps = 0;
    let mut time_limited = 0;
    for round in 0..settings.rounds {
        let input = MilpInput {
            problem,
            stages,
            emat_k,
            area_cost: &area_cost,
            visited: &visited,
            settings: &milp_settings,
        };
        milps += 1;
        let (structure, point, outcome) = match solve_milp(&input) {
            Ok(solved) => solved,
            Err(outcome) => {
                time_limited += usize::from(outcome == Outcome::TimeLimitedWithoutSolution);
                break;
            }
        };
        time_limited += usize::from(outcome == Outcome::TimeLimited);
        let candidate = optimise_structure(problem, &structure, &point, settings.dt_min_k);
        visited.push(structure.clone());
        if let Some(c) = &candidate {
            update_area_cost(problem, &mut area_cost, c);
        }
        out.push((
            Visit {
                stages,
                emat_k,
                round,
                units: candidate
                    .as_ref()
                    .map_or(structure.unit_count(), |c| c.structure.unit_count()),
                tac_per_yr: candidate.as_ref().map(|c| c.tac_per_yr),
            },
            candidate,
        ));
    }
    (out, milps, time_limited)
}

/// Removes single units while that lowers the TAC (each removal re-optimised by the NLP).
fn remove_units(problem: &HensProblem, mut best: Candidate, dt_min_k: f64) -> (Candidate, usize) {
    let mut removed = 0;
    loop {
        let mut improved = None;
        let units = best.structure.unit_count();
        for drop in 0..units {
            let (s, p) = without_unit(&best.structure, &best.point, drop);
            if let Some(c) = optimise_structure(problem, &s, &p, dt_min_k)
                && c.tac_per_yr < best.tac_per_yr * (1.0 - 1e-9)
                && improved
                    .as_ref()
                    .is_none_or(|b: &Candidate| c.tac_per_yr < b.tac_per_yr)
            {
                improved = Some(c);
            }
        }
        match improved {
            Some(c) => {
                removed += best.structure.unit_count() - c.structure.unit_count();
                best = c;
            }
            None => return (best, removed),
        }
    }
}

/// `s` without its unit number `index` (matches, then coolers, then heaters, in order).
fn without_unit(s: &Structure, p: &Point, index: usize) -> (Structure, Point) {
    let mut s = s.clone();
    let mut p = p.clone();
    if index < s.matches.len() {
        s.matches.remove(index);
        p.q_match_w.remove(index);
        return (s, p);
    }
    let mut rest = index - s.matches.len();
    for on in s.coolers.iter_mut().chain(s.heaters.iter_mut()) {
        if *on {
            if rest == 0 {
                *on = false;
                return (s, p);
            }
            rest -= 1;
        }
    }
    (s, p)
}

/// The stage counts of a search.
pub fn stage_counts(problem: &HensProblem, settings: &SynthesisSettings) -> Vec<usize> {
    if settings.stages.is_empty() {
        let n = problem.hot.len().max(problem.cold.len()).max(1);
        vec![n]
    } else {
        settings.stages.clone()
    }
}

/// Searches for the cheapest network; `None` when no start gave a feasible network.
pub fn search(
    problem: &HensProblem,
    settings: &SynthesisSettings,
) -> (Option<Candidate>, SearchLog) {
    let clock = Instant::now();
    let starts: Vec<(usize, f64)> = stage_counts(problem, settings)
        .into_iter()
        .flat_map(|k| settings.emat_sweep_k.iter().map(move |e| (k, *e)))
        .collect();
    let runs: Vec<_> = starts
        .par_iter()
        .map(|&(k, e)| run_start(problem, k, e, settings))
        .collect();
    let mut log = SearchLog::default();
    let mut candidates: Vec<(Candidate, (usize, f64, usize))> = Vec::new();
    for (visits, milps, time_limited) in runs {
        log.milps += milps;
        log.milp_time_limits += time_limited;
        for (visit, candidate) in visits {
            log.nlps += 1;
            if let Some(c) = candidate {
                candidates.push((c, (visit.stages, visit.emat_k, visit.round)));
            }
            log.visits.push(visit);
        }
    }
    // Unit removal from the best few distinct structures (ties keep the earlier start: deterministic).
    candidates.sort_by(|a, b| a.0.tac_per_yr.total_cmp(&b.0.tac_per_yr));
    candidates.dedup_by(|a, b| a.0.structure == b.0.structure);
    let polished: Vec<(Candidate, usize, (usize, f64, usize))> = candidates
        .into_par_iter()
        .take(5)
        .map(|(c, start)| {
            let (c, removed) = remove_units(problem, c, settings.dt_min_k);
            (c, removed, start)
        })
        .collect();
    let best = polished
        .into_iter()
        .min_by(|a, b| a.0.tac_per_yr.total_cmp(&b.0.tac_per_yr));
    log.seconds = clock.elapsed().as_secs_f64();
    match best {
        Some((c, removed, start)) => {
            log.units_removed = removed;
            log.best_start = Some(start);
            (Some(c), log)
        }
        None => (None, log),
    }
}
