//! From the file types to a validated SI [`Case`], collecting every problem with its location and fix.

mod checker;
mod costs;
mod economics;
mod heat_pump;
mod heat_transfer;
mod matches;
mod optimizer;
mod periods;
mod site;
mod streams;
mod utilities;

use super::error::CaseError;
use super::file::CaseFile;
use super::streams_csv;
use super::{Case, Stream};
use checker::Checker;
use std::path::Path;
use streams::{StreamDefaults, csv_streams, stream};

pub(super) fn from_toml(path: &Path, file: &str, text: &str) -> Result<Case, CaseError> {
    let raw: CaseFile = toml::from_str(text).map_err(|e| CaseError::Syntax {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    let mut case = from_case_file(path, file, raw)?;
    case.toml = Some(std::sync::Arc::new(super::TomlSource {
        text: text.to_string(),
        file: file.to_string(),
        path: path.to_path_buf(),
    }));
    Ok(case)
}

/// A case file already read (from TOML, or converted from another format: openpinch.rs), checked.
pub(super) fn from_case_file(path: &Path, file: &str, raw: CaseFile) -> Result<Case, CaseError> {
    let mut check = Checker::new();
    let defaults = StreamDefaults {
        dt_min_half_k: raw.case.dt_min_half_k,
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
    mut streams: Vec<Stream>,
) -> Result<Case, CaseError> {
    streams::check_the_set(&mut check, &streams);
    heat_transfer::apply_rules(&mut check, &raw.stream_rules, &mut streams);
    let mut utilities = utilities::all(&mut check, &raw);
    let electricity = economics::electricity(&mut check, &raw.electricity);
    let mut economics = economics::economics(&mut check, &raw.economics);
    let base = periods::Base {
        streams: &streams,
        utilities: &utilities,
        electricity,
    };
    let mut periods = periods::periods(&mut check, &raw.periods, &base, &mut economics);
    let heat_pump = heat_pump::settings(&mut check, path, &raw.heat_pump, &streams, &utilities);
    utilities::apply_plants(
        &mut check,
        &raw,
        &heat_pump.machine_set,
        &mut utilities,
        &mut periods,
    );
    heat_transfer::resolve_films(
        &mut check,
        &raw.heat_transfer,
        &heat_pump.machine_set,
        &mut streams,
        &mut utilities,
        &raw.utilities,
    );
    // The periods' streams and utilities are the case's, in case order: they take their films.
    for p in &mut periods {
        for (s, base) in p.streams.iter_mut().zip(&streams) {
            s.film = base.film.clone();
        }
        for (u, base) in p.utilities.iter_mut().zip(&utilities) {
            u.film = base.film.clone();
        }
    }
    let optimizer = optimizer::settings(&mut check, &raw.optimizer);
    let costs = costs::cost_set(&mut check, path, &raw.costs.set);
    let refrigerant_films = heat_transfer::refrigerant_films(&mut check, &raw.heat_transfer);
    let site = raw
        .site
        .as_ref()
        .map(|s| site::site(&mut check, s, &utilities));
    let forbidden_matches =
        matches::forbidden(&mut check, &raw.forbidden_matches, &streams, &utilities);
    if !check.problems.is_empty() {
        return Err(CaseError::Invalid {
            file: file.to_string(),
            problems: check.problems,
        });
    }
    let case = Case {
        name: raw.case.name,
        description: raw.case.description,
        source: raw.case.source,
        streams,
        utilities,
        electricity,
        economics,
        heat_pump,
        optimizer,
        costs: costs.unwrap_or_else(crate::costs::CostSet::default_set),
        exchanger_pricing: raw.costs.exchangers,
        refrigerant_films,
        site,
        periods,
        forbidden_matches,
        toml: None,
    };
    check_loops(&mut check, &case);
    if !check.problems.is_empty() {
        return Err(CaseError::Invalid {
            file: file.to_string(),
            problems: check.problems,
        });
    }
    Ok(case)
}

/// Every `via_loop` stream's loop must run with the machine set's loop data, in the case and in each period.
fn check_loops(check: &mut Checker, case: &Case) {
    let Some(first) = case.streams.iter().find(|s| s.via_loop.is_some()) else {
        return;
    };
    if case.exchanger_pricing == crate::costs::ExchangerPricing::PerUnit {
        check.report(
            format!("stream \"{}\".via_loop", first.name),
            "a loop's two exchangers are priced by the network's area target, and [costs] exchangers is \
             \"per-unit\"",
            "set [costs] exchangers = \"area-target\", or remove via_loop",
        );
        return;
    }
    let cases = std::iter::once(case.clone()).chain(case.periods.iter().map(|p| case.in_period(p)));
    for c in cases {
        if let Err(e) = crate::case::loops::loop_streams(&c) {
            check.report(
                format!("stream \"{}\".via_loop", e.stream),
                e.message,
                e.fix,
            );
            return;
        }
    }
}
