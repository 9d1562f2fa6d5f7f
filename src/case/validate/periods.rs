//! `[[periods]]`: each period resolved into the case's streams, utilities and electricity as they are in it
//! (case/periods.rs). Every problem names the period, the key and the stream or utility.

use super::checker::Checker;
use super::streams::direction;
use crate::case::file::PeriodFile;
use crate::case::{Economics, Electricity, Period, Stream, Utility};
use crate::units::per_kwh_to_per_j;

/// Operating hours a period may not exceed in sum (a leap year).
const HOURS_PER_YEAR_MAX: f64 = 8784.0;

/// The case as written, which each period changes.
pub(super) struct Base<'a> {
    pub streams: &'a [Stream],
    pub utilities: &'a [Utility],
    pub electricity: Electricity,
}

/// Every period resolved; with `hours_per_yr`, `economics.operating_s_per_yr` becomes their sum.
pub(super) fn periods(
    check: &mut Checker,
    raw: &[PeriodFile],
    base: &Base,
    economics: &mut Economics,
) -> Vec<Period> {
    if raw.is_empty() {
        return Vec::new();
    }
    let seconds = operating_seconds(check, raw, economics.operating_s_per_yr);
    if raw.iter().all(|p| p.hours_per_yr.is_some()) {
        economics.operating_s_per_yr = seconds.iter().sum();
    }
    let mut names: Vec<&str> = Vec::new();
    let mut resolved = Vec::new();
    for (i, (p, s)) in raw.iter().zip(seconds).enumerate() {
        let location = format!("periods[{i}] \"{}\"", p.name);
        if p.name.trim().is_empty() || names.contains(&p.name.as_str()) {
            check.report(
                format!("{location}.name"),
                "the name is empty or given to another period too",
                "give every period a name of its own",
            );
        }
        names.push(&p.name);
        resolved.push(Period {
            name: p.name.clone(),
            operating_s_per_yr: s,
            streams: streams(check, &location, p, base.streams),
            utilities: utilities(check, &location, p, base.utilities),
            electricity: electricity(check, &location, p, base.electricity),
        });
    }
    resolved
}

/// Each period's operating time (s): all by `hours_per_yr` (at most a year in sum), or all by `weight`
/// (shares of `case_s`, summing to 1).
fn operating_seconds(check: &mut Checker, raw: &[PeriodFile], case_s: f64) -> Vec<f64> {
    let by_hours = raw
        .iter()
        .all(|p| p.hours_per_yr.is_some() && p.weight.is_none());
    let by_weight = raw
        .iter()
        .all(|p| p.weight.is_some() && p.hours_per_yr.is_none());
    if !by_hours && !by_weight {
        check.report(
            "periods",
            "each period needs exactly one of hours_per_yr and weight, the same one in every period",
            "give every period hours_per_yr (its operating hours) or every period weight (its share of \
             economics.operating_h_per_yr)",
        );
        return vec![0.0; raw.len()];
    }
    let mut seconds = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        let location = format!("periods[{i}] \"{}\"", p.name);
        seconds.push(match (p.hours_per_yr, p.weight) {
            (Some(h), _) => {
                3600.0
                    * check.number(
                        &location,
                        "hours_per_yr",
                        h,
                        h > 0.0,
                        "operating hours per year > 0",
                    )
            }
            (_, Some(w)) => {
                case_s * check.number(&location, "weight", w, w > 0.0, "a share of the year > 0")
            }
            _ => 0.0,
        });
    }
    let total_h = seconds.iter().sum::<f64>() / 3600.0;
    if by_hours && total_h > HOURS_PER_YEAR_MAX {
        check.report(
            "periods",
            format!("the periods' hours_per_yr sum to {total_h} h"),
            format!("at most {HOURS_PER_YEAR_MAX} h in a year"),
        );
    }
    let weights: f64 = raw.iter().filter_map(|p| p.weight).sum();
    if by_weight && (weights - 1.0).abs() > 1e-6 {
        check.report(
            "periods",
            format!("the periods' weights sum to {weights}"),
            "weights are shares of the operating hours: make them sum to 1",
        );
    }
    seconds
}

/// The index of `name` in `names`, or a problem at `location.key."name"`.
fn find(
    check: &mut Checker,
    location: &str,
    key: &str,
    name: &str,
    names: &[&str],
    what: &str,
) -> Option<usize> {
    let found = names.iter().position(|n| *n == name);
    if found.is_none() {
        check.report(
            format!("{location}.{key}.\"{name}\""),
            format!("no {what} of the case is called \"{name}\""),
            format!("use one of the case's {what} names: {}", names.join(", ")),
        );
    }
    found
}

/// The streams in the period: duties by `stream_q_kw` or `stream_factor`, temperatures of single-piece
/// streams by `stream_t_in_c` and `stream_t_out_c`.
fn streams(check: &mut Checker, location: &str, p: &PeriodFile, base: &[Stream]) -> Vec<Stream> {
    let names: Vec<&str> = base.iter().map(|s| s.name.as_str()).collect();
    let mut streams = base.to_vec();
    let mut factor = vec![1.0; base.len()];
    for (name, &q) in &p.stream_q_kw {
        if let Some(i) = find(check, location, "stream_q_kw", name, &names, "stream") {
            let field = format!("stream_q_kw.\"{name}\"");
            check.number(location, &field, q, q >= 0.0, "a duty in kW >= 0");
            // Each piece keeps its share of the duty (the case's duty is > 0, checked with the streams).
            factor[i] = q * 1e3 / base[i].q_w().max(f64::MIN_POSITIVE);
            if p.stream_factor.contains_key(name) {
                check.report(
                    format!("{location}.stream_factor.\"{name}\""),
                    "the stream's duty is given twice, by stream_q_kw and stream_factor",
                    "keep one of the two",
                );
            }
        }
    }
    for (name, &f) in &p.stream_factor {
        if let Some(i) = find(check, location, "stream_factor", name, &names, "stream") {
            let field = format!("stream_factor.\"{name}\"");
            factor[i] = check.number(location, &field, f, f >= 0.0, "a factor >= 0");
        }
    }
    for (s, f) in streams.iter_mut().zip(factor) {
        for segment in &mut s.segments {
            segment.q_w *= f;
        }
    }
    stream_temperatures(check, location, p, &names, &mut streams);
    streams
}

/// `stream_t_in_c` and `stream_t_out_c`, on streams of one piece.
fn stream_temperatures(
    check: &mut Checker,
    location: &str,
    p: &PeriodFile,
    names: &[&str],
    streams: &mut [Stream],
) {
    for (key, table) in [
        ("stream_t_in_c", &p.stream_t_in_c),
        ("stream_t_out_c", &p.stream_t_out_c),
    ] {
        for (name, &t_c) in table {
            let Some(i) = find(check, location, key, name, names, "stream") else {
                continue;
            };
            let field = format!("{key}.\"{name}\"");
            let t_k = check.temperature(location, &field, t_c);
            match streams[i].segments.as_mut_slice() {
                [one] if key == "stream_t_in_c" => one.t_in_k = t_k,
                [one] => one.t_out_k = t_k,
                _ => check.report(
                    format!("{location}.{field}"),
                    "the stream has several pieces",
                    "change the temperatures of a stream of one piece only (t_in_c, t_out_c, q_kw)",
                ),
            }
        }
    }
    for (s, name) in streams.iter().zip(names) {
        if p.stream_t_in_c.contains_key(*name) || p.stream_t_out_c.contains_key(*name) {
            let c = |k: f64| k - 273.15;
            let at = format!("{location}.stream_t_in_c.\"{name}\"");
            direction(check, &at, s.kind, c(s.t_in_k()), c(s.t_out_k()));
        }
    }
}

/// The utilities in the period: temperatures, prices, availability.
fn utilities(
    check: &mut Checker,
    location: &str,
    p: &PeriodFile,
    base: &[Utility],
) -> Vec<Utility> {
    let names: Vec<&str> = base.iter().map(|u| u.name.as_str()).collect();
    let mut utilities = base.to_vec();
    let temperatures = [
        ("utility_t_in_c", &p.utility_t_in_c),
        ("utility_t_out_c", &p.utility_t_out_c),
    ];
    for (key, table) in temperatures {
        for (name, &t_c) in table {
            if let Some(i) = find(check, location, key, name, &names, "utility") {
                let t_k = check.temperature(location, &format!("{key}.\"{name}\""), t_c);
                if key == "utility_t_in_c" {
                    utilities[i].t_in_k = t_k;
                } else {
                    utilities[i].t_out_k = t_k;
                }
            }
        }
    }
    for (name, &price) in &p.utility_price_eur_per_kwh {
        let key = "utility_price_eur_per_kwh";
        if let Some(i) = find(check, location, key, name, &names, "utility") {
            let field = format!("{key}.\"{name}\"");
            check.number(location, &field, price, price >= 0.0, "a price >= 0");
            utilities[i].price_eur_per_j = per_kwh_to_per_j(price);
        }
    }
    for (name, &available) in &p.utility_available {
        let key = "utility_available";
        if let Some(i) = find(check, location, key, name, &names, "utility")
            && !available
        {
            utilities[i].max_w = Some(0.0);
        }
    }
    for u in &utilities {
        let changed =
            p.utility_t_in_c.contains_key(&u.name) || p.utility_t_out_c.contains_key(&u.name);
        if changed {
            let at = format!("{location}.utility_t_in_c.\"{}\"", u.name);
            direction(check, &at, u.kind, u.t_in_k - 273.15, u.t_out_k - 273.15);
        }
    }
    utilities
}

/// Grid electricity in the period: its price, if it has its own.
fn electricity(
    check: &mut Checker,
    location: &str,
    p: &PeriodFile,
    base: Electricity,
) -> Electricity {
    match p.electricity_price_eur_per_kwh {
        Some(price) => Electricity {
            price_eur_per_j: per_kwh_to_per_j(check.number(
                location,
                "electricity_price_eur_per_kwh",
                price,
                price >= 0.0,
                "a price >= 0",
            )),
            ..base
        },
        None => base,
    }
}
