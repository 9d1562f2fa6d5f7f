//! `hpsynth network`: synthesise a heat exchanger network and print its exchanger table.

use anyhow::{Context, Result};
use clap::Args;
use hpsynth::files::write_atomically;
use hpsynth::network::{
    Network, SynthesisSettings, UnitKind, grid, openhens, settings_file, synthesise,
};
use std::path::PathBuf;

#[derive(Args)]
pub struct NetworkArgs {
    /// An OpenHENS case file (CSV: stream table and exchanger cost table), or a case (TOML or OpenPinch
    /// JSON): its process alone with the utilities it uses, or with --fluid/--levels-c or --design the
    /// network of that heat pump design.
    pub case: PathBuf,
    /// A saved design: the result.json of `hpsynth optimize` or the output of `hpsynth evaluate --json`.
    #[arg(long)]
    pub design: Option<PathBuf>,
    /// Working fluid of a cycle of the design (as in `evaluate`); repeat with --levels-c.
    #[arg(long)]
    pub fluid: Vec<String>,
    /// Saturation temperature levels of the design's cycle, °C, comma-separated; one per --fluid.
    #[arg(long, allow_hyphen_values = true)]
    pub levels_c: Vec<String>,
    /// Superstructure template of the design (default: the case's).
    #[arg(long)]
    pub template: Option<String>,
    /// dT_min/2 of the design's refrigerant streams in K (default: the case's).
    #[arg(long)]
    pub dt_min_half_k: Option<f64>,
    /// A design's network: write its report (network.html, network.md, each block's grid diagram) into
    /// this folder.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// A design's network: the most stream pieces in one block (default 30; docs/network.md).
    #[arg(long)]
    pub block_pieces: Option<usize>,
    /// Stage counts of the superstructure to try, comma-separated (default: max(hot, cold streams) and one
    /// more).
    #[arg(long, value_delimiter = ',')]
    pub stages: Vec<usize>,
    /// The MILP's minimum approach temperatures (K) to start from, comma-separated (default: 1 to 30 K).
    #[arg(long, value_delimiter = ',')]
    pub emat_k: Vec<f64>,
    /// The network's minimum approach temperature (K).
    #[arg(long)]
    pub dt_min_k: Option<f64>,
    /// Search settings from a TOML file (keys: stages, emat_k, dt_min_k, rounds, milp_time_limit_s,
    /// milp_gap; docs/network.md); the flags above override it.
    #[arg(long)]
    pub settings: Option<PathBuf>,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also write the network as JSON into this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also write the grid diagram (SVG) into this file.
    #[arg(long)]
    pub svg: Option<PathBuf>,
}

pub fn run(args: &NetworkArgs) -> Result<String> {
    let openhens =
        args.case.extension().is_some_and(|e| e == "csv") && openhens::is_openhens(&args.case);
    if !openhens {
        return super::design_network::run(args);
    }
    let design_flags = !args.fluid.is_empty()
        || !args.levels_c.is_empty()
        || args.design.is_some()
        || args.template.is_some()
        || args.dt_min_half_k.is_some()
        || args.block_pieces.is_some()
        || args.report.is_some();
    if design_flags {
        anyhow::bail!(
            "{}: an OpenHENS file is a process with its own utilities and no heat pump: --fluid, \
             --levels-c, --design, --template, --dt-min-half-k, --block-pieces and --report are for a case \
             file (TOML or OpenPinch JSON); leave them out",
            args.case.display()
        );
    }
    let problem = openhens::load(&args.case).map_err(anyhow::Error::msg)?;
    let settings = search_settings(args, SynthesisSettings::default())?;
    let network = synthesise(&problem, &settings)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.case.display()))?;
    let json = serde_json::to_string_pretty(&network)?;
    if let Some(path) = &args.out {
        write_atomically(path, json.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.svg {
        write_atomically(path, grid::grid_svg(&network).as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(if args.json {
        json + "\n"
    } else {
        render_text(&network)
    })
}

/// The search settings: `default`, then the settings file, then the flags.
pub fn search_settings(
    args: &NetworkArgs,
    default: SynthesisSettings,
) -> Result<SynthesisSettings> {
    let mut settings = match &args.settings {
        Some(path) => {
            if !path.is_file() {
                anyhow::bail!("{}: no such settings file", path.display());
            }
            settings_file::load_over(path, default).map_err(anyhow::Error::msg)?
        }
        None => default,
    };
    if !args.stages.is_empty() {
        settings.stages = args.stages.clone();
    }
    if !args.emat_k.is_empty() {
        settings.emat_sweep_k = args.emat_k.clone();
    }
    if let Some(dt) = args.dt_min_k {
        settings.dt_min_k = dt;
    }
    settings.check().map_err(anyhow::Error::msg)?;
    Ok(settings)
}

/// The exchanger table and totals.
pub fn render_text(n: &Network) -> String {
    let c = &n.currency;
    let mut out = format!(
        "network of \"{}\": {} recovery units, {} coolers, {} heaters ({} stages, dT_min {} K)\n",
        n.problem, n.units.recovery, n.units.coolers, n.units.heaters, n.stages, n.dt_min_k
    );
    out += "  kind      hot      cold     stage   duty kW   hot in->out °C    cold in->out °C   LMTD K  U W/m2K   area m2   cost/yr\n";
    for e in &n.exchangers {
        let kind = match e.kind {
            UnitKind::Recovery => "recovery",
            UnitKind::Cooler => "cooler",
            UnitKind::Heater => "heater",
        };
        out += &format!(
            "  {kind:<9} {:<8} {:<8} {:>5} {:>9.1} {:>7.2}->{:<7.2} {:>7.2}->{:<7.2} {:>8.2} {:>7.1} {:>9.2} {:>9.0}\n",
            e.hot_side,
            e.cold_side,
            e.stage.map_or("-".into(), |s| s.to_string()),
            e.duty_kw,
            e.hot_in_c,
            e.hot_out_c,
            e.cold_in_c,
            e.cold_out_c,
            e.lmtd_k,
            e.u_w_per_m2k,
            e.area_m2,
            e.cost_per_yr
        );
    }
    out += &format!(
        "  hot utility {:.1} kW, cold utility {:.1} kW, area {:.2} m2\n",
        n.hot_utility_kw.max(0.0),
        n.cold_utility_kw.max(0.0),
        n.area_m2
    );
    out += &format!(
        "  TAC {:.2} {c}/yr = hot utility {:.2} + cold utility {:.2} + exchangers {:.2}\n",
        n.cost.total_per_yr,
        n.cost.hot_utility_per_yr,
        n.cost.cold_utility_per_yr,
        n.cost.exchangers_per_yr
    );
    let s = &n.search;
    let start = s.best_start.map_or(String::new(), |(k, emat, round)| {
        format!(
            ", the best from the start with {k} stages and EMAT {emat} K, round {}",
            round + 1
        )
    });
    out += &format!(
        "  search: {} MILPs ({} stopped by their time limit), {} NLPs{start}; {} units removed after; {:.1} s\n",
        s.milps, s.milp_time_limits, s.nlps, s.units_removed, s.seconds
    );
    out += &format!(
        "  checks: stream balance {:.2e} kW, exchanger balance {:.2e} kW, min approach {:.3} K: {}\n",
        n.checks.stream_balance_error_kw,
        n.checks.exchanger_balance_error_kw,
        n.checks.min_approach_k,
        if n.checks.pass { "pass" } else { "FAIL" }
    );
    out
}
