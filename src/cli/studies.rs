//! `hpsynth screen`, `sweep` and `merge`: their arguments, what they print and what they write
//! (docs/studies.md). A study runs whole, or one shard of it (`--shard K/N`, written to `--out`), and
//! `merge` turns the shards into what the whole run gives.

use super::opt;
use crate::case::Case;
use crate::files::write_atomically;
use crate::master::{Mode, Operators, RunSettings};
use crate::report::studies as pages;
use crate::study::pareto::{self, ParetoOptions, ParetoResult};
use crate::study::screen::{self, ScreenBudget, ScreenOptions, ScreenResult};
use crate::study::shard::{self, Shard, ShardFile, StudySpec, case_hash};
use crate::study::sweep::{self, SweepAxis, SweepResult};
use crate::study::{Job, JobRecord, StudyError, StudyProgress, run_jobs};
use clap::Args;
use std::path::{Path, PathBuf};

/// What every study takes.
#[derive(Args, Clone, Debug)]
pub struct StudyArgs {
    /// Case TOML.
    pub case: PathBuf,
    /// Random seed of every run (default: the case's optimizer.seed): the same for every job and shard.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads of each run (default: all cores); the result does not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// One JSON document on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Output folder: the study's JSON, CSV and report page; with --shard, the shard's file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// GA population of every run (default: the case's optimizer.population; not for screen, whose budget
    /// is --budget).
    #[arg(long)]
    pub population: Option<usize>,
    /// GA generations of every run (default: the case's optimizer.generations).
    #[arg(long)]
    pub generations: Option<usize>,
    /// Run share K of N (1 <= K <= N) and write it to --out as shard-K-of-N.json; `hpsynth merge` joins them.
    #[arg(long, value_parser = Shard::parse)]
    pub shard: Option<Shard>,
}

/// `hpsynth screen`.
#[derive(Args, Clone, Debug)]
pub struct ScreenArgs {
    #[command(flatten)]
    pub study: StudyArgs,
    /// Fluids to screen: "all" (every bundled fluid) or a comma-separated list (names, ASHRAE numbers, aliases).
    #[arg(long, default_value = "all")]
    pub fluids: String,
    /// Leave out fluids whose GWP100 (IPCC AR5) is above this; fluids AR5 does not list are kept.
    #[arg(long)]
    pub max_gwp: Option<f64>,
    /// Keep only these ASHRAE 34 safety classes, comma-separated (e.g. A1,A2L).
    #[arg(long, value_delimiter = ',')]
    pub safety: Option<Vec<String>>,
    /// Cycles in cascade: 1 (each fluid alone) or 2 (each pair of fluids).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub cycles: u8,
    /// Budget of each run: "screening" (a small GA, no grid seed, a short local search) or "full" (what
    /// `optimize` runs with the default [optimizer]).
    #[arg(long, value_enum, default_value_t = Budget::Screening)]
    pub budget: Budget,
}

/// `hpsynth screen --budget`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Budget {
    Screening,
    Full,
}

/// `hpsynth sweep`.
#[derive(Args, Clone, Debug)]
pub struct SweepArgs {
    #[command(flatten)]
    pub study: StudyArgs,
    /// A key of the case and its range: KEY=FROM:TO:N (N points, both ends included); repeat for a grid.
    #[arg(long = "set", required = true)]
    pub set: Vec<String>,
}

/// `hpsynth pareto`.
#[derive(Args, Clone, Debug)]
pub struct ParetoArgs {
    #[command(flatten)]
    pub study: StudyArgs,
    /// Points of the front, the two extremes included (at least 2).
    #[arg(long, default_value_t = 5)]
    pub points: usize,
}

/// `hpsynth merge`.
#[derive(Args, Clone, Debug)]
pub struct MergeArgs {
    /// Folders (or shard files) written by `--shard K/N --out DIR`.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// One JSON document on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Output folder for the study's JSON, CSV and report page.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn load(args: &StudyArgs) -> Result<(Case, String), StudyError> {
    let mut case = Case::load(&args.case)?;
    let o = &mut case.optimizer;
    o.seed = args.seed.unwrap_or(o.seed);
    o.population = args.population.unwrap_or(o.population);
    o.generations = args.generations.unwrap_or(o.generations);
    o.stall_generations = o.stall_generations.min(o.generations);
    let text = std::fs::read_to_string(&args.case)
        .map_err(|e| StudyError::Input(format!("{}: cannot read it ({e})", args.case.display())))?;
    Ok((case, text))
}

fn run_settings(threads: usize) -> RunSettings {
    RunSettings {
        mode: Mode::Bilevel,
        threads,
        checkpoint: None,
        resume: false,
        operators: Operators::default(),
        dump_failed: None,
        seeds: Vec::new(),
    }
}

/// Turns a study's records into its output: what to print, and the files of `--out`.
type Finish = dyn Fn(&StudySpec, &[JobRecord], bool, Option<&Path>) -> Result<String, StudyError>;

/// Runs the shard's share of a study's jobs.
type Runner<'a> = dyn Fn(
        Option<Shard>,
        &RunSettings,
        &(dyn Fn(&StudyProgress) + Sync),
    ) -> Result<Vec<JobRecord>, StudyError>
    + 'a;

/// Runs `jobs` (the shard's share, with a progress bar), then writes the shard or hands the records on.
fn run_study(
    args: &StudyArgs,
    spec: StudySpec,
    jobs: &[Job],
    finish: &Finish,
) -> Result<String, StudyError> {
    let runner =
        |shard: Option<Shard>, run: &RunSettings, progress: &(dyn Fn(&StudyProgress) + Sync)| {
            run_jobs(jobs, shard, run, progress)
        };
    run_with(args, spec, jobs.len(), &runner, finish)
}

/// Runs a study with `runner` (its share of `total` jobs, with a progress bar), then writes the shard or
/// hands the records on.
fn run_with(
    args: &StudyArgs,
    spec: StudySpec,
    total: usize,
    runner: &Runner<'_>,
    finish: &Finish,
) -> Result<String, StudyError> {
    if args.shard.is_some() && args.out.is_none() {
        return Err(StudyError::Input(
            "--shard needs --out DIR, where its shard file goes".into(),
        ));
    }
    // An unsharded study owns its folder while it runs (the shards of one study share theirs, each writing
    // its own file).
    let _lock = match (args.shard, &args.out) {
        (None, Some(out)) => {
            std::fs::create_dir_all(out).map_err(|source| StudyError::Write {
                file: out.display().to_string(),
                source,
            })?;
            Some(crate::folder_lock::FolderLock::acquire(out)?)
        }
        _ => None,
    };
    let bar = super::progress::StudyBar::new(total, args.shard);
    let records = runner(
        args.shard,
        &run_settings(args.threads),
        &|p: &StudyProgress| bar.update(p),
    )?;
    bar.finish();
    match (args.shard, &args.out) {
        (Some(shard), Some(out)) => {
            let file = ShardFile {
                study: spec,
                shard,
                records,
            }
            .write(out)?;
            Ok(format!(
                "shard {}/{}: {} jobs in {}\n",
                shard.k,
                shard.n,
                file_jobs(&file),
                file.display()
            ))
        }
        _ => finish(&spec, &records, args.json, args.out.as_deref()),
    }
}

fn file_jobs(file: &Path) -> usize {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|t| serde_json::from_str::<ShardFile>(&t).ok())
        .map_or(0, |s| s.records.len())
}

/// `hpsynth screen`: the text (or JSON) to print.
pub fn run_screen(args: &ScreenArgs) -> Result<String, StudyError> {
    let (case, _) = load(&args.study)?;
    let options = ScreenOptions {
        fluids: screen::resolve_fluids(&args.fluids)?,
        max_gwp: args.max_gwp,
        safety: args.safety.clone(),
        cycles: args.cycles as usize,
        budget: match args.budget {
            Budget::Screening => ScreenBudget::screening(),
            Budget::Full => ScreenBudget::full(),
        },
    };
    let jobs = screen::jobs(&case, &options);
    let spec = spec("screen", &args.study.case, &case, &options, jobs.len())?;
    run_study(&args.study, spec, &jobs, &finish_screen)
}

/// `hpsynth sweep`.
pub fn run_sweep(args: &SweepArgs) -> Result<String, StudyError> {
    let (case, text) = load(&args.study)?;
    let axes = args
        .set
        .iter()
        .map(|s| SweepAxis::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    let options = SweepOptions {
        axes,
        population: args.study.population,
        generations: args.study.generations,
    };
    let cases = with_run(
        sweep::cases(&args.study.case, &text, &options.axes)?,
        case.optimizer.seed,
        &options,
    );
    let jobs = sweep::jobs(&cases);
    // The case as the file gives it (the merge reads the file again and checks it is unchanged).
    let mut file_case = Case::load(&args.study.case)?;
    file_case.optimizer.seed = case.optimizer.seed;
    let spec = spec("sweep", &args.study.case, &file_case, &options, jobs.len())?;
    run_study(&args.study, spec, &jobs, &finish_sweep)
}

/// `hpsynth pareto`.
pub fn run_pareto(args: &ParetoArgs) -> Result<String, StudyError> {
    let (case, _) = load(&args.study)?;
    let options = ParetoOptions {
        points: args.points,
    };
    if options.points < 2 {
        return Err(StudyError::Input(format!(
            "--points {}: at least 2 (the two extremes)",
            options.points
        )));
    }
    let spec = spec("pareto", &args.study.case, &case, &options, options.points)?;
    let runner =
        |shard: Option<Shard>, run: &RunSettings, progress: &(dyn Fn(&StudyProgress) + Sync)| {
            pareto::run(&case, options, shard, run, progress)
        };
    run_with(&args.study, spec, options.points, &runner, &finish_pareto)
}

fn finish_pareto(
    spec: &StudySpec,
    records: &[JobRecord],
    json: bool,
    out: Option<&Path>,
) -> Result<String, StudyError> {
    let options: ParetoOptions = options_of(spec)?;
    let result = pareto::finish(&spec.case_name, spec.seed, options, records);
    let document = to_json(&result)?;
    if let Some(out) = out {
        write(out, "pareto.json", &document)?;
        write_pages(out, &pages::pareto(&result)?)?;
    }
    Ok(if json {
        document + "\n"
    } else {
        render_pareto(&result)
    })
}

/// The front, for a person.
pub fn render_pareto(r: &ParetoResult) -> String {
    let mut out = format!(
        "{}: TAC-CO2 front, {} points (seed {})\n",
        r.case,
        r.points.len(),
        r.seed
    );
    for p in &r.points {
        let s = p.summary.as_ref();
        out += &format!(
            "  {:>2} {:<24} TAC {:>12} EUR/yr  CO2 {:>10} t/yr  power {:>8} kW  {}{}\n",
            p.point,
            p.label,
            opt(s.map(|s| s.tac_eur_per_yr), 0),
            opt(s.and_then(|s| s.co2_t_per_yr), 1),
            opt(s.map(|s| s.power_kw), 0),
            s.map_or_else(
                || p.reason.clone().unwrap_or_default(),
                |s| s.fluids.join(" + ")
            ),
            if p.dominated {
                " (dominated: off the front)"
            } else {
                ""
            }
        );
    }
    out
}

/// What a sweep runs besides its points: the seed and the command line's GA budget.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct SweepOptions {
    axes: Vec<SweepAxis>,
    population: Option<usize>,
    generations: Option<usize>,
}

/// The points' cases with the study's seed and GA budget (as `load` applies them to the case).
fn with_run(cases: Vec<(String, Case)>, seed: u64, options: &SweepOptions) -> Vec<(String, Case)> {
    cases
        .into_iter()
        .map(|(l, mut c)| {
            let o = &mut c.optimizer;
            o.seed = seed;
            o.population = options.population.unwrap_or(o.population);
            o.generations = options.generations.unwrap_or(o.generations);
            o.stall_generations = o.stall_generations.min(o.generations);
            (l, c)
        })
        .collect()
}

fn spec(
    kind: &str,
    path: &Path,
    case: &Case,
    options: &impl serde::Serialize,
    jobs: usize,
) -> Result<StudySpec, StudyError> {
    Ok(StudySpec {
        hpsynth_version: env!("CARGO_PKG_VERSION").to_string(),
        kind: kind.to_string(),
        case_file: path.to_path_buf(),
        case_name: case.name.clone(),
        case_hash: case_hash(case),
        seed: case.optimizer.seed,
        options: serde_json::to_value(options).map_err(|e| StudyError::Input(e.to_string()))?,
        jobs,
    })
}

/// `hpsynth merge`: the study of the shards, printed and written as the whole run would.
pub fn run_merge(args: &MergeArgs) -> Result<String, StudyError> {
    let (spec, records) = shard::merge(&args.shards)?;
    match spec.kind.as_str() {
        "screen" => finish_screen(&spec, &records, args.json, args.out.as_deref()),
        "sweep" => finish_sweep(&spec, &records, args.json, args.out.as_deref()),
        "pareto" => finish_pareto(&spec, &records, args.json, args.out.as_deref()),
        other => Err(StudyError::Input(format!(
            "shards of an unknown study kind '{other}'"
        ))),
    }
}

fn options_of<T: serde::de::DeserializeOwned>(spec: &StudySpec) -> Result<T, StudyError> {
    serde_json::from_value(spec.options.clone())
        .map_err(|e| StudyError::Input(format!("the shards' study options cannot be read ({e})")))
}

fn finish_screen(
    spec: &StudySpec,
    records: &[JobRecord],
    json: bool,
    out: Option<&Path>,
) -> Result<String, StudyError> {
    let options: ScreenOptions = options_of(spec)?;
    let result = screen::finish(&spec.case_name, spec.seed, &options, records);
    let document = to_json(&result)?;
    if let Some(out) = out {
        write(out, "screen.json", &document)?;
        write(out, "screen.csv", &screen::csv(&result.rows)?)?;
        write_pages(out, &pages::screen(&result)?)?;
    }
    Ok(if json {
        document + "\n"
    } else {
        render_screen(&result)
    })
}

fn finish_sweep(
    spec: &StudySpec,
    records: &[JobRecord],
    json: bool,
    out: Option<&Path>,
) -> Result<String, StudyError> {
    let options: SweepOptions = options_of(spec)?;
    let axes = &options.axes;
    // The finish evaluates neighbours' designs at each point: it needs the case, as the shards read it.
    let text = std::fs::read_to_string(&spec.case_file).map_err(|e| {
        StudyError::Input(format!(
            "{}: cannot read the sweep's case ({e}); merge where the shards ran",
            spec.case_file.display()
        ))
    })?;
    let mut case = Case::load(&spec.case_file)?;
    case.optimizer.seed = spec.seed;
    if case_hash(&case) != spec.case_hash {
        return Err(StudyError::Input(format!(
            "{} changed since the shards ran; run the sweep again",
            spec.case_file.display()
        )));
    }
    let cases = with_run(
        sweep::cases(&spec.case_file, &text, axes)?,
        spec.seed,
        &options,
    );
    let result = sweep::finish(&cases, axes, spec.seed, records);
    let document = to_json(&result)?;
    if let Some(out) = out {
        write(out, "sweep.json", &document)?;
        write_pages(out, &pages::sweep(&result)?)?;
    }
    Ok(if json {
        document + "\n"
    } else {
        render_sweep(&result)
    })
}

fn to_json(value: &impl serde::Serialize) -> Result<String, StudyError> {
    serde_json::to_string_pretty(value).map_err(|e| StudyError::Input(e.to_string()))
}

fn write(dir: &Path, name: &str, contents: &str) -> Result<(), StudyError> {
    let path = dir.join(name);
    let error = |source| StudyError::Write {
        file: path.display().to_string(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(error)?;
    write_atomically(&path, contents.as_bytes()).map_err(error)
}

fn write_pages(dir: &Path, files: &[(String, String)]) -> Result<(), StudyError> {
    files
        .iter()
        .try_for_each(|(name, text)| write(dir, name, text))
}

/// The ranking, for a person.
pub fn render_screen(r: &ScreenResult) -> String {
    let mut out = format!(
        "{}: {} fluids screened (seed {}, population {}, {} generations)\n",
        r.case,
        r.rows.len(),
        r.seed,
        r.options.budget.population,
        r.options.budget.generations
    );
    out += &format!(
        "{:>4}  {:<16} {:>12} {:>9} {:>6} {:>6} {:>9} {:>9} {:>8} {:>7} {:>6}  {}\n",
        "rank",
        "fluid",
        "TAC EUR/yr",
        "power kW",
        "COP h",
        "COP c",
        "p max kPa",
        "p min kPa",
        "t dis °C",
        "GWP100",
        "class",
        "levels °C / status"
    );
    for row in &r.rows {
        let levels = row.levels_c.as_ref().map(|c| {
            c.iter()
                .map(|l| {
                    l.iter()
                        .map(|t| format!("{t:.1}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect::<Vec<_>>()
                .join(" | ")
        });
        out += &format!(
            "{:>4}  {:<16} {:>12} {:>9} {:>6} {:>6} {:>9} {:>9} {:>8} {:>7} {:>6}  {}\n",
            row.rank.map_or("-".into(), |k| k.to_string()),
            row.fluid,
            opt(row.tac_eur_per_yr, 0),
            opt(row.power_kw, 0),
            opt(row.cop_heating, 2),
            opt(row.cop_cooling, 2),
            opt(row.p_max_kpa, 0),
            opt(row.p_min_kpa, 0),
            opt(row.t_discharge_max_c, 1),
            opt(row.gwp100, 0),
            row.safety_class.as_deref().unwrap_or("-"),
            levels.unwrap_or_else(|| row.reason.clone().unwrap_or_default())
        );
    }
    out
}

/// The sweep's points and tipping points, for a person.
pub fn render_sweep(r: &SweepResult) -> String {
    let mut out = format!("{}: {} points (seed {})\n", r.case, r.rows.len(), r.seed);
    for row in &r.rows {
        let s = row.summary.as_ref();
        out += &format!(
            "  {}: TAC {} EUR/yr, power {} kW, fuel {} kW, CO2 {} t/yr, payback {} yr, {}{}{}{}\n",
            row.label,
            opt(s.map(|s| s.tac_eur_per_yr), 0),
            opt(s.map(|s| s.power_kw), 0),
            opt(s.and_then(|s| s.fuel_kw), 0),
            opt(s.and_then(|s| s.co2_t_per_yr), 0),
            opt(s.and_then(|s| s.payback_yr), 2),
            s.map_or("no design".into(), |s| s.fluids.join("+")),
            match row.pumps_heat {
                Some(false) if s.is_some_and(|s| s.power_kw > 0.0) =>
                    ", refrigerates only (pumps no heat into the process's heating)",
                _ => "",
            },
            match row.beats_site {
                Some(false) => ", does not beat the site without a heat pump",
                _ => "",
            },
            match (&row.from_neighbour, &row.sized_at) {
                (Some(n), Some(at)) => format!(" (design of {n}, as built at {at})"),
                (Some(n), None) => format!(" (design of {n})"),
                _ => String::new(),
            }
        );
    }
    out += "tipping points:\n";
    if r.tipping_points.is_empty() {
        out += "  none\n";
    }
    for t in &r.tipping_points {
        out += &format!(
            "  {} on {} between {} and {}{}: {}\n",
            t.kind,
            t.key,
            t.from_value,
            t.to_value,
            t.estimate
                .map_or(String::new(), |e| format!(" (at about {e:.4})")),
            t.detail
        );
    }
    out
}
