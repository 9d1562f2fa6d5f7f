//! `hpsynth network CASE --fluid F --levels-c L`: the heat exchanger network of a heat pump design, region
//! by region, against its area target.

use super::network::{NetworkArgs, render_text, search_settings};
use anyhow::{Context, Result};
use hpsynth::api;
use hpsynth::case::Case;
use hpsynth::files::write_atomically;
use hpsynth::network::design::DesignSettings;
use hpsynth::network::grid;
use hpsynth::summary::network::DesignNetworkReport;

pub fn run(args: &NetworkArgs) -> Result<String> {
    let case = Case::load(&args.case).map_err(api::Error::from)?;
    let cycles = crate::parse_cycles(&args.fluid, &args.levels_c)?;
    let evaluate = api::EvaluateSettings {
        template: args.template.clone(),
        dt_min_half_k: args.dt_min_half_k,
        ..api::EvaluateSettings::default()
    };
    let defaults = DesignSettings::default();
    let settings = DesignSettings {
        search: search_settings(args, defaults.search)?,
        block_pieces: args.block_pieces.unwrap_or(defaults.block_pieces),
        max_stages: defaults.max_stages,
    };
    if settings.block_pieces < 2 {
        anyhow::bail!("--block-pieces: a block needs at least 2 pieces (a hot and a cold one)");
    }
    let report = api::design_network(&case, &cycles, &evaluate, &settings)?;
    let json = serde_json::to_string_pretty(&report)?;
    if let Some(path) = &args.out {
        write_atomically(path, json.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.svg {
        write_grids(&report, path)?;
    }
    if let Some(dir) = &args.report {
        write_report(&report, dir)?;
    }
    Ok(if args.json {
        json + "\n"
    } else {
        render(&report)
    })
}

/// The network's report into `dir` (created if need be).
pub fn write_report(report: &DesignNetworkReport, dir: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    hpsynth::report::design_network::write(dir, report)?;
    eprintln!("network report in {}", dir.join("network.html").display());
    Ok(())
}

/// One grid diagram per region: `FILE` with `-region-N` before its extension.
fn write_grids(report: &DesignNetworkReport, path: &std::path::Path) -> Result<()> {
    let stem = path
        .file_stem()
        .map_or("network".into(), |s| s.to_string_lossy().to_string());
    for (r, region) in report.regions.regions.iter().enumerate() {
        if let Some(n) = &region.network {
            let file = path.with_file_name(format!("{stem}-region-{}.svg", r + 1));
            write_atomically(&file, grid::grid_svg(n).as_bytes())
                .with_context(|| format!("cannot write {}", file.display()))?;
        }
    }
    Ok(())
}

/// The regions' exchanger tables, the loops' exchangers, and the comparison with the area target.
pub fn render(r: &DesignNetworkReport) -> String {
    let levels: Vec<String> = r
        .fluids
        .iter()
        .zip(&r.levels_c)
        .map(|(f, l)| {
            let l: Vec<String> = l.iter().map(|t| format!("{t:.1}")).collect();
            format!("{f} at {} °C", l.join(", "))
        })
        .collect();
    let mut out = format!(
        "network of the design of \"{}\" ({}; {:.1} kW released)\n",
        r.case,
        levels.join("; "),
        r.heat_released_kw
    );
    for region in &r.regions.regions {
        out += &format!(
            "\n{}: {} hot, {} cold streams, {:.1} kW",
            region.name, region.hot_streams, region.cold_streams, region.duty_kw
        );
        if region.approach_factor != 1.0 && region.network.is_some() {
            out += &format!(
                " (approaches relaxed to {:.0} % of the streams' dT_min)",
                100.0 * region.approach_factor
            );
        }
        out += "\n";
        match (&region.network, &region.failure) {
            (Some(n), _) => out += &render_text(n),
            (None, Some(why)) => out += &format!("  no network: {why}\n"),
            (None, None) => out += "  no network\n",
        }
    }
    for l in &r.loop_exchangers {
        out += &format!(
            "loop exchanger {} -> {}: {:.1} kW, {:.2} m2, {:.0} EUR installed\n",
            l.hot_side, l.cold_side, l.duty_kw, l.area_m2, l.investment_eur
        );
    }
    let row = |name: &str, c: &hpsynth::summary::network::NetworkCost| {
        format!(
            "  {name:<16} {:>10.1} {:>6} {:>14.0} {:>14.0} {:>16} {:>10}\n",
            c.area_m2,
            c.units,
            c.investment_eur,
            c.charged_eur,
            c.design_tac_eur_per_yr
                .map_or("incomplete".to_string(), |v| format!("{v:.0}")),
            c.heat_pump_eur_per_kw
                .map_or("-".to_string(), |v| format!("{v:.0}"))
        )
    };
    out += "\n                     area m2  units  investment EUR  charged EUR  design TAC EUR/yr  HP EUR/kW\n";
    out += &row("area target", &r.target);
    out += &row("network", &r.network);
    out += &format!(
        "  regions solved in {:.1} s; {}\n",
        r.regions.seconds,
        if r.regions.complete {
            "every region has a network that passes its checks"
        } else {
            "NOT every region has a network that passes its checks"
        }
    );
    out
}
