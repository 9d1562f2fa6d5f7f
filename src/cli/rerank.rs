//! The designs ranked again by their synthesised networks, for a person: `hpsynth optimize --network N`
//! (the run's distinct leaders; the ranking is in result.json) and `hpsynth screen --network N` (the best
//! fluids' designs; network_ranking.json). docs/network.md.

use anyhow::{Context, Result};
use hpsynth::api;
use hpsynth::case::Case;
use hpsynth::files::write_atomically;
use hpsynth::network::design::DesignSettings;
use hpsynth::summary::network_ranking::RankedDesign;
use hpsynth::summary::optimize::LeaderRow;
use std::path::Path;

/// The first `n` of a screening's `designs` with their networks: `network_ranking.json` and the best
/// network's report written into `out`; the table to print.
pub fn rerank_screen(case: &Case, designs: &[LeaderRow], n: usize, out: &Path) -> Result<String> {
    let mut progress = crate::progress_printer(0);
    let ranking =
        api::rank_by_network(case, designs, n, &DesignSettings::default(), &mut progress)?;
    let path = out.join("network_ranking.json");
    write_atomically(
        &path,
        serde_json::to_string_pretty(&ranking.rows)?.as_bytes(),
    )
    .with_context(|| format!("cannot write {}", path.display()))?;
    if let Some(best) = ranking.best() {
        super::design_network::write_report(best, out)?;
    }
    Ok(render(&ranking.rows, "screen", &path))
}

/// The ranking by network, with each design's place `by` the run or the screening, and where it is written.
pub fn render(rows: &[RankedDesign], by: &str, path: &Path) -> String {
    let mut by_network: Vec<&RankedDesign> = rows.iter().collect();
    by_network.sort_by(|a, b| {
        let key = |r: &RankedDesign| r.tac_network_eur_per_yr.unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b))
    });
    let money = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.0}"));
    let mut out = format!(
        "\nthe best designs with their networks (TAC EUR/yr; docs/network.md):\n  by network  {:>9}  design                                      with target   with network  units (target min)\n",
        format!("by {by}")
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
            "  {:>10}  {:>9}  {:<42} {:>12} {:>14}  {} ({}){}\n",
            place + 1,
            r.run_rank,
            design.join("; "),
            money(r.tac_target_eur_per_yr),
            r.tac_network_eur_per_yr
                .map_or("incomplete".to_string(), |v| format!("{v:.0}")),
            r.units,
            r.units_min_target,
            if r.approach_factor_min < 1.0 && r.tac_network_eur_per_yr.is_some() {
                format!(
                    ", approaches at {:.0} % in a block",
                    100.0 * r.approach_factor_min
                )
            } else {
                String::new()
            }
        );
        if let Some(why) = &r.failure {
            out += &format!("              no network: {why}\n");
        }
    }
    out += &format!("  written to {}\n", path.display());
    out
}
