//! From the file types to a validated SI [`Case`], collecting every problem with its location and fix.

mod checker;
mod streams;

use super::error::CaseError;
use super::file::{CaseFile, UtilityFile};
use super::streams_csv;
use super::{
    Case, Economics, Electricity, HeatPumpSettings, OptimizerSettings, RefrigerantFilms, Site,
    Stream, Utility,
};
use crate::fluids::{FluidError, resolve};
use crate::slave::CostSet;
use crate::superstructure::Template;
use crate::units::{g_per_kwh_to_kg_per_j, kilo_to_si, per_kwh_to_per_j};
use checker::Checker;
use std::path::Path;
use streams::{StreamDefaults, csv_streams, direction, kind, stream};

pub(super) fn from_toml(path: &Path, file: &str, text: &str) -> Result<Case, CaseError> {
    let raw: CaseFile = toml::from_str(text).map_err(|e| CaseError::Syntax {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    let mut check = Checker::new();
    let defaults = StreamDefaults {
        dt_min_half_k: raw.case.dt_min_half_k,
        h_w_per_m2_k: raw.heat_transfer.stream_h_w_per_m2_k,
    };
    let mut streams = Vec::new();
    for (i, s) in raw.streams.iter().enumerate() {
        let location = format!("streams[{i}] \"{}\"", s.name);
        if let Some(stream) = stream(&mut check, &location, s, defaults) {
            streams.push(stream);
        }
    }
    if let Some(csv) = &raw.case.streams_csv {
        let csv_path = path.parent().unwrap_or(Path::new(".")).join(csv);
        match std::fs::read_to_string(&csv_path) {
            Ok(text) => match streams_csv::parse(&csv_path.display().to_string(), &text) {
                Ok(rows) => streams.extend(csv_streams(&mut check, rows, defaults)),
                Err(problems) => check.problems.extend(problems),
            },
            Err(e) => check.report(
                "case.streams_csv",
                format!("cannot read {}: {e}", csv_path.display()),
                "give a path relative to the case file",
            ),
        }
    }
    finish(check, path, file, raw, streams)
}

pub(super) fn from_csv(file: &str, name: &str, text: &str) -> Result<Case, CaseError> {
    let rows = streams_csv::parse(file, text).map_err(|problems| CaseError::Invalid {
        file: file.to_string(),
        problems,
    })?;
    let mut check = Checker::new();
    let streams = csv_streams(
        &mut check,
        rows,
        StreamDefaults {
            dt_min_half_k: None,
            h_w_per_m2_k: super::file::HeatTransferFile::default().stream_h_w_per_m2_k,
        },
    );
    let path = Path::new(file);
    let raw: CaseFile =
        toml::from_str(&format!("[case]\nname = {name:?}\n")).map_err(|e| CaseError::Syntax {
            file: file.to_string(),
            message: e.to_string(),
        })?;
    finish(check, path, file, raw, streams)
}

fn finish(
    mut check: Checker,
    path: &Path,
    file: &str,
    raw: CaseFile,
    streams: Vec<Stream>,
) -> Result<Case, CaseError> {
    streams::check_the_set(&mut check, &streams);
    let utilities: Vec<Utility> = raw
        .utilities
        .iter()
        .enumerate()
        .map(|(i, u)| {
            utility(
                &mut check,
                &format!("utilities[{i}] \"{}\"", u.name),
                u,
                raw.heat_transfer.utility_h_w_per_m2_k,
            )
        })
        .collect();
    let electricity = Electricity {
        price_eur_per_j: per_kwh_to_per_j(check.number(
            "electricity",
            "price_eur_per_kwh",
            raw.electricity.price_eur_per_kwh,
            raw.electricity.price_eur_per_kwh >= 0.0,
            "a price >= 0",
        )),
        co2_kg_per_j: g_per_kwh_to_kg_per_j(check.number(
            "electricity",
            "co2_g_per_kwh",
            raw.electricity.co2_g_per_kwh,
            raw.electricity.co2_g_per_kwh >= 0.0,
            "an emission factor >= 0",
        )),
    };
    let e = &raw.economics;
    let economics = Economics {
        interest_rate_per_yr: check.number(
            "economics",
            "interest_rate_per_yr",
            e.interest_rate_per_yr,
            (0.0..1.0).contains(&e.interest_rate_per_yr),
            "a fraction per year in [0, 1), e.g. 0.06",
        ),
        lifetime_yr: check.number(
            "economics",
            "lifetime_yr",
            e.lifetime_yr,
            e.lifetime_yr > 0.0,
            "years > 0",
        ),
        operating_s_per_yr: 3600.0
            * check.number(
                "economics",
                "operating_h_per_yr",
                e.operating_h_per_yr,
                e.operating_h_per_yr > 0.0 && e.operating_h_per_yr <= 8784.0,
                "hours per year in (0, 8784]",
            ),
        co2_price_eur_per_kg: check.number(
            "economics",
            "co2_price_eur_per_t",
            e.co2_price_eur_per_t,
            e.co2_price_eur_per_t >= 0.0,
            "a price >= 0",
        ) / 1e3,
        cepci: check.number("economics", "cepci", e.cepci, e.cepci > 0.0, "an index > 0"),
    };
    let heat_pump = heat_pump(&mut check, &raw, &streams, &utilities);
    let o = &raw.optimizer;
    let optimizer = OptimizerSettings {
        seed: o.seed,
        population: check.count_in(
            "optimizer.population",
            o.population,
            2..=usize::MAX,
            "use at least 2",
        ),
        islands: check.count_in("optimizer.islands", o.islands, 1..=64, "use 1 to 64"),
        generations: check.count_in(
            "optimizer.generations",
            o.generations,
            1..=usize::MAX,
            "use at least 1",
        ),
        stall_generations: check.count_in(
            "optimizer.stall_generations",
            o.stall_generations,
            1..=usize::MAX,
            "use at least 1",
        ),
        time_limit_s: check.number(
            "optimizer",
            "time_limit_s",
            o.time_limit_s,
            o.time_limit_s > 0.0,
            "seconds > 0",
        ),
        grid_step_k: check.number(
            "optimizer",
            "grid_step_k",
            o.grid_step_k,
            o.grid_step_k > 0.0,
            "a step in K > 0",
        ),
        grid_levels: o.grid_levels,
        mip_gap: check.number(
            "optimizer",
            "mip_gap",
            o.mip_gap,
            (0.0..1.0).contains(&o.mip_gap),
            "a relative gap in [0, 1)",
        ),
        screening_mip_gap: check.number(
            "optimizer",
            "screening_mip_gap",
            o.screening_mip_gap,
            (0.0..1.0).contains(&o.screening_mip_gap),
            "a relative gap in [0, 1)",
        ),
        warm_start: o.warm_start,
    };
    let costs = cost_set(&mut check, path, &raw.costs.set);
    let refrigerant_films = refrigerant_films(&mut check, &raw.heat_transfer);
    let site = raw.site.as_ref().map(|s| site(&mut check, s, &utilities));
    if !check.problems.is_empty() {
        return Err(CaseError::Invalid {
            file: file.to_string(),
            problems: check.problems,
        });
    }
    Ok(Case {
        name: raw.case.name,
        description: raw.case.description,
        source: raw.case.source,
        streams,
        utilities,
        electricity,
        economics,
        heat_pump,
        optimizer,
        costs: costs.unwrap_or_else(crate::slave::CostSet::default_set),
        exchanger_pricing: raw.costs.exchangers,
        refrigerant_films,
        site,
    })
}

fn refrigerant_films(check: &mut Checker, h: &super::file::HeatTransferFile) -> RefrigerantFilms {
    let mut one = |field: &str, v: f64| {
        check.number(
            "heat_transfer",
            field,
            v,
            v > 0.0,
            "a film coefficient in W/(m2 K) > 0",
        )
    };
    one("stream_h_w_per_m2_k", h.stream_h_w_per_m2_k);
    one("utility_h_w_per_m2_k", h.utility_h_w_per_m2_k);
    RefrigerantFilms {
        boiling: one("boiling_h_w_per_m2_k", h.boiling_h_w_per_m2_k),
        condensing: one("condensing_h_w_per_m2_k", h.condensing_h_w_per_m2_k),
        gas: one("gas_h_w_per_m2_k", h.gas_h_w_per_m2_k),
        liquid: one("liquid_h_w_per_m2_k", h.liquid_h_w_per_m2_k),
    }
}

/// `[site]`: existing capacities by utility name.
fn site(check: &mut Checker, s: &super::file::SiteFile, utilities: &[Utility]) -> Site {
    let mut existing_utility_w = vec![0.0; utilities.len()];
    for (name, kw) in &s.existing_utilities_kw {
        let location = format!("site.existing_utilities_kw.\"{name}\"");
        match utilities.iter().position(|u| &u.name == name) {
            Some(i) => {
                existing_utility_w[i] = kilo_to_si(check.number(
                    "site.existing_utilities_kw",
                    &format!("\"{name}\""),
                    *kw,
                    *kw >= 0.0,
                    "an installed capacity in kW >= 0",
                ))
            }
            None if utilities.is_empty() => check.report(
                location,
                format!("no utility named \"{name}\": the case has no [[utilities]]"),
                "define the utility in [[utilities]] first",
            ),
            None => check.report(
                location,
                format!("no utility named \"{name}\""),
                format!(
                    "use the name of a [[utilities]] entry: {}",
                    utilities
                        .iter()
                        .map(|u| format!("\"{}\"", u.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
    }
    Site {
        existing_utility_w,
        existing_heat_recovery: s.existing_heat_recovery,
    }
}

/// The case's cost set: a shipped name, or a TOML path relative to the case file.
fn cost_set(check: &mut Checker, case_path: &Path, name: &str) -> Option<CostSet> {
    let is_file = name.ends_with(".toml");
    let target = if !is_file || Path::new(name).is_absolute() {
        name.to_string()
    } else {
        case_path
            .parent()
            .unwrap_or(Path::new("."))
            .join(name)
            .display()
            .to_string()
    };
    match CostSet::load(&target) {
        Ok(set) => Some(set),
        Err(e) => {
            check.report(
                "costs.set",
                e.to_string(),
                format!(
                    "name a shipped set ({}) or a cost set TOML relative to the case file; docs/costs.md",
                    CostSet::shipped().join(", ")
                ),
            );
            None
        }
    }
}

fn utility(check: &mut Checker, location: &str, u: &UtilityFile, default_h: f64) -> Utility {
    let k = kind(u.kind);
    let t_in_k = check.temperature(location, "t_in_c", u.t_in_c);
    let t_out_k = check.temperature(location, "t_out_c", u.t_out_c);
    direction(check, location, k, u.t_in_c, u.t_out_c);
    let non_negative = |check: &mut Checker, field: &str, v: f64| {
        check.number(location, field, v, v >= 0.0, "a value >= 0")
    };
    Utility {
        name: u.name.clone(),
        kind: k,
        t_in_k,
        t_out_k,
        dt_min_half_k: non_negative(check, "dt_min_half_k", u.dt_min_half_k),
        price_eur_per_j: per_kwh_to_per_j(non_negative(
            check,
            "price_eur_per_kwh",
            u.price_eur_per_kwh,
        )),
        co2_kg_per_j: non_negative(check, "co2_kg_per_kwh", u.co2_kg_per_kwh) / 3.6e6,
        efficiency: check.number(
            location,
            "efficiency",
            u.efficiency,
            u.efficiency > 0.0,
            "heat per purchased energy > 0, e.g. 0.97 for a furnace",
        ),
        electricity_w_per_w: non_negative(check, "electricity_kw_per_kw", u.electricity_kw_per_kw),
        investment_eur_per_w: non_negative(check, "investment_eur_per_kw", u.investment_eur_per_kw)
            / 1e3,
        max_w: u.max_kw.map(|m| {
            kilo_to_si(check.number(location, "max_kw", m, m > 0.0, "a capacity in kW > 0"))
        }),
        h_w_per_m2_k: check.film(location, u.h_w_per_m2_k.unwrap_or(default_h)),
    }
}

fn heat_pump(
    check: &mut Checker,
    raw: &CaseFile,
    streams: &[Stream],
    utilities: &[Utility],
) -> HeatPumpSettings {
    let h = &raw.heat_pump;
    let mut fluids = Vec::new();
    if h.fluids.is_empty() {
        check.report(
            "heat_pump.fluids",
            "no candidate fluid",
            "list at least one, e.g. [\"R717\"]",
        );
    }
    for (i, name) in h.fluids.iter().enumerate() {
        match resolve(name) {
            Ok(entry) => fluids.push(entry.name.to_string()),
            Err(FluidError::UnknownFluid { suggestions, .. }) => check.report(
                format!("heat_pump.fluids[{i}]"),
                format!("unknown fluid \"{name}\""),
                format!(
                    "closest known names: {}; `hpsynth fluids` lists all",
                    suggestions.join(", ")
                ),
            ),
            Err(e) => check.report(
                format!("heat_pump.fluids[{i}]"),
                e.to_string(),
                "choose another fluid",
            ),
        }
    }
    // The template loader decides what a template is (a shipped name or a path), not a second list.
    if let Err(e) = Template::load(&h.template) {
        check.report(
            "heat_pump.template",
            e.to_string(),
            "superstructures/README.md describes the templates and their keys",
        );
    }
    check.count_in(
        "heat_pump.max_levels",
        h.max_levels,
        2..=12,
        "use 2 to 12 pressure levels",
    );
    let eta_is = check.number(
        "heat_pump",
        "eta_is",
        h.eta_is,
        h.eta_is > 0.0 && h.eta_is <= 1.0,
        "an isentropic efficiency in (0, 1]",
    );
    let dt = check.number(
        "heat_pump",
        "dt_min_half_k",
        h.dt_min_half_k,
        h.dt_min_half_k >= 0.0,
        "K >= 0",
    );
    let dt_range = h.dt_min_half_k_range.map(|[lo, hi]| {
        check.number(
            "heat_pump",
            "dt_min_half_k_range",
            lo,
            lo > 0.0 && hi.is_finite() && lo < hi,
            "[lowest, highest] dT_min/2 in K with 0 < lowest < highest, e.g. [0.5, 6.0]",
        );
        (lo, hi)
    });
    let superheat_k = check.number(
        "heat_pump",
        "superheat_k",
        h.superheat_k,
        h.superheat_k >= 0.0,
        "K >= 0",
    );
    let subcool_k = check.number(
        "heat_pump",
        "subcool_k",
        h.subcool_k,
        h.subcool_k >= 0.0,
        "K >= 0",
    );
    // Default level bounds: the range of the process and utility temperatures widened by 10 K on both sides
    // (a refrigeration cycle must condense above the cooling water); fluids clip it to their own range.
    let all_t = streams
        .iter()
        .flat_map(|s| s.segments.iter().flat_map(|g| [g.t_in_k, g.t_out_k]))
        .chain(utilities.iter().flat_map(|u| [u.t_in_k, u.t_out_k]));
    let (t_lo, t_hi) = all_t.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), t| {
        (lo.min(t), hi.max(t))
    });
    let t_level_min_k = h.t_level_min_c.map_or(t_lo - 10.0, |t| {
        check.temperature("heat_pump", "t_level_min_c", t)
    });
    let t_level_max_k = h.t_level_max_c.map_or(t_hi + 10.0, |t| {
        check.temperature("heat_pump", "t_level_max_c", t)
    });
    if t_level_min_k.is_finite() && t_level_max_k.is_finite() && t_level_min_k >= t_level_max_k {
        check.report(
            "heat_pump.t_level_min_c",
            "not below t_level_max_c",
            "give t_level_min_c < t_level_max_c",
        );
    }
    check.count_in(
        "heat_pump.cycles",
        h.cycles,
        1..=2,
        "use 1 (one cycle) or 2 (a cascade of two cycles)",
    );
    let min_level_gap_k = check.number(
        "heat_pump",
        "min_level_gap_k",
        h.min_level_gap_k,
        h.min_level_gap_k > 0.0,
        "K > 0",
    );
    HeatPumpSettings {
        cycles: h.cycles,
        min_level_gap_k,
        fluids,
        template: h.template.clone(),
        max_levels: h.max_levels,
        eta_is,
        dt_min_half_k: dt,
        dt_min_half_k_range: dt_range,
        superheat_k,
        subcool_k,
        t_level_min_k,
        t_level_max_k,
    }
}
