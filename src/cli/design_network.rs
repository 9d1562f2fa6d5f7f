//! `hpsynth network CASE [--fluid F --levels-c L | --design FILE]`: the heat exchanger network of a heat
//! pump design, or of the process alone with the utilities it uses, block by block, against its area target.

use super::network::{NetworkArgs, render_text, search_settings};
use anyhow::{Context, Result};
use hpsynth::api;
use hpsynth::case::Case;
use hpsynth::files::write_atomically;
use hpsynth::network::design::DesignSettings;
use hpsynth::network::grid;
use hpsynth::slave::CycleChoice;
use hpsynth::summary::network::DesignNetworkReport;
use hpsynth::summary::optimize::LeaderRow;
use serde::Deserialize;
use std::path::Path;

pub fn run(args: &NetworkArgs) -> Result<String> {
    let case = Case::load(&args.case).map_err(api::Error::from)?;
    let defaults = DesignSettings::default();
    let settings = DesignSettings {
        search: search_settings(args, defaults.search)?,
        block_pieces: args.block_pieces.unwrap_or(defaults.block_pieces),
        max_stages: defaults.max_stages,
    };
    if settings.block_pieces < 2 {
        anyhow::bail!("--block-pieces: a block needs at least 2 pieces (a hot and a cold one)");
    }
    let report = match &args.design {
        Some(_) if !args.fluid.is_empty() || !args.levels_c.is_empty() => anyhow::bail!(
            "--design: give the design either in a file (--design) or by --fluid/--levels-c, not both"
        ),
        Some(path) => {
            let (cycles, evaluate) = saved_design(path, &case)?;
            let evaluate = api::EvaluateSettings {
                template: args.template.clone().or(evaluate.template),
                dt_min_half_k: args.dt_min_half_k.or(evaluate.dt_min_half_k),
                ..evaluate
            };
            api::design_network(&case, &cycles, &evaluate, &settings)?
        }
        None if args.fluid.is_empty() && args.levels_c.is_empty() => {
            if args.template.is_some() || args.dt_min_half_k.is_some() {
                anyhow::bail!(
                    "--template and --dt-min-half-k set a heat pump design: add --fluid and --levels-c, or \
                     --design FILE (without them the network is the process's alone)"
                );
            }
            api::process_network(&case, &settings)
                .map_err(|e| anyhow::anyhow!("{}: {e}", args.case.display()))?
        }
        None => {
            let cycles = crate::parse_cycles(&args.fluid, &args.levels_c)?;
            let evaluate = api::EvaluateSettings {
                template: args.template.clone(),
                dt_min_half_k: args.dt_min_half_k,
                ..api::EvaluateSettings::default()
            };
            api::design_network(&case, &cycles, &evaluate, &settings)?
        }
    };
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

/// A cycle of a saved design: `hpsynth optimize`'s result.json (`design.cycles`) or `hpsynth evaluate
/// --json`'s output (`cycles`).
#[derive(Deserialize)]
struct SavedCycle {
    fluid: String,
    template: String,
    levels_c: Vec<f64>,
}

#[derive(Deserialize)]
struct SavedDesign {
    cycles: Vec<SavedCycle>,
    refrigerant_dt_min_half_k: Option<f64>,
    objective: Option<api::Objective>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SavedFile {
    Run { design: SavedDesign },
    Evaluation(SavedDesign),
}

/// A design as `evaluate --json` gives it (a screening row's), with its TAC, as one of the designs to rank
/// by their networks.
pub fn as_contender(design: &serde_json::Value, tac_eur_per_yr: f64) -> Result<LeaderRow> {
    let d = SavedDesign::deserialize(design)?;
    if d.cycles.is_empty() {
        anyhow::bail!("the design has no cycle");
    }
    Ok(LeaderRow {
        fluids: d.cycles.iter().map(|c| c.fluid.clone()).collect(),
        levels_c: d.cycles.iter().map(|c| c.levels_c.clone()).collect(),
        dt_min_half_k: d.refrigerant_dt_min_half_k,
        fitness: tac_eur_per_yr,
    })
}

/// The cycles and evaluation settings of the design saved in `path`; a template other than the case's is
/// loaded by its name (a shipped one).
fn saved_design(path: &Path, case: &Case) -> Result<(Vec<CycleChoice>, api::EvaluateSettings)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: not a saved design (not JSON): give the result.json of `hpsynth optimize` or the \
                 output of `hpsynth evaluate --json`",
            path.display()
        )
    })?;
    if value.get("design").is_some_and(serde_json::Value::is_null) {
        anyhow::bail!(
            "{}: design: the run found no design (null), so there is no network to synthesise",
            path.display()
        );
    }
    let design = match SavedFile::deserialize(&value) {
        Ok(SavedFile::Run { design } | SavedFile::Evaluation(design)) => design,
        Err(_) => anyhow::bail!(
            "{}: not a saved design: give the result.json of `hpsynth optimize` (its field design.cycles) \
             or the output of `hpsynth evaluate --json` (its field cycles, each with fluid, template and \
             levels_c)",
            path.display()
        ),
    };
    if design.cycles.is_empty() {
        anyhow::bail!(
            "{}: cycles: the saved design has no cycle (the run found no design)",
            path.display()
        );
    }
    let template = &design.cycles[0].template;
    if design.cycles.iter().any(|c| &c.template != template) {
        anyhow::bail!(
            "{}: cycles: the cycles use different templates; give the design by --fluid/--levels-c and \
             --template",
            path.display()
        );
    }
    let case_template = case
        .heat_pump
        .template_def()
        .map_or(String::new(), |t| t.name.clone());
    let fluids: Vec<String> = design.cycles.iter().map(|c| c.fluid.clone()).collect();
    let levels_c: Vec<Vec<f64>> = design.cycles.iter().map(|c| c.levels_c.clone()).collect();
    let cycles = LeaderRow::cycles_of(&fluids, &levels_c);
    let settings = api::EvaluateSettings {
        template: (template != &case_template).then(|| template.clone()),
        objective: design.objective,
        dt_min_half_k: design.refrigerant_dt_min_half_k,
        ..api::EvaluateSettings::default()
    };
    Ok((cycles, settings))
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
    let mut out = if r.fluids.is_empty() {
        format!(
            "network of the process of \"{}\" alone, with the utilities it uses\n",
            r.case
        )
    } else {
        format!(
            "network of the design of \"{}\" ({}; {:.1} kW released)\n",
            r.case,
            levels.join("; "),
            r.heat_released_kw
        )
    };
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
    out += "\n                     area m2  units  investment EUR  charged EUR         TAC EUR/yr  HP EUR/kW\n";
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
