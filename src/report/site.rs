//! The design against the site without a heat pump (slave/site.rs): fuel, electricity, CO2, investment,
//! yearly cost and simple payback, as a document section.

use super::document::{Section, Table, number};
use crate::slave::VersusBaseline;

/// The comparison section.
pub fn versus_no_heat_pump(v: &VersusBaseline) -> Section {
    let (b, d) = (&v.baseline, &v.design);
    let mut s = Section::new("Against the site without a heat pump");
    let mut t = Table::new(&["quantity", "no heat pump", "this design", "unit"]);
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
    row(
        "investment (machines and utility capacity)",
        b.investment_eur,
        d.investment_eur,
        1.0,
        "EUR",
    );
    row("fuel", b.fuel_w, d.fuel_w, 1e-3, "kW");
    row("electricity", b.electricity_w, d.electricity_w, 1e-3, "kW");
    row("CO2", b.co2_kg_per_yr, d.co2_kg_per_yr, 1e-3, "t/yr");
    s.table(t);
    s.paragraph(format!(
        "The baseline is the cheapest mix of the case's utilities with no heat pump, priced by the same model. \
         TAC {} %, fuel {} %, electricity {} %, CO2 {} %; simple payback (extra investment over the yearly \
         operating saving): {}.",
        signed(-v.tac_saving_pct),
        signed(-v.fuel_saving_pct),
        signed(v.electricity_change_pct),
        signed(-v.co2_saving_pct),
        v.payback_text(),
    ));
    s
}

fn signed(pct: f64) -> String {
    format!("{}{}", if pct >= 0.0 { "+" } else { "" }, number(pct, 1))
}
