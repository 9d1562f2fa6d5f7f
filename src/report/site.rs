//! The design against the site without a heat pump, or the existing site of a retrofit case (slave/site.rs):
//! fuel, electricity, CO2, investment, yearly cost, payback, NPV and IRR, as a document section.

use super::document::{Section, Table, number};
use crate::slave::VersusBaseline;

/// The comparison section.
pub fn versus_no_heat_pump(v: &VersusBaseline) -> Section {
    let (title, column) = if v.retrofit {
        ("Against the existing site", "existing site")
    } else {
        ("Against the site without a heat pump", "no heat pump")
    };
    let mut s = Section::new(title);
    s.table(comparison_table(v, column));
    s.paragraph(change_paragraph(v));
    s.table(appraisal_table(v));
    s
}

/// The baseline and the design side by side.
fn comparison_table(v: &VersusBaseline, column: &str) -> Table {
    let (b, d) = (&v.baseline, &v.design);
    let mut t = Table::new(&["quantity", column, "this design", "unit"]);
    let mut row = |name: &str, from: f64, to: f64, scale: f64, unit: &str| {
        t.row(vec![
            name.to_string(),
            number(from * scale, 0),
            number(to * scale, 0),
            unit.to_string(),
        ]);
    };
    row("TAC", b.tac_eur_per_yr, d.tac_eur_per_yr, 1.0, "EUR/yr");
    row(
        "operating cost",
        b.opex_eur_per_yr,
        d.opex_eur_per_yr,
        1.0,
        "EUR/yr",
    );
    let investment = if v.retrofit {
        "new investment (machines, exchanger network beyond the existing, utility capacity beyond the installed)"
    } else {
        "investment, installed (machines, exchanger network, utility capacity)"
    };
    row(investment, b.investment_eur, d.investment_eur, 1.0, "EUR");
    row(
        "of it, heat exchanger network",
        b.network_investment_eur,
        d.network_investment_eur,
        1.0,
        "EUR",
    );
    if d.standby_investment_eur > 0.0 {
        row(
            "of it, hot utility kept on standby",
            b.standby_investment_eur,
            d.standby_investment_eur,
            1.0,
            "EUR",
        );
    }
    row("fuel", b.fuel_w, d.fuel_w, 1e-3, "kW");
    row("electricity", b.electricity_w, d.electricity_w, 1e-3, "kW");
    row("CO2", b.co2_kg_per_yr, d.co2_kg_per_yr, 1e-3, "t/yr");
    t
}

/// What the baseline is, and the changes in %.
fn change_paragraph(v: &VersusBaseline) -> String {
    let baseline = if v.retrofit {
        "The baseline is the existing site: the cheapest use of its utilities with no heat pump; its utility \
         capacities and its heat recovery network exist, so only new equipment counts as investment."
    } else {
        "The baseline is the cheapest mix of the case's utilities with no heat pump, priced by the same model, \
         with its own heat recovery network at its area target."
    };
    format!(
        "{baseline} TAC {} %, fuel {} ({} kW), electricity {} ({} kW), CO2 {} ({} t/yr).",
        signed(-v.tac_saving_pct),
        percent(v.fuel_saving_pct.map(|p| -p)),
        signed(v.fuel_change_kw),
        percent(v.electricity_change_pct),
        signed(v.electricity_change_kw),
        percent(v.co2_saving_pct.map(|p| -p)),
        signed(v.co2_change_t_per_yr),
    )
}

/// Extra investment, saving, payback, NPV and IRR.
fn appraisal_table(v: &VersusBaseline) -> Table {
    let mut a = Table::new(&["appraisal", "value", "unit"]);
    let mut line = |name: &str, value: String, unit: &str| {
        a.row(vec![name.to_string(), value, unit.to_string()]);
    };
    line("extra investment", number(v.extra_investment_eur, 0), "EUR");
    line(
        "operating saving",
        number(v.opex_saving_eur_per_yr, 0),
        "EUR/yr",
    );
    line(
        "interest rate",
        number(100.0 * v.interest_rate_per_yr, 1),
        "%/yr",
    );
    line("lifetime", number(v.lifetime_yr, 0), "yr");
    line("payback", v.payback_text(), "");
    line(
        "of a heat pump with COP at the meter (heating)",
        v.cop_heating_electric
            .map_or("none".into(), |c| number(c, 2)),
        "",
    );
    line("net present value", number(v.npv_eur, 0), "EUR");
    line(
        "internal rate of return",
        v.irr.map_or("none".into(), |r| number(100.0 * r, 1)),
        "%/yr",
    );
    a
}

/// A change in %; "n/a" where the baseline had none.
fn percent(pct: Option<f64>) -> String {
    pct.map_or("n/a".into(), |p| format!("{} %", signed(p)))
}

fn signed(pct: f64) -> String {
    format!("{}{}", if pct >= 0.0 { "+" } else { "" }, number(pct, 1))
}
