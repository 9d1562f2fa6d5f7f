//! `hpsynth evaluate`: one slave evaluation as text.

use hpsynth::case::StreamKind;
use hpsynth::summary::evaluate::EvaluateReport;

/// The text a person reads.
pub fn render_text(r: &EvaluateReport) -> String {
    let mut out = format!("case \"{}\"\n", r.case);
    out += &cycles(r);
    out += &format!("  outcome: {:?}\n", r.outcome);
    out += &costs(r);
    out += &units(r);
    out += &machines(r);
    for u in &r.utilities {
        out += &format!("  utility {:<28} {:>12.1} kW\n", u.name, u.q_kw);
    }
    out += &heat_exchange(r);
    out += &loops(r);
    out += &periods(r);
    out += &checks(r);
    out += &removed_units(r);
    out += &format!(
        "  model: {} rows, {} columns, {} binaries; build {:.1} ms, solve {:.1} ms\n",
        r.model.rows, r.model.columns, r.model.binaries, r.build_ms, r.solve_ms
    );
    out
}

/// One line per operating period: hours, power, heat, COP, operating cost, whether its checks pass.
fn periods(r: &EvaluateReport) -> String {
    let mut out = String::new();
    if !r.periods.is_empty() {
        out += "  operating periods (units above at their largest flow; power, heat and utilities hour-weighted):\n";
    }
    for p in &r.periods {
        out += &format!(
            "    {:<16} {:>6.0} h/yr  power {:>9.1} kW  heat out {:>9.1} kW  in {:>9.1} kW  COP heating {}  operating {:>10.0} EUR/yr  checks {}\n",
            p.name,
            p.hours_per_yr,
            p.power_kw,
            p.heat_released_kw,
            p.heat_absorbed_kw,
            p.cop_heating.map_or("-".to_string(), |c| format!("{c:.2}")),
            p.operating_cost_eur_per_yr,
            if p.checks.pass { "pass" } else { "FAIL" }
        );
        for u in &p.utilities {
            out += &format!("      utility {:<26} {:>12.1} kW\n", u.name, u.q_kw);
        }
    }
    out
}

/// A unit's or machine's name, after its cycle's fluid when there are several cycles.
fn row_name(r: &EvaluateReport, fluid: &str, label: &str) -> String {
    if r.cycles.len() > 1 {
        format!("{fluid}: {label}")
    } else {
        label.to_string()
    }
}

/// Each cycle's fluid, levels and template.
fn cycles(r: &EvaluateReport) -> String {
    let mut out = String::new();
    for c in &r.cycles {
        let levels: Vec<String> = c.levels_c.iter().map(|t| format!("{t:.1}")).collect();
        out += &format!(
            "  cycle {}: levels {} °C, template {}\n",
            c.fluid,
            levels.join(", "),
            c.template
        );
    }
    out
}

/// The TAC and its parts, the heat pump's installed cost, power, heat and COP (if the slave found a design).
fn costs(r: &EvaluateReport) -> String {
    let Some(c) = &r.costs else {
        return String::new();
    };
    let mut out = format!(
        "  TAC {:.0} EUR/yr = annualised investment {:.0} + maintenance {:.0} + electricity {:.0} + utilities {:.0}; investment {:.0} EUR installed (network {:.0}); CO2 {:.1} t/yr\n",
        c.tac_eur_per_yr,
        c.capex_eur_per_yr,
        c.maintenance_eur_per_yr,
        c.electricity_eur_per_yr,
        c.utilities_eur_per_yr,
        c.investment_eur,
        c.network_investment_eur,
        c.co2_t_per_yr
    );
    if let (Some(i), Some(per_kw)) = (c.heat_pump_investment_eur, c.installed_cost_eur_per_kw_heat)
    {
        out += &format!(
            "  heat pump installed: {i:.0} EUR, {per_kw:.0} EUR per kW of heat (machines and the network beyond the baseline's)\n"
        );
    }
    out += &format!(
        "  heat pump: shaft power {:.1} kW, at the meter {:.1} kW (motors, drives and loop pumps); heat released {:.1} kW, taken in {:.1} kW; COP heating {} ({} at the meter), cooling {} ({} at the meter)\n",
        r.power_kw.unwrap_or(0.0),
        r.electric_power_kw.unwrap_or(0.0),
        r.heat_released_kw.unwrap_or(0.0),
        r.heat_absorbed_kw.unwrap_or(0.0),
        super::opt(r.cop_heating, 3),
        super::opt(r.cop_heating_electric, 3),
        super::opt(r.cop_cooling, 3),
        super::opt(r.cop_cooling_electric, 3)
    );
    out
}

/// The table of units: flow, heat (- released, + taken in) and power.
fn units(r: &EvaluateReport) -> String {
    if r.units.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "  {:<40} {:>10} {:>11} {:>10}\n",
        "unit", "kg/s", "heat kW", "power kW"
    );
    for u in &r.units {
        let heat = match (u.heat_kw, u.heat_kind) {
            (Some(q), Some(StreamKind::Hot)) => format!("-{q:.1}"),
            (Some(q), _) => format!("+{q:.1}"),
            _ => "-".into(),
        };
        out += &format!(
            "  {:<40} {:>10.4} {:>11} {:>10.1}\n",
            row_name(r, &u.fluid, &u.label),
            u.flow_kg_per_s,
            heat,
            u.power_kw
        );
    }
    out
}

/// The table of machines: size and investment, on the cost curve (reported) and as the MILP priced it.
fn machines(r: &EvaluateReport) -> String {
    if r.machines.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "  {:<28} {:>12} {:<12} {:>14} {:>14}\n",
        "machine", "size", "", "EUR (curve)", "EUR (MILP)"
    );
    for m in &r.machines {
        out += &format!(
            "  {:<28} {:>12.3} {:<12} {:>14.0} {:>14.0}\n",
            row_name(r, &m.fluid, &m.label),
            m.size,
            m.size_unit,
            m.investment_eur,
            m.investment_milp_eur
        );
        if let Some(c) = &m.compressor {
            out += &format!(
                "    {}: pressure ratio {:.2} to {:.0} kPa, eta_is {:.3}, eta_vol {:.3}; {:.1} kW shaft, motor {} {:.3}, drive {:.3}: {:.1} kW at the meter\n",
                c.technology.name(),
                c.pressure_ratio,
                c.discharge_pressure_kpa,
                c.eta_is,
                c.eta_vol,
                c.shaft_power_kw,
                c.motor_class.as_deref().unwrap_or("none"),
                c.motor_efficiency,
                c.drive_efficiency,
                c.electric_power_kw
            );
        }
    }
    out
}

/// The heat exchanger network's area target, if there is one.
fn heat_exchange(r: &EvaluateReport) -> String {
    let Some(n) = &r.hen else {
        return String::new();
    };
    format!(
        "  heat exchange (area target): {:.0} m2 (refrigerant side {:.0} m2), at least {} units, {:.0} EUR installed; closest approach {:.2} K; refrigerant dT_min/2 {:.2} K\n",
        n.area_m2,
        n.refrigerant_area_m2,
        n.units_min,
        n.cost_eur,
        n.dt_min_vertical_k,
        r.refrigerant_dt_min_half_k
    )
}

/// The loops between `via_loop` streams and the heat pump.
fn loops(r: &EvaluateReport) -> String {
    r.loops
        .iter()
        .map(|l| {
            format!(
                "  {} loop of {}: {:.1} kW, {:.1} -> {:.1} °C against the stream, pump {:.2} kW\n",
                l.kind.name(),
                l.stream,
                l.q_kw,
                l.t_from_c,
                l.t_to_c,
                l.pump_power_kw
            )
        })
        .collect()
}

/// The first-law, mass-balance and COP checks, if the slave found a design.
fn checks(r: &EvaluateReport) -> String {
    let Some(c) = &r.checks else {
        return String::new();
    };
    format!(
        "  checks {}: first law loop {:.1e}, site {:.1e}; mass {:.1e} kg/s; COP bound {}\n",
        if c.pass { "pass" } else { "FAIL" },
        c.first_law_heat_pump,
        c.first_law_site,
        c.max_mass_imbalance_kg_per_s,
        super::opt(c.cop_heating_bound, 3)
    )
}

/// The units each cycle lost to the limits, and why.
fn removed_units(r: &EvaluateReport) -> String {
    let mut out = String::new();
    for c in r.cycles.iter().filter(|c| !c.removed.is_empty()) {
        out += &format!(
            "  {} units of the {} cycle removed by the limits:\n",
            c.removed.len(),
            c.fluid
        );
        for x in &c.removed {
            out += &format!("    {}: {}\n", x.unit, x.reason);
        }
    }
    out
}
