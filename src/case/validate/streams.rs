//! `[[streams]]` and the rows of a stream CSV: each stream on its own, then the set (one at least, no name twice).

use super::checker::Checker;
use crate::case::file::{SegmentFile, StreamFile, StreamKindFile};
use crate::case::streams_csv::CsvStream;
use crate::case::{Segment, Stream, StreamKind};
use crate::machines::Film;
use crate::units::kilo_to_si;

/// What a stream takes from the case when it does not say.
#[derive(Clone, Copy)]
pub(super) struct StreamDefaults {
    pub(super) dt_min_half_k: Option<f64>,
}

/// The valid streams of CSV rows; each row is named by its `file:line` and stream name.
pub(super) fn csv_streams(
    check: &mut Checker,
    rows: Vec<CsvStream>,
    defaults: StreamDefaults,
) -> Vec<Stream> {
    rows.into_iter()
        .filter_map(|row| {
            let location = format!("{} \"{}\"", row.location, row.stream.name);
            stream(check, &location, &row.stream, defaults)
        })
        .collect()
}

/// The case has a stream (said only when nothing else is wrong, since invalid streams are dropped) and no
/// stream name is used twice.
pub(super) fn check_the_set(check: &mut Checker, streams: &[Stream]) {
    if streams.is_empty() && check.problems.is_empty() {
        check.report(
            "streams",
            "the case has no heat streams",
            "add [[streams]] tables or a streams_csv file",
        );
    }
    for (i, s) in streams.iter().enumerate() {
        if streams[..i].iter().any(|o| o.name == s.name) {
            check.report(
                s.origin.clone(),
                format!("stream name \"{}\" is used twice", s.name),
                "give every stream its own name",
            );
        }
    }
}

pub(super) fn kind(k: StreamKindFile) -> StreamKind {
    match k {
        StreamKindFile::Hot => StreamKind::Hot,
        StreamKindFile::Cold => StreamKind::Cold,
    }
}

/// Checks one temperature pair against the stream direction.
pub(super) fn direction(check: &mut Checker, location: &str, k: StreamKind, t_in: f64, t_out: f64) {
    match k {
        StreamKind::Hot if t_in < t_out => check.report(
            location,
            format!("a hot stream heats up ({t_in} -> {t_out} °C)"),
            "a hot stream is cooled: swap t_in_c and t_out_c, or set kind = \"cold\"",
        ),
        StreamKind::Cold if t_in > t_out => check.report(
            location,
            format!("a cold stream cools down ({t_in} -> {t_out} °C)"),
            "a cold stream is heated: swap t_in_c and t_out_c, or set kind = \"hot\"",
        ),
        _ => {}
    }
}

/// One stream in SI, or `None` if anything about it is wrong (the problems are in `check`).
pub(super) fn stream(
    check: &mut Checker,
    location: &str,
    s: &StreamFile,
    defaults: StreamDefaults,
) -> Option<Stream> {
    let before = check.problems.len();
    let k = kind(s.kind);
    if s.name.trim().is_empty() {
        check.report(location, "the stream has no name", "give it a name");
    }
    let dt = dt_min_half(check, location, s.dt_min_half_k.or(defaults.dt_min_half_k));
    let segments = if !s.segments.is_empty() {
        segments(check, location, s, k)
    } else {
        vec![inlet_to_outlet(check, location, s, k)?]
    };
    // A coefficient of its own, or its service's from the machine set later (heat_transfer.rs).
    let film = match s.h_w_per_m2_k {
        Some(h) => Film::fixed(check.film(location, h)),
        None => super::heat_transfer::unresolved(),
    };
    (check.problems.len() == before).then(|| Stream {
        name: s.name.clone(),
        kind: k,
        segments,
        dt_min_half_k: dt,
        film,
        service: s.service,
        via_loop: s.via_loop,
        unit: s.unit.clone(),
        origin: location.to_string(),
    })
}

/// The stream's dT_min/2 (K), its own or the case default; one of them must be given.
fn dt_min_half(check: &mut Checker, location: &str, dt: Option<f64>) -> f64 {
    match dt {
        Some(dt) => check.number(location, "dt_min_half_k", dt, dt >= 0.0, "K >= 0"),
        None => {
            check.report(
                location,
                "no dt_min_half_k",
                "give dt_min_half_k for the stream or a default in [case]",
            );
            0.0
        }
    }
}

/// A stream given by its `segments`: each one checked, and each starting where the previous one ends.
fn segments(check: &mut Checker, location: &str, s: &StreamFile, k: StreamKind) -> Vec<Segment> {
    if s.t_in_c.is_some() || s.t_out_c.is_some() || s.q_kw.is_some() || s.cp_kw_per_k.is_some() {
        check.report(
            location,
            "both segments and t_in_c/t_out_c/q_kw/cp_kw_per_k are given",
            "describe the stream either by its segments or by one inlet/outlet/duty",
        );
    }
    let mut segments = Vec::new();
    for (j, seg) in s.segments.iter().enumerate() {
        let here = format!("{location}.segments[{j}]");
        let previous = s.segments.get(j.wrapping_sub(1));
        segments.push(segment(check, &here, k, seg, previous));
    }
    segments
}

/// One segment of a stream given by its segments, after `previous`.
fn segment(
    check: &mut Checker,
    here: &str,
    k: StreamKind,
    seg: &SegmentFile,
    previous: Option<&SegmentFile>,
) -> Segment {
    let t_in = check.temperature(here, "t_in_c", seg.t_in_c);
    let t_out = check.temperature(here, "t_out_c", seg.t_out_c);
    let q = check.number(
        here,
        "q_kw",
        seg.q_kw,
        seg.q_kw > 0.0,
        "a duty in kW > 0; the kind gives the direction",
    );
    direction(check, here, k, seg.t_in_c, seg.t_out_c);
    if let Some(prev) = previous
        && prev.t_out_c != seg.t_in_c
    {
        check.report(
            here,
            format!(
                "starts at {} °C but the previous segment ends at {} °C",
                seg.t_in_c, prev.t_out_c
            ),
            "segments must be contiguous: each t_in_c equals the previous t_out_c",
        );
    }
    Segment {
        t_in_k: t_in,
        t_out_k: t_out,
        q_w: kilo_to_si(q),
    }
}

/// A stream given by one inlet, outlet and duty: a single segment, or `None` without both temperatures.
fn inlet_to_outlet(
    check: &mut Checker,
    location: &str,
    s: &StreamFile,
    k: StreamKind,
) -> Option<Segment> {
    let (Some(t_in_c), Some(t_out_c)) = (s.t_in_c, s.t_out_c) else {
        check.report(
            location,
            "t_in_c and t_out_c are required",
            "give t_in_c and t_out_c (°C), or a list of segments",
        );
        return None;
    };
    let t_in = check.temperature(location, "t_in_c", t_in_c);
    let t_out = check.temperature(location, "t_out_c", t_out_c);
    direction(check, location, k, t_in_c, t_out_c);
    let isothermal = t_in_c == t_out_c;
    if isothermal && !s.phase_change {
        check.report(
            location,
            format!("zero temperature range ({t_in_c} °C) without phase_change = true"),
            "set phase_change = true for an isothermal (condensing/evaporating) stream, or correct the temperatures",
        );
    }
    if !isothermal && s.phase_change {
        check.report(
            location,
            "phase_change = true but t_in_c != t_out_c",
            "an isothermal stream has t_in_c == t_out_c; use segments for a phase change with a glide",
        );
    }
    let q_kw = duty_kw(check, location, s, t_in_c, t_out_c);
    Some(Segment {
        t_in_k: t_in,
        t_out_k: t_out,
        q_w: kilo_to_si(q_kw),
    })
}

/// The duty (kW) of a stream given by inlet and outlet: `q_kw`, or `cp_kw_per_k` times the temperature range.
fn duty_kw(check: &mut Checker, location: &str, s: &StreamFile, t_in_c: f64, t_out_c: f64) -> f64 {
    let isothermal = t_in_c == t_out_c;
    match (s.q_kw, s.cp_kw_per_k) {
        (Some(q), None) => check.number(
            location,
            "q_kw",
            q,
            q > 0.0,
            "a duty in kW > 0; the kind gives the direction",
        ),
        (None, Some(cp)) => {
            check.number(
                location,
                "cp_kw_per_k",
                cp,
                cp > 0.0,
                "a heat capacity flow in kW/K > 0",
            );
            if isothermal {
                check.report(
                    location,
                    "cp_kw_per_k on an isothermal stream",
                    "give q_kw for an isothermal stream",
                );
            }
            cp * (t_in_c - t_out_c).abs()
        }
        (Some(_), Some(_)) => {
            check.report(
                location,
                "both q_kw and cp_kw_per_k are given",
                "give exactly one of them",
            );
            0.0
        }
        (None, None) => {
            check.report(location, "no duty", "give q_kw (kW) or cp_kw_per_k (kW/K)");
            0.0
        }
    }
}
