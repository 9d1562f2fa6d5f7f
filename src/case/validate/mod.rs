//! From the file types to a validated SI [`Case`], collecting every problem with its location and fix.

mod checker;
mod costs;
mod economics;
mod heat_transfer;
mod optimizer;
mod site;
mod streams;
mod utilities;

use super::error::CaseError;
use super::file::CaseFile;
use super::streams_csv;
use super::{Case, HeatPumpSettings, Stream, Utility};
use crate::fluids::{FluidError, resolve};
use crate::superstructure::Template;
use checker::Checker;
use std::path::Path;
use streams::{StreamDefaults, csv_streams, stream};

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

/// Checks the stream set and every other section, in the order their problems are listed; the [`Case`] if
/// nothing is wrong.
fn finish(
    mut check: Checker,
    path: &Path,
    file: &str,
    raw: CaseFile,
    streams: Vec<Stream>,
) -> Result<Case, CaseError> {
    streams::check_the_set(&mut check, &streams);
    let utilities = utilities::all(&mut check, &raw);
    let electricity = economics::electricity(&mut check, &raw.electricity);
    let economics = economics::economics(&mut check, &raw.economics);
    let heat_pump = heat_pump(&mut check, &raw, &streams, &utilities);
    let optimizer = optimizer::settings(&mut check, &raw.optimizer);
    let costs = costs::cost_set(&mut check, path, &raw.costs.set);
    let refrigerant_films = heat_transfer::refrigerant_films(&mut check, &raw.heat_transfer);
    let site = raw
        .site
        .as_ref()
        .map(|s| site::site(&mut check, s, &utilities));
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
