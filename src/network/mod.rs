//! Heat exchanger network synthesis: from streams, utilities and cost laws to the network an engineer can
//! build, by the stage-wise superstructure of Yee & Grossmann (Comput. Chem. Eng. 14(10) (1990) 1165-1184).
//!
//! The MINLP is decomposed (docs/network.md):
//!
//! 1. [`milp`]: the superstructure with every balance and approach constraint exact and the area cost
//!    linearised per unit of duty; HiGHS picks the units (a structure).
//! 2. [`nlp`]: the structure's temperatures and duties at the exact TAC (exact LMTD), by Ipopt
//!    ([`ipopt`]) with exact derivatives.
//! 3. [`search`]: rounds of 1 and 2 with the linearisation re-estimated from each NLP optimum and the
//!    visited structures cut off, from a sweep of stage counts and MILP approach temperatures; then unit
//!    removal on the best networks.
//!
//! [`result`] turns the best structure into the exchanger list with its checks; [`openhens`] reads the
//! literature benchmarks' CSV format.

mod area_cost;
pub mod design;
pub mod grid;
pub mod ipopt;
pub mod milp;
pub mod nlp;
pub mod openhens;
pub mod problem;
pub mod result;
pub mod search;
pub mod settings_file;
pub mod structure;

pub use area_cost::{area, lmtd, overall_u};
pub use problem::{
    AreaCost, CostLaw, HensProblem, HensStream, HensUtility, Pricing, UnitKind, UnitSpec,
};
pub use result::{Checks, Exchanger, Network, UnitCounts};
pub use search::{SearchLog, SynthesisSettings};

/// Synthesises the cheapest network the search finds; `Err` says why there is none.
pub fn synthesise(problem: &HensProblem, settings: &SynthesisSettings) -> Result<Network, String> {
    problem.check()?;
    settings.check()?;
    let (best, log) = search::search(problem, settings);
    let best = best.ok_or_else(|| {
        format!(
            "no feasible network found ({} MILPs, {} NLPs): check that the utilities can close every stream's balance",
            log.milps, log.nlps
        )
    })?;
    Ok(result::network(
        problem,
        &best.structure,
        &best.point,
        settings.dt_min_k,
        log,
    ))
}

/// `hpsynth validate`'s subject of a folder with `openhens.csv` (and `network.toml`, the search settings,
/// if any): the network's JSON with its headline numbers at the top level (`tac_per_yr`, the unit counts,
/// `checks_pass` as 1 or 0).
pub fn validation_subject(dir: &std::path::Path) -> Result<serde_json::Value, String> {
    let problem = openhens::load(&dir.join("openhens.csv"))?;
    let settings = settings_file::load_or_default(&dir.join("network.toml"))?;
    let network = synthesise(&problem, &settings)?;
    let mut value = serde_json::to_value(&network).map_err(|e| e.to_string())?;
    if let Some(map) = value.as_object_mut() {
        let mut put = |k: &str, v: f64| {
            map.insert(k.into(), serde_json::json!(v));
        };
        put("tac_per_yr", network.cost.total_per_yr);
        put("recovery_units", network.units.recovery as f64);
        put("coolers", network.units.coolers as f64);
        put("heaters", network.units.heaters as f64);
        put("checks_pass", if network.checks.pass { 1.0 } else { 0.0 });
    }
    Ok(value)
}
