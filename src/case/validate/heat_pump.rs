//! `[heat_pump]`: candidate fluids, template, levels, efficiencies and temperature differences.

use super::checker::Checker;
use crate::case::file::HeatPumpFile;
use crate::case::template::Template;
use crate::case::{HeatPumpSettings, Stream, Utility};
use crate::fluids::{FluidError, resolve};
use crate::machines::MachineSet;
use std::path::Path;

/// `[heat_pump]` checked; the default level bounds come from the temperatures of `streams` and `utilities`.
pub(super) fn settings(
    check: &mut Checker,
    case_path: &Path,
    h: &HeatPumpFile,
    streams: &[Stream],
    utilities: &[Utility],
) -> HeatPumpSettings {
    let fluids = candidate_fluids(check, h);
    let parsed_template = template_loads(check, &h.template);
    check.count_in(
        "heat_pump.max_levels",
        h.max_levels,
        2..=12,
        "use 2 to 12 pressure levels",
    );
    let eta_is = h.eta_is.map(|eta| {
        check.number(
            "heat_pump",
            "eta_is",
            eta,
            eta > 0.0 && eta <= 1.0,
            "an isentropic efficiency in (0, 1], or leave it out for the machine set's compressors",
        )
    });
    let machine_set = machine_set(check, case_path, h);
    let (dt, dt_range) = refrigerant_dt_min_half(check, h);
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
    let (t_level_min_k, t_level_max_k) = level_bounds(check, h, streams, utilities);
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
        parsed_template,
        max_levels: h.max_levels,
        eta_is,
        machine_set,
        compressors: h.compressors.clone(),
        subatmospheric_suction: h.subatmospheric_suction,
        dt_min_half_k: dt,
        dt_min_half_k_range: dt_range,
        superheat_k,
        subcool_k,
        t_level_min_k,
        t_level_max_k,
    }
}

/// The canonical names of the candidate fluids; at least one, each known.
fn candidate_fluids(check: &mut Checker, h: &HeatPumpFile) -> Vec<String> {
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
    fluids
}

/// dT_min/2 of the refrigerant streams (K), and its bounds if the master chooses it.
fn refrigerant_dt_min_half(check: &mut Checker, h: &HeatPumpFile) -> (f64, Option<(f64, f64)>) {
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
    (dt, dt_range)
}

/// The machine set must load, and have every technology the case allows.
fn machine_set(check: &mut Checker, case_path: &Path, h: &HeatPumpFile) -> MachineSet {
    let set = match MachineSet::load(&super::costs::relative_to_case(case_path, &h.machine_set)) {
        Ok(set) => set,
        Err(e) => {
            check.report(
                "heat_pump.machine_set",
                e.to_string(),
                "docs/machines.md describes the machine sets and their keys",
            );
            return MachineSet::default_set();
        }
    };
    for (i, t) in h.compressors.iter().enumerate() {
        if !set.compressors.contains_key(t) {
            check.report(
                format!("heat_pump.compressors[{i}]"),
                format!(
                    "machine set \"{}\" has no {} compressors",
                    set.name,
                    t.name()
                ),
                format!(
                    "choose among {}",
                    set.compressors
                        .keys()
                        .map(|t| t.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    set
}

/// The template must load; the case keeps it parsed.
fn template_loads(
    check: &mut Checker,
    template: &str,
) -> Option<(String, std::sync::Arc<Template>)> {
    // The template loader decides what a template is (a shipped name or a path), not a second list.
    match Template::load(template) {
        Ok(t) => Some((template.to_string(), std::sync::Arc::new(t))),
        Err(e) => {
            check.report(
                "heat_pump.template",
                e.to_string(),
                "superstructures/README.md describes the templates and their keys",
            );
            None
        }
    }
}

/// The lowest and highest level temperature (K): given, or the process and utility range widened by 10 K.
fn level_bounds(
    check: &mut Checker,
    h: &HeatPumpFile,
    streams: &[Stream],
    utilities: &[Utility],
) -> (f64, f64) {
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
    (t_level_min_k, t_level_max_k)
}
