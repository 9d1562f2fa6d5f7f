//! `hpsynth screen`, `sweep`, `pareto` and `merge`: their arguments and what they print (docs/studies.md);
//! the library's study/drive.rs runs them and writes their files. A study runs whole, or one shard of it
//! (`--shard K/N`, written to `--out`), and `merge` turns the shards into what the whole run gives.

use super::opt;
use anyhow::Context;
use clap::Args;
use hpsynth::api::{
    self, Case, ScreenBudget, Shard, StudyOutcome, StudyProgress, StudyResult, StudySettings,
};
use hpsynth::study::pareto::ParetoResult;
use hpsynth::study::screen::ScreenResult;
use hpsynth::study::sweep::SweepResult;
use hpsynth::summary::optimize::LeaderRow;
use std::path::PathBuf;

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
    /// Synthesise the heat exchanger network of the N best fluids' designs (up to 10) and rank them again
    /// by their TAC with it (docs/network.md); writes network_ranking.json and the best one's network
    /// report into --out.
    #[arg(long)]
    pub network: Option<usize>,
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

impl StudyArgs {
    fn load(&self) -> Result<Case, api::Error> {
        Ok(Case::load(&self.case)?)
    }

    fn settings(&self) -> StudySettings {
        StudySettings {
            seed: self.seed,
            threads: self.threads,
            population: self.population,
            generations: self.generations,
            out: self.out.clone(),
            shard: self.shard,
            stop: None,
        }
    }
}

/// Runs a study with a progress bar: what to print, and the study's result when it finished (not a shard).
fn run_study(
    args: &StudyArgs,
    study: impl FnOnce(
        &StudySettings,
        &(dyn Fn(&StudyProgress) + Sync),
    ) -> Result<StudyOutcome, api::Error>,
) -> Result<(String, Option<StudyResult>), api::Error> {
    let bar = super::progress::StudyBar::default();
    let outcome = study(&args.settings(), &|p: &StudyProgress| bar.update(p));
    bar.finish();
    match outcome? {
        StudyOutcome::Shard { shard, file, jobs } => Ok((
            format!(
                "shard {}/{}: {jobs} jobs in {}\n",
                shard.k,
                shard.n,
                file.display()
            ),
            None,
        )),
        StudyOutcome::Finished(result) => Ok((render(&result, args.json)?, Some(result))),
    }
}

/// The study as JSON, or as text for a person.
fn render(result: &StudyResult, json: bool) -> Result<String, api::Error> {
    if json {
        return Ok(api::study_json(result)? + "\n");
    }
    Ok(match result {
        StudyResult::Screen(r) => render_screen(r),
        StudyResult::Sweep(r) => render_sweep(r),
        StudyResult::Pareto(r) => render_pareto(r),
    })
}

/// `hpsynth screen`: the text (or JSON) to print; with `--network`, the best designs ranked again by their
/// networks after it (network_ranking.json and network.html in `--out`, written after screen.json).
pub fn run_screen(args: &ScreenArgs) -> anyhow::Result<String> {
    let case = args.study.load()?;
    let Some(n) = args.network else {
        return Ok(screen(args, &case)?.0);
    };
    let Some(out) = args.study.out.clone() else {
        anyhow::bail!(
            "--network: give --out, the folder its ranking and network report are written to"
        );
    };
    api::check_network_count(n)?;
    if args.study.shard.is_some() {
        anyhow::bail!(
            "--network: a shard has no ranking yet; run it on the merged study's best designs with \
             `hpsynth network CASE --design` instead"
        );
    }
    // An earlier screening's networks must not pass for this one's.
    hpsynth::report::design_network::remove_stale(&out)?;
    let (text, result) = screen(args, &case)?;
    let Some(StudyResult::Screen(r)) = result else {
        return Ok(text);
    };
    let mut designs: Vec<LeaderRow> = Vec::new();
    for row in &r.rows {
        if let (Some(tac), Some(design)) = (row.tac_eur_per_yr, &row.design) {
            designs.push(
                super::design_network::as_contender(design, tac).with_context(|| {
                    format!("screen: the design of {} cannot be read back", row.fluid)
                })?,
            );
        }
    }
    let table = super::rerank::rerank_screen(&case, &designs, n, &out)?;
    Ok(if args.study.json { text } else { text + &table })
}

fn screen(args: &ScreenArgs, case: &Case) -> Result<(String, Option<StudyResult>), api::Error> {
    let settings = api::ScreenSettings {
        fluids: args.fluids.clone(),
        max_gwp: args.max_gwp,
        safety: args.safety.clone(),
        cycles: args.cycles as usize,
        budget: match args.budget {
            Budget::Screening => ScreenBudget::screening(),
            Budget::Full => ScreenBudget::full(),
        },
    };
    run_study(&args.study, |study, progress| {
        api::screen(case, &settings, study, progress)
    })
}

/// `hpsynth sweep`.
pub fn run_sweep(args: &SweepArgs) -> Result<String, api::Error> {
    let case = args.study.load()?;
    run_study(&args.study, |study, progress| {
        api::sweep(&case, &args.set, study, progress)
    })
    .map(|(text, _)| text)
}

/// `hpsynth pareto`.
pub fn run_pareto(args: &ParetoArgs) -> Result<String, api::Error> {
    let case = args.study.load()?;
    run_study(&args.study, |study, progress| {
        api::pareto(&case, args.points, study, progress)
    })
    .map(|(text, _)| text)
}

/// `hpsynth merge`: the study of the shards, printed and written as the whole run would.
pub fn run_merge(args: &MergeArgs) -> Result<String, api::Error> {
    render(&api::merge(&args.shards, args.out.as_deref())?, args.json)
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
