//! `hpsynth sweep`: the case re-optimised at every point of a grid over some of its own keys (edit.rs), with
//! the tipping points: where the design's structure changes, where it stops (or starts) pumping heat into
//! the process's heating, and where it stops (or starts) beating the site without a heat pump
//! (docs/studies.md).
//!
//! Each point is an independent run with the study's seed. The neighbours' best designs then serve as
//! warm starts: after all runs, every point also evaluates the designs its neighbours hold, their levels
//! re-sized at its own prices (the slave at the case's gap) and their plants as built and run, and keeps
//! the cheapest, in rounds until nothing changes, so a good design travels along the grid
//! ([`spread_designs`]). This is done in the finish, from the records, so a sharded sweep merges to the
//! same result as an unsharded one.
//!
//! A tipping point between points `a` and `b` of one key `v`, where the design changes from `A` to `B`, is
//! estimated where the two designs cost the same. Each is priced at the other point as it is built and run
//! at its own (machines and flows fixed, `SlaveSettings::fix_operation`), so its TAC is a line through its
//! two values when `v` is a price, and the crossing of `g(v) = TAC_A(v) - TAC_B(v)` is
//!
//! ```text
//! v* = v_a + (v_b - v_a) g_a / (g_a - g_b),   g_a = TAC_A(a) - TAC_B(a),   g_b = TAC_A(b) - TAC_B(b)
//! ```
//!
//! exact for a price that moves no heat between utilities (docs/studies.md checks it by hand), an
//! interpolation otherwise and for a key that moves the
//! streams. For where the heat pump stops (starts) paying, `B` (`A`) is the site without a heat pump.

use super::StudyError;
use super::edit::edited_case;
use super::record::{DesignSummary, JobRecord, JobStatus};
use super::run::Job;
use crate::case::Case;
use crate::master::BestDesign;
use crate::slave::{CycleChoice, SlaveSettings, evaluate_case_candidate};
use crate::units::celsius_to_kelvin;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// One swept key: `KEY=FROM:TO:N`, N points from FROM to TO inclusive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepAxis {
    pub key: String,
    pub from: f64,
    pub to: f64,
    pub points: usize,
}

impl SweepAxis {
    pub fn parse(text: &str) -> Result<SweepAxis, StudyError> {
        let fix = "give --set KEY=FROM:TO:N, e.g. --set electricity.price_eur_per_kwh=0.05:0.40:8";
        let (key, range) = text
            .split_once('=')
            .ok_or_else(|| StudyError::Input(format!("--set {text}: no '=' ({fix})")))?;
        let parts: Vec<&str> = range.split(':').collect();
        let [from, to, n] = parts.as_slice() else {
            return Err(StudyError::Input(format!(
                "--set {text}: not FROM:TO:N ({fix})"
            )));
        };
        let number = |s: &str| {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    StudyError::Input(format!("--set {text}: '{s}' is not a number ({fix})"))
                })
        };
        let points = n
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 2)
            .ok_or_else(|| {
                StudyError::Input(format!(
                    "--set {text}: N must be a whole number >= 2 ({fix})"
                ))
            })?;
        Ok(SweepAxis {
            key: key.trim().to_string(),
            from: number(from)?,
            to: number(to)?,
            points,
        })
    }

    /// The `i`-th value, rounded to 12 significant digits (0.15, not 0.15000000000000002).
    pub fn value(&self, i: usize) -> f64 {
        let v = self.from + (self.to - self.from) * i as f64 / (self.points - 1) as f64;
        format!("{v:.11e}").parse().unwrap_or(v)
    }
}

/// The points of the grid in order (the last key fastest), each as its index along every axis.
pub fn grid(axes: &[SweepAxis]) -> Vec<Vec<usize>> {
    let mut points = vec![Vec::new()];
    for axis in axes {
        points = points
            .into_iter()
            .flat_map(|p| {
                (0..axis.points).map(move |i| {
                    let mut q = p.clone();
                    q.push(i);
                    q
                })
            })
            .collect();
    }
    points
}

fn keys_at(axes: &[SweepAxis], at: &[usize]) -> Vec<(String, f64)> {
    axes.iter()
        .zip(at)
        .map(|(a, i)| (a.key.clone(), a.value(*i)))
        .collect()
}

fn label(keys: &[(String, f64)]) -> String {
    keys.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a sweep runs besides its points: the command line's GA budget of every run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepOptions {
    pub axes: Vec<SweepAxis>,
    pub population: Option<usize>,
    pub generations: Option<usize>,
}

/// The case at every point of `options`, each with the study's seed and GA budget; `case` must have been
/// read from TOML (the sweep edits its keys). A key the case refuses stops the study before any run.
pub fn cases_of(
    case: &Case,
    options: &SweepOptions,
    seed: u64,
) -> Result<Vec<(String, Case)>, StudyError> {
    let Some(source) = &case.toml else {
        return Err(StudyError::Input(format!(
            "case \"{}\" was not read from a case TOML: a sweep sets keys of the case file; write the case \
             as TOML (`hpsynth check` names its keys)",
            case.name
        )));
    };
    let cases = cases(&source.path, &source.text, &options.axes)?;
    Ok(cases
        .into_iter()
        .map(|(l, mut c)| {
            let o = &mut c.optimizer;
            o.seed = seed;
            o.population = options.population.unwrap_or(o.population);
            o.generations = options.generations.unwrap_or(o.generations);
            o.stall_generations = o.stall_generations.min(o.generations);
            (l, c)
        })
        .collect())
}

/// The case at every point; a key the case refuses stops the study before any run.
pub fn cases(
    path: &Path,
    text: &str,
    axes: &[SweepAxis],
) -> Result<Vec<(String, Case)>, StudyError> {
    grid(axes)
        .iter()
        .map(|at| {
            let keys = keys_at(axes, at);
            Ok((label(&keys), edited_case(path, text, &keys)?))
        })
        .collect()
}

/// The jobs: one run per point.
pub fn jobs(cases: &[(String, Case)]) -> Vec<Job> {
    cases
        .iter()
        .map(|(label, case)| Job::Optimise {
            label: label.clone(),
            case: Box::new(case.clone()),
            seeds: Vec::new(),
        })
        .collect()
}

/// One point of the sweep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepRow {
    pub label: String,
    /// The swept keys' values here.
    pub values: Vec<f64>,
    pub status: JobStatus,
    pub reason: Option<String>,
    pub summary: Option<DesignSummary>,
    /// The point whose run found the levels of the design this point kept, when it beat the point's own
    /// run (it can be this point: its own levels, sized at a neighbour).
    pub from_neighbour: Option<String>,
    /// Where the kept plant was sized, when it is kept as built there (machines and flows) rather than
    /// re-sized at this point.
    pub sized_at: Option<String>,
    /// Whether the design beats the site without a heat pump (or the existing site).
    pub beats_site: Option<bool>,
    /// Whether the design pumps heat into the process's heating (its site buys less fuel than the site
    /// without a heat pump), or only refrigerates.
    pub pumps_heat: Option<bool>,
    pub seconds: f64,
    pub design: Option<serde_json::Value>,
}

/// Where the answer changes between two neighbouring points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TippingPoint {
    /// "structure" (fluid or machines change), "stops-pumping-heat" or "starts-pumping-heat", "stops-paying"
    /// or "starts-paying".
    pub kind: &'static str,
    pub key: String,
    pub from_label: String,
    pub to_label: String,
    pub from_value: f64,
    pub to_value: f64,
    /// The value of the key where the two designs (or the design and the site) cost the same, each built and
    /// run as at its own point; `None` when they do not cross between the points or cannot be priced there.
    pub estimate: Option<f64>,
    pub detail: String,
}

/// `hpsynth sweep --json`, and `sweep.json` in `--out`.
#[derive(Clone, Debug, Serialize)]
pub struct SweepResult {
    pub hpsynth_version: &'static str,
    pub study: &'static str,
    pub case: String,
    pub seed: u64,
    pub axes: Vec<SweepAxis>,
    pub rows: Vec<SweepRow>,
    pub tipping_points: Vec<TippingPoint>,
}

/// The sweep's result from its records: neighbours' designs tried at every point, then the tipping points.
pub fn finish(
    cases: &[(String, Case)],
    axes: &[SweepAxis],
    seed: u64,
    records: &[JobRecord],
) -> SweepResult {
    let points = grid(axes);
    let kept = spread_designs(cases, &points, records);
    let rows: Vec<SweepRow> = points
        .iter()
        .enumerate()
        .map(|(i, at)| {
            let own = &records[i];
            let r = &kept[i].record;
            let s = r.summary.clone();
            SweepRow {
                label: own.label.clone(),
                values: keys_at(axes, at).into_iter().map(|(_, v)| v).collect(),
                status: r.status,
                reason: r.reason.clone(),
                beats_site: s.as_ref().and_then(DesignSummary::beats_site),
                pumps_heat: s.as_ref().and_then(DesignSummary::pumps_heat),
                summary: s,
                from_neighbour: kept[i].from.clone(),
                sized_at: kept[i].sized_at.clone(),
                seconds: own.seconds,
                design: r.design.clone(),
            }
        })
        .collect();
    SweepResult {
        hpsynth_version: env!("CARGO_PKG_VERSION"),
        study: "sweep",
        case: cases.first().map_or(String::new(), |c| c.1.name.clone()),
        seed,
        axes: axes.to_vec(),
        tipping_points: tipping_points(cases, axes, &points, &rows, &kept),
        rows,
    }
}

/// A point's design after its neighbours' designs were tried: its record, the point whose run found it when
/// that is another, and the design whole (a record read from a run holds only its summary: [`whole_at`]
/// solves its levels again, once, which gives the run's design).
#[derive(Clone)]
struct Kept {
    record: JobRecord,
    from: Option<String>,
    /// Where the plant was sized, when it is kept as built there rather than re-sized here.
    sized_at: Option<String>,
    whole: OnceLock<Option<Arc<BestDesign>>>,
}

/// Each point's design after its neighbours' designs have been tried: in rounds, every point evaluates the
/// design each neighbour holds, twice: its levels re-sized here (the slave free at this point's prices),
/// and the neighbour's plant as built and run there, priced here (`SlaveSettings::fix_operation`; the
/// re-sized slave can miss it, its exchangers charged by a linear proxy of the price the design is given),
/// and keeps the cheapest, until a round changes nothing. A good design so travels along the grid as far as
/// it stays the cheapest. A round reads only the previous round's designs, so the result does not depend on
/// the order of the points; each design is tried at a point once.
fn spread_designs(
    cases: &[(String, Case)],
    points: &[Vec<usize>],
    records: &[JobRecord],
) -> Vec<Kept> {
    use rayon::prelude::*;
    use std::collections::BTreeSet;
    let neighbours = grid_neighbours(points);
    let mut kept: Vec<Kept> = records
        .iter()
        .map(|r| Kept {
            record: r.clone(),
            from: None,
            sized_at: None,
            whole: OnceLock::new(),
        })
        .collect();
    let mut tried: Vec<BTreeSet<String>> = kept
        .iter()
        .map(|k| k.record.summary.iter().map(resized_key).collect())
        .collect();
    // Every import lowers a point's TAC, so the rounds end; the bound is a guard.
    for _ in 0..=2 * points.len() {
        let round: Vec<(Option<Kept>, Vec<String>)> = (0..points.len())
            .into_par_iter()
            .map(|i| best_import(i, &neighbours[i], cases, records, &kept, &tried[i]))
            .collect();
        let mut changed = false;
        for (i, (better, keys)) in round.into_iter().enumerate() {
            tried[i].extend(keys);
            if let Some(b) = better {
                kept[i] = b;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    kept
}

/// The points one step away from each point of the grid.
fn grid_neighbours(points: &[Vec<usize>]) -> Vec<Vec<usize>> {
    points
        .iter()
        .map(|at| {
            (0..points.len())
                .filter(|&j| {
                    at.iter()
                        .zip(&points[j])
                        .map(|(a, b)| a.abs_diff(*b))
                        .sum::<usize>()
                        == 1
                })
                .collect()
        })
        .collect()
}

/// What identifies a design re-sized at a point: its fluids, levels and dT_min/2.
fn resized_key(s: &DesignSummary) -> String {
    format!(
        "{:?}/{:?}/{}",
        s.fluids, s.levels_c, s.refrigerant_dt_min_half_k
    )
}

/// One round at point `i`: each neighbour's design, re-sized here and as built there, unless tried
/// before; the cheapest that beats what the point holds, and the keys tried.
fn best_import(
    i: usize,
    neighbours: &[usize],
    cases: &[(String, Case)],
    records: &[JobRecord],
    kept: &[Kept],
    tried: &std::collections::BTreeSet<String>,
) -> (Option<Kept>, Vec<String>) {
    let mut best: Option<Kept> = None;
    let mut keys = Vec::new();
    for &j in neighbours {
        let Some(s) = kept[j].record.summary.as_ref() else {
            continue;
        };
        let resized = resized_key(s);
        let as_run = format!(
            "{resized} as run at {} for {:x}",
            records[j].label,
            s.tac_eur_per_yr.to_bits()
        );
        for (key, here_as_run) in [(resized, false), (as_run, true)] {
            if tried.contains(&key) || keys.contains(&key) {
                continue;
            }
            keys.push(key);
            let whole = if here_as_run {
                whole_at(&cases[j].1, &kept[j]).and_then(|built| priced_as_run(&built, &cases[i].1))
            } else {
                solved_at(&cases[i].1, s)
            };
            let Some(whole) = whole else {
                continue;
            };
            let record = JobRecord::designed(i, &cases[i].0, &cases[i].1, &whole, None);
            let to_beat = best
                .as_ref()
                .unwrap_or(&kept[i])
                .record
                .tac_eur_per_yr()
                .unwrap_or(f64::INFINITY);
            if record.tac_eur_per_yr().is_some_and(|t| t < to_beat) {
                // Named after the point whose run found the design.
                let from = kept[j]
                    .from
                    .clone()
                    .unwrap_or_else(|| records[j].label.clone());
                let sized_at = here_as_run.then(|| {
                    kept[j]
                        .sized_at
                        .clone()
                        .unwrap_or_else(|| records[j].label.clone())
                });
                best = Some(Kept {
                    record,
                    from: Some(from),
                    sized_at,
                    whole: OnceLock::from(Some(Arc::new(whole))),
                });
            }
        }
    }
    (best, keys)
}

/// A design's levels (its fluids, levels and dT_min/2) solved by the slave at a point; `None` without a
/// design. Solved as the optimizer returns a design (master/engine.rs): at the case's gap and at the
/// screening gap, the cheaper of the two (the network is priced after the MILP, so the tighter solve can be
/// dearer), so the point's design is the one its row reports.
fn solved_at(case: &Case, s: &DesignSummary) -> Option<BestDesign> {
    let cycles = cycle_choices(s);
    let mut exact = SlaveSettings::from_case(case);
    exact.dt_min_half_k = s.refrigerant_dt_min_half_k;
    let mut screening = exact.clone();
    screening.solve.mip_rel_gap = case
        .optimizer
        .screening_mip_gap
        .max(exact.solve.mip_rel_gap);
    let objective = case.optimizer.objective;
    let solve = |settings: &SlaveSettings| {
        let (superstructures, evaluation) =
            evaluate_case_candidate(case, &cycles, settings).ok()?;
        let value = evaluation.design.as_ref()?.objective_value(objective);
        Some((value, superstructures, evaluation))
    };
    let (_, superstructures, evaluation) = match (solve(&exact), solve(&screening)) {
        (Some(x), Some(s)) if s.0 < x.0 => s,
        (Some(x), _) => x,
        (None, s) => s?,
    };
    Some(BestDesign {
        cycles,
        superstructures,
        evaluation,
    })
}

/// The design a point holds, whole; solved on first use, shared by the neighbours and the tipping points.
fn whole_at(case: &Case, kept: &Kept) -> Option<Arc<BestDesign>> {
    kept.whole
        .get_or_init(|| solved_at(case, kept.record.summary.as_ref()?).map(Arc::new))
        .clone()
}

/// A design built and run as it is (machines and flows fixed), priced on another case; `None` if the
/// other case cannot run it.
fn priced_as_run(built: &BestDesign, other: &Case) -> Option<BestDesign> {
    let design = built.evaluation.design.as_ref()?;
    let mut settings = SlaveSettings::from_case(other);
    settings.dt_min_half_k = built.evaluation.dt_min_half_k;
    settings.fix_operation(&built.superstructures, design);
    let (superstructures, evaluation) =
        evaluate_case_candidate(other, &built.cycles, &settings).ok()?;
    evaluation.design.as_ref()?;
    Some(BestDesign {
        cycles: built.cycles.clone(),
        superstructures,
        evaluation,
    })
}

/// Changes between neighbouring points along each axis.
fn tipping_points(
    cases: &[(String, Case)],
    axes: &[SweepAxis],
    points: &[Vec<usize>],
    rows: &[SweepRow],
    kept: &[Kept],
) -> Vec<TippingPoint> {
    let mut found = Vec::new();
    for (i, at) in points.iter().enumerate() {
        for (k, axis) in axes.iter().enumerate() {
            let mut next = at.clone();
            next[k] += 1;
            let Some(j) = points.iter().position(|p| *p == next) else {
                continue;
            };
            found.extend(tips_between(
                axis,
                k,
                (&rows[i], &rows[j]),
                (&cases[i].1, &cases[j].1),
                (&kept[i], &kept[j]),
            ));
        }
    }
    found
}

/// The tipping points between two neighbouring points `a` and `b` (one step along axis `k`), with their
/// cases and designs.
fn tips_between(
    axis: &SweepAxis,
    k: usize,
    (a, b): (&SweepRow, &SweepRow),
    (ca, cb): (&Case, &Case),
    (ka, kb): (&Kept, &Kept),
) -> Vec<TippingPoint> {
    let mut found = Vec::new();
    let (va, vb) = (a.values[k], b.values[k]);
    let tip = |kind, crossing: Option<Crossing>| TippingPoint {
        kind,
        key: axis.key.clone(),
        from_label: a.label.clone(),
        to_label: b.label.clone(),
        from_value: va,
        to_value: vb,
        estimate: crossing.as_ref().and_then(|c| c.within(va, vb)),
        detail: crossing.map_or_else(
            || "the designs could not be priced at each other's point".to_string(),
            |c| c.describe(va, vb),
        ),
    };
    let (Some(sa), Some(sb)) = (&a.summary, &b.summary) else {
        return found;
    };
    let priced_at = |own: &Case, k: &Kept, other: &Case| -> Option<(f64, f64)> {
        let built = whole_at(own, k)?;
        let there = priced_as_run(&built, other)?;
        Some((tac_of(&built)?, tac_of(&there)?))
    };
    // Solved once, for a structure and a pumping tip alike.
    let crossing = std::cell::OnceCell::new();
    let designs_cross = || {
        crossing
            .get_or_init(|| {
                let (a_at_a, a_at_b) = priced_at(ca, ka, cb)?;
                let (b_at_b, b_at_a) = priced_at(cb, kb, ca)?;
                Some(Crossing {
                    what: "TAC of the first design minus the second's",
                    g_a: a_at_a - b_at_a,
                    g_b: a_at_b - b_at_b,
                })
            })
            .clone()
    };
    if sa.fluids != sb.fluids || sa.topology != sb.topology {
        let mut t = tip("structure", designs_cross());
        t.detail = format!("{}; {}", structure_change(sa, sb), t.detail);
        found.push(t);
    }
    if let (Some(pa), Some(pb)) = (a.pumps_heat, b.pumps_heat)
        && pa != pb
    {
        let kind = if pa {
            "stops-pumping-heat"
        } else {
            "starts-pumping-heat"
        };
        found.push(tip(kind, designs_cross()));
    }
    if let (Some(pa), Some(pb)) = (a.beats_site, b.beats_site)
        && pa != pb
    {
        // The design that beats the site, against the site, at both points.
        let versus_site = || {
            let (site_a, site_b) = (sa.site_tac_eur_per_yr?, sb.site_tac_eur_per_yr?);
            let (d_at_a, d_at_b) = if pa {
                priced_at(ca, ka, cb)?
            } else {
                let (at_b, at_a) = priced_at(cb, kb, ca)?;
                (at_a, at_b)
            };
            Some(Crossing {
                what: "TAC of the paying design minus the site's",
                g_a: d_at_a - site_a,
                g_b: d_at_b - site_b,
            })
        };
        let kind = if pa { "stops-paying" } else { "starts-paying" };
        found.push(tip(kind, versus_site()));
    }
    found
}

/// `g` at the two points of a tipping point: the difference of two TAC lines.
#[derive(Clone, Debug, PartialEq)]
struct Crossing {
    what: &'static str,
    g_a: f64,
    g_b: f64,
}

impl Crossing {
    /// `v* = v_a + (v_b - v_a) g_a / (g_a - g_b)` when the sign of `g` changes between the points (or it is
    /// zero at one); `None` otherwise.
    fn within(&self, va: f64, vb: f64) -> Option<f64> {
        let (ga, gb) = (self.g_a, self.g_b);
        (ga.is_finite() && gb.is_finite() && ga != gb && ga * gb <= 0.0)
            .then(|| va + (vb - va) * ga / (ga - gb))
    }

    fn describe(&self, va: f64, vb: f64) -> String {
        format!(
            "{} (each built and run as at its own point): {:.0} EUR/yr at {va}, {:.0} EUR/yr at {vb}{}",
            self.what,
            self.g_a,
            self.g_b,
            if self.within(va, vb).is_none() {
                "; they do not cross between the points"
            } else {
                ""
            }
        )
    }
}

fn tac_of(d: &BestDesign) -> Option<f64> {
    Some(d.evaluation.design.as_ref()?.costs.tac_eur_per_yr)
}

fn cycle_choices(s: &DesignSummary) -> Vec<CycleChoice> {
    s.fluids
        .iter()
        .zip(&s.levels_c)
        .map(|(f, l)| CycleChoice {
            fluid: f.clone(),
            levels_k: l.iter().map(|t| celsius_to_kelvin(*t)).collect(),
        })
        .collect()
}

fn structure_change(a: &DesignSummary, b: &DesignSummary) -> String {
    if a.fluids != b.fluids {
        return format!("fluid {} -> {}", a.fluids.join("+"), b.fluids.join("+"));
    }
    let gone: Vec<&String> = a
        .topology
        .iter()
        .filter(|m| !b.topology.contains(m))
        .collect();
    let new: Vec<&String> = b
        .topology
        .iter()
        .filter(|m| !a.topology.contains(m))
        .collect();
    format!(
        "machines removed: {}; added: {}",
        if gone.is_empty() {
            "none".into()
        } else {
            gone.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        },
        if new.is_empty() {
            "none".into()
        } else {
            new.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_axis_is_read_and_the_grid_runs_the_last_key_fastest() {
        let a = SweepAxis::parse("electricity.price_eur_per_kwh=0.05:0.25:5").unwrap();
        assert_eq!((a.points, a.value(0), a.value(4)), (5, 0.05, 0.25));
        assert!((a.value(2) - 0.15).abs() < 1e-12);
        let b = SweepAxis::parse("economics.co2_price_eur_per_t=0:100:2").unwrap();
        assert_eq!(
            grid(&[a.clone(), b])
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>(),
            vec![vec![0, 0], vec![0, 1], vec![1, 0]]
        );
        for bad in ["x", "k=1:2", "k=1:2:1", "k=a:2:3"] {
            let e = SweepAxis::parse(bad).unwrap_err().to_string();
            assert!(e.contains("--set"), "{e}");
        }
    }

    /// The dairy's stops-pumping-heat tip (docs/studies.md): g = -3 787 EUR/yr at 9.00 and +104 at 9.25
    /// cross at 9.00 + 0.25 x 3 787 / 3 891 = 9.2433; two lines that keep their order do not cross.
    #[test]
    fn two_lines_cross_where_their_difference_changes_sign() {
        let g = |g_a, g_b| Crossing { what: "", g_a, g_b };
        let v = g(-3787.0, 104.0).within(9.0, 9.25).unwrap();
        assert!((v - (9.0 + 0.25 * 3787.0 / 3891.0)).abs() < 1e-12, "{v}");
        assert_eq!(g(29950.0, 184295.0).within(2.75, 3.0), None);
        assert_eq!(g(-1.0, -1.0).within(0.0, 1.0), None);
        assert_eq!(g(0.0, 5.0).within(0.0, 1.0), Some(0.0));
        assert!(g(1.0, 2.0).describe(0.0, 1.0).contains("do not cross"));
    }
}
