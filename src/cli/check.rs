//! `hpsynth check`: a validated case, summarised for a person.

use hpsynth::case::{Case, Site, StreamKind};
use hpsynth::fluids::{FluidModel, fluid};
use hpsynth::machines::LoopKind;
use hpsynth::units::{kelvin_to_celsius, si_to_kilo};

/// Summary of a valid case, with notes on settings that will limit the design.
pub fn render_text(case: &Case) -> String {
    let mut out = title(case);
    out += &streams(case);
    out += &utilities(case);
    out += &prices_and_economics(case);
    out += &heat_pump(case);
    out += &costs(case);
    if let Some(site) = &case.site {
        out += &retrofit_site(case, site);
    }
    out += &periods(case);
    out += &optimizer(case);
    out += "case is valid\n";
    out
}

/// The case's name and, if given, its source.
fn title(case: &Case) -> String {
    let mut out = format!("case \"{}\"\n", case.name);
    if !case.source.is_empty() {
        out += &format!("  source: {}\n", case.source);
    }
    out
}

/// Each operating period: its hours, its hot and cold duties, its electricity price, and what differs in
/// its utilities.
fn periods(case: &Case) -> String {
    if case.periods.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "  {} operating periods, {:.0} h/yr in all:\n",
        case.periods.len(),
        case.economics.operating_s_per_yr / 3600.0
    );
    for p in &case.periods {
        let duty = |kind: StreamKind| -> f64 {
            p.streams
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.q_w())
                .sum()
        };
        out += &format!(
            "    \"{}\": {:.0} h/yr, hot streams {:.1} kW, cold streams {:.1} kW, electricity {:.4} EUR/kWh\n",
            p.name,
            p.operating_s_per_yr / 3600.0,
            si_to_kilo(duty(StreamKind::Hot)),
            si_to_kilo(duty(StreamKind::Cold)),
            p.electricity.price_eur_per_j * 3.6e6
        );
        for (u, base) in p.utilities.iter().zip(&case.utilities) {
            if u != base {
                out += &format!(
                    "      {}: {:.1} -> {:.1} °C, {:.4} EUR/kWh{}\n",
                    u.name,
                    kelvin_to_celsius(u.t_in_k),
                    kelvin_to_celsius(u.t_out_k),
                    u.price_eur_per_j * 3.6e6,
                    if u.max_w == Some(0.0) {
                        ", not available"
                    } else {
                        ""
                    }
                );
            }
        }
    }
    out
}

/// Hot and cold streams: count, total duty and temperature range of each kind.
fn streams(case: &Case) -> String {
    let mut out = String::new();
    for kind in [StreamKind::Hot, StreamKind::Cold] {
        let streams: Vec<_> = case.streams.iter().filter(|s| s.kind == kind).collect();
        let q: f64 = streams.iter().map(|s| s.q_w()).sum();
        let temps = streams.iter().flat_map(|s| [s.t_in_k(), s.t_out_k()]);
        let (lo, hi) = temps.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), t| {
            (a.min(t), b.max(t))
        });
        let label = if kind == StreamKind::Hot {
            "hot streams (to cool)"
        } else {
            "cold streams (to heat)"
        };
        if streams.is_empty() {
            out += &format!("  {label}: none\n");
        } else {
            out += &format!(
                "  {label}: {} streams, {:.1} kW, {:.1} .. {:.1} °C\n",
                streams.len(),
                si_to_kilo(q),
                kelvin_to_celsius(lo),
                kelvin_to_celsius(hi)
            );
        }
    }
    for kind in [LoopKind::Water, LoopKind::Glycol] {
        let looped: Vec<&str> = case
            .streams
            .iter()
            .filter(|s| s.via_loop == Some(kind))
            .map(|s| s.name.as_str())
            .collect();
        if !looped.is_empty() {
            out += &format!(
                "  through a {} loop, never against refrigerant: {} streams ({})\n",
                kind.name(),
                looped.len(),
                looped.join(", ")
            );
        }
    }
    out
}

/// One line per utility.
fn utilities(case: &Case) -> String {
    let mut out = String::new();
    for u in &case.utilities {
        out += &format!(
            "  utility {} ({}): {:.1} -> {:.1} °C, {:.4} EUR/kWh, efficiency {:.3}\n",
            u.name,
            if u.kind == StreamKind::Hot {
                "hot"
            } else {
                "cold"
            },
            kelvin_to_celsius(u.t_in_k),
            kelvin_to_celsius(u.t_out_k),
            u.price_eur_per_j * 3.6e6,
            u.efficiency
        );
        if let Some(p) = &u.plant {
            out += &format!(
                "    made by a {} plant: pressure ratio {:.2}, eta_is {:.3}, COP {:.3} at the shaft, {:.3} at the \
                 meter ({:.4} kW of electricity per kW of cold)\n",
                p.technology.name(),
                p.pressure_ratio,
                p.eta_is,
                p.cop_shaft,
                p.cop_electric,
                u.electricity_w_per_w
            );
        }
    }
    out
}

/// Electricity price and emissions, then annualisation and prices.
fn prices_and_economics(case: &Case) -> String {
    let e = &case.economics;
    let mut out = format!(
        "  electricity {:.4} EUR/kWh, {:.2} gCO2/kWh\n",
        case.electricity.price_eur_per_j * 3.6e6,
        case.electricity.co2_kg_per_j * 3.6e9
    );
    out += &format!(
        "  economics: {:.1} %/yr over {:.0} yr (annuity factor {:.4}), {:.0} h/yr, CO2 {:.0} EUR/t, CEPCI {:.1}\n",
        e.interest_rate_per_yr * 100.0,
        e.lifetime_yr,
        e.capital_recovery_factor(),
        e.operating_s_per_yr / 3600.0,
        e.co2_price_eur_per_kg * 1e3,
        e.cepci
    );
    out
}

/// The heat pump settings, the dT_min/2 range if the master chooses it, and each candidate fluid.
fn heat_pump(case: &Case) -> String {
    let h = &case.heat_pump;
    let compressors = match h.eta_is {
        Some(eta) => format!("ideal compressors of eta_is {eta:.2}"),
        None => format!(
            "compressors of machine set {}: {}{}",
            h.machine_set.name,
            h.compressor_choices()
                .iter()
                .map(|c| c.technology.name())
                .collect::<Vec<_>>()
                .join(", "),
            if h.subatmospheric_suction {
                ", suction below atmospheric pressure allowed"
            } else {
                ""
            }
        ),
    };
    let mut out = format!(
        "  heat pump: template {}, up to {} levels in {:.1} .. {:.1} °C, dT_min/2 {:.1} K\n    {compressors}\n",
        h.template,
        h.max_levels,
        kelvin_to_celsius(h.t_level_min_k),
        kelvin_to_celsius(h.t_level_max_k),
        h.dt_min_half_k
    );
    if let Some((lo, hi)) = h.dt_min_half_k_range {
        out += &format!("    dT_min/2 chosen by the master in {lo:.2} .. {hi:.2} K\n");
    }
    for name in &h.fluids {
        let Ok(f) = fluid(name) else { continue };
        let i = f.info();
        out += &format!(
            "    fluid {} ({}): saturation {:.1} .. {:.1} °C",
            i.name,
            i.designation.as_deref().unwrap_or("-"),
            kelvin_to_celsius(i.t_triple_k),
            kelvin_to_celsius(i.t_crit_k)
        );
        if i.t_crit_k < h.t_level_max_k {
            out += "; note: levels above its critical temperature are not usable";
        }
        out += "\n";
    }
    out
}

/// The cost set and how the exchangers are priced.
fn costs(case: &Case) -> String {
    let c = &case.costs;
    format!(
        "  costs: set {} ({}), exchangers {}, maintenance {:.1} %/yr\n",
        c.name,
        c.description,
        match case.exchanger_pricing {
            hpsynth::slave::ExchangerPricing::AreaTarget =>
                "by the area target of the whole design",
            hpsynth::slave::ExchangerPricing::PerUnit =>
                "per unit at a fixed mean temperature difference",
        },
        c.project.maintenance_share_per_yr * 100.0
    )
}

/// What a retrofit site has already.
fn retrofit_site(case: &Case, site: &Site) -> String {
    let existing: Vec<String> = case
        .utilities
        .iter()
        .zip(&site.existing_utility_w)
        .filter(|(_, w)| **w > 0.0)
        .map(|(u, w)| format!("{} {:.0} kW", u.name, w / 1e3))
        .collect();
    format!(
        "  retrofit site: existing {}; heat recovery network {}\n",
        if existing.is_empty() {
            "no utility capacity".to_string()
        } else {
            existing.join(", ")
        },
        if site.existing_heat_recovery {
            "exists at the target of the site without a heat pump"
        } else {
            "to be built"
        }
    )
}

/// The optimiser settings.
fn optimizer(case: &Case) -> String {
    let o = &case.optimizer;
    format!(
        "  optimizer: seed {}, population {}, generations {} (stall {}), time limit {:.0} s, grid step {:.1} K ({} levels)\n",
        o.seed,
        o.population,
        o.generations,
        o.stall_generations,
        o.time_limit_s,
        o.grid_step_k,
        o.grid_levels.name()
    )
}
