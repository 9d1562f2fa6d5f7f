//! The design summary: cycles, key figures (TAC and its parts, power, COPs, second-law efficiency, grid
//! baseline and improvement), units, machines, utilities and the checks, as document sections.

use super::RunSummary;
use super::document::{Section, Table, maybe, number};
use super::second_law::{SecondLaw, second_law};
use crate::case::{Case, StreamKind};
use crate::master::GridSummary;
use crate::slave::{Design, Evaluation};
use crate::superstructure::Superstructure;
use crate::units::{kelvin_to_celsius, si_to_kilo};

fn celsius_list(levels_k: &[f64]) -> String {
    levels_k
        .iter()
        .map(|t| number(kelvin_to_celsius(*t), 1))
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_name(kind: StreamKind) -> &'static str {
    match kind {
        StreamKind::Hot => "hot (gives heat)",
        StreamKind::Cold => "cold (takes heat)",
    }
}

/// The run and the cycles.
pub fn design_section(
    case: &Case,
    evaluation: Option<&Evaluation>,
    run: Option<&RunSummary>,
) -> Section {
    let mut s = Section::new("Design");
    s.paragraph(format!("Case: {}. {}", case.name, case.description));
    if let Some(run) = run {
        // No wall-clock time here: the same run gives the same report (result.json has the seconds).
        s.paragraph(format!(
            "Optimisation: best design from {}; stopped on {}.",
            run.best_from, run.stop_reason
        ));
    }
    let Some(e) = evaluation else {
        s.paragraph(
            "No feasible design was found, so there are no units, costs or cycle diagrams.",
        );
        return s;
    };
    // The outcome's name as the JSON spells it (`gap_limited`), for reading: "gap limited".
    let status = serde_json::to_value(&e.outcome)
        .ok()
        .and_then(|v| v.get("status")?.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_else(|| format!("{:?}", e.outcome));
    s.paragraph(format!(
        "Slave MILP outcome: {status}; objective: {}.",
        format!("{:?}", e.objective).to_uppercase()
    ));
    let mut t = Table::new(&[
        "cycle",
        "fluid",
        "template",
        "levels used (°C)",
        "levels offered (°C)",
    ]);
    for (i, c) in e.cycles.iter().enumerate() {
        t.row(vec![
            (i + 1).to_string(),
            c.fluid.clone(),
            c.template.clone(),
            celsius_list(&c.levels_used_k),
            celsius_list(&c.levels_k),
        ]);
    }
    s.table(t);
    s
}

/// TAC, its parts, energy, COPs against Carnot, the grid baseline.
pub fn key_figures(
    case: &Case,
    superstructures: &[Superstructure],
    design: &Design,
    run: Option<&RunSummary>,
) -> Section {
    let mut s = Section::new("Key figures");
    let mut t = Table::new(&["quantity", "value", "unit"]);
    let mut row = |name: &str, value: String, unit: &str| {
        t.row(vec![name.to_string(), value, unit.to_string()]);
    };
    cost_rows(&mut row, design);
    energy_rows(&mut row, design);
    if let Some(l) = second_law(superstructures, design) {
        second_law_rows(&mut row, &l);
    }
    if let Some(grid) = run.and_then(|r| r.grid) {
        row(
            "grid baseline TAC",
            number(grid.tac_eur_per_yr, 0),
            "EUR/yr",
        );
        row(
            "improvement over the grid baseline",
            maybe(run.and_then(|r| r.improvement_over_grid_pct), 2),
            "%",
        );
    }
    s.table(t);
    s.paragraph(economics_paragraph(case));
    if let Some(grid) = run.and_then(|r| r.grid) {
        s.paragraph(grid_paragraph(grid));
    }
    s
}

/// A row of the key figures: quantity, value, unit.
type Row<'a> = dyn FnMut(&str, String, &str) + 'a;

fn cost_rows(row: &mut Row, design: &Design) {
    let c = &design.costs;
    row(
        "TAC (total annualised cost)",
        number(c.tac_eur_per_yr, 0),
        "EUR/yr",
    );
    row(
        "CAPEX (annualised investment)",
        number(c.capex_eur_per_yr, 0),
        "EUR/yr",
    );
    row(
        "OPEX (electricity and utilities)",
        number(c.electricity_eur_per_yr + c.utilities_eur_per_yr, 0),
        "EUR/yr",
    );
    row(
        "investment, installed (heat pump machines and heat exchanger network)",
        number(c.investment_eur, 0),
        "EUR",
    );
    row("CO2 emissions", number(c.co2_kg_per_yr / 1e3, 1), "t/yr");
}

fn energy_rows(row: &mut Row, design: &Design) {
    row(
        "compressor power",
        number(si_to_kilo(design.power_w), 1),
        "kW",
    );
    row(
        "heat given off by the refrigerant",
        number(si_to_kilo(design.heat_released_w), 1),
        "kW",
    );
    row(
        "heat taken in by the refrigerant",
        number(si_to_kilo(design.heat_absorbed_w), 1),
        "kW",
    );
    row("COP heating", maybe(design.cop_heating, 2), "-");
    row("COP cooling", maybe(design.cop_cooling, 2), "-");
}

fn second_law_rows(row: &mut Row, l: &SecondLaw) {
    row(
        "entropic mean temperature of heat given off / taken in",
        format!(
            "{} / {}",
            number(kelvin_to_celsius(l.t_hot_mean_k), 1),
            number(kelvin_to_celsius(l.t_cold_mean_k), 1)
        ),
        "°C",
    );
    row(
        "Carnot COP heating / cooling at those temperatures",
        format!(
            "{} / {}",
            number(l.cop_heating_carnot, 2),
            number(l.cop_cooling_carnot, 2)
        ),
        "-",
    );
    row(
        "second-law efficiency heating / cooling",
        format!(
            "{} / {}",
            number(100.0 * l.efficiency_heating, 1),
            number(100.0 * l.efficiency_cooling, 1)
        ),
        "%",
    );
}

fn economics_paragraph(case: &Case) -> String {
    format!(
        "Economics: interest {} %/yr over {} years (capital recovery factor {}), {} operating hours per year; \
         electricity {} EUR/kWh. COPs are refrigerant-side; the Carnot COPs use the entropic mean temperatures \
         (heat over entropy) at which the refrigerant exchanges heat, so a second-law efficiency below 100 % is \
         the entropy the cycle generates.",
        number(100.0 * case.economics.interest_rate_per_yr, 1),
        number(case.economics.lifetime_yr, 0),
        number(case.economics.capital_recovery_factor(), 4),
        number(case.economics.operating_s_per_yr / 3600.0, 0),
        number(case.electricity.price_eur_per_j * 3.6e6, 3)
    )
}

fn grid_paragraph(grid: &GridSummary) -> String {
    let levels: Vec<String> = grid
        .fluids
        .iter()
        .zip(&grid.levels_used_c)
        .map(|(f, l)| {
            let l: Vec<String> = l.iter().map(|t| number(*t, 1)).collect();
            format!("{f} at {} °C", l.join(", "))
        })
        .collect();
    format!(
        "Grid baseline (fixed-grid MILP, {} MILPs): {}.",
        grid.milps,
        levels.join("; ")
    )
}

/// Units with flow, machines with size and cost, utilities, checks.
pub fn equipment(evaluation: &Evaluation, design: &Design) -> Section {
    let mut s = Section::new("Units and costs");
    let fluid = |c: usize| evaluation.cycles.get(c).map_or("", |c| c.fluid.as_str());
    let mut t = Table::new(&[
        "fluid",
        "unit",
        "flow (kg/s)",
        "heat (kW)",
        "stream",
        "T in -> out (°C)",
        "power (kW)",
    ]);
    for u in &design.units {
        let temperatures = match (u.t_from_k, u.t_to_k) {
            (Some(a), Some(b)) => format!(
                "{} -> {}",
                number(kelvin_to_celsius(a), 1),
                number(kelvin_to_celsius(b), 1)
            ),
            _ => "-".into(),
        };
        t.row(vec![
            fluid(u.cycle).to_string(),
            u.label.clone(),
            number(u.flow_kg_per_s, 3),
            maybe(u.heat_w.map(si_to_kilo), 1),
            u.heat_kind.map_or("-", kind_name).to_string(),
            temperatures,
            number(si_to_kilo(u.power_w), 1),
        ]);
    }
    s.table(t);
    let mut m = Table::new(&[
        "fluid",
        "machine",
        "size",
        "investment (EUR, curve)",
        "investment (EUR, MILP)",
    ]);
    for x in &design.machines {
        m.row(vec![
            fluid(x.cycle).to_string(),
            x.label.clone(),
            format!("{} {}", number(x.size, 2), x.size_unit),
            number(x.investment_eur, 0),
            number(x.investment_milp_eur, 0),
        ]);
    }
    s.table(m);
    let mut u = Table::new(&["utility", "stream", "use (kW)"]);
    for x in &design.utilities {
        u.row(vec![
            x.name.clone(),
            kind_name(x.kind).to_string(),
            number(si_to_kilo(x.q_w), 1),
        ]);
    }
    s.table(u);
    let c = &design.checks;
    s.paragraph(format!(
        "Checks {}: first law of the refrigerant loop {:.1e}, of the site {:.1e}; largest mass imbalance {:.1e} kg/s; \
         Clausius bound on the heating COP {}.",
        if c.pass { "pass" } else { "FAIL" },
        c.first_law_heat_pump,
        c.first_law_site,
        c.max_mass_imbalance_kg_per_s,
        maybe(c.cop_heating_bound, 2)
    ));
    s
}
