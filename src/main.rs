//! The `hpsynth` command: parses arguments, calls the library, prints.

mod cli;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use hpsynth::api::{self, Case, CycleChoice, CycleInput, Mode, Objective, Progress};
use hpsynth::files::write_atomically;
use hpsynth::units::celsius_to_kelvin;
use hpsynth::validation;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hpsynth",
    version,
    about = "Cost-optimal industrial heat pump and refrigeration systems"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the bundled working fluids with their metadata.
    Fluids {
        /// One JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Compute one vapour-compression cycle (single stage, or two stages with a flash economiser).
    Cycle(CycleArgs),
    /// Validate a case file (TOML) or a stream table (CSV) and summarise it.
    Check {
        /// Case TOML, stream CSV, or OpenPinch stream-data JSON.
        case: PathBuf,
    },
    /// Pinch targets: minimum utilities, pinches, grand composite curve, cheapest utility mix.
    Targets {
        /// Case TOML, stream CSV, or OpenPinch stream-data JSON.
        case: PathBuf,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// Also write the grand composite curve as CSV (`t_shifted_c,q_kw`).
        #[arg(long)]
        gcc_csv: Option<PathBuf>,
    },
    /// Design the heat pump for one fluid and fixed levels: the slave MILP alone.
    Evaluate(EvaluateArgs),
    /// Design the cost-optimal heat pump: GA master over fluids and levels with the slave MILP (bilevel), or
    /// the fixed-grid MILP (grid). Writes result.json, history.csv, the report (report.html, report.md, SVG
    /// plots, flowsheet.dot) into --out.
    Optimize(OptimizeArgs),
    /// Screen fluids: every admissible fluid (or pair, for two cycles) optimised on its own with a screening
    /// budget, ranked by TAC; table, --json, and screen.json, screen.csv and a report page in --out.
    Screen(cli::studies::ScreenArgs),
    /// Sweep keys of the case (--set KEY=FROM:TO:N): re-optimise at every point, report the tipping points
    /// where the structure changes and where the heat pump stops beating the site without one.
    Sweep(cli::studies::SweepArgs),
    /// The TAC-CO2 front by the epsilon-constraint method: the cheapest and the cleanest designs, and the
    /// cheapest under evenly spaced CO2 bounds between them.
    Pareto(cli::studies::ParetoArgs),
    /// Merge the shards of a study (--shard K/N --out DIR) into what the unsharded run gives.
    Merge(cli::studies::MergeArgs),
    /// Synthesise a heat exchanger network (stage-wise superstructure: HiGHS for the structure, Ipopt for
    /// temperatures and duties): the exchanger table, utilities and TAC.
    Network(cli::network::NetworkArgs),
    /// Run every literature case and compare with its published values.
    Validate {
        /// Folder of case folders.
        #[arg(long, default_value = "literature_cases")]
        cases: PathBuf,
        /// JSON rows instead of a Markdown table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct CycleArgs {
    #[command(flatten)]
    cycle: CycleInput,
    /// One JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct EvaluateArgs {
    /// Case TOML, stream CSV, or OpenPinch stream-data JSON.
    case: PathBuf,
    /// Working fluid of a cycle (name, ASHRAE number or alias); repeat with --levels-c for a cascade of
    /// cycles coupled through the heat cascade.
    #[arg(long, required = true)]
    fluid: Vec<String>,
    /// Saturation temperature levels of the cycle, °C, comma-separated (e.g. -10,20,60); one per --fluid.
    #[arg(long, allow_hyphen_values = true, required = true)]
    levels_c: Vec<String>,
    /// Superstructure template: single-stage, two-stage-economiser, full, or a path (default: the case's).
    #[arg(long)]
    template: Option<String>,
    /// What to minimise (default: the case's optimizer.objective).
    #[arg(long, value_enum)]
    objective: Option<Objective>,
    /// dT_min/2 of the refrigerant streams in K (default: the case's heat_pump.dt_min_half_k), e.g. the
    /// value an optimisation chose.
    #[arg(long)]
    dt_min_half_k: Option<f64>,
    /// One JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Write the chosen design as Graphviz DOT (one graph per cycle).
    #[arg(long)]
    dot: Option<PathBuf>,
    /// Write the whole superstructure as Graphviz DOT (one graph per cycle).
    #[arg(long)]
    superstructure_dot: Option<PathBuf>,
    /// Write the report into this folder: report.html, report.md, the SVG plots and flowsheet.dot.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the slave MILP into this folder as an MPS file if it fails or stops at its time limit.
    #[arg(long)]
    dump_failed: Option<PathBuf>,
}

#[derive(Args)]
struct OptimizeArgs {
    /// Case TOML, stream CSV, or OpenPinch stream-data JSON.
    case: PathBuf,
    #[arg(long, value_enum, default_value_t = Mode::Bilevel)]
    mode: Mode,
    /// Random seed (default: the case's optimizer.seed); the same seed gives the same result on any number
    /// of threads.
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Wall-clock limit of the run in seconds (default: the case's optimizer.time_limit_s).
    #[arg(long)]
    time_limit_s: Option<f64>,
    /// Output folder (default: out/<case name>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Continue the run whose checkpoint is in --out.
    #[arg(long)]
    resume: bool,
    /// Where grid mode places its candidate levels (default: the case's optimizer.grid_levels).
    #[arg(long, value_enum)]
    grid_levels: Option<hpsynth::case::GridLevels>,
    /// Write every slave MILP that fails or stops at its time limit into this folder as an MPS file that
    /// HiGHS reads back (`highs FILE.mps`).
    #[arg(long)]
    dump_failed: Option<PathBuf>,
    /// Synthesise the heat exchanger network of the run's N best distinct designs (up to 10) and rank them
    /// again by their TAC with it (docs/network.md): `network_ranking` in result.json, the design's network
    /// in report.html, the best network's in network.html.
    #[arg(long)]
    network: Option<usize>,
}

fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn run_optimize(args: OptimizeArgs) -> Result<()> {
    let case = Case::load(&args.case).map_err(api::Error::from)?;
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("out").join(slug(&case.name)));
    let settings = api::OptimizeSettings {
        mode: args.mode,
        seed: args.seed,
        threads: args.threads,
        time_limit_s: args.time_limit_s,
        grid_levels: args.grid_levels,
        out: Some(out.clone()),
        resume: args.resume,
        dump_failed: args.dump_failed,
        stop: None,
        network: args.network,
    };
    // The case as the run sees it, for the start line; api::optimize applies the overrides itself.
    let total = settings.apply(&case).optimizer.generations;
    let mut progress = progress_printer(total);
    eprintln!(
        "{}: grid baseline first, then {} generations of {}{}",
        case.name,
        total,
        case.optimizer.population,
        if case.optimizer.islands > 1 {
            format!(" on each of {} islands", case.optimizer.islands)
        } else {
            String::new()
        }
    );
    let report = api::optimize(&case, &settings, &mut progress)?;
    print_run(&report, &out);
    if !report.network_ranking.is_empty() {
        print!(
            "{}",
            cli::rerank::render(&report.network_ranking, "run", &out.join("result.json"))
        );
    }
    Ok(())
}

/// A line on stderr per generation and at the start of the local search; never stops the run.
pub(crate) fn progress_printer(total: usize) -> impl FnMut(Progress) -> bool + Send {
    let start = std::time::Instant::now();
    let mut evaluations = 0;
    move |p: Progress| {
        let now = start.elapsed().as_secs_f64();
        match p {
            Progress::Generation(g) => {
                evaluations += g.evaluations;
                eprintln!(
                    "{}",
                    cli::optimize::progress_line(g, total, now, evaluations)
                );
            }
            Progress::LocalSearch {
                from_tac_eur_per_yr,
            } => eprintln!(
                "local search on the best levels and fluids from {from_tac_eur_per_yr:.0} EUR/yr, \
                 {now:.1} s (docs/optimizer.md)"
            ),
            Progress::Network {
                design,
                of,
                seconds,
            } => eprintln!("network of design {design} of {of}: {seconds:.1} s"),
        }
        true
    }
}

/// The design, the grid baseline, the comparison with the baseline site and where the files are.
fn print_run(report: &api::ResultReport, out: &std::path::Path) {
    match &report.design {
        Some(d) => print!("{}", cli::evaluate::render_text(d)),
        None => println!(
            "no feasible design: {:?}",
            report.counters.counters.without_design
        ),
    }
    if let Some(g) = &report.grid_baseline {
        println!(
            "grid baseline: {:.0} EUR/yr ({} MILPs); best from {}; improvement {} %",
            g.tac_eur_per_yr,
            g.milps,
            report.best_from,
            cli::opt(report.improvement_over_grid_pct, 2)
        );
    }
    if let Some(v) = report
        .versus_no_heat_pump
        .as_ref()
        .or(report.versus_existing_site.as_ref())
    {
        print!("{}", cli::optimize::render_versus_baseline(v));
    }
    println!(
        "stopped: {}; {:.1} s; results in {}",
        report.stop_reason,
        report.seconds,
        out.display()
    );
}

/// Parses "-10,20,60" (°C) into kelvin.
fn parse_levels(text: &str) -> Result<Vec<f64>> {
    text.split(',')
        .map(|t| {
            t.trim()
                .parse::<f64>()
                .map(celsius_to_kelvin)
                .with_context(|| format!("--levels-c: \"{t}\" is not a temperature in °C"))
        })
        .collect()
}

/// The cycles of `--fluid` and `--levels-c`, one level list per fluid.
fn parse_cycles(fluid: &[String], levels_c: &[String]) -> Result<Vec<CycleChoice>> {
    if fluid.len() != levels_c.len() {
        bail!(
            "give one --levels-c per --fluid ({} fluids, {} level lists)",
            fluid.len(),
            levels_c.len()
        );
    }
    fluid
        .iter()
        .zip(levels_c)
        .map(|(f, l)| {
            Ok(CycleChoice {
                fluid: f.clone(),
                levels_k: parse_levels(l)?,
            })
        })
        .collect()
}

fn run_evaluate(args: EvaluateArgs) -> Result<()> {
    let case = Case::load(&args.case).map_err(api::Error::from)?;
    let cycles = parse_cycles(&args.fluid, &args.levels_c)?;
    let settings = api::EvaluateSettings {
        template: args.template,
        objective: args.objective,
        dt_min_half_k: args.dt_min_half_k,
        out: args.out.clone(),
        dot: args.dot,
        superstructure_dot: args.superstructure_dot,
        dump_failed: args.dump_failed,
    };
    let report = api::evaluate(&case, &cycles, &settings)?;
    if let Some(out) = &args.out {
        eprintln!("report in {}", out.join("report.html").display());
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", cli::evaluate::render_text(&report));
    }
    Ok(())
}

fn run_cycle(args: CycleArgs) -> Result<()> {
    let report = api::cycle(&args.cycle)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", cli::cycle::render_text(&report));
    }
    Ok(())
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Fluids { json } => {
            let rows = api::fluids()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                print!("{}", cli::fluids::render_text(&rows));
            }
        }
        Command::Cycle(args) => run_cycle(args)?,
        Command::Check { case } => {
            let case = Case::load(&case).map_err(api::Error::from)?;
            print!("{}", cli::check::render_text(&case));
        }
        Command::Targets {
            case,
            json,
            gcc_csv,
        } => {
            let case = Case::load(&case).map_err(api::Error::from)?;
            let report = api::targets(&case);
            if let Some(path) = gcc_csv {
                write_atomically(
                    &path,
                    hpsynth::summary::targets::gcc_csv(&report).as_bytes(),
                )
                .with_context(|| format!("cannot write {}", path.display()))?;
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", cli::targets::render_text(&report));
            }
        }
        Command::Evaluate(args) => run_evaluate(args)?,
        Command::Optimize(args) => run_optimize(args)?,
        Command::Screen(args) => print!("{}", cli::studies::run_screen(&args)?),
        Command::Sweep(args) => print!("{}", cli::studies::run_sweep(&args)?),
        Command::Pareto(args) => print!("{}", cli::studies::run_pareto(&args)?),
        Command::Merge(args) => print!("{}", cli::studies::run_merge(&args)?),
        Command::Network(args) => print!("{}", cli::network::run(&args)?),
        Command::Validate { cases, json } => {
            let rows = validation::run_all(&cases)
                .with_context(|| format!("cannot read the case folder {}", cases.display()))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                print!("{}", validation::render_markdown(&rows));
            }
            let failed = rows.iter().filter(|r| !r.pass).count();
            if failed > 0 {
                bail!("{failed} of {} checks failed", rows.len());
            }
            println!("{} passed, 0 failed", rows.len());
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    // Developer diagnostics of every HiGHS solve (docs/slave.md), from the environment.
    hpsynth::solver::set_diagnostics(hpsynth::solver::Diagnostics {
        log: std::env::var_os("HPSYNTH_HIGHS_LOG").is_some(),
        options: hpsynth::solver::Diagnostics::parse_options(
            &std::env::var("HPSYNTH_HIGHS_OPTIONS").unwrap_or_default(),
        ),
    });
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
