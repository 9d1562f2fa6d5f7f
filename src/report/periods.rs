//! A design with operating periods: one row per period (hours, power, heat, COP, utility use, operating
//! cost, checks) and each period's integrated grand composite curve, against that period's streams and
//! utilities.

use super::document::{Figure, Section, Table, maybe, number};
use super::{ReportError, gcc};
use crate::case::Case;
use crate::slave::{Design, PeriodDesign};
use crate::units::si_to_kilo;

/// The periods' table and their GCCs.
pub fn section(
    case: &Case,
    design: &Design,
    refrigerant_dt_min_half_k: f64,
) -> Result<Section, ReportError> {
    let mut s = Section::new("Operating periods");
    s.paragraph(
        "One investment serves every period: each machine is sized for its largest period; the units of the \
         tables above are at their largest flow, and power, heat and utility use there are hour-weighted \
         means. Each period runs the same machines at its own flows, against its own streams, utilities \
         and prices.",
    );
    s.table(table(design));
    for (i, (period, p)) in case.periods.iter().zip(&design.periods).enumerate() {
        let period_case = case.in_period(period);
        let shown = as_design(design, p);
        let integrated = gcc::integrated_gcc(&period_case, Some(&shown), refrigerant_dt_min_half_k);
        s.figure(Figure {
            file: format!("gcc-period-{}.svg", i + 1),
            caption: format!(
                "Period \"{}\": the process GCC (minimum hot utility {} kW) and the heat pump and utilities at \
                 the period's duties, as in the grand composite curve of a single-period design.",
                p.name,
                number(integrated.q_hot_min_w / 1e3, 1)
            ),
            svg: gcc::svg_titled(
                &integrated,
                true,
                &format!("Grand composite curve, integrated: {}", p.name),
            )?,
            natural_size: false,
        });
    }
    Ok(s)
}

fn table(design: &Design) -> Table {
    let utilities: Vec<String> = design
        .utilities
        .iter()
        .map(|u| format!("{} (kW)", u.name))
        .collect();
    let mut header = vec![
        "period",
        "hours/yr",
        "power (kW)",
        "heat out (kW)",
        "heat in (kW)",
        "COP heating",
    ];
    header.extend(utilities.iter().map(String::as_str));
    header.extend(["operating cost (EUR/yr)", "checks"]);
    let mut t = Table::new(&header);
    for p in &design.periods {
        let mut row = vec![
            p.name.clone(),
            number(p.operating_s_per_yr / 3600.0, 0),
            number(si_to_kilo(p.power_w), 1),
            number(si_to_kilo(p.heat_released_w), 1),
            number(si_to_kilo(p.heat_absorbed_w), 1),
            maybe((p.power_w > 0.0).then(|| p.heat_released_w / p.power_w), 2),
        ];
        row.extend(p.utilities.iter().map(|u| number(si_to_kilo(u.q_w), 1)));
        row.push(number(p.operating_cost_eur_per_yr, 0));
        row.push(if p.checks.pass { "pass" } else { "fail" }.into());
        t.row(row);
    }
    t
}

/// The design as it runs in period `p`: its units, flows and utility use.
fn as_design(design: &Design, p: &PeriodDesign) -> Design {
    Design {
        units: p.units.clone(),
        utilities: p.utilities.clone(),
        flows: p.flows.clone(),
        periods: Vec::new(),
        ..design.clone()
    }
}
