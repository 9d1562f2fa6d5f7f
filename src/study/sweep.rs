//! `hpsynth sweep`: the case re-optimised at every point of a grid over some of its own keys (edit.rs), with
//! the tipping points: where the design's structure changes, and where the heat pump stops (or starts)
//! beating the site without one (docs/studies.md).
//!
//! Each point is an independent run with the study's seed. The neighbours' best designs then serve as
//! warm starts: after all runs, every point also evaluates the designs its neighbours hold (same fluids,
//! levels and dT_min/2, its own prices; the slave at the case's gap) and keeps the cheapest, in rounds until
//! nothing changes, so a good design travels along the grid ([`spread_designs`]). This is done in the
//! finish, from the records, so a sharded sweep merges to the same result as an unsharded one.
//!
//! Where the heat pump stops paying between two points `a` and `b` of one key `v`, the crossing of
//! `g(v) = TAC_design(v) - TAC_site(v)` is estimated by linear interpolation,
//! `v* = v_a + (v_b - v_a) g_a / (g_a - g_b)`; exact when both TACs are linear in `v` between the points
//! and the design does not change (an energy price with the design fixed: docs/studies.md checks it by hand).

use super::StudyError;
use super::edit::edited_case;
use super::record::{DesignSummary, JobRecord, JobStatus};
use super::run::Job;
use crate::case::Case;
use crate::master::BestDesign;
use crate::slave::{CycleChoice, SlaveSettings, evaluate_candidate};
use crate::units::celsius_to_kelvin;
use serde::{Deserialize, Serialize};
use std::path::Path;

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
    /// The neighbour whose design this point kept, when it beat the point's own run.
    pub from_neighbour: Option<String>,
    /// Whether the design beats the site without a heat pump (or the existing site).
    pub beats_site: Option<bool>,
    pub seconds: f64,
    pub design: Option<serde_json::Value>,
}

/// Where the answer changes between two neighbouring points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TippingPoint {
    /// "structure" (fluid or machines change), "stops-paying" or "starts-paying".
    pub kind: &'static str,
    pub key: String,
    pub from_label: String,
    pub to_label: String,
    pub from_value: f64,
    pub to_value: f64,
    /// For a change of paying: the interpolated value of the key where the design's TAC meets the site's.
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
            let kept = kept[i].clone();
            let (r, from_neighbour) = kept;
            let s = r.summary.clone();
            SweepRow {
                label: own.label.clone(),
                values: keys_at(axes, at).into_iter().map(|(_, v)| v).collect(),
                status: r.status,
                reason: r.reason.clone(),
                beats_site: s.as_ref().and_then(DesignSummary::beats_site),
                summary: s,
                from_neighbour,
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
        tipping_points: tipping_points(axes, &points, &rows),
        rows,
    }
}

/// A point's design, with the point whose run found it when that is another.
type Kept = (JobRecord, Option<String>);

/// Each point's design after its neighbours' designs have been tried: in rounds, every point evaluates the
/// design each neighbour holds (its own run's, or one it took from its own neighbour in an earlier round)
/// and keeps the cheapest, until a round changes nothing. A good design so travels along the grid as far as
/// it stays the cheapest. A round reads only the previous round's designs, so the result does not depend
/// on the order of the points; each design is tried at a point once.
fn spread_designs(
    cases: &[(String, Case)],
    points: &[Vec<usize>],
    records: &[JobRecord],
) -> Vec<Kept> {
    use rayon::prelude::*;
    use std::collections::BTreeSet;
    let neighbours: Vec<Vec<usize>> = points
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
        .collect();
    let key = |s: &DesignSummary| {
        format!(
            "{:?}/{:?}/{}",
            s.fluids, s.levels_c, s.refrigerant_dt_min_half_k
        )
    };
    let mut kept: Vec<(JobRecord, Option<String>)> =
        records.iter().map(|r| (r.clone(), None)).collect();
    let mut tried: Vec<BTreeSet<String>> = kept
        .iter()
        .map(|(r, _)| r.summary.iter().map(key).collect())
        .collect();
    loop {
        let round: Vec<(Option<Kept>, Vec<String>)> = (0..points.len())
            .into_par_iter()
            .map(|i| {
                let mut best: Option<Kept> = None;
                let mut keys = Vec::new();
                for &j in &neighbours[i] {
                    let Some(s) = kept[j].0.summary.as_ref() else {
                        continue;
                    };
                    let k = key(s);
                    if tried[i].contains(&k) || keys.contains(&k) {
                        continue;
                    }
                    keys.push(k);
                    let Some(r) = try_design(i, &cases[i], s) else {
                        continue;
                    };
                    let to_beat = best.as_ref().unwrap_or(&kept[i]).0.tac_eur_per_yr();
                    if r.tac_eur_per_yr() < to_beat.or(Some(f64::INFINITY)) {
                        // Named after the point whose run found the design.
                        let from = kept[j]
                            .1
                            .clone()
                            .unwrap_or_else(|| records[j].label.clone());
                        best = Some((r, Some(from)));
                    }
                }
                (best, keys)
            })
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
            return kept;
        }
    }
}

/// A neighbour's design (its fluids, levels and dT_min/2) evaluated at this point.
fn try_design(
    index: usize,
    (label, case): &(String, Case),
    s: &DesignSummary,
) -> Option<JobRecord> {
    let cycles: Vec<CycleChoice> = s
        .fluids
        .iter()
        .zip(&s.levels_c)
        .map(|(f, l)| CycleChoice {
            fluid: f.clone(),
            levels_k: l.iter().map(|t| celsius_to_kelvin(*t)).collect(),
        })
        .collect();
    let mut settings = SlaveSettings::from_case(case);
    settings.dt_min_half_k = s.refrigerant_dt_min_half_k;
    let (superstructures, evaluation) =
        evaluate_candidate(case, &cycles, &case.heat_pump.template, &settings).ok()?;
    evaluation.design.as_ref()?;
    let best = BestDesign {
        cycles,
        superstructures,
        evaluation,
    };
    Some(JobRecord::designed(index, label, case, &best))
}

/// Changes between neighbouring points along each axis.
fn tipping_points(
    axes: &[SweepAxis],
    points: &[Vec<usize>],
    rows: &[SweepRow],
) -> Vec<TippingPoint> {
    let mut found = Vec::new();
    for (i, at) in points.iter().enumerate() {
        for (k, axis) in axes.iter().enumerate() {
            let mut next = at.clone();
            next[k] += 1;
            let Some(j) = points.iter().position(|p| *p == next) else {
                continue;
            };
            let (a, b) = (&rows[i], &rows[j]);
            let tip = |kind, estimate, detail| TippingPoint {
                kind,
                key: axis.key.clone(),
                from_label: a.label.clone(),
                to_label: b.label.clone(),
                from_value: a.values[k],
                to_value: b.values[k],
                estimate,
                detail,
            };
            if let (Some(sa), Some(sb)) = (&a.summary, &b.summary)
                && (sa.fluids != sb.fluids || sa.topology != sb.topology)
            {
                found.push(tip("structure", None, structure_change(sa, sb)));
            }
            if let (Some(pa), Some(pb)) = (a.beats_site, b.beats_site)
                && pa != pb
            {
                let gap = |r: &SweepRow| {
                    r.summary
                        .as_ref()
                        .and_then(|s| s.site_tac_eur_per_yr.map(|b| s.tac_eur_per_yr - b))
                };
                let estimate = gap(a).zip(gap(b)).and_then(|(ga, gb)| {
                    (ga != gb).then(|| a.values[k] + (b.values[k] - a.values[k]) * ga / (ga - gb))
                });
                let kind = if pa { "stops-paying" } else { "starts-paying" };
                let detail = format!(
                    "TAC minus the site's: {} EUR/yr at {}, {} EUR/yr at {}",
                    gap(a).map_or("-".into(), |g| format!("{g:.0}")),
                    a.values[k],
                    gap(b).map_or("-".into(), |g| format!("{g:.0}")),
                    b.values[k]
                );
                found.push(tip(kind, estimate, detail));
            }
        }
    }
    found
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
}
