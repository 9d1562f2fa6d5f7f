//! Our GA against the `genetic_algorithm` crate's (docs/optimizer.md, "Our GA or the genetic_algorithm
//! crate"): one bi-level run per case, seed and GA, the rest of the run (grid phase, local search, final
//! solve) the same. Prints a markdown row per run, and each run's design on standard error.
//!
//! ```text
//! cargo run --release --features ga-crate --example ga_comparison -- THREADS CASE:SEED[,SEED..] ...
//! ```

use hpsynth::case::Case;
use hpsynth::master::{
    CrateOperators, GenerationStats, Mode, Operators, Progress, RunSettings, optimize,
};
use hpsynth::units::kelvin_to_celsius;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let threads: usize = args.next().ok_or("THREADS")?.parse()?;
    println!(
        "| case | seed | GA | end of GA: TAC (EUR/yr) | evaluations | s | ours after as many evaluations | result TAC | evaluations | s |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for spec in args {
        let (path, seeds) = spec.split_once(':').ok_or("CASE:SEED[,SEED..]")?;
        for seed in seeds.split(',') {
            let mut case = Case::load(std::path::Path::new(path))?;
            case.optimizer.seed = seed.parse()?;
            let mut ours = Vec::new();
            for (name, on_crate) in [
                ("ours", None),
                ("crate, its operators", Some(CrateOperators::Stock)),
                ("crate, our operators", Some(CrateOperators::Own)),
            ] {
                let history = run(&case, path, seed, threads, name, on_crate, &ours)?;
                if on_crate.is_none() {
                    ours = history;
                }
            }
        }
    }
    Ok(())
}

fn run(
    case: &Case,
    path: &str,
    seed: &str,
    threads: usize,
    name: &str,
    on_crate: Option<CrateOperators>,
    ours: &[GenerationStats],
) -> Result<Vec<GenerationStats>, Box<dyn std::error::Error>> {
    let settings = RunSettings {
        mode: Mode::Bilevel,
        threads,
        checkpoint: None,
        resume: false,
        operators: Operators {
            on_crate,
            ..Operators::default()
        },
        dump_failed: None,
        seeds: Vec::new(),
        stop: None,
    };
    let start = Instant::now();
    let mut ga_end = None;
    let result = optimize(case, &settings, &mut |p| {
        if let Progress::LocalSearch {
            from_tac_eur_per_yr,
        } = p
        {
            ga_end = Some((from_tac_eur_per_yr, start.elapsed().as_secs_f64()));
        }
        true
    })?;
    let seconds = start.elapsed().as_secs_f64();
    let c = &result.counters;
    let ga_evaluations = c.evaluations - c.local_search_evaluations;
    // Our GA's best once it had spent as many evaluations as this run's GA (its first generation that
    // reached them; the grid phase's first population counts in generation 0 for both).
    let mut spent = 0;
    let mut at_same = None;
    for h in ours {
        spent += h.evaluations;
        at_same = h.best_tac_eur_per_yr;
        if spent >= ga_evaluations {
            break;
        }
    }
    let (ga_tac, ga_s) = ga_end.unwrap_or((f64::NAN, f64::NAN));
    let tac = result
        .best
        .as_ref()
        .and_then(|b| b.evaluation.design.as_ref())
        .map(|d| d.costs.tac_eur_per_yr);
    println!(
        "| {path} | {seed} | {name} | {ga_tac:.0} | {ga_evaluations} | {ga_s:.1} | {} | {} | {} | {seconds:.1} |",
        at_same
            .filter(|_| on_crate.is_some())
            .map_or("".into(), |t| format!("{t:.0}")),
        tac.map_or("-".into(), |t| format!("{t:.0}")),
        c.evaluations,
    );
    // The design itself, for `hpsynth evaluate` (fluids and levels, °C).
    if let Some(best) = &result.best {
        let cycles: Vec<String> = best
            .cycles
            .iter()
            .map(|c| {
                let levels: Vec<String> = c
                    .levels_k
                    .iter()
                    .map(|&t| format!("{:.2}", kelvin_to_celsius(t)))
                    .collect();
                format!("{} {}", c.fluid, levels.join(","))
            })
            .collect();
        eprintln!("{path} seed {seed}, {name}: {}", cycles.join(" / "));
    }
    Ok(result.history)
}
