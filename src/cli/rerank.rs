//! `hpsynth optimize --network N`: the run's N best distinct designs with their synthesised networks, ranked
//! by the run (area target) and again by the network (docs/network.md).

use anyhow::{Context, Result};
use hpsynth::api::{self, EvaluateSettings, ResultReport};
use hpsynth::case::Case;
use hpsynth::files::write_atomically;
use hpsynth::network::design::DesignSettings;
use hpsynth::slave::CycleChoice;
use hpsynth::units::celsius_to_kelvin;
use serde::Serialize;
use std::path::Path;

/// One design of the re-ranking.
#[derive(Serialize)]
pub struct Ranked {
    /// Its place by the run's fitness (1: the best).
    pub run_rank: usize,
    pub fluids: Vec<String>,
    pub levels_c: Vec<Vec<f64>>,
    pub dt_min_half_k: Option<f64>,
    pub fitness: f64,
    /// The design's TAC with its area target, and with its synthesised network (`None`: incomplete).
    pub tac_target_eur_per_yr: Option<f64>,
    pub tac_network_eur_per_yr: Option<f64>,
    pub units: usize,
    pub units_min_target: usize,
    pub network_investment_eur: f64,
    pub target_investment_eur: f64,
    pub seconds: f64,
    /// Why there is no network, if there is none.
    pub failure: Option<String>,
}

/// The re-ranking's table, after writing `network_ranking.json` into `out`.
pub fn rerank(case: &Case, report: &ResultReport, n: usize, out: &Path) -> Result<String> {
    if n == 0 || n > hpsynth::master::LEADERS {
        anyhow::bail!("--network: give 1 to {} designs", hpsynth::master::LEADERS);
    }
    let mut rows = Vec::new();
    let mut best: Option<(f64, hpsynth::summary::network::DesignNetworkReport)> = None;
    for (i, leader) in report.leaders.iter().take(n).enumerate() {
        let cycles: Vec<CycleChoice> = leader
            .fluids
            .iter()
            .zip(&leader.levels_c)
            .map(|(f, l)| CycleChoice {
                fluid: f.clone(),
                levels_k: l.iter().map(|t| celsius_to_kelvin(*t)).collect(),
            })
            .collect();
        let settings = EvaluateSettings {
            dt_min_half_k: leader.dt_min_half_k,
            ..EvaluateSettings::default()
        };
        let start = std::time::Instant::now();
        let result = api::design_network(case, &cycles, &settings, &DesignSettings::default());
        let mut row = Ranked {
            run_rank: i + 1,
            fluids: leader.fluids.clone(),
            levels_c: leader.levels_c.clone(),
            dt_min_half_k: leader.dt_min_half_k,
            fitness: leader.fitness,
            tac_target_eur_per_yr: None,
            tac_network_eur_per_yr: None,
            units: 0,
            units_min_target: 0,
            network_investment_eur: 0.0,
            target_investment_eur: 0.0,
            seconds: 0.0,
            failure: None,
        };
        match result {
            Ok(r) => {
                row.tac_target_eur_per_yr = r.target.design_tac_eur_per_yr;
                row.tac_network_eur_per_yr = r.network.design_tac_eur_per_yr;
                row.units = r.network.units;
                row.units_min_target = r.target.units;
                row.network_investment_eur = r.network.investment_eur;
                row.target_investment_eur = r.target.investment_eur;
                if let Some(tac) = r.network.design_tac_eur_per_yr
                    && best.as_ref().is_none_or(|(b, _)| tac < *b)
                {
                    best = Some((tac, r));
                }
            }
            Err(e) => row.failure = Some(e.to_string()),
        }
        row.seconds = start.elapsed().as_secs_f64();
        eprintln!("network of design {} of {n}: {:.1} s", i + 1, row.seconds);
        rows.push(row);
    }
    let path = out.join("network_ranking.json");
    write_atomically(&path, serde_json::to_string_pretty(&rows)?.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    if let Some((_, report)) = &best {
        super::design_network::write_report(report, out)?;
    }
    Ok(render(&rows, &path))
}

fn render(rows: &[Ranked], path: &Path) -> String {
    let mut by_network: Vec<&Ranked> = rows.iter().collect();
    by_network.sort_by(|a, b| {
        let key = |r: &Ranked| r.tac_network_eur_per_yr.unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b))
    });
    let money = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.0}"));
    let mut out = String::from(
        "\nthe best designs with their networks (TAC EUR/yr; docs/network.md):\n  by network  by run  design                                      with target   with network  units (target min)\n",
    );
    for (place, r) in by_network.iter().enumerate() {
        let design: Vec<String> = r
            .fluids
            .iter()
            .zip(&r.levels_c)
            .map(|(f, l)| {
                let l: Vec<String> = l.iter().map(|t| format!("{t:.1}")).collect();
                format!("{f} {}", l.join("/"))
            })
            .collect();
        out += &format!(
            "  {:>10}  {:>6}  {:<42} {:>12} {:>14}  {} ({})\n",
            place + 1,
            r.run_rank,
            design.join("; "),
            money(r.tac_target_eur_per_yr),
            money(r.tac_network_eur_per_yr),
            r.units,
            r.units_min_target
        );
        if let Some(why) = &r.failure {
            out += &format!("              no network: {why}\n");
        }
    }
    out += &format!("  written to {}\n", path.display());
    out
}
